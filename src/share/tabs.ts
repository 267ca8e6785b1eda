/**
 * Two tabs on one saved text: each hears when the other saves (the browser's storage event) and
 * holds its own saves until the visitor chooses which text to keep, so neither tab ever
 * overwrites the other's work without a word.
 */
import { holdSaves, save, TEXT_KEY, type TextSaveOutcome } from './autosave.ts';

export class TabGuard {
  /** The other tab's text, while the visitor has not chosen. */
  private theirs: string | undefined;

  constructor(private readonly store?: Storage) {}

  /** The other tab's text waiting for the visitor's choice, if any. */
  get waiting(): string | undefined {
    return this.theirs;
  }

  /**
   * Another tab saved `text` while this one shows `mine`: true when the visitor must now choose;
   * this tab's saves are held meanwhile. The same text needs no choice and ends a wait.
   */
  otherSaved(text: string, mine: string): boolean {
    this.theirs = text === mine ? undefined : text;
    holdSaves(this.theirs !== undefined);
    return this.theirs !== undefined;
  }

  /** The visitor keeps this tab's text: it is saved over the other tab's (which is told in turn). */
  keepMine(text: string): TextSaveOutcome {
    this.theirs = undefined;
    holdSaves(false);
    return save(text, this.store);
  }

  /** The visitor takes the other tab's text: the caller shows it (it is already saved). */
  takeTheirs(): string | undefined {
    const text = this.theirs;
    this.theirs = undefined;
    holdSaves(false);
    return text;
  }
}

/**
 * Calls `onSaved` with the text another tab saves. The storage event fires in every other tab of
 * the same origin, never in the tab that wrote.
 * @returns a function that stops listening
 */
export function watchOtherTabs(
  onSaved: (text: string) => void,
  target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window,
): () => void {
  const listener = (e: StorageEvent) => {
    if (e.key === TEXT_KEY && e.newValue !== null) onSaved(e.newValue);
  };
  target.addEventListener('storage', listener);
  return () => target.removeEventListener('storage', listener);
}
