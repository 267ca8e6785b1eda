/**
 * The pipeline from text to cluster state, as one pure function: the same text and seed give the
 * same state in the page, in a Worker, in the CLI and in the tests.
 */
import { MAX_TEXT_LENGTH, MAX_WARNINGS } from './limits.ts';
import { hasErrors, inWords, LineIndex, place, type Diagnostic } from './diagnostics.ts';
import { msg } from './message.ts';
import type { ClusterState } from './model.ts';
import { parseScenario } from './parse.ts';
import { reconcile } from './reconcile/index.ts';
import { LAB_CLUSTER } from './validate/cluster.ts';
import { lintNetwork } from './lint.ts';
import { findingToProblem } from './validate/finding.ts';
import { validateDocuments } from './validate/index.ts';

export interface Simulation {
  readonly diagnostics: readonly Diagnostic[];
  /** The state of the valid part of the scenario: invalid documents are left out. */
  readonly state: ClusterState;
  /** True when no diagnostic is an error. */
  readonly ok: boolean;
  /** Where each document read stands in the text, by its index (an object's `document`). */
  readonly documents: readonly DocumentSpan[];
}

export interface DocumentSpan {
  readonly index: number;
  readonly from: number;
  readonly to: number;
}

/**
 * Runs the scenario text through parse, validate and reconcile.
 * @example simulate(labScenario).state.pods[0].node // 'k8smaster01'
 */
export function simulate(text: string): Simulation {
  const lines = new LineIndex(text);
  if (text.length > MAX_TEXT_LENGTH) {
    const diagnostic = place(
      {
        code: 'limit-text',
        says: msg('limit.text', { length: text.length.toLocaleString('en-US'), max: MAX_TEXT_LENGTH.toLocaleString('en-US') }),
        advice: msg('hint.text-limit'),
        from: 0,
        to: 1,
      },
      lines,
    );
    const empty = reconcile(LAB_CLUSTER, []).state;
    return { diagnostics: [diagnostic], state: empty, ok: false, documents: [] };
  }
  const parsed = parseScenario(text);
  const validated = validateDocuments(parsed.documents);
  const reconciled = reconcile(validated.cluster, validated.objects);
  const byIndex = new Map(parsed.documents.map((d) => [d.index, d]));
  const diagnostics: Diagnostic[] = [
    ...parsed.problems.map((p) => place(p.problem, lines, p.document)),
    ...validated.problems.map((p) => place(p.problem, lines, p.document)),
    ...[...reconciled.findings, ...lintNetwork(validated.objects, reconciled.state)].map((f) =>
      place(findingToProblem(byIndex.get(f.document)!, f), lines, f.document),
    ),
  ]
    .map((d) => clamp(d, text.length, lines))
    .sort((a, b) => a.from - b.from || a.code.localeCompare(b.code));
  const documents = parsed.documents.map((d) => ({ index: d.index, from: d.span.from, to: d.span.to }));
  return { diagnostics: fewWarnings(unique(diagnostics)), state: reconciled.state, ok: !hasErrors(diagnostics), documents };
}

/** A parser may point just past the end (an unclosed bracket): keep every mark inside the text. */
function clamp(d: Diagnostic, length: number, lines: LineIndex): Diagnostic {
  if (d.to <= length) return d;
  const from = Math.min(d.from, Math.max(0, length - 1));
  return { ...d, from, to: length, ...lines.position(from) };
}

/** Every error, and the first MAX_WARNINGS warnings; one last warning counts the others. */
function fewWarnings(diagnostics: Diagnostic[]): Diagnostic[] {
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  if (warnings.length <= MAX_WARNINGS) return diagnostics;
  const first = warnings[MAX_WARNINGS]!;
  const listed = new Set(warnings.slice(0, MAX_WARNINGS));
  const more: Diagnostic = {
    code: 'limit-warnings',
    severity: 'warning',
    ...inWords(
      msg('limit.warnings', { count: (warnings.length - MAX_WARNINGS).toLocaleString('en-US'), max: MAX_WARNINGS }),
      msg('hint.warnings-limit'),
    ),
    from: first.from,
    to: first.to,
    line: first.line,
    column: first.column,
    ...(first.document === undefined ? {} : { document: first.document }),
  };
  return [...diagnostics.filter((d) => d.severity === 'error' || listed.has(d)), more].sort(
    (a, b) => a.from - b.from || a.code.localeCompare(b.code),
  );
}

/** The schema check and the semantic checks may find the same problem: report it once. */
function unique(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.from}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
