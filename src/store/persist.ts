/**
 * Keeps the visitor's work: the text and the lesson step are saved a short while after the last
 * edit (not at every keystroke), and at once when the page goes. A view-only page or an embed
 * never saves: what it shows is someone else's.
 */
import { stepIdAt, stepIndex } from '../scenarios/index.ts';
import { loadSaved, loadSavedLesson, save, saveLesson } from '../share/autosave.ts';
import { read, TEXT_KEY } from '../share/storage.ts';
import type { AppStore, LessonAt } from './store.ts';

/**
 * The visitor's saved work, to start an editing page with (this sets the safe-start mark: only a
 * page that will show and save the visitor's work reads it). The lesson step (saved by its id)
 * only if it still exists.
 */
export function savedWork(): { text?: string; lesson?: LessonAt } {
  const text = loadSaved();
  const lesson = loadSavedLesson();
  const step = lesson && stepIndex(lesson.id, lesson.step);
  return { ...(text !== undefined ? { text } : {}), ...(lesson && step !== undefined ? { lesson: { id: lesson.id, step } } : {}) };
}

/** The saved text as it is now, read without side effects (before "Edit a copy" replaces it). */
export function savedText(): string | undefined {
  return read(TEXT_KEY);
}

/** Long enough to let a burst of typing end, short enough that a crash loses one word. */
export const AUTOSAVE_DEBOUNCE_MS = 400;

export interface Keeper {
  /** Saves what waits now (the page is going). */
  flush(): void;
  stop(): void;
}

export interface KeepOptions {
  /** Where the page's going is heard (pagehide). */
  readonly target?: Pick<Window, 'addEventListener' | 'removeEventListener'> | undefined;
  readonly delayMs?: number;
  /** The storage saved to (the page's local storage unless a test gives its own). */
  readonly storage?: Storage;
}

export function keepSaving(store: AppStore, options: KeepOptions = {}): Keeper {
  const { target = globalThis.window, delayMs = AUTOSAVE_DEBOUNCE_MS, storage } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiting = false;
  const flush = () => {
    clearTimeout(timer);
    const s = store.getState();
    if (!waiting || s.view !== 'edit') return;
    waiting = false;
    save(s.text, storage);
    const step = s.lesson && stepIdAt(s.lesson.id, s.lesson.step);
    saveLesson(s.lesson && step !== undefined ? { id: s.lesson.id, step } : undefined, storage);
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.view !== 'edit') return;
    // A page that just became the visitor's own ("Edit a copy") saves what it shows.
    if (s.text === prev.text && s.lesson === prev.lesson && s.view === prev.view) return;
    waiting = true;
    clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
  });
  target?.addEventListener('pagehide', flush);
  return {
    flush,
    stop() {
      flush();
      unsubscribe();
      target?.removeEventListener('pagehide', flush);
    },
  };
}
