/**
 * The visitor's text and the lesson step they are on, kept in local storage so a reload or a
 * closed tab loses nothing. Every save says what became of it (to whoever listens: the page
 * tells the visitor at once when it failed), saves are held while another tab's text waits for
 * the visitor's choice, and a saved text whose last load never finished is set aside, not loaded.
 */
import { lastLoadUnfinished, setAside, startLoading } from './safe-start.ts';
import { read, storage, TEXT_KEY, write, type SaveOutcome } from './storage.ts';

export { TEXT_KEY, type SaveOutcome };

const LESSON = 'kube-netplay:lesson:v1';

export interface SavedLesson {
  readonly id: string;
  readonly step: number;
}

/** What became of a save of the text: 'held' while another tab's text waits for the visitor. */
export type TextSaveOutcome = SaveOutcome | 'held';

let held = false;
const listeners = new Set<(outcome: TextSaveOutcome, text: string) => void>();
let setAsideAtStart: string | undefined;

/**
 * The saved text, to simulate at start-up: the safe-start marker is set first. When the last
 * visit's load never finished, the text is set aside instead and nothing is returned.
 */
export function loadSaved(store = storage()): string | undefined {
  if (lastLoadUnfinished(store)) {
    setAsideAtStart = setAside(store);
    return undefined;
  }
  const text = read(TEXT_KEY, store);
  if (text !== undefined) startLoading(store);
  return text;
}

/** The text set aside by this page's start, if its last load never finished. */
export function textSetAsideAtStart(): string | undefined {
  return setAsideAtStart;
}

export function save(text: string, store = storage()): TextSaveOutcome {
  const outcome = held ? 'held' : write(TEXT_KEY, text, store);
  for (const listener of listeners) listener(outcome, text);
  return outcome;
}

/** Holds every save (they answer 'held') until released. */
export function holdSaves(hold: boolean): void {
  held = hold;
}

/** Calls `listener` after every save of the text; returns a function that stops. */
export function onSave(listener: (outcome: TextSaveOutcome, text: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The saved lesson step, if it is well formed (the caller checks that the lesson exists). */
export function loadSavedLesson(store = storage()): SavedLesson | undefined {
  try {
    const value: unknown = JSON.parse(read(LESSON, store) ?? 'null');
    if (typeof value !== 'object' || value === null) return undefined;
    const { id, step } = value as Record<string, unknown>;
    return typeof id === 'string' && Number.isInteger(step) ? { id, step: step as number } : undefined;
  } catch {
    return undefined;
  }
}

export function saveLesson(lesson: SavedLesson | undefined, store = storage()): void {
  write(LESSON, lesson && JSON.stringify({ id: lesson.id, step: lesson.step }), store);
}
