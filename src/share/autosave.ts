/**
 * The visitor's text and the lesson step they are on, kept in local storage so a reload or a
 * closed tab loses nothing. A save that fails says how, so the page can tell the visitor at once
 * (and offer the text as a file) rather than bring back an older text after the next reload.
 */

export const TEXT_KEY = 'kube-netplay:text:v1';
const LESSON = 'kube-netplay:lesson:v1';

export interface SavedLesson {
  readonly id: string;
  readonly step: number;
}

/** What became of a save: kept, refused for want of room, or no storage at all (private mode, a sandbox). */
export type SaveOutcome = 'saved' | 'full' | 'off';

/** The storage used: the page's local storage, or none where reading it throws (a sandboxed frame). */
export function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

export function read(key: string, store = storage()): string | undefined {
  try {
    return store?.getItem(key) ?? undefined;
  } catch {
    return undefined; // storage off: nothing to restore
  }
}

function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22);
}

export function write(key: string, value: string | undefined, store = storage()): SaveOutcome {
  if (!store) return 'off';
  try {
    if (value === undefined) store.removeItem(key);
    else store.setItem(key, value);
    return 'saved';
  } catch (e) {
    return isQuotaError(e) ? 'full' : 'off';
  }
}

export function loadSaved(store = storage()): string | undefined {
  return read(TEXT_KEY, store);
}

export function save(text: string, store = storage()): SaveOutcome {
  return write(TEXT_KEY, text, store);
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

/** The text as a file the visitor can keep when it cannot be saved. */
export function downloadText(text: string, name = 'kube-netplay.yaml'): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/yaml' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
