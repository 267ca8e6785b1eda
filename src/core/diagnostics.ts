/**
 * The one catalogue of diagnostics: every problem the core reports has a stable code here, used by
 * the validator, the editor's marks, the CLI and the tests.
 */

import type { Message } from './message.ts';
import { inEnglish } from './problems-en.ts';

export const DIAGNOSTIC_CODES = {
  'yaml-syntax': 'The text is not valid YAML.',
  'yaml-tab': 'A tab is used for indentation; YAML allows only spaces.',
  'yaml-duplicate-key': 'A mapping has the same key twice.',
  'yaml-alias-limit': 'Too many YAML aliases (a resource exhaustion attempt or a mistake).',
  'not-an-object': 'A document is not a mapping of fields.',
  'missing-api-version': 'The document has no apiVersion.',
  'missing-kind': 'The document has no kind.',
  'unknown-kind': 'No kind of that name exists in that apiVersion.',
  'wrong-api-version': 'The kind exists, but not in that apiVersion.',
  'unknown-field': 'A field that the schema of this object does not have.',
  'wrong-type': 'A value of the wrong type (a string where a number goes, a list where a mapping goes, …).',
  required: 'A required field is missing.',
  'invalid-value': 'A value the API server rejects.',
  'unsupported-value': 'A value outside the allowed set.',
  'selector-mismatch': "The controller's selector does not match its pod template's labels.",
  'duplicate-name': 'Two objects of the same kind have the same name in one namespace.',
  'namespace-not-found': 'The object is in a namespace that does not exist.',
  'cluster-ip-range': 'An explicit clusterIP outside the portal network.',
  'cluster-ip-taken': 'An explicit clusterIP already allocated to another service.',
  'node-port-range': 'A nodePort outside 30000-32767.',
  'node-port-taken': 'A nodePort already allocated to another service.',
  'cidr-overlap': 'Two address ranges of the cluster overlap.',
  'cluster-invalid': 'The Cluster document describes an impossible cluster.',
  'not-simulated': 'Valid Kubernetes, but the playground does not simulate it.',
  'network-lint': 'Valid, but the network will not do what was probably meant.',
  limit: 'Beyond a limit of the playground.',
  'limit-text': 'The scenario text is longer than the playground reads.',
  'limit-documents': 'More YAML documents than the playground reads.',
  'limit-nesting': 'YAML nested deeper than the playground reads.',
  'limit-nodes': 'More nodes than the playground simulates.',
  'limit-services': 'More services than the playground simulates.',
  'limit-ports': 'More ports in one service than the playground simulates.',
  'limit-pods': 'More pods than the playground runs.',
  'limit-warnings': 'More warnings than the playground lists.',
  'limit-time': 'A simulation that ran past its time budget and was stopped.',
  'derive-failed': 'A simulation that stopped on an internal error.',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export type Severity = 'error' | 'warning';

/** A replacement of the text between two offsets: a quick fix. */
export interface TextEdit {
  readonly from: number;
  readonly to: number;
  readonly insert: string;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** The problem as a message: the page says it in the reader's language (src/i18n). */
  readonly says: Message;
  /** How to fix it, where it is a common slip, as a message. */
  readonly advice?: Message;
  /** `says` in English, as a real API server or kubectl words it: what the CLI and the terminal print. */
  readonly message: string;
  /** `advice` in English. */
  readonly hint?: string;
  /** An edit that applies the hint. */
  readonly fix?: TextEdit;
  /** Offsets into the scenario text. */
  readonly from: number;
  readonly to: number;
  /** 1-based line and column of `from`. */
  readonly line: number;
  readonly column: number;
  /** Index of the YAML document it belongs to, when it belongs to one. */
  readonly document?: number;
}

/** A problem before it is placed at a line and column. */
export interface Problem {
  readonly code: DiagnosticCode;
  readonly severity?: Severity;
  readonly says: Message;
  readonly advice?: Message;
  readonly fix?: TextEdit;
  readonly from: number;
  readonly to: number;
}

/** Offsets → 1-based line and column. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

export function place(problem: Problem, lines: LineIndex, document?: number): Diagnostic {
  const { line, column } = lines.position(problem.from);
  return {
    ...problem,
    ...inWords(problem.says, problem.advice),
    severity: problem.severity ?? 'error',
    line,
    column,
    ...(document === undefined ? {} : { document }),
  };
}

/** A problem's message and advice with their English, as the CLI and the terminal print them. */
export function inWords(says: Message, advice?: Message): Pick<Diagnostic, 'says' | 'advice' | 'message' | 'hint'> {
  return { says, message: inEnglish(says), ...(advice ? { advice, hint: inEnglish(advice) } : {}) };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
