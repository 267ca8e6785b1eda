/** The page's local storage, read and written without ever throwing: each write says how it went. */

/** Where the visitor's text is kept. */
export const TEXT_KEY = 'kube-netplay:text:v1';

/** What became of a write: kept, refused for want of room, or no storage at all (private mode, a sandbox). */
export type SaveOutcome = 'saved' | 'full' | 'off';

/** The page's local storage; undefined where reading it throws (a sandboxed frame) or in Node. */
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

/**
 * Characters no browser's local storage holds under one key (Chromium's 10 MiB counts two bytes
 * a character; Firefox and Safari hold 5 MiB): refused without trying, for trying to store ten
 * megabytes blocks the page for as long as a second before the browser refuses it.
 */
export const MAX_STORED_CHARS = 5 * 1024 * 1024;

/** Writes `value` (removes the key when undefined). */
export function write(key: string, value: string | undefined, store = storage()): SaveOutcome {
  if (!store) return 'off';
  if (value !== undefined && key.length + value.length > MAX_STORED_CHARS) return 'full';
  try {
    if (value === undefined) store.removeItem(key);
    else store.setItem(key, value);
    return 'saved';
  } catch (e) {
    return isQuotaError(e) ? 'full' : 'off';
  }
}
