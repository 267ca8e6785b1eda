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

export function derive(text: string): Derived {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const sim = simulate(text);
  const dataplane = buildDataplane(sim.state);
  const derived: Derived = {
    text,
    sim,
    dataplane,
    elements: graphElements(sim.state, dataplane),
    errors: sim.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: sim.diagnostics.filter((d) => d.severity === 'warning').length,
  };
  cache.set(text, derived);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return derived;
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
