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
import type { Simulation } from '../core/index.ts';
import type { ClusterState } from '../core/model.ts';
import { LAB_CLUSTER } from '../core/validate/cluster.ts';
import type { GraphElement } from '../graph/elements.ts';
import type { Overview } from '../graph/overview.ts';
import { msg } from '../core/message.ts';
import { oneError } from './one-error.ts';
import { RecentTexts } from './recent.ts';
import type { Answer, ChangeList, Question, WorkerReply, WorkerRequest } from './derive-protocol.ts';

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
  /** How long the job may run, and what becomes of it past that (none for a 'stopped' text). */
  readonly budget?: { readonly ms: number; readonly expire: (job: Job) => void };
  timer?: ReturnType<typeof setTimeout>;
}

let worker: DeriveWorker | undefined;
let nextId = 1;
/** Requests sent to the worker and not yet answered, by id. */
const jobs = new Map<number, Job>();
/**
 * The jobs posted to the current worker, in order: it answers one message at a time, so the first
 * is the one it works on. Only that one's clock runs: time spent queued is not held against a job.
 */
let queue: Job[] = [];
/** The text being derived now, and its promise. */
let running: { readonly text: string; readonly derived: Promise<Derived> } | undefined;

/** Starts the clock of the job the worker works on now, once. */
function clockFirst(): void {
  const first = queue[0];
  if (!first?.budget || first.timer !== undefined) return;
  const { ms, expire } = first.budget;
  first.timer = setTimeout(() => expire(first), ms);
}

