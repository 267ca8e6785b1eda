/** A lesson's words in the page's language; English, marked as such, where the lesson is not yet written in it. */
import { words, type Language } from '../i18n/words.ts';
import { inLanguage, type Words } from '../scenarios/index.ts';

export function Said({ w, language }: { w: Words; language: Language }) {
  const { text, fallback } = inLanguage(w, language);
  if (!fallback) return <>{text}</>;
  return (
    <span lang="en" className="untranslated" title={words(language).ui.untranslated}>
      {text}
    </span>
  );
}
