/**
 * The answers slice: what the page asked the derive worker about a derived text (a flow's trace,
 * a burst, the inspector's views, a lesson step's commands, an exercise's check) and the answers
 * that came back, kept by text and question. Selectors read them; a question not answered yet
 * reads as undefined (on its way), never as another text's answer.
 */
import type { StateCreator } from 'zustand';
import type { Message } from '../core/message.ts';
import type { Trace } from '../core/trace/index.ts';
import type { Answer, Burst, Question, TraceFailure } from './derive-protocol.ts';
import { askInBackground, UNDERIVED } from './simulation.ts';
import type { AppState } from './store.ts';

/** A trace or burst the worker could not work out (it threw, or ran past its budget): why, in words. */
export class Unanswerable extends Error {
  constructor(readonly why: Message) {
    super(why.code);
  }
}

/** An answer as the page keeps it: a trace that could not be made is an Error (an Unanswerable: why, in words). */
export type Answered =
  | { readonly kind: 'trace'; readonly trace: Trace | Error }
  | { readonly kind: 'burst'; readonly burst: Burst | Error }
  | Exclude<Answer, { readonly kind: 'trace' | 'burst' }>;

export interface AnswersSlice {
  /** The answers that came back, by text, then by the rest of the question. */
  readonly answers: ReadonlyMap<string, ReadonlyMap<string, Answered>>;
  /**
   * Asks the worker, unless the question is answered or on its way; the answer joins `answers`.
   * Undefined when a newer text made the question old news before it was answered (a trace).
   */
  want(question: Question): Promise<Answered | undefined>;
}

/** The texts whose answers are kept: the shown one, the one before, and a few more. */
const TEXTS_KEPT = 8;

/** A question's key among its text's answers. */
function keyOf(question: Question): string {
  const { text: _text, ...rest } = question;
  return JSON.stringify(rest);
}

const failed = (x: TraceFailure | Trace | Burst): x is TraceFailure => 'failed' in x;

function kept(answer: Answer, question: Question): Answered {
  if (answer.kind === 'failed' && question.kind === 'trace') return { kind: 'trace', trace: new Unanswerable(answer.why) };
  if (answer.kind === 'failed' && question.kind === 'burst') return { kind: 'burst', burst: new Unanswerable(answer.why) };
  if (answer.kind === 'trace') return { kind: 'trace', trace: failed(answer.trace) ? new Unanswerable(answer.trace.failed) : answer.trace };
  if (answer.kind === 'burst') return { kind: 'burst', burst: failed(answer.burst) ? new Unanswerable(answer.burst.failed) : answer.burst };
  return answer;
}

/** The answer to a question, if it came back. */
export function answerOf(s: Pick<AppState, 'answers'>, question: Question): Answered | undefined {
  return s.answers.get(question.text)?.get(keyOf(question));
}

export const answersSlice: StateCreator<AppState, [], [], AnswersSlice> = (set, get) => {
  /** Questions on their way, by text and key. */
  const asking = new Map<string, Promise<Answered | undefined>>();
  return {
    answers: new Map(),
    want(question) {
      const here = answerOf(get(), question);
      if (here) return Promise.resolve(here);
      if (question.text === UNDERIVED) return new Promise(() => undefined);
      const key = `${keyOf(question)}\u0000${question.text}`;
      const on = asking.get(key);
      if (on) return on;
      const answered = askInBackground(question).then((answer) => {
        asking.delete(key);
        if (!answer) return undefined;
        const done = kept(answer, question);
        const answers = new Map(get().answers);
        const mine = new Map(answers.get(question.text));
        mine.set(keyOf(question), done);
        answers.delete(question.text);
        answers.set(question.text, mine);
        if (answers.size > TEXTS_KEPT) answers.delete(answers.keys().next().value!);
        set({ answers });
        return done;
      });
      answered.catch(() => asking.delete(key));
      asking.set(key, answered);
      return answered;
    },
  };
};
