/**
 * The derive worker's own work (src/store/derive-worker.ts): it simulates texts, keeps the few
 * it derived last (and the last without errors) with their dataplanes, built on first use, and
 * answers from them: the page's change list, traces, bursts, the inspector, lesson commands and
 * exercises. Where there is no Worker (Node, a browser that cannot start one) the page loads this
 * module and answers on its own thread.
 */
import { buildDataplane } from '../core/dataplane/index.ts';
import type { Dataplane } from '../core/dataplane/model.ts';
import { diffStates } from '../core/diff.ts';
import { msg } from '../core/message.ts';
import { simulate, type Simulation } from '../core/index.ts';
import { graphElements, type GraphElement } from '../graph/elements.ts';
import { withinBudget, type Overview } from '../graph/overview.ts';
import type { WorkerReply, WorkerRequest } from './derive-protocol.ts';
import { answerQuestion, type Worked } from './questions.ts';
import type { Simulated } from './simulation.ts';
import { RecentTexts } from './recent.ts';
import { failedSimulation, stoppedSimulation } from './stopped.ts';

class WorkedText implements Worked {
  readonly errors: number;
  private built?: Dataplane;

  constructor(
    readonly text: string,
    readonly sim: Simulation,
    readonly elements: readonly GraphElement[],
    readonly overview?: Overview,
  ) {
    this.errors = sim.diagnostics.filter((d) => d.severity === 'error').length;
  }

  /**
   * Built on first use: the graph needs none of it, and for a large cluster (86,000 rules at 50
   * nodes) building it would hold back every edit's picture.
   */
  get dataplane(): Dataplane {
    return (this.built ??= buildDataplane(this.sim.state));
  }
}

const recent = new RecentTexts<WorkedText>(6);

/** The text's simulation and its drawing, computed on this thread. */
export function simulated(text: string): Simulated {
  const sim = simulate(text);
  const { elements, overview } = withinBudget(graphElements(sim.state));
  return { text, sim, elements, ...(overview ? { overview } : {}) };
}

/** A text's derivation, from the cache or made now (a worker started afresh has forgotten). */
export function worked(text: string): Worked {
  const hit = recent.get(text);
  if (hit) return recent.remember(hit);
  const s = simulated(text);
  return recent.remember(new WorkedText(s.text, s.sim, s.elements, s.overview));
}

/** A request's reply: the worker's work, and the page's fallback where there is no worker. */
export function answer(request: WorkerRequest): WorkerReply {
  switch (request.kind) {
    case 'simulate': {
      // Kept for what follows: the change list, the flow's trace, the inspector.
      const { text, sim, elements, overview } = worked(request.text);
      return { id: request.id, kind: 'simulated', text, sim, elements, ...(overview ? { overview } : {}) };
    }
    case 'stopped':
      return { id: request.id, kind: 'simulated', ...stoppedSimulation(request.text, request.ms) };
    case 'changes': {
      const [before, after] = [worked(request.before), worked(request.after)];
      return { id: request.id, kind: 'changes', changes: diffStates(before.sim.state, after.sim.state, before.dataplane, after.dataplane) };
    }
    case 'ask':
      return { id: request.id, kind: 'answer', answer: answerQuestion(worked(request.question.text), request.question) };
  }
}

/**
 * A request's reply, whatever its work throws: a simulation that throws shows the error at the
 * text's first line, a question that throws is answered 'failed', a change list is empty and says why. The
 * worker lives on (a throw would end every derivation of the page's visit), and the page never
 * waits for a reply that will not come.
 */
export function safeAnswer(request: WorkerRequest): WorkerReply {
  try {
    return answer(request);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    switch (request.kind) {
      case 'simulate':
      case 'stopped':
        return { id: request.id, kind: 'simulated', ...failedSimulation(request.text, detail) };
      case 'changes':
        return { id: request.id, kind: 'changes', changes: [], failed: msg('question.failed', { detail }) };
      case 'ask':
        return { id: request.id, kind: 'answer', answer: { kind: 'failed', why: msg('question.failed', { detail }) } };
    }
  }
}
