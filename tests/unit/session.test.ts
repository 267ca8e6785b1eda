// The session without a browser: the vanilla store opens links, lesson steps and copies, asks
// before the visitor's own work is replaced, undoes a replace, and saves only what is theirs.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nsId } from '../../src/core/namespace-id.ts';
import { lessonStep, SCENARIOS, stepIndex } from '../../src/scenarios/index.ts';
import { loadSavedLesson } from '../../src/share/autosave.ts';
import { decodeLink, isLinkError } from '../../src/share/link.ts';
import { v1Lessons, v1StepId } from '../../src/share/link-v1.ts';
import { shareLinks } from '../../src/ui/ShareDialog.tsx';
import { TEXT_KEY } from '../../src/share/storage.ts';
import { AUTOSAVE_DEBOUNCE_MS, keepSaving } from '../../src/store/persist.ts';
import { createAppStore, type StartOptions } from '../../src/store/store.ts';
import { traceFor } from '../../src/store/text.ts';
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
    const flow = { from: nsId.node('k8smaster01'), to: { ip: '172.24.8.71', port: 80 }, proto: 'tcp' as const };
    store.getState().openLink({ text: THEIRS, lesson: { id: 'lab', step: 'publish-service' }, flow, hop: 7 });
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
    store.getState().openLink({ text: THEIRS, view: 'view', lesson: { id: 'lab', step: 'create-rc' } });
    expect(store.getState()).toMatchObject({ view: 'view', text: THEIRS, asking: undefined });
    store.getState().openStep('lab', 4);
    vi.advanceTimersByTime(AUTOSAVE_DEBOUNCE_MS * 4);
    keeper.flush();
    expect(storage.writes).toBe(0);
    expect(saved()).toBe(MINE);
  });

  it('a view-only page steps through the lesson it shows but opens no other scenario over it', () => {
    const { store } = session(MINE);
    store.getState().openLink({ text: THEIRS, view: 'view', lesson: { id: 'lab', step: 'create-rc' } });
    const at = store.getState().lesson!;
    store.getState().openStep('scaling', 0);
    expect(store.getState()).toMatchObject({ view: 'view', text: THEIRS, lesson: at });
    store.getState().openStep('lab', at.step + 1);
    expect(store.getState()).toMatchObject({
      view: 'view',
      text: lessonStep('lab', at.step + 1)!.text,
      lesson: { id: 'lab', step: at.step + 1 },
    });
    // Once a copy is edited, any scenario opens.
    store.getState().editCopy();
    store.getState().answer(true);
    store.getState().openStep('scaling', 0);
    expect(store.getState().lesson).toMatchObject({ id: 'scaling', step: 0 });
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

  it('opens a lesson step in one action: its text, flow and burst', async () => {
    const { store } = session(LAB_TEXT);
    store.getState().openStep('lab', 7);
    const step = lessonStep('lab', 7)!;
    expect(store.getState()).toMatchObject({ text: step.text, lesson: { id: 'lab', step: 7 }, wantBurst: true, tab: 'lesson' });
    // The step's flow is one of its text's quick flows, chosen once the worker has derived the text.
    expect(store.getState()).toMatchObject({ wantFlow: step.flow, flow: undefined });
    await vi.waitFor(() => expect(store.getState().flow?.to.port).toBe(80));
    expect(store.getState().wantFlow).toBeUndefined();
  });
});

