import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkerReply, WorkerRequest } from '../../src/store/derive-protocol.ts';
import { answer, safeAnswer } from '../../src/store/derive-answer.ts';
import { Unanswerable } from '../../src/store/answers.ts';
import {
  askInBackground,
  changesInBackground,
  DERIVE_BUDGET_MS,
  QUESTION_BUDGET_MS,
  derive,
  deriveInBackground,
  lendWorkers,
  type DeriveWorker,
} from '../../src/store/simulation.ts';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { simulate } from '../../src/core/index.ts';
import { nsId } from '../../src/core/namespace-id.ts';
import { trace, type Trace } from '../../src/core/trace/index.ts';
import { createAppStore } from '../../src/store/store.ts';
import { traceFor, tracePending } from '../../src/store/text.ts';
import { withServices } from '../e2e/hostile-corpus.ts';
import { LAB_TEXT } from '../helpers.ts';

/** A worker that answers only when told to, as the real one answers after its work. */
class FakeWorker implements DeriveWorker {
  readonly requests: WorkerRequest[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<WorkerReply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  postMessage(request: WorkerRequest): void {
    this.requests.push(request);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Answers every request it holds, with the real worker's answers. */
  answerAll(): void {
    for (const r of this.requests.splice(0)) this.onmessage?.(new MessageEvent('message', { data: structuredClone(safeAnswer(r)) }));
  }
  /** Answers the first request it holds (the one it works on), as the real worker does in turn. */
  answerNext(): void {
    const r = this.requests.shift();
    if (r) this.onmessage?.(new MessageEvent('message', { data: structuredClone(safeAnswer(r)) }));
  }
}

function lend(): FakeWorker[] {
  const made: FakeWorker[] = [];
  lendWorkers(() => {
    const w = new FakeWorker();
    made.push(w);
    return w;
  });
  return made;
}

/** Whether a promise has settled once pending callbacks ran. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setTimeout(r, 0));
  return done;
}

afterEach(() => {
  lendWorkers(undefined);
  vi.useRealTimers();
});

let edit = 0;
/** A text not derived before in this file (the module keeps a cache). */
const fresh = (text = LAB_TEXT) => `${text}# edit ${++edit}\n`;

describe('deriving in the worker', () => {
  it('every text, even the smallest, is derived by the worker, not on this thread', async () => {
    const workers = lend();
    const text = fresh();
    const derived = deriveInBackground(text);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.requests).toEqual([{ id: expect.any(Number), kind: 'simulate', text }]);
    workers[0]!.answerAll();
    const d = await derived;
    expect(d.text).toBe(text);
    expect(d.errors).toBe(0);
    expect(d.elements.length).toBeGreaterThan(10);
    // From then on the page finds it without asking again.
    expect(derive(text)).toBe(d);
  });

  it('a newer text stops the older one: its worker is ended and its result never lands', async () => {
    const workers = lend();
    const older = deriveInBackground(fresh());
    const newer = deriveInBackground(fresh());
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.requests.map((r) => r.kind)).toEqual(['simulate']);
    workers[1]!.answerAll();
    expect(await settled(newer)).toBe(true);
    expect(await settled(older)).toBe(false);
  });

  it('the same text asked for twice is derived once', async () => {
    const workers = lend();
    const text = fresh();
    const a = deriveInBackground(text);
    const b = deriveInBackground(text);
    expect(a).toBe(b);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.requests).toHaveLength(1);
  });

