/**
 * The text slice: what the editor holds and what the simulation last ran on. Everything else
 * (simulation, dataplane, graph) is derived from the text by `derive`. The simulated text trails
 * the editor's by a short debounce, so typing never waits for the simulation.
 */
import type { StateCreator } from 'zustand';
import type { Trace, TraceRequest } from '../core/trace/index.ts';
import { answerOf } from './answers.ts';
import type { Question } from './derive-protocol.ts';
import { derive, deriveInBackground, UNDERIVED, type Derived } from './simulation.ts';
import type { AppState } from './store.ts';

export const SIMULATION_DEBOUNCE_MS = 180;

export interface TextSlice {
  /** What the editor holds. */
  readonly text: string;
  /** The text the simulation last ran on (UNDERIVED until the first text is derived). */
  readonly simulatedText: string;
  /** The last simulated text without errors: what the graph shows while the text is broken. */
  readonly lastGoodText: string;
  setText(text: string): void;
  /** Runs the simulation on the current text now (the debounce calls it). */
  commit(): void;
}

export const textSlice =
  (initialText: string): StateCreator<AppState, [], [], TextSlice> =>
  (set, get) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let commits = 0;
    let shown = 0;
    return {
      text: initialText,
      // The store's creator commits the first text: the worker derives it.
      simulatedText: UNDERIVED,
      lastGoodText: '',
      setText(text) {
        if (text === get().text) return;
        set({ text });
        clearTimeout(timer);
        timer = setTimeout(() => get().commit(), SIMULATION_DEBOUNCE_MS);
      },
      commit() {
        clearTimeout(timer);
        const { text } = get();
        const ticket = ++commits;
        const show = (errors: number) => {
          // A result that arrives after a newer commit's is old news.
          if (ticket < shown) return;
          shown = ticket;
          set({ simulatedText: text, ...(errors === 0 ? { lastGoodText: text } : {}) });
        };
        // Every text is simulated in a worker; a newer commit stops an older one's work. A simulation
        // that fails (a bug: the pipeline answers every text) leaves the last state shown, and says
        // so where a developer looks.
        deriveInBackground(text).then(
          (d) => show(d.errors),
          (error: unknown) => console.error('kube-netplay: the simulation failed on this text', error),
        );
      },
    };
  };

/** The simulation of the text last simulated (with its errors, for the problems list). */
export function currentOf(s: Pick<AppState, 'simulatedText'>): Derived {
  return derive(s.simulatedText);
}

/** What the graph shows: the last simulation without errors (the current one while there is none). */
export function shownOf(s: Pick<AppState, 'simulatedText' | 'lastGoodText'>): Derived {
  return derive(shownText(s));
}

/** The text the graph shows: the last one without errors (the current one while there is none). */
export function shownText(s: Pick<AppState, 'simulatedText' | 'lastGoodText'>): string {
  return s.lastGoodText || s.simulatedText;
}

/** The question of a flow's trace on the shown network (seed 1: the packet the panel plays). */
export function traceQuestion(s: Pick<AppState, 'simulatedText' | 'lastGoodText'>, flow: TraceRequest): Question {
  return { kind: 'trace', text: shownText(s), flow, seed: 1 };
}

/**
 * The trace of the chosen flow on the shown network, traced in the worker: undefined while there
 * is no flow or its trace is on its way (see tracePending), an Error when the source is gone.
 */
export function traceFor(s: Pick<AppState, 'simulatedText' | 'lastGoodText' | 'flow' | 'answers'>): Trace | Error | undefined {
  const answered = s.flow && answerOf(s, traceQuestion(s, s.flow));
  return answered && answered.kind === 'trace' ? answered.trace : undefined;
}

/** Whether a flow is chosen and its trace on the shown network has not arrived yet. */
export function tracePending(s: Pick<AppState, 'simulatedText' | 'lastGoodText' | 'flow' | 'answers'>): boolean {
  return s.flow !== undefined && traceFor(s) === undefined;
}
