/** The editor's marks in the page's language: the problem and advice through the language's table, the quick fixes' labels. */
import type { MarkWords } from '../editor/marks.ts';
import { words, type Language } from '../i18n/words.ts';

export function markWords(language: Language): MarkWords {
  const { say, ui } = words(language);
  return { say, fix: ui.fix, remove: ui.fixRemove, insert: ui.fixInsert, change: ui.fixChange };
}