  it('a change list still waiting when the worker is restarted is asked of the next one', async () => {
    const workers = lend();
    const [one, two] = [fresh(), fresh().replace('replicas: 1', 'replicas: 2')];
    const first = deriveInBackground(one);
    workers[0]!.answerAll();
    const second = deriveInBackground(two);
    workers[0]!.answerAll();
    const changes = changesInBackground(await first, await second);
    // A simulation still running when a newer text comes: the worker is ended with both requests.
    void deriveInBackground(fresh());
    void deriveInBackground(fresh());
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[1]!.requests.map((r) => r.kind).sort()).toEqual(['changes', 'simulate']);
    workers[1]!.answerAll();
    expect((await changes).changes.length).toBeGreaterThan(0);
  });

  it("a newer text drops the older texts' traces and goes first; a person's question is kept, after it", async () => {
    const workers = lend();
    const one = fresh();
    const first = deriveInBackground(one);
    workers[0]!.answerAll();
    await first;
    const flow = { from: nsId.node('k8smaster01'), to: { ip: '172.24.8.71', port: 80 }, proto: 'tcp' as const };
    const traced = askInBackground({ kind: 'trace', text: one, flow, seed: 1 });
    const inspected = askInBackground({ kind: 'inspect', text: one, ref: { type: 'node', name: 'k8smaster01' } });
    void deriveInBackground(fresh());
    void deriveInBackground(fresh());
    expect(workers[0]!.terminated).toBe(true);
    // The new worker simulates the newest text before it derives the older one again for the inspector.
    expect(workers[1]!.requests.map((r) => (r.kind === 'ask' ? r.question.kind : r.kind))).toEqual(['simulate', 'inspect']);
    expect(await traced).toBeUndefined();
    workers[1]!.answerAll();
    expect(await inspected).toMatchObject({ kind: 'inspect' });
  });

  it("a newer text drops the older text's reachability matrix as it drops traces: the page asks again for the text it shows", async () => {
    const workers = lend();
    const one = fresh();
    const first = deriveInBackground(one);
    workers[0]!.answerAll();
    await first;
    const matrix = askInBackground({ kind: 'reachability', text: one, port: { port: 80, protocol: 'TCP' } });
    void deriveInBackground(fresh());
    void deriveInBackground(fresh());
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[1]!.requests.map((r) => r.kind)).toEqual(['simulate']);
    expect(await matrix).toBeUndefined();
  });

  it('work past the time budget is stopped with an error at line 1 that names the likely cause', async () => {
    vi.useFakeTimers();
    const workers = lend();
    const text = fresh(withServices(480));
    const derived = deriveInBackground(text);
    vi.advanceTimersByTime(DERIVE_BUDGET_MS + 1);
    expect(workers[0]!.terminated).toBe(true);
    // A worker started afresh words the error; the page never simulates.
    expect(workers[1]!.requests).toEqual([{ id: expect.any(Number), kind: 'stopped', text, ms: DERIVE_BUDGET_MS }]);
    workers[1]!.answerAll();
    const d = await derived;
    expect(d.errors).toBe(1);
    expect(d.sim.diagnostics[0]).toMatchObject({ code: 'limit-time', line: 1, column: 1 });
    expect(d.sim.diagnostics[0]!.message).toBe(
      `the simulation ran for more than ${DERIVE_BUDGET_MS / 1000} s and was stopped; the likely cause: 481 Services (the playground reads at most 500)`,
    );
  });

  it('a worker that fails is given up: the simulation it was on says so at line 1, never derived on this thread', async () => {
    const workers = lend();
    const text = fresh();
    const derived = deriveInBackground(text);
    workers[0]!.onerror?.(new Event('error') as ErrorEvent);
    expect(workers[0]!.terminated).toBe(true);
    // Derived here, the lab's text would have no error.
    const d = await derived;
    expect(d.errors).toBe(1);
    expect(d.sim.diagnostics[0]).toMatchObject({ code: 'derive-failed', line: 1, column: 1, says: { code: 'derive.crashed' } });
    expect(d.elements).toEqual([]);
    // The next text goes to a new worker.
    const next = fresh();
    const again = deriveInBackground(next);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.requests).toEqual([{ id: expect.any(Number), kind: 'simulate', text: next }]);
    workers[1]!.answerAll();
    expect((await again).errors).toBe(0);
  });

  it('a worker that cannot load at all leaves the page waiting for nothing: each text is answered as failed', async () => {
    const made: FakeWorker[] = [];
    lendWorkers(() => {
      const w = new FakeWorker();
      made.push(w);
      // It fails once the page has given it its work, as a script that cannot load does.
      queueMicrotask(() => w.onerror?.(new Event('error') as ErrorEvent));
      return w;
    });
    for (const text of [fresh(), fresh()]) expect((await deriveInBackground(text)).sim.diagnostics[0]?.says.code).toBe('derive.crashed');
    expect(made).toHaveLength(2);
  });
});

