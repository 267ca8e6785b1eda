/** The graph's labels said in one language: each line a message or a literal (src/graph/elements.ts). */
import type { Text } from '../core/message.ts';
import type { GraphElement, LabelledElement } from '../graph/elements.ts';
import { words, type Language } from './words.ts';

export function labelled(elements: readonly GraphElement[], language: Language): LabelledElement[] {
  const { say, ui } = words(language);
  const line = ui.labelBreaks === 'between-characters' ? (text: Text) => breakable(say(text)) : say;
  return elements.map((e) => ({ ...e, data: { ...e.data, label: e.data.label.map(line).join('\n') } }) as LabelledElement);
}

/**
 * Ideographs, CJK signs and full- and half-width forms, as the inside of a character class: a
 * line may break between two of them (the graph's labels here, a video's captions: wrap-text.ts).
 */
export const WIDE_CHARACTERS = '\\u2E80-\\u9FFF\\uF900-\\uFAFF\\uFF00-\\uFFEF';
const WIDE = `[${WIDE_CHARACTERS}]`;
const BETWEEN_WIDE = new RegExp(`(?<=${WIDE})(?=${WIDE})`, 'gu');

/**
 * A zero-width space between two wide characters: the graph wraps a label only at spaces (and
 * these), so a Chinese line too long for its box breaks between characters, not past the box,
 * while a Latin word or an address stays whole.
 */
export function breakable(label: string): string {
  return label.replace(BETWEEN_WIDE, '\u200b');
}
