/**
 * The derived data of a scenario text: simulation, graph elements (within the drawing budget)
 * and, when asked for, the dataplane. Texts are derived in a Web Worker (src/store/derive-worker.ts)
 * whatever their size, so the page's thread only draws: a newer text stops the older one's work,
 * and work past its time budget is stopped with a message that names the likely cause. The results
 * are memoised (a few recent texts, and the last one without errors), never stored in the store.
 */
import { buildDataplane } from '../core/dataplane/index.ts';
import type { Dataplane } from '../core/dataplane/model.ts';
import { diffStates, type Change } from '../core/diff.ts';
import { simulate, type Simulation } from '../core/index.ts';
import { trace, type Trace, type TraceRequest } from '../core/trace/index.ts';
import { graphElements, type GraphElement } from '../graph/elements.ts';
import { withinBudget, type Overview } from '../graph/overview.ts';
import { stoppedSimulation } from './stopped.ts';
import type { WorkerReply, WorkerRequest } from './derive-protocol.ts';

/** What the worker sends back for a text: everything but the dataplane. */
export interface Simulated {
  readonly text: string;
  readonly sim: Simulation;
  /** The graph's elements, within the drawing budget. */
  readonly elements: readonly GraphElement[];
  /** Set when the graph is an overview: what it counts instead of drawing. */
  readonly overview?: Overview;
}

export class Derived implements Simulated {
  readonly errors: number;
  readonly warnings: number;
  private built?: Dataplane;

