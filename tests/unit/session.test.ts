// The session without a browser: the vanilla store opens links, lesson steps and copies, asks
// before the visitor's own work is replaced, undoes a replace, and saves only what is theirs.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lessonStep } from '../../src/scenarios/index.ts';
import { decodeLink, encodeLink, isLinkError, type Shared } from '../../src/share/link.ts';
import { TEXT_KEY } from '../../src/share/storage.ts';
import { AUTOSAVE_DEBOUNCE_MS, keepSaving } from '../../src/store/persist.ts';
import { createAppStore, type StartOptions } from '../../src/store/store.ts';
import { LAB_TEXT } from '../helpers.ts';

/** Local storage in memory. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  writes = 0;
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.writes++;
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.writes++;
    this.items.set(key, value);
  }
}

const MINE = `${LAB_TEXT}\n# my own notes\n`;
const THEIRS = LAB_TEXT.replace('replicas: 1', 'replicas: 2');

function session(text: string, options: StartOptions = {}) {
  const storage = new MemoryStorage();
  storage.setItem(TEXT_KEY, text);
  storage.writes = 0;
  const store = createAppStore(text, { savedText: () => storage.getItem(TEXT_KEY) ?? undefined, ...options });
  const keeper = keepSaving(store, { storage, target: undefined });
  return { store, storage, keeper, saved: () => storage.getItem(TEXT_KEY) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the session', () => {
  it('asks before a link replaces the visitor’s own work; keeping changes nothing', () => {
    const { store, saved } = session(MINE);
    store.getState().openLink({ text: THEIRS });
    expect(store.getState().asking).toMatchObject({ kind: 'replace', text: THEIRS });
    expect(store.getState().text).toBe(MINE);
    store.getState().answer(false);
    expect(store.getState().asking).toBeUndefined();
    expect(store.getState().text).toBe(MINE);
    vi.advanceTimersByTime(AUTOSAVE_DEBOUNCE_MS * 2);
    expect(saved()).toBe(MINE);
  });

  it('opens a link in one action (text, lesson step, flow, hop) and Undo brings the visitor’s work back', () => {
    const { store, saved } = session(MINE, { lesson: { id: 'lab', step: 1 } });
    const flow = { from: 'node:k8smaster01', to: { ip: '172.24.8.71', port: 80 }, proto: 'tcp' } as const;
    store.getState().openLink({ text: THEIRS, lesson: { id: 'lab', step: 6 }, flow, hop: 7 } as Shared);
    store.getState().answer(true);
    const s = store.getState();
    expect(s).toMatchObject({ text: THEIRS, lesson: { id: 'lab', step: 6 }, flow, wantHop: 7, tab: 'lesson' });
    vi.advanceTimersByTime(AUTOSAVE_DEBOUNCE_MS);
    expect(saved()).toBe(THEIRS);
    expect(s.undo).toEqual({ text: MINE, lesson: { id: 'lab', step: 1 } });
    s.undoReplace();
    expect(store.getState()).toMatchObject({ text: MINE, lesson: { id: 'lab', step: 1 } });
    vi.advanceTimersByTime(AUTOSAVE_DEBOUNCE_MS);
    expect(saved()).toBe(MINE);
  });

  it('replaces a built-in text without asking: nothing of the visitor’s is lost', () => {
    const { store } = session(LAB_TEXT);
    store.getState().openLink({ text: THEIRS });
    expect(store.getState().asking).toBeUndefined();
    expect(store.getState().text).toBe(THEIRS);
  });

  it('a view-only link shows its text without asking and never writes to the autosave', () => {
    const { store, storage, keeper, saved } = session(MINE);
    store.getState().openLink({ text: THEIRS, view: 'view', lesson: { id: 'lab', step: 3 } });
    expect(store.getState()).toMatchObject({ view: 'view', text: THEIRS, asking: undefined });
    store.getState().openStep('lab', 4);
    vi.advanceTimersByTime(AUTOSAVE_DEBOUNCE_MS * 4);
    keeper.flush();
    expect(storage.writes).toBe(0);
    expect(saved()).toBe(MINE);
  });

  it('a page opened view-only stays view-only whatever its link says', () => {
    const { store } = session(THEIRS, { view: 'embed' });
    store.getState().openLink({ text: THEIRS, view: 'edit' });
    expect(store.getState().view).toBe('embed');
  });

  it('"Edit a copy" asks before replacing saved work, then saves the copy; Undo restores the saved work', () => {
    const { store, storage, saved } = session(THEIRS, { view: 'view' });
    storage.setItem(TEXT_KEY, MINE);
    storage.writes = 0;
    store.getState().editCopy();
    expect(store.getState().asking).toEqual({ kind: 'copy', text: THEIRS });
    store.getState().answer(false);
    expect(store.getState().view).toBe('view');
    store.getState().editCopy();
    store.getState().answer(true);
    expect(store.getState()).toMatchObject({ view: 'edit', text: THEIRS, undo: { text: MINE } });
    vi.advanceTimersByTime(AUTOSAVE_DEBOUNCE_MS);
    expect(saved()).toBe(THEIRS);
    store.getState().undoReplace();
    expect(store.getState().text).toBe(MINE);
    vi.advanceTimersByTime(AUTOSAVE_DEBOUNCE_MS);
    expect(saved()).toBe(MINE);
  });

  it('"Edit a copy" with no saved work of the visitor’s asks nothing', () => {
    const { store } = session(THEIRS, { view: 'view', savedText: () => undefined });
    store.getState().editCopy();
    expect(store.getState()).toMatchObject({ view: 'edit', asking: undefined });
    expect(store.getState().undo).toBeUndefined();
  });

  it('saves a moment after the last edit, not at every keystroke, and at once when flushed', () => {
    const { store, storage, keeper, saved } = session(LAB_TEXT);
    for (const c of '# typed') store.getState().setText(store.getState().text + c);
    vi.advanceTimersByTime(AUTOSAVE_DEBOUNCE_MS - 1);
    expect(storage.writes).toBe(0);
    vi.advanceTimersByTime(1);
    expect(saved()).toBe(`${LAB_TEXT}# typed`);
    store.getState().setText(LAB_TEXT);
    keeper.flush();
    expect(saved()).toBe(LAB_TEXT);
  });

  it('opens a lesson step in one action: its text, flow and burst', () => {
    const { store } = session(LAB_TEXT);
    store.getState().openStep('lab', 7);
    const step = lessonStep('lab', 7)!;
    expect(store.getState()).toMatchObject({ text: step.text, lesson: { id: 'lab', step: 7 }, wantBurst: true, tab: 'lesson' });
    expect(store.getState().flow?.to.port).toBe(80);
  });
});

describe('links', () => {
  it('a v1 link made before lessons had ids opens at the lab’s seventh step, on hop 7', async () => {
    const link = await decodeLink(readFileSync(new URL('../fixtures/link-v1-lab-step6-hop7.txt', import.meta.url), 'utf8').trim());
    if (!link || isLinkError(link)) throw new Error('the fixture link does not decode');
    const { store } = session(LAB_TEXT);
    store.getState().openLink(link);
    const s = store.getState();
    expect(s.lesson).toMatchObject({ id: 'lab', step: 6 });
    expect(lessonStep('lab', 6)!.title.en).toBe('Publish a Service');
    // The text is the link's own (as it was when the link was made), whatever the lab's is now.
    expect(s.text).toBe(link.text);
    expect(s.text).toContain('kind: Service');
    expect(s.wantHop).toBe(7);
  });

  it('a link made now round-trips through the store', async () => {
    const { store } = session(LAB_TEXT);
    const hash = await encodeLink({ text: THEIRS, lesson: { id: 'lab', step: 2 }, hop: 3 });
    const link = await decodeLink(hash);
    store.getState().openLink(link!);
    expect(store.getState()).toMatchObject({ text: THEIRS, lesson: { id: 'lab', step: 2 }, wantHop: 3 });
  });
});
