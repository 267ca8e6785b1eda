/**
 * A text's simulation that says only why it has none: one error at its first line. The worker
 * words a text whose derivation was stopped or threw (src/store/stopped.ts); the page words a text
 * whose worker failed before answering (src/store/simulation.ts), as there is no worker to ask.
 */
import { inWords, type DiagnosticCode } from '../core/diagnostics.ts';
import type { Simulation } from '../core/index.ts';
import type { Message } from '../core/message.ts';
import type { Simulated } from './simulation.ts';

/** `text` with `base`'s network (nothing derived from the text) and one error at its first line. */
export function oneError(text: string, base: Simulation, code: DiagnosticCode, says: Message, advice: Message): Simulated {
  const firstLine = text.indexOf('\n') < 0 ? text.length : text.indexOf('\n');
  const sim: Simulation = {
    ...base,
    ok: false,
    diagnostics: [{ code, severity: 'error', ...inWords(says, advice), from: 0, to: firstLine, line: 1, column: 1 }],
  };
  return { text, sim, elements: [] };
}
