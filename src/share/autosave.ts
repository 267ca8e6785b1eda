/**
 * The visitor's text and the lesson step they are on, kept in local storage so a reload or a
 * closed tab loses nothing. Every save says what became of it (to whoever listens: the page
 * tells the visitor at once when it failed), saves are held while another tab's text waits for
 * the visitor's choice, and a saved text whose last load never finished is set aside, not loaded.
 */
import { v1StepId } from './link-v1.ts';
import { lastLoadUnfinished, setAside, startLoading } from './safe-start.ts';
import { read, storage, TEXT_KEY, write, type SaveOutcome } from './storage.ts';

export { TEXT_KEY, type SaveOutcome };

/** The lesson step, by ids; the v1 key named the step by its place, read through link-v1's frozen table. */
const LESSON = 'kube-netplay:lesson:v2';
const LESSON_V1 = 'kube-netplay:lesson:v1';

export interface SavedLesson {
  readonly id: string;
  /** The step's id. */
  readonly step: string;
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

/** The saved lesson step, if it is well formed (the caller checks that the lesson and step exist). */
export function loadSavedLesson(store = storage()): SavedLesson | undefined {
  const parse = (key: string): Record<string, unknown> | undefined => {
    try {
      const value: unknown = JSON.parse(read(key, store) ?? 'null');
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const saved = parse(LESSON);
  if (saved) return typeof saved.id === 'string' && typeof saved.step === 'string' ? { id: saved.id, step: saved.step } : undefined;
  const old = parse(LESSON_V1);
  const step = old && typeof old.id === 'string' && Number.isInteger(old.step) ? v1StepId(old.id, old.step as number) : undefined;
  return step === undefined ? undefined : { id: old!.id as string, step };
}

export function saveLesson(lesson: SavedLesson | undefined, store = storage()): void {
  write(LESSON, lesson && JSON.stringify({ id: lesson.id, step: lesson.step }), store);
}
