/**
 * The derived data of a scenario text: simulation, dataplane and graph elements, computed once
 * per text and memoised (a few recent texts), never stored in the store.
 */
import { buildDataplane } from '../core/dataplane/index.ts';
import type { Dataplane } from '../core/dataplane/model.ts';
import { simulate, type Simulation } from '../core/index.ts';
import { trace, type Trace, type TraceRequest } from '../core/trace/index.ts';
import { graphElements, type GraphElement } from '../graph/elements.ts';

export interface Derived {
  readonly text: string;
  readonly sim: Simulation;
  readonly dataplane: Dataplane;
  readonly elements: readonly GraphElement[];
  readonly errors: number;
  readonly warnings: number;
}

const cache = new Map<string, Derived>();
const CACHE_SIZE = 6;

/** Simulates a text from scratch: the same work in the page and in the worker. */
export function computeDerived(text: string): Derived {
  const sim = simulate(text);
  const dataplane = buildDataplane(sim.state);
  return {
    text,
    sim,
    dataplane,
    elements: graphElements(sim.state, dataplane),
    errors: sim.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: sim.diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

function remember(derived: Derived): Derived {
  cache.delete(derived.text);
  cache.set(derived.text, derived);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return derived;
}

/** The derived data of a text: from the cache, else computed now. */
export function derive(text: string): Derived {
  return remember(cache.get(text) ?? computeDerived(text));
}

/**
 * Texts at least this long are simulated in a Web Worker, so typing never waits for them; a
 * classroom scenario is far shorter and is simulated at once.
 */
export const WORKER_THRESHOLD = 40_000;

let worker: Worker | undefined;
const waiting = new Map<string, ((d: Derived) => void)[]>();

/** Derives a large text off the main thread (a small one at once); the result joins the cache. */
export function deriveInBackground(text: string): Promise<Derived> {
  const hit = cache.get(text);
  if (hit) return Promise.resolve(remember(hit));
  if (text.length < WORKER_THRESHOLD || typeof Worker === 'undefined') return Promise.resolve(derive(text));
  return new Promise((resolve) => {
    if (!worker) {
      worker = new Worker(new URL('./derive-worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (e: MessageEvent<Derived>) => {
        const d = remember(e.data);
        for (const done of waiting.get(d.text) ?? []) done(d);
        waiting.delete(d.text);
      };
      // A worker that fails (it could not load, it threw): derive here rather than never.
      worker.onerror = () => {
        worker = undefined;
        for (const [t, callbacks] of waiting) for (const done of callbacks) done(derive(t));
        waiting.clear();
      };
    }
    const queue = waiting.get(text);
    if (queue) queue.push(resolve);
    else {
      waiting.set(text, [resolve]);
      worker.postMessage(text);
    }
  });
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
