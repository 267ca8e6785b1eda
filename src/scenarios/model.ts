/** Built-in scenarios and their lessons: what a step shows, runs and asks, in two languages. */
import type { StepFlow } from '../core/flows.ts';
import type { Focus } from '../graph/focus.ts';
import type { Check } from './exercises.ts';

/**
 * A lesson's words in each language it is written in; English always. A language the page speaks
 * but a lesson is not yet written in shows the English (see `inLanguage`).
 */
export type Words = { readonly en: string; readonly [language: string]: string | undefined };

/** The words in `language`, or the English ones when there are none yet (`fallback` says so, for the page to show it). */
export function inLanguage(w: Words, language: string): { readonly text: string; readonly fallback: boolean } {
  const text = w[language];
  return text === undefined ? { text: w.en, fallback: language !== 'en' } : { text, fallback: false };
}

export interface Question {
  readonly prompt: Words;
  readonly choices: readonly Words[];
  readonly answer: number;
  /** Why the answer is right, shown once answered. */
  readonly why: Words;
}

export interface Step {
  /** Its name in links and saves, unique in its lesson and never changed (a link made once must keep opening it). */
  readonly id: string;
  readonly title: Words;
  /** The explanation; paragraphs separated by blank lines. */
  readonly body: Words;
  /** The whole scenario text this step puts in the editor. */
  readonly text: string;
  /**
   * Commands whose output the step shows, run on the simulation (never canned); `fails`: the step
   * is about this command failing (a lookup a policy blocks), so it must not succeed.
   */
  readonly commands?: readonly { readonly node?: string; readonly line: string; readonly fails?: boolean }[];
  /** What the step is about on the graph: brought into view and highlighted when it opens. */
  readonly focus?: Focus;
  /** The flow the step animates. */
  readonly flow?: StepFlow;
  /** Send a burst of 100 requests on that flow. */
  readonly burst?: boolean;
  readonly question?: Question;
  /** A goal the learner reaches by editing the manifests, checked by running flows. */
  readonly exercise?: { readonly goal: Words; readonly hints: readonly Words[]; readonly check: Check };
  /** The step's work is in the editor (manifests to fix): presenter mode keeps the editor in view. */
  readonly inEditor?: boolean;
}

/** Whether a step's work is done in the editor: manifests to fix, or an exercise's edits. */
export function worksInEditor(step: Step | undefined): boolean {
  return step !== undefined && (step.inEditor === true || step.exercise !== undefined);
}

export interface Scenario {
  readonly id: string;
  readonly title: Words;
  readonly text: string;
  readonly steps: readonly Step[];
}
