/**
 * The derived data of a scenario text on the page: its simulation and graph elements (within the
 * drawing budget), never its dataplane. Texts are derived in a Web Worker (src/store/derive-worker.ts)
 * whatever their size, and everything the page asks of a derived text (the change list, a trace, a
 * burst, the inspector, lesson commands, exercises) is answered there, so the page's thread only
 * draws: a newer text stops the older one's work, and work past its time budget is stopped with a
 * message that names the likely cause. The results are memoised (a few recent texts, and the last
 * one without errors), never stored in the store. This module never imports the tracer or the
 * dataplane builder: the page's first JavaScript carries neither.
 */
import type { Change } from '../core/diff.ts';
import type { Simulation } from '../core/index.ts';
import type { ClusterState } from '../core/model.ts';
import { LAB_CLUSTER } from '../core/validate/cluster.ts';
import type { GraphElement } from '../graph/elements.ts';
import type { Overview } from '../graph/overview.ts';
import { msg } from '../core/message.ts';
import { RecentTexts } from './recent.ts';
import type { Answer, Question, WorkerReply, WorkerRequest } from './derive-protocol.ts';

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

  constructor(
    readonly text: string,
    readonly sim: Simulation,
    readonly elements: readonly GraphElement[],
    readonly overview?: Overview,
  ) {
    this.errors = sim.diagnostics.filter((d) => d.severity === 'error').length;
    this.warnings = sim.diagnostics.filter((d) => d.severity === 'warning').length;
  }
}

const recent = new RecentTexts<Derived>(6);
const remember = (derived: Derived) => recent.remember(derived);

/** What the store holds as its simulated text before the first text is derived: nothing drawn. */
export const UNDERIVED = '\u0000 not derived yet';
const EMPTY: ClusterState = {
  cluster: { ...LAB_CLUSTER, nodes: [], hosts: [] },
  namespaces: [],
  namespaceLabels: {},
  networkPolicies: [],
  controllers: [],
  pods: [],
  services: [],
  endpoints: [],
  events: [],
};
const nothing = new Derived(UNDERIVED, { diagnostics: [], ok: true, state: EMPTY, documents: [] }, []);

function cached(text: string): Derived | undefined {
  if (text === UNDERIVED) return nothing;
  return recent.get(text);
}

const fromSimulated = (s: Simulated) => new Derived(s.text, s.sim, s.elements, s.overview);

/**
 * The derived data of a text the page has had derived (deriveInBackground), from the cache: the
 * store shows only derived texts. A text never derived shows nothing.
 */
export function derive(text: string): Derived {
  const hit = cached(text);
  return hit ? remember(hit) : nothing;
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

type Answering = typeof import('./derive-answer.ts');
let here: Promise<Answering> | undefined;

/**
 * A request's reply, computed on this thread: the fallback where there is no worker (Node, a
 * browser that cannot start one). The worker's code is loaded only then, never with the page.
 */
function answerHere(request: WorkerRequest): Promise<WorkerReply> {
  here ??= import('./derive-answer.ts');
  return here.then((m) => m.safeAnswer(request));
}

function post(job: Job): void {
  if (!worker) {
    const made = makeWorker!();
    made.onmessage = (e) => settle(e.data);
    // A worker that cannot load or throws is given up: what waits on it is answered here.
    made.onerror = () => {
      stopWorker();
      makeWorker = undefined;
      for (const j of [...jobs.values()]) void answerHere(j.request).then(settle);
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

/**
 * Stops the worker and forgets the requests it drops; returns a function that starts another
 * for the requests still waiting (called after the newer work is posted, so that goes first).
 * A dropped trace is answered 'dropped' (the store asks again for the text it shows); a dropped
 * simulation is never answered (a stale picture never lands).
 */
function restart(dropped: (job: Job) => boolean): () => void {
  stopWorker();
  for (const [id, job] of [...jobs]) {
    if (!dropped(job)) continue;
    clearTimeout(job.timer);
    jobs.delete(id);
    if (job.request.kind === 'ask') job.resolve({ id, kind: 'dropped' });
  }
  const waiting = [...jobs.values()];
  return () => waiting.forEach(post);
}

/**
 * Work that is old news when a newer text comes: the simulations still running, and the traces
 * asked of texts the worker will have forgotten (a new worker would simulate them again before
 * anything else). Other questions (a burst, the inspector, a step's commands, an exercise) are
 * asked by a person and kept.
 */
const oldNews = (job: Job) => job.request.kind === 'simulate' || (job.request.kind === 'ask' && job.request.question.kind === 'trace');

/** How long a question (a trace, a burst, the change list, …) may run; the lab's take milliseconds. */
export const QUESTION_BUDGET_MS = DERIVE_BUDGET_MS;

/** The reply to work stopped past its budget: a question says so in words, a change list is empty. */
function outOfTime(request: WorkerRequest): WorkerReply {
  if (request.kind === 'changes') return { id: request.id, kind: 'changes', changes: [] };
  const why = msg('question.time', { seconds: QUESTION_BUDGET_MS / 1000 });
  return { id: request.id, kind: 'answer', answer: { kind: 'failed', why } };
}

function ask(request: WorkerRequest): Promise<WorkerReply> {
  if (!makeWorker) return answerHere(request);
  return new Promise((resolve) => {
    const job: Job = { request, resolve };
    jobs.set(request.id, job);
    post(job);
    // A simulation's budget is set by deriveInBackground (it words the stopped text's error).
    if (request.kind === 'ask' || request.kind === 'changes')
      job.timer = setTimeout(() => {
        jobs.delete(request.id);
        resolve(outOfTime(request));
        // The worker is stopped, and a new one takes the work still waiting.
        restart(() => false)();
      }, QUESTION_BUDGET_MS);
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
  const resume = [...jobs.values()].some(older) ? restart(oldNews) : undefined;
  running = undefined;
  const hit = cached(text);
  if (hit) {
    resume?.();
    return Promise.resolve(remember(hit));
  }
  const id = nextId++;
  const reply = ask({ id, kind: 'simulate', text });
  resume?.();
  const job = jobs.get(id);
  if (job)
    job.timer = setTimeout(() => {
      restart((j) => j === job)();
      // A worker started afresh words the error (it reads the text's counts), at once.
      void ask({ id: nextId++, kind: 'stopped', text, ms: DERIVE_BUDGET_MS }).then(job.resolve);
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

/**
 * What a derived text's question asks, answered in the worker from the texts it keeps (a worker
 * started afresh derives the text again). Undefined when a newer text made it old news (a trace).
 */
export async function askInBackground(question: Question): Promise<Answer | undefined> {
  const reply = await ask({ id: nextId++, kind: 'ask', question });
  if (reply.kind === 'dropped') return undefined;
  if (reply.kind !== 'answer') throw new Error('the simulation worker answered another question');
  return reply.answer;
}
