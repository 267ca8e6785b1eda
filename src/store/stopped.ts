/**
 * The answer for a text whose derivation ran past its time budget and was stopped: one error at
 * its first line that says so and names the count most likely to blame, found by a quick scan of
 * the text (the simulation that would have counted them never finished). Also the answer for a
 * text whose derivation threw.
 */
import { simulate, type Simulation } from '../core/index.ts';
import { msg, type Message } from '../core/message.ts';
import { MAX_DOCUMENTS, MAX_PODS, MAX_PORTS_PER_SERVICE, MAX_SERVICES, MAX_TEXT_LENGTH } from '../core/limits.ts';
import { oneError } from './one-error.ts';
import type { Simulated } from './simulation.ts';

/** A count in the text against the limit it is read with. */
interface Count {
  readonly what: Message;
  readonly count: number;
  readonly limit: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

function lines(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** The text's counts that make a simulation slow, each beside the limit it is read with. */
export function counts(text: string): Count[] {
  let replicas = 0;
  for (const m of text.matchAll(/^\s*replicas:\s*(\d+)/gm)) replicas += Number(m[1]);
  return [
    { what: msg('count.services'), count: lines(text, /^kind:\s*Service\s*$/gm), limit: MAX_SERVICES },
    { what: msg('count.pods'), count: replicas, limit: MAX_PODS },
    {
      what: msg('count.ports'),
      count: lines(text, /^\s*-?\s*\{?\s*(?:name:[^,\n]*,\s*)?port:/gm),
      limit: MAX_PORTS_PER_SERVICE * MAX_SERVICES,
    },
    { what: msg('count.documents'), count: lines(text, /^---/gm) + 1, limit: MAX_DOCUMENTS },
    { what: msg('count.characters'), count: text.length, limit: MAX_TEXT_LENGTH },
  ];
}

/** The count closest to (or furthest past) its limit: the likely cause. */
export function likelyCause(text: string): Count {
  return counts(text).reduce((worst, c) => (c.count / c.limit > worst.count / worst.limit ? c : worst));
}

let empty: Simulation | undefined;
/** The simulation of an empty text: the network a text without one is shown on. */
const nothingSimulated = () => (empty ??= simulate(''));

/** What the page shows for a text whose derivation was stopped after `ms` milliseconds. */
export function stoppedSimulation(text: string, ms: number): Simulated {
  const cause = likelyCause(text);
  const says = msg('limit.time', { seconds: ms / 1000, count: fmt(cause.count), what: cause.what, limit: fmt(cause.limit) });
  return oneError(text, nothingSimulated(), 'limit-time', says, msg('hint.time-limit'));
}

/** What the page shows for a text whose derivation threw: the error, and that the text is kept. */
export function failedSimulation(text: string, detail: string): Simulated {
  return oneError(text, nothingSimulated(), 'derive-failed', msg('derive.failed', { detail }), msg('hint.derive-failed'));
}