describe('playback without a browser', () => {
  it('plays a lesson step’s flow to hop N, steps on, and runs its burst', async () => {
    vi.useRealTimers();
    const { store } = session(LAB_TEXT);
    store.getState().openStep('lab', 7);
    // The step's text is simulated and its flow traced (by the worker, in the page): the trace is the step's.
    await vi.waitFor(() => expect(store.getState().simulatedText).toBe(store.getState().text));
    await vi.waitFor(() => expect(traceFor(store.getState())).toBeDefined());
    const trace = traceFor(store.getState());
    if (!trace || trace instanceof Error) throw new Error('the step has no flow');
    store.getState().seek(5);
    expect(store.getState()).toMatchObject({ hop: 5, playing: false });
    expect(trace.hops[store.getState().hop]).toBeDefined();
    store.getState().step(1);
    expect(store.getState().hop).toBe(6);
    store.getState().seek(999);
    expect(store.getState().hop).toBe(trace.hops.length - 1);
    store.getState().replay();
    expect(store.getState().hop).toBe(trace.hops.length - 1);
    expect(trace.verdict).toBe('delivered');
    store.getState().runBurst();
    expect(store.getState()).toMatchObject({ bursting: true, burst: undefined });
    await vi.waitFor(() => expect(store.getState().burst).toBeDefined());
    const burst = store.getState().burst!;
    expect(burst.total).toBe(100);
    // Three replicas, each taking some of the hundred.
    expect(burst.counts).toHaveLength(3);
    expect(burst.counts.reduce((n, c) => n + c.count, 0)).toBe(100);
    // The next thing done with the packet ends the burst's result.
    store.getState().step(-1);
    expect(store.getState().burst).toBeUndefined();
  });

  it('in predict mode stops before a rewrite and asks, once per hop', async () => {
    const { store } = session(LAB_TEXT);
    store.getState().openStep('lab', 6);
    // The step's text is derived and its flow traced off the caller's turn (in the page, by the worker).
    await vi.waitFor(() => expect(traceFor(store.getState())).toBeDefined());
    store.getState().setPredict(true);
    const trace = traceFor(store.getState());
    if (!trace || trace instanceof Error) throw new Error('the step has no flow');
    const dnat = trace.hops.findIndex((h) => h.after.dst !== h.before.dst);
    const next = { hop: dnat, rewrite: 'dnat' } as Parameters<ReturnType<typeof store.getState>['mayPlay']>[0];
    expect(store.getState().mayPlay(next)).toBe(false);
    const asked = store.getState().prediction!;
    expect(asked.hop).toBe(dnat);
    store.getState().answerPrediction(asked.answer);
    expect(store.getState().prediction?.picked).toBe(asked.answer);
    store.getState().resume();
    expect(store.getState().mayPlay(next)).toBe(true);
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

  it('a link made now names the step by its id, and round-trips through the store', async () => {
    const { store } = session(LAB_TEXT);
    store.getState().openStep('lab', 2);
    const links = await shareLinks(store.getState(), { origin: 'https://example.org', pathname: '/kube-netplay/', search: '' });
    const hash = links.link.slice(links.link.indexOf('#'));
    expect(hash).toMatch(/^#v2:/);
    const link = await decodeLink(hash);
    if (!link || isLinkError(link)) throw new Error('the link does not decode');
    expect(link.lesson).toEqual({ id: 'lab', step: 'written-manifest' });
    const other = session(LAB_TEXT).store;
    other.getState().openLink(link);
    expect(other.getState()).toMatchObject({ text: store.getState().text, lesson: { id: 'lab', step: 2 } });
    expect(links.viewOnly).toMatch(/^https:\/\/example\.org\/kube-netplay\/#v2:/);
    expect(links.embed).toMatch(/^https:\/\/example\.org\/kube-netplay\/\?embed#v2:/);
  });

  it('names a step by its id: a step inserted before it never retargets a link or a save', () => {
    // Every step v1 counted still exists, under the same id, in the same lesson.
    for (const [lesson, ids] of Object.entries(v1Lessons()))
      for (const [i, id] of ids.entries()) {
        expect(stepIndex(lesson, id), `${lesson}/${id}`).toBeDefined();
        expect(v1StepId(lesson, i)).toBe(id);
      }
    // Ids are unique in each lesson.
    for (const s of SCENARIOS) expect(new Set(s.steps.map((x) => x.id)).size, s.id).toBe(s.steps.length);
    expect(stepIndex('lab', 'publish-service')).toBe(6);
    expect(stepIndex('lab', 'no-such-step')).toBeUndefined();
  });

  it('reads a lesson step saved by an earlier version (by its place) and saves it by id', () => {
    const storage = new MemoryStorage();
    storage.setItem('kube-netplay:lesson:v1', JSON.stringify({ id: 'lab', step: 6 }));
    expect(loadSavedLesson(storage)).toEqual({ id: 'lab', step: 'publish-service' });
    const { store, keeper, storage: mine } = session(LAB_TEXT);
    store.getState().openStep('lab', 4);
    keeper.flush();
    expect(JSON.parse(mine.getItem('kube-netplay:lesson:v2')!)).toEqual({ id: 'lab', step: 'two-containers' });
  });
});
