/** A problem found at a path of a document, placed in the text when it is reported. */
import type { DiagnosticCode, Problem, Severity, TextEdit } from '../diagnostics.ts';
import type { Message } from '../message.ts';
import { spanAt, type SourceDocument } from '../parse.ts';
import type { Path } from '../path.ts';

export interface Finding {
  readonly document: number;
  readonly path: Path;
  readonly code: DiagnosticCode;
  readonly says: Message;
  readonly advice?: Message;
  readonly severity?: Severity;
  /** Mark the value rather than the key. */
  readonly atValue?: boolean;
}

export function findingToProblem(doc: SourceDocument, f: Finding): Problem {
  const span = spanAt(doc, f.path, f.atValue ? 'value' : 'key');
  return {
    code: f.code,
    says: f.says,
    ...(f.advice ? { advice: f.advice } : {}),
    ...(f.severity ? { severity: f.severity } : {}),
    ...span,
  };
}

/** Collects findings for one document. */
export class Reporter {
  readonly findings: Finding[] = [];
  constructor(readonly document: number) {}

  error(path: Path, code: DiagnosticCode, says: Message, advice?: Message, atValue = true): void {
    this.findings.push({ document: this.document, path, code, says, ...(advice ? { advice } : {}), atValue });
  }

  warn(path: Path, code: DiagnosticCode, says: Message, advice?: Message): void {
    this.findings.push({ document: this.document, path, code, says, severity: 'warning', ...(advice ? { advice } : {}) });
  }
}

export type { TextEdit };
