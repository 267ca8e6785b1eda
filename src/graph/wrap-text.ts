/**
 * Text broken into lines no wider than a width, as a caption on a canvas needs (the canvas draws
 * one line and would squeeze a longer one). Pure: the caller measures (a canvas's measureText).
 * Lines break at spaces, and between any two Chinese or Japanese characters; a word wider than
 * the whole line is cut where it must be; closing punctuation never starts a line.
 *
 * @example wrapText('one two three', 9, (t) => t.length) // ['one two', 'three']
 */
import { WIDE_CHARACTERS as CJK } from '../i18n/graph.ts';

export type Measure = (text: string) => number;

/** A CJK character, a run of other non-space characters, or a run of spaces. */
const TOKENS = new RegExp(`[${CJK}]|[^\\s${CJK}]+|\\s+`, 'gu');
/** Punctuation that closes: kept at the end of the line before rather than starting the next. */
const CLOSING = new Set([...'，。、；：！？）」』】》,.;:!?)]}']);

export function wrapText(text: string, maxWidth: number, measure: Measure): string[] {
  return text.split('\n').flatMap((paragraph) => wrapParagraph(paragraph, maxWidth, measure));
}

function wrapParagraph(text: string, maxWidth: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  const push = () => {
    lines.push(line.trimEnd());
    line = '';
  };
  for (const token of text.match(TOKENS) ?? []) {
    if (/^\s+$/.test(token)) {
      if (line !== '') line += token;
      continue;
    }
    if (line === '' || measure(line + token) <= maxWidth || CLOSING.has(token)) {
      line += token;
    } else {
      push();
      line = token;
    }
    // A word wider than a whole line (alone on it): cut it, character by character.
    const alone = line === token;
    while (alone && measure(line) > maxWidth && [...line].length > 1) {
      const chars = [...line];
      let n = chars.length - 1;
      while (n > 1 && measure(chars.slice(0, n).join('')) > maxWidth) n--;
      line = chars.slice(0, n).join('');
      push();
      line = chars.slice(n).join('');
    }
  }
  if (line !== '' || lines.length === 0) push();
  return lines;
}
