/**
 * When the editor's YAML highlighting would cost more than it shows. The YAML grammar measures
 * each list or mapping's column by reading its line back to the start, so a line thousands of
 * characters long (ten thousand levels of `- ` nesting, one 10 MB line) costs it time that grows
 * as the square of the line's length, in slices that block the page. Such a text is shown as plain
 * text (the validator marks why at its line), and so is a text of more than MAX_HIGHLIGHTED_TEXT
 * characters: the grammar reads it in slices of up to 100 ms while the page waits for the paste.
 */
import type { ChangeSet, Text } from '@codemirror/state';

/** The longest line highlighted; a manifest's lines are under a hundred characters. */
export const MAX_HIGHLIGHTED_LINE = 2_000;
/** The longest text highlighted: a lesson's manifests are a few thousand characters. */
export const MAX_HIGHLIGHTED_TEXT = 200_000;

const longLineIn = (doc: Text, from: number, to: number): boolean => {
  // One walk over the lines' text: looking each line up by position costs a search per line.
  for (const lines = doc.iterLines(doc.lineAt(from).number, doc.lineAt(to).number + 1); !lines.next().done;)
    if (lines.value.length > MAX_HIGHLIGHTED_LINE) return true;
  return false;
};

/** Whether the whole of `doc` may be highlighted. */
export function highlightable(doc: Text): boolean {
  return doc.length <= MAX_HIGHLIGHTED_TEXT && !longLineIn(doc, 0, doc.length);
}

/**
 * Whether `doc`, made by `changes` from a text that was highlightable, still is: only the lines
 * the changes touched are read, so typing in a large text costs what the edit touched.
 */
export function stillHighlightable(doc: Text, changes: ChangeSet): boolean {
  if (doc.length > MAX_HIGHLIGHTED_TEXT) return false;
  let long = false;
  changes.iterChangedRanges((_fromA, _toA, fromB, toB) => {
    long ||= longLineIn(doc, fromB, toB);
  });
  return !long;
}
