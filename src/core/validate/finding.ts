/** A problem found at a path of a document, placed in the text when it is reported. */
import type { DiagnosticCode, Problem, Severity, TextEdit } from '../diagnostics.ts';
import { spanAt, type SourceDocument } from '../parse.ts';
import type { Path } from '../path.ts';

export interface Finding {
  readonly document: number;
  readonly path: Path;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly hint?: string;
  readonly severity?: Severity;
  /** Mark the value rather than the key. */
  readonly atValue?: boolean;
}

export function findingToProblem(doc: SourceDocument, f: Finding): Problem {
  const span = spanAt(doc, f.path, f.atValue ? 'value' : 'key');
  return {
    code: f.code,
    message: f.message,
    ...(f.hint ? { hint: f.hint } : {}),
    ...(f.severity ? { severity: f.severity } : {}),
    ...span,
  };
}

/** Collects findings for one document. */
export class Reporter {
  readonly findings: Finding[] = [];
  constructor(readonly document: number) {}

  error(path: Path, code: DiagnosticCode, message: string, hint?: string, atValue = true): void {
    this.findings.push({ document: this.document, path, code, message, ...(hint ? { hint } : {}), atValue });
  }

  warn(path: Path, code: DiagnosticCode, message: string, hint?: string): void {
    this.findings.push({ document: this.document, path, code, message, severity: 'warning', ...(hint ? { hint } : {}) });
  }
}

export type { TextEdit };
