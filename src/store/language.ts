/**
 * The visitor's language: the one they chose last (kept in this browser), else the browser's own
 * (zh-* → Chinese), else English. A link's language is shown without becoming the visitor's choice.
 */
import { isLanguage, type Language } from '../i18n/words.ts';

const KEY = 'kube-netplay:language';

/** The browser's preferred languages, first the most wanted; none outside a browser. */
function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

export function initialLanguage(): Language {
  try {
    const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage refused (a sandboxed embed): the browser's language decides.
  }
  for (const tag of browserLanguages()) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** Keeps the visitor's choice for their next visit; a browser that refuses storage forgets it. */
export function rememberLanguage(language: Language): void {
  try {
    if (typeof localStorage !== 'undefined') localStorage.setItem(KEY, language);
  } catch {
    // Nothing to keep it in: this visit still speaks it.
  }
}
