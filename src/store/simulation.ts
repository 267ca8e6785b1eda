/**
 * The derived data of a scenario text: simulation, graph elements and (when asked for) the
 * dataplane, computed once per text and memoised (a few recent texts), never stored in the store.
 */
import { buildDataplane } from '../core/dataplane/index.ts';
import type { Dataplane } from '../core/dataplane/model.ts';
import { diffStates, type Change } from '../core/diff.ts';
import { simulate, type Simulation } from '../core/index.ts';
import { trace, type Trace, type TraceRequest } from '../core/trace/index.ts';
import { graphElements, type GraphElement } from '../graph/elements.ts';

/** What the worker sends back for a text: everything but the dataplane. */
export interface Simulated {
  readonly text: string;
  readonly sim: Simulation;
  readonly elements: readonly GraphElement[];
}

export class Derived implements Simulated {
  readonly errors: number;
  readonly warnings: number;
  private built?: Dataplane;

  constructor(
    readonly text: string,
    readonly sim: Simulation,
    readonly elements: readonly GraphElement[],
  ) {
    this.errors = sim.diagnostics.filter((d) => d.severity === 'error').length;
    this.warnings = sim.diagnostics.filter((d) => d.severity === 'warning').length;
  }

  /**
   * Built on first use, where it is used: the graph needs none of it, and for a large cluster
   * (86,000 rules at 50 nodes) building and copying it would hold back every edit's picture.
   */
  get dataplane(): Dataplane {
    return (this.built ??= buildDataplane(this.sim.state));
  }
}

const cache = new Map<string, Derived>();
const CACHE_SIZE = 6;

function remember(derived: Derived): Derived {
  cache.delete(derived.text);
  cache.set(derived.text, derived);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return derived;
}

/** The derived data of a text: from the cache, else simulated now (the same work in the page and in the worker). */
export function derive(text: string): Derived {
  const hit = cache.get(text);
  if (hit) return remember(hit);
  const sim = simulate(text);
  return remember(new Derived(text, sim, graphElements(sim.state)));
}

/** What changed from one shown scenario to the next (rules included): the page's change list. */
export function changesBetween(before: Derived, after: Derived): Change[] {
  return diffStates(before.sim.state, after.sim.state, before.dataplane, after.dataplane);
}

/** The page asks the worker to simulate a text, or to list the changes between two it simulated. */
export type WorkerRequest =
  { readonly kind: 'simulate'; readonly text: string } | { readonly kind: 'changes'; readonly before: string; readonly after: string };
export type WorkerReply =
  | ({ readonly kind: 'simulated' } & Simulated)
  | { readonly kind: 'changes'; readonly before: string; readonly after: string; readonly changes: Change[] };

/**
 * Texts at least this long are simulated in a Web Worker, so typing never waits for them; a
 * classroom scenario is far shorter and is simulated at once.
 */
export const WORKER_THRESHOLD = 40_000;

let worker: Worker | undefined;
interface Waiter {
  readonly resolve: (reply: WorkerReply) => void;
  readonly reject: (error: unknown) => void;
}
/** Requests sent to the worker and not yet answered, by their key, with whoever waits for them. */
const waiting = new Map<string, { readonly request: WorkerRequest; readonly waiters: Waiter[] }>();
const keyOf = (r: WorkerRequest | WorkerReply) => (r.kind === 'changes' ? JSON.stringify([r.before, r.after]) : r.text);

/** A request's reply, computed on this thread: the worker's own work, and the page's fallback. */
export function answer(request: WorkerRequest): WorkerReply {
  if (request.kind === 'changes') return { ...request, changes: changesBetween(derive(request.before), derive(request.after)) };
  const { text, sim, elements } = derive(request.text);
  return { kind: 'simulated', text, sim, elements };
}

/** A worker that failed (it could not load, it threw) is dropped; what waited on it is answered here. */
function workerFailed(): void {
  worker?.terminate();
  worker = undefined;
  const pending = [...waiting.values()];
  waiting.clear();
  for (const { request, waiters } of pending) {
    let reply: WorkerReply;
    try {
      reply = answer(request);
    } catch (error) {
      for (const w of waiters) w.reject(error);
      continue;
    }
    for (const w of waiters) w.resolve(reply);
  }
}

function ask(request: WorkerRequest): Promise<WorkerReply> {
  if (typeof Worker === 'undefined') return Promise.resolve().then(() => answer(request));
  return new Promise((resolve, reject) => {
    if (!worker) {
      worker = new Worker(new URL('./derive-worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (e: MessageEvent<WorkerReply>) => {
        const key = keyOf(e.data);
        for (const w of waiting.get(key)?.waiters ?? []) w.resolve(e.data);
        waiting.delete(key);
      };
      worker.onerror = workerFailed;
    }
    const key = keyOf(request);
    const queued = waiting.get(key);
    if (queued) queued.waiters.push({ resolve, reject });
    else {
      waiting.set(key, { request, waiters: [{ resolve, reject }] });
      worker.postMessage(request);
    }
  });
}

const large = (text: string) => text.length >= WORKER_THRESHOLD;

/** Derives a large text off the main thread (a small one at once); the result joins the cache. */
export async function deriveInBackground(text: string): Promise<Derived> {
  const hit = cache.get(text);
  if (hit) return remember(hit);
  if (!large(text)) return derive(text);
  const reply = await ask({ kind: 'simulate', text });
  if (reply.kind !== 'simulated') throw new Error('the simulation worker answered another question');
  return cache.get(text) ?? remember(new Derived(reply.text, reply.sim, reply.elements));
}

/**
 * The changes between two shown scenarios: for large ones the worker compares them, as it holds
 * their dataplanes (the page builds one only when a flow, the inspector or the terminal asks).
 */
export async function changesInBackground(before: Derived, after: Derived): Promise<Change[]> {
  if (!large(before.text) && !large(after.text)) return changesBetween(before, after);
  const reply = await ask({ kind: 'changes', before: before.text, after: after.text });
  return reply.kind === 'changes' ? reply.changes : [];
}

const traces = new WeakMap<Derived, Map<string, Trace | Error>>();

/** The trace of a flow on a derived scenario, memoised; an Error when the source is gone. */
export function traceOf(derived: Derived, flow: TraceRequest, seed = 1): Trace | Error {
  let byFlow = traces.get(derived);
  if (!byFlow) traces.set(derived, (byFlow = new Map()));
  const key = JSON.stringify([flow, seed]);
  let t = byFlow.get(key);
  if (!t) {
    try {
      t = trace(derived.dataplane, flow, seed);
    } catch (e) {
      t = e as Error;
    }
    byFlow.set(key, t);
  }
  return t;
}
