/**
 * Two tabs on one saved text: each hears when the other saves (the browser's storage event) and
 * stops saving its own until the visitor chooses which text to keep, so neither tab ever
 * overwrites the other's work without a word.
 */
import { save, storage, TEXT_KEY, type SaveOutcome } from './autosave.ts';

/** What the tab does with its text: 'held' while the visitor has not chosen between the two. */
export type GuardedOutcome = SaveOutcome | 'held';

export class TabGuard {
  /** The other tab's text, while the visitor has not chosen. */
  private theirs: string | undefined;

  constructor(private readonly store: Storage | undefined = storage()) {}

  /** The other tab's text waiting for the visitor's choice, if any. */
  get waiting(): string | undefined {
    return this.theirs;
  }

  /**
   * Another tab saved `text` while this one shows `mine`: true when the visitor must now choose
   * (the same text needs no choice, and ends one that was waiting).
   */
  otherSaved(text: string, mine: string): boolean {
    this.theirs = text === mine ? undefined : text;
    return this.theirs !== undefined;
  }

  /** Saves this tab's text, unless the other tab's is waiting for the visitor's choice. */
  save(text: string): GuardedOutcome {
    return this.theirs === undefined ? save(text, this.store) : 'held';
  }

  /** The visitor keeps this tab's text: it is saved over the other tab's (which is told in turn). */
  keepMine(text: string): SaveOutcome {
    this.theirs = undefined;
    return save(text, this.store);
  }

  /** The visitor takes the other tab's text: the caller shows it (it is already saved). */
  takeTheirs(): string | undefined {
    const text = this.theirs;
    this.theirs = undefined;
    return text;
  }
}

/**
 * Calls `onSaved` with the text another tab saves. The storage event fires in every other tab of
 * the same origin, never in the tab that wrote.
 * @returns a function that stops listening
 */
export function watchOtherTabs(onSaved: (text: string) => void, target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
  const listener = (e: StorageEvent) => {
    if (e.key === TEXT_KEY && e.newValue !== null) onSaved(e.newValue);
  };
  target.addEventListener('storage', listener);
  return () => target.removeEventListener('storage', listener);
}
