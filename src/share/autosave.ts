/**
 * The visitor's text and the lesson step they are on, kept in local storage so a reload or a
 * closed tab loses nothing.
 */

const TEXT = 'kube-netplay:text:v1';
const LESSON = 'kube-netplay:lesson:v1';

export interface SavedLesson {
  readonly id: string;
  readonly step: number;
}

function read(key: string): string | undefined {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined; // storage off (private mode, an embed's sandbox): nothing to restore
  }
}

function write(key: string, value: string | undefined): void {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // full or off: the work stays on the page; nothing else to do
  }
}

export function loadSaved(): string | undefined {
  return read(TEXT);
}

export function save(text: string): void {
  write(TEXT, text);
}

/** The saved lesson step, if it is well formed (the caller checks that the lesson exists). */
export function loadSavedLesson(): SavedLesson | undefined {
  try {
    const value: unknown = JSON.parse(read(LESSON) ?? 'null');
    if (typeof value !== 'object' || value === null) return undefined;
    const { id, step } = value as Record<string, unknown>;
    return typeof id === 'string' && Number.isInteger(step) ? { id, step: step as number } : undefined;
  } catch {
    return undefined;
  }
}

export function saveLesson(lesson: SavedLesson | undefined): void {
  write(LESSON, lesson && JSON.stringify({ id: lesson.id, step: lesson.step }));
}
