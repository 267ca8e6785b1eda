/**
 * The one replacement that turns one text into another (common prefix and suffix kept), and
 * positions mapped through it. Pure. setText uses it so the cursor and undo history move as
 * through a typed edit; setDiagnostics uses it to place marks computed for a slightly older text.
 */

export interface Replacement {
  readonly from: number;
  readonly to: number;
  readonly insert: string;
}

/**
 * The smallest single replacement of `old` that gives `text`, or null when they are equal.
 * @example diffReplacement('kind: pod', 'kind: Pod') // { from: 6, to: 7, insert: 'P' }
 */
export function diffReplacement(old: string, text: string): Replacement | null {
  if (old === text) return null;
  const max = Math.min(old.length, text.length);
  let start = 0;
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && old.charCodeAt(old.length - 1 - end) === text.charCodeAt(text.length - 1 - end)) end++;
  return { from: start, to: old.length - end, insert: text.slice(start, text.length - end) };
}

/**
 * A position of the old text, in the new one. `assoc` says which way a position the replacement
 * touches goes: 1 (the start of a range) after inserted text, -1 (the end of a range) before it.
 */
export function mapPosition(pos: number, r: Replacement | null, assoc: 1 | -1): number {
  if (!r || pos < r.from) return pos;
  const delta = r.insert.length - (r.to - r.from);
  if (pos > r.to) return pos + delta;
  if (r.from === r.to) return assoc > 0 ? pos + r.insert.length : pos;
  if (assoc > 0) return pos === r.to ? r.to + delta : r.from;
  return pos === r.from ? r.from : r.from + r.insert.length;
}