describe('the store asks the worker what the page shows', () => {
  const flow = { from: nsId.node('k8smaster01'), to: { ip: '172.24.8.71', port: 80 }, proto: 'tcp' as const };

  it("a flow's trace is traced by the worker; until it arrives it is pending, and a hop asked for is not clamped", async () => {
    const workers = lend();
    const text = fresh();
    const store = createAppStore(text);
    workers[0]!.answerAll();
    await vi.waitFor(() => expect(store.getState().simulatedText).toBe(text));
    store.getState().setFlow(flow);
    expect(workers[0]!.requests).toEqual([{ id: expect.any(Number), kind: 'ask', question: { kind: 'trace', text, flow, seed: 1 } }]);
    expect(traceFor(store.getState())).toBeUndefined();
    expect(tracePending(store.getState())).toBe(true);
    // A link's hop 7 stands as asked: there is no trace yet to clamp it against.
    store.getState().seek(7);
    expect(store.getState().hop).toBe(7);
    workers[0]!.answerAll();
    await vi.waitFor(() => expect(tracePending(store.getState())).toBe(false));
    const traced = traceFor(store.getState());
    expect(traced).toEqual(trace(buildDataplane(simulate(text).state), flow, 1));
    // Asked once: the answer is kept by text and flow.
    store.getState().setFlow(flow);
    expect(workers[0]!.requests).toEqual([]);
    store.getState().seek(999);
    expect(store.getState().hop).toBe((traced as Trace).hops.length - 1);
  });

  it('a burst is traced by the worker and shown once back, unless something ended it meanwhile', async () => {
    const workers = lend();
    const text = fresh();
    const store = createAppStore(text);
    workers[0]!.answerAll();
    await vi.waitFor(() => expect(store.getState().simulatedText).toBe(text));
    store.getState().setFlow(flow);
    workers[0]!.answerAll();
    store.getState().runBurst();
    expect(store.getState()).toMatchObject({ bursting: true, burst: undefined });
    expect(workers[0]!.requests.map((r) => r.kind === 'ask' && r.question.kind)).toEqual(['burst']);
    workers[0]!.answerAll();
    await vi.waitFor(() => expect(store.getState().burst?.total).toBe(100));
    expect(store.getState().bursting).toBe(false);
    // A step before the answer comes ends the burst: its answer is not shown.
    store.getState().step(-1);
    store.getState().setFlow({ ...flow, to: { ...flow.to, port: 8080 } });
    store.getState().runBurst();
    store.getState().step(1);
    workers[0]!.answerAll();
    await new Promise((r) => setTimeout(r, 10));
    expect(store.getState()).toMatchObject({ bursting: false, burst: undefined });
  });
});