function stopWorker(): void {
  worker?.terminate();
  worker = undefined;
  // Nothing runs now: every clock stops, and starts afresh when a new worker takes the job.
  queue = [];
  for (const job of jobs.values()) {
    clearTimeout(job.timer);
    job.timer = undefined;
  }
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

/** What the page shows for a text whose worker failed before answering: there is no worker to word it. */
export const crashedSimulation = (text: string): Simulated =>
  oneError(text, nothing.sim, 'derive-failed', msg('derive.crashed'), msg('hint.derive-failed'));

/** The reply to work whose worker failed (onerror) before answering it: a failure in words. */
function crashed(request: WorkerRequest): WorkerReply {
  const why = msg('question.crashed');
  switch (request.kind) {
    case 'simulate':
    case 'stopped':
      return { id: request.id, kind: 'simulated', ...crashedSimulation(request.text) };
    case 'changes':
      return { id: request.id, kind: 'changes', changes: [], failed: why };
    case 'ask':
      return { id: request.id, kind: 'answer', answer: { kind: 'failed', why } };
  }
}

/**
 * A worker that failed (it could not load, or an error escaped it: memory, a reply it could not
 * send) is given up and every clock stops. The work it was on is answered as failed (given again,
 * it could fail the next worker too); the work queued behind it goes to a new worker. Never
 * answered on this thread: the page's thread only draws, whatever text the worker failed on.
 */
function workerFailed(failed: DeriveWorker, error: ErrorEvent): void {
  if (failed !== worker) return;
  // Handled here, and said to the visitor in words: for a developer a warning, not an uncaught error.
  error.preventDefault();
  console.warn('kube-netplay: the derive worker failed; the work it was on is answered as failed', error);
  const [working, ...waiting] = queue;
  stopWorker();
  if (working) settle(crashed(working.request));
  waiting.forEach(post);
}

function post(job: Job): void {
  if (!makeWorker) {
    void answerHere(job.request).then(settle);
    return;
  }
  if (!worker) {
    const made = makeWorker();
    made.onmessage = (e) => settle(e.data);
    made.onerror = (e) => workerFailed(made, e);
    worker = made;
  }
  queue.push(job);
  worker.postMessage(job.request);
  clockFirst();
}

function settle(reply: WorkerReply): void {
  const job = jobs.get(reply.id);
  if (!job) return;
  jobs.delete(reply.id);
  clearTimeout(job.timer);
  queue = queue.filter((j) => j !== job);
  clockFirst();
  job.resolve(reply);
}

/**
 * Stops the worker and forgets the requests it drops; returns a function that starts another
 * for the requests still waiting (called after the newer work is posted, so that goes first).
 * A dropped question (a trace, a matrix) is answered 'dropped' (the page asks again for the text
 * it shows); a dropped simulation is never answered (a stale picture never lands).
 */
function restart(dropped: (job: Job) => boolean): () => void {
  stopWorker();
  for (const [id, job] of [...jobs]) {
    if (!dropped(job)) continue;
    jobs.delete(id);
    if (job.request.kind === 'ask') job.resolve({ id, kind: 'dropped' });
  }
  const waiting = [...jobs.values()];
  return () => waiting.forEach(post);
}

/**
 * Work that is old news when a newer text comes: the simulations still running, and the traces and
 * reachability matrices asked of texts the worker will have forgotten (a new worker would simulate
 * them again before anything else; the page asks again for the text it shows). Other questions (a
 * burst, the inspector, a step's commands, an exercise) are asked by a person and kept.
 */
const REDRAWN: ReadonlySet<Question['kind']> = new Set(['trace', 'reachability']);
const oldNews = (job: Job) => job.request.kind === 'simulate' || (job.request.kind === 'ask' && REDRAWN.has(job.request.question.kind));

/** How long a question (a trace, a burst, the change list, …) may run; the lab's take milliseconds. */
export const QUESTION_BUDGET_MS = DERIVE_BUDGET_MS;

/** The reply to work stopped past its budget: a question or change list says so in words. */
function outOfTime(request: WorkerRequest): WorkerReply {
  const why = msg('question.time', { seconds: QUESTION_BUDGET_MS / 1000 });
  if (request.kind === 'changes') return { id: request.id, kind: 'changes', changes: [], failed: why };
  return { id: request.id, kind: 'answer', answer: { kind: 'failed', why } };
}

/** A question or change list past its budget: answered in words, and the worker is started afresh. */
const questionBudget = {
  ms: QUESTION_BUDGET_MS,
  expire(job: Job): void {
    jobs.delete(job.request.id);
    job.resolve(outOfTime(job.request));
    // The worker is stopped, and a new one takes the work still waiting.
    restart(() => false)();
  },
};

/**
 * Sends a request to the worker. Its budget is the question budget, or `budget` (a simulation's is
 * set by deriveInBackground: it words the stopped text's error); its clock runs from the moment
 * the worker starts it, not while it waits behind other work.
 */
function ask(request: WorkerRequest, budget?: Job['budget']): Promise<WorkerReply> {
  if (!makeWorker) return answerHere(request);
  return new Promise((resolve) => {
    const asked = request.kind === 'ask' || request.kind === 'changes';
    const job: Job = { request, resolve, ...(asked ? { budget: questionBudget } : budget ? { budget } : {}) };
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
  const resume = [...jobs.values()].some(older) ? restart(oldNews) : undefined;
  running = undefined;
  const hit = cached(text);
  if (hit) {
    resume?.();
    return Promise.resolve(remember(hit));
  }
  const reply = ask(
    { id: nextId++, kind: 'simulate', text },
    {
      ms: DERIVE_BUDGET_MS,
      expire(job) {
        restart((j) => j === job)();
        // A worker started afresh words the error (it reads the text's counts).
        void ask({ id: nextId++, kind: 'stopped', text, ms: DERIVE_BUDGET_MS }).then(job.resolve);
      },
    },
  );
  resume?.();
  const derived = reply.then((r) => {
    if (running?.derived === derived) running = undefined;
    if (r.kind !== 'simulated') throw new Error('the simulation worker answered another question');
    return cached(text) ?? remember(fromSimulated(r));
  });
  running = { text, derived };
  return derived;
}

/**
 * The changes between two shown scenarios, compared in the worker (it holds their dataplanes); a
 * list that could not be made (it threw, or ran past its budget) says why.
 */
export async function changesInBackground(before: Derived, after: Derived): Promise<ChangeList> {
  const reply = await ask({ id: nextId++, kind: 'changes', before: before.text, after: after.text });
  if (reply.kind !== 'changes') throw new Error('the simulation worker answered another question');
  return reply.failed ? { changes: reply.changes, failed: reply.failed } : { changes: reply.changes };
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
