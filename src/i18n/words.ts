/**
 * The languages of the page: each is one file of templates (en.ts, zh.ts) and one entry in
 * LANGUAGES (languages.ts). `words(language)` says a message (src/core/message.ts) in that language.
 */
import { say, type Text } from '../core/message.ts';
import type { Ui } from './en.ts';
import { LANGUAGES, type Table } from './languages.ts';

export type { Ui };
export { LANGUAGES, type Table };

export type Language = keyof typeof LANGUAGES;

/** Whether the page speaks `code` (a link's or a saved choice's language is checked here). */
export function isLanguage(code: unknown): code is Language {
  return typeof code === 'string' && Object.hasOwn(LANGUAGES, code);
}

export interface Words {
  readonly language: Language;
  readonly name: string;
  readonly ui: Ui;
  /** A message (or a literal) in this language. */
  say(text: Text): string;
}

const made = new Map<Language, Words>();

export function words(language: Language): Words {
  let w = made.get(language);
  if (!w) {
    const table: Table = LANGUAGES[language];
    w = { language, name: table.name, ui: table.ui, say: (text) => say(text, table.messages) };
    made.set(language, w);
  }
  return w;
}

/** English: the command line's language, and the tests'. */
export const english = (text: Text): string => words('en').say(text);
