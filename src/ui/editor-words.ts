/**
 * The editor in the page's language: its marks (the problem and advice through the language's
 * table, the quick fixes' labels) and CodeMirror's own words (the search and diagnostics panels).
 */
import type { MarkWords } from '../editor/marks.ts';
import { words, type Language } from '../i18n/words.ts';

export function markWords(language: Language): MarkWords {
  const { say, ui } = words(language);
  return { say, fix: ui.fix, remove: ui.fixRemove, insert: ui.fixInsert, change: ui.fixChange };
}

/** Every phrase the editor's CodeMirror packages show (EditorState.phrases; `$` is a number). */
const CODEMIRROR_PHRASES = [
  'Find',
  'Replace',
  'next',
  'previous',
  'all',
  'match case',
  'regexp',
  'by word',
  'replace',
  'replace all',
  'close',
  'Go to line',
  'go',
  'current match',
  'on line',
  'replaced $ matches',
  'replaced match on line $',
  'Diagnostics',
  'No diagnostics',
  'Control character',
  'folded code',
  'unfold',
  'to',
  'Completions',
] as const;

export function editorPhrases(language: Language): Record<string, string> {
  const { editorPhrase } = words(language).ui;
  return Object.fromEntries(CODEMIRROR_PHRASES.map((p) => [p, editorPhrase(p)]));
}