describe('work that fails never leaves the page waiting', () => {
  // A question the worker's code cannot answer: an inspector page of no element.
  const broken = (text: string) => ({ kind: 'inspect' as const, text, ref: null as never });

  it('a question that throws is answered "failed" in words, and the worker lives on', async () => {
    expect(() => answer({ id: 1, kind: 'ask', question: broken(LAB_TEXT) })).toThrow();
    expect(safeAnswer({ id: 1, kind: 'ask', question: broken(LAB_TEXT) })).toMatchObject({
      id: 1,
      kind: 'answer',
      answer: { kind: 'failed', why: { code: 'question.failed' } },
    });
    const workers = lend();
    const text = fresh();
    const derived = deriveInBackground(text);
    workers[0]!.answerAll();
    await derived;
    const failed = askInBackground(broken(text));
    const inspected = askInBackground({ kind: 'inspect', text, ref: { type: 'node', name: 'k8smaster01' } });
    workers[0]!.answerAll();
    expect(await failed).toMatchObject({ kind: 'failed' });
    expect(await inspected).toMatchObject({ kind: 'inspect' });
    expect(workers).toHaveLength(1);
    expect(workers[0]!.terminated).toBe(false);
  });

  it('a change list that throws is empty and says why, not an error the page never hears of', () => {
    expect(safeAnswer({ id: 2, kind: 'changes', before: undefined as never, after: LAB_TEXT })).toEqual({
      id: 2,
      kind: 'changes',
      changes: [],
      failed: { code: 'question.failed', params: { detail: expect.any(String) } },
    });
  });

  it('a change list past its time budget says so, rather than "nothing changed"', async () => {
    vi.useFakeTimers();
    const workers = lend();
    const [one, two] = [fresh(), fresh().replace('replicas: 1', 'replicas: 2')];
    const first = deriveInBackground(one);
    workers[0]!.answerAll();
    const second = deriveInBackground(two);
    workers[0]!.answerAll();
    const changes = changesInBackground(await first, await second);
    vi.advanceTimersByTime(QUESTION_BUDGET_MS + 1);
    expect(await changes).toEqual({ changes: [], failed: { code: 'question.time', params: { seconds: QUESTION_BUDGET_MS / 1000 } } });
  });

  it('a question past its time budget is stopped and answered "failed"; the work still waiting goes to a new worker', async () => {
    vi.useFakeTimers();
    const workers = lend();
    const text = fresh();
    const derived = deriveInBackground(text);
    workers[0]!.answerAll();
    await derived;
    const flow = { from: nsId.node('k8smaster01'), to: { ip: '172.24.8.71', port: 80 }, proto: 'tcp' as const };
    const slow = askInBackground({ kind: 'burst', text, flow });
    vi.advanceTimersByTime(QUESTION_BUDGET_MS - 1);
    const newer = fresh();
    void deriveInBackground(newer);
    expect(workers[0]!.requests.map((r) => r.kind)).toEqual(['ask', 'simulate']);
    vi.advanceTimersByTime(2);
    expect(await slow).toEqual({ kind: 'failed', why: { code: 'question.time', params: { seconds: QUESTION_BUDGET_MS / 1000 } } });
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[1]!.requests).toEqual([{ id: expect.any(Number), kind: 'simulate', text: newer }]);
  });

  it('a simulation queued behind a long question is timed from when the worker starts it, not from when it was sent', async () => {
    vi.useFakeTimers();
    const workers = lend();
    const text = fresh();
    const first = deriveInBackground(text);
    workers[0]!.answerAll();
    await first;
    const flow = { from: nsId.node('k8smaster01'), to: { ip: '172.24.8.71', port: 80 }, proto: 'tcp' as const };
    const burst = askInBackground({ kind: 'burst', text, flow });
    vi.advanceTimersByTime(QUESTION_BUDGET_MS / 2);
    const newer = fresh();
    const derived = deriveInBackground(newer);
    // The burst ends within its budget; the simulation then runs for less than its own.
    vi.advanceTimersByTime(QUESTION_BUDGET_MS / 2 - 1);
    workers[0]!.answerNext();
    expect(await burst).toMatchObject({ kind: 'burst' });
    vi.advanceTimersByTime(DERIVE_BUDGET_MS - 1);
    expect(workers[0]!.terminated).toBe(false);
    expect(workers).toHaveLength(1);
    workers[0]!.answerNext();
    const d = await derived;
    expect(d.text).toBe(newer);
    expect(d.errors).toBe(0);
  });

  it('a question queued behind a slow simulation gets its whole budget once the worker starts it', async () => {
    vi.useFakeTimers();
    const workers = lend();
    const text = fresh();
    const derived = deriveInBackground(text);
    const inspected = askInBackground({ kind: 'inspect', text, ref: { type: 'node', name: 'k8smaster01' } });
    vi.advanceTimersByTime(DERIVE_BUDGET_MS - 1);
    workers[0]!.answerNext();
    await derived;
    vi.advanceTimersByTime(QUESTION_BUDGET_MS - 1);
    expect(workers[0]!.terminated).toBe(false);
    workers[0]!.answerNext();
    expect(await inspected).toMatchObject({ kind: 'inspect' });
    // Past its own budget once started, a question is still stopped.
    const late = askInBackground({ kind: 'inspect', text, ref: { type: 'node', name: 'k8smaster01' } });
    vi.advanceTimersByTime(QUESTION_BUDGET_MS + 1);
    expect(await late).toMatchObject({ kind: 'failed', why: { code: 'question.time' } });
    expect(workers[0]!.terminated).toBe(true);
  });

  it('after the worker fails, the question it was on is answered "failed" and the one queued behind it goes to a new worker, with a fresh clock', async () => {
    vi.useFakeTimers();
    const workers = lend();
    const text = fresh();
    const first = deriveInBackground(text);
    workers[0]!.answerAll();
    await first;
    const flow = { from: nsId.node('k8smaster01'), to: { ip: '172.24.8.71', port: 80 }, proto: 'tcp' as const };
    const burst = askInBackground({ kind: 'burst', text, flow });
    const inspected = askInBackground({ kind: 'inspect', text, ref: { type: 'node', name: 'k8smaster01' } });
    vi.advanceTimersByTime(QUESTION_BUDGET_MS / 2);
    workers[0]!.onerror?.(new Event('error') as ErrorEvent);
    expect(await burst).toEqual({ kind: 'failed', why: { code: 'question.crashed', params: {} } });
    expect(workers).toHaveLength(2);
    expect(workers[1]!.requests).toEqual([
      expect.objectContaining({ kind: 'ask', question: expect.objectContaining({ kind: 'inspect' }) }),
    ]);
    // Waiting since before the failure, but the new worker's clock started when it took the work.
    expect(() => vi.advanceTimersByTime(QUESTION_BUDGET_MS - 1)).not.toThrow();
    expect(workers[1]!.terminated).toBe(false);
    workers[1]!.answerAll();
    expect(await inspected).toMatchObject({ kind: 'inspect' });
  });

  it('after the worker fails, a newer text is derived by the new worker with the question still waiting', async () => {
    const workers = lend();
    const text = fresh();
    const first = deriveInBackground(text);
    workers[0]!.answerAll();
    await first;
    const older = deriveInBackground(fresh());
    const inspected = askInBackground({ kind: 'inspect', text, ref: { type: 'node', name: 'k8smaster01' } });
    workers[0]!.onerror?.(new Event('error') as ErrorEvent);
    // The simulation the worker was on is answered as failed.
    expect((await older).sim.diagnostics[0]?.says.code).toBe('derive.crashed');
    const newest = fresh();
    const derived = deriveInBackground(newest);
    expect(workers).toHaveLength(2);
    workers[1]!.answerAll();
    expect(await inspected).toMatchObject({ kind: 'inspect' });
    expect((await derived).errors).toBe(0);
  });

  it('a trace the worker could not work out reads as an error in words, not as pending forever', async () => {
    vi.useFakeTimers();
    const workers = lend();
    const text = fresh();
    const store = createAppStore(text);
    workers[0]!.answerAll();
    await vi.waitFor(() => expect(store.getState().simulatedText).toBe(text));
    store.getState().setFlow({ from: nsId.node('k8smaster01'), to: { ip: '172.24.8.71', port: 80 }, proto: 'tcp' });
    expect(tracePending(store.getState())).toBe(true);
    vi.advanceTimersByTime(QUESTION_BUDGET_MS + 1);
    await vi.waitFor(() => expect(tracePending(store.getState())).toBe(false));
    const traced = traceFor(store.getState());
    expect(traced).toBeInstanceOf(Unanswerable);
    expect((traced as Unanswerable).why.code).toBe('question.time');
  });
});
