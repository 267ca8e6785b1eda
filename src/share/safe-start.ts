/**
 * Safe start: a saved text that froze or crashed the page on its last load is not simulated at the
 * next one. A marker is set before the saved text is simulated at start-up and cleared once its
 * first graph is painted; a marker still there at the next start means that load never finished.
 */
import { read, storage, TEXT_KEY, write } from './storage.ts';

const LOADING = 'kube-netplay:loading:v1';
/** A text set aside at a safe start, so that editing the lab never overwrites it. */
const SET_ASIDE = 'kube-netplay:set-aside:v1';

/** Before the saved text is simulated. */
export function startLoading(store = storage()): void {
  write(LOADING, '1', store);
}

/** Once its first graph is painted. */
export function finishedLoading(store = storage()): void {
  write(LOADING, undefined, store);
}

/** True when the last visit began loading its saved text and never finished. */
export function lastLoadUnfinished(store = storage()): boolean {
  return read(LOADING, store) !== undefined;
}

/**
 * Moves the saved text aside and clears the marker: the page opens on the lab, whose edits are
 * saved as usual, and the text waits aside until the visitor opens it or sets another aside.
 * The move frees the saved text's room first when the copy does not fit beside it.
 */
export function setAside(store = storage()): string | undefined {
  finishedLoading(store);
  const text = read(TEXT_KEY, store);
  if (text === undefined) return undefined;
  let kept = write(SET_ASIDE, text, store) === 'saved';
  if (!kept) {
    write(TEXT_KEY, undefined, store);
    kept = write(SET_ASIDE, text, store) === 'saved';
  }
  // The saved text's place is the lab's from now on, unless the text could not be set aside
  // (then the page offers it as a file).
  write(TEXT_KEY, kept ? undefined : text, store);
  return text;
}

/** The text set aside at the last safe start, if any. */
export function setAsideText(store = storage()): string | undefined {
  return read(SET_ASIDE, store);
}