  constructor(
    readonly text: string,
    readonly sim: Simulation,
    readonly elements: readonly GraphElement[],
    readonly overview?: Overview,
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
/** The last text without errors: what the graph shows while the text is broken, never forgotten. */
let lastGood: Derived | undefined;

function remember(derived: Derived): Derived {
  cache.delete(derived.text);
  cache.set(derived.text, derived);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  if (derived.errors === 0) lastGood = derived;
  return derived;
}

/** What the store holds as its simulated text before the first text is derived: nothing drawn. */
export const UNDERIVED = '\u0000 not derived yet';
let nothing: Derived | undefined;

function cached(text: string): Derived | undefined {
  if (text === UNDERIVED) {
    const empty = stoppedSimulation('', 0).sim;
    return (nothing ??= new Derived(
      text,
      { ...empty, diagnostics: [], ok: true, state: { ...empty.state, cluster: { ...empty.state.cluster, nodes: [], hosts: [] } } },
      [],
    ));
  }
  return cache.get(text) ?? (lastGood?.text === text ? lastGood : undefined);
}

/** The text's simulation and its drawing, computed on this thread: the worker's own work. */
export function simulated(text: string): Simulated {
  const sim = simulate(text);
  const { elements, overview } = withinBudget(graphElements(sim.state));
  return { text, sim, elements, ...(overview ? { overview } : {}) };
}

const fromSimulated = (s: Simulated) => new Derived(s.text, s.sim, s.elements, s.overview);

/**
 * The derived data of a text the page has had derived (deriveInBackground): from the cache. A text
 * never derived is derived here, on this thread (a fallback: the store shows only derived texts).
 */
export function derive(text: string): Derived {
  const hit = cached(text);
  if (hit) return remember(hit);
  return remember(fromSimulated(simulated(text)));
}

/** What changed from one shown scenario to the next (rules included): the page's change list. */
export function changesBetween(before: Derived, after: Derived): Change[] {
  return diffStates(before.sim.state, after.sim.state, before.dataplane, after.dataplane);
}

/** How long a text's derivation may run before it is stopped; the lab's takes milliseconds. */
export const DERIVE_BUDGET_MS = 8000;

/** What the page needs of a worker; a test may lend another (see lendWorkers). */
export interface DeriveWorker {
  postMessage(request: WorkerRequest): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<WorkerReply>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

let makeWorker: (() => DeriveWorker) | undefined =
  typeof Worker === 'undefined' ? undefined : () => new Worker(new URL('./derive-worker.ts', import.meta.url), { type: 'module' });

/** Lends the module another way to make workers (tests); undefined derives on this thread. */
export function lendWorkers(make: (() => DeriveWorker) | undefined): void {
  stopWorker();
  makeWorker = make;
}

interface Job {
  readonly request: WorkerRequest;
  readonly resolve: (reply: WorkerReply) => void;
  timer?: ReturnType<typeof setTimeout>;
}

let worker: DeriveWorker | undefined;
let nextId = 1;
/** Requests sent to the worker and not yet answered, by id. */
const jobs = new Map<number, Job>();
/** The text being derived now, and its promise. */
let running: { readonly text: string; readonly derived: Promise<Derived> } | undefined;

function stopWorker(): void {
  worker?.terminate();
  worker = undefined;
}

/** A request's reply, computed on this thread: the worker's own work, and the page's fallback. */
export function answer(request: WorkerRequest): WorkerReply {
  if (request.kind === 'changes')
    return { id: request.id, kind: 'changes', changes: changesBetween(derive(request.before), derive(request.after)) };
  // Kept for the change list that follows, which compares this text with the one shown before.
  const { text, sim, elements, overview } = derive(request.text);
  return { id: request.id, kind: 'simulated', text, sim, elements, ...(overview ? { overview } : {}) };
}

function post(job: Job): void {
  if (!worker) {
    const made = makeWorker!();
    made.onmessage = (e) => settle(e.data);
    // A worker that cannot load or throws is given up: what waits on it is answered here.
    made.onerror = () => {
      stopWorker();
      makeWorker = undefined;
      for (const j of [...jobs.values()]) settle(answer(j.request));
    };
    worker = made;
  }
  worker.postMessage(job.request);
}

function settle(reply: WorkerReply): void {
  const job = jobs.get(reply.id);
  if (!job) return;
  jobs.delete(reply.id);
  clearTimeout(job.timer);
  job.resolve(reply);
}

/** Stops the worker and starts another for the requests still waiting (all but `dropped`). */
function restart(dropped: (job: Job) => boolean): void {
  stopWorker();
  for (const [id, job] of [...jobs]) {
    if (dropped(job)) {
      clearTimeout(job.timer);
      jobs.delete(id);
    } else post(job);
  }
}

function ask(request: WorkerRequest): Promise<WorkerReply> {
  if (!makeWorker) return Promise.resolve().then(() => answer(request));
  return new Promise((resolve) => {
    const job: Job = { request, resolve };
    jobs.set(request.id, job);
    post(job);
  });
}

/**
 * Derives a text off the main thread; the result joins the cache. A newer call stops an older
 * one's work (its promise never settles: a stale picture never lands), and work past the time
 * budget is stopped and answered with an error that names the likely cause.
 */
export function deriveInBackground(text: string): Promise<Derived> {
  const same = running?.text === text ? running.derived : undefined;
  if (same) return same;
  // Older simulations still running are old news: the worker is stopped and started afresh.
  const older = (job: Job) => job.request.kind === 'simulate';
  if ([...jobs.values()].some(older)) restart(older);
  running = undefined;
  const hit = cached(text);
  if (hit) return Promise.resolve(remember(hit));
  const id = nextId++;
  const reply = ask({ id, kind: 'simulate', text });
  const job = jobs.get(id);
  if (job)
    job.timer = setTimeout(() => {
      restart((j) => j === job);
      job.resolve({ id, kind: 'simulated', ...stoppedSimulation(text, DERIVE_BUDGET_MS) });
    }, DERIVE_BUDGET_MS);
  const derived = reply.then((r) => {
    if (running?.derived === derived) running = undefined;
    if (r.kind !== 'simulated') throw new Error('the simulation worker answered another question');
    return cached(text) ?? remember(fromSimulated(r));
  });
  running = { text, derived };
  return derived;
}

/** The changes between two shown scenarios, compared in the worker (it holds their dataplanes). */
export async function changesInBackground(before: Derived, after: Derived): Promise<Change[]> {
  const reply = await ask({ id: nextId++, kind: 'changes', before: before.text, after: after.text });
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
