/**
 * Diagnostics of the core → the marks CodeMirror's lint extension draws. Pure: only types come from
 * CodeMirror, so this runs (and is tested) in Node without a DOM.
 */
import type { Action, Diagnostic as LintDiagnostic } from '@codemirror/lint';
import type { EditorView } from '@codemirror/view';
import type { Diagnostic, TextEdit } from '../core/index.ts';
import type { Message } from '../core/message.ts';
import { mapPosition, type Replacement } from './text-diff.ts';

/** The marks' words in the page's language: the editor is handed them (src/i18n holds every language's). */
export interface MarkWords {
  /** A problem's message or advice. */
  say(message: Message): string;
  /** What comes before the advice: "Fix: ". */
  readonly fix: string;
  readonly remove: string;
  insert(quoted: string): string;
  change(quoted: string): string;
}

/** The longest inserted text quoted in full on an action button; longer ones are cut with "…". */
const MAX_QUOTED = 40;

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

function quote(text: string): string {
  const firstLine = text.split('\n', 1)[0] ?? '';
  const cut = firstLine.length > MAX_QUOTED || firstLine.length < text.length;
  return `"${cut ? `${firstLine.slice(0, MAX_QUOTED)}…` : firstLine}"`;
}

/**
 * The label of a quick fix's button: what the edit does, in a few words.
 * @example fixLabel({ from: 0, to: 10, insert: 'apiVersion' }, english) // 'Change to "apiVersion"'
 */
export function fixLabel(fix: TextEdit, words: MarkWords): string {
  if (fix.insert === '') return words.remove;
  if (fix.from === fix.to) return words.insert(quote(fix.insert));
  return words.change(quote(fix.insert));
}

/**
 * The action that applies a diagnostic's fix. The lint extension hands `apply` the diagnostic's
 * *current* range (it maps marks through later edits), so the fix is placed relative to it, not
 * at the offsets of the text the simulation saw.
 */
function fixAction(diag: Diagnostic, fix: TextEdit, words: MarkWords): Action {
  return {
    name: fixLabel(fix, words),
    markClass: 'np-apply-fix',
    apply(view: EditorView, from: number, to: number) {
      const length = view.state.doc.length;
      let start: number;
      let end: number;
      if (fix.from === diag.from && fix.to === diag.to) {
        start = from;
        end = to;
      } else {
        start = from + (fix.from - diag.from);
        end = start + (fix.to - fix.from);
      }
      start = clamp(start, 0, length);
      end = clamp(end, start, length);
      view.dispatch({
        changes: { from: start, to: end, insert: fix.insert },
        selection: { anchor: start + fix.insert.length },
        userEvent: 'input.fix',
        scrollIntoView: true,
      });
    },
  };
}

/** The message shown in the tooltip and the panel: the problem, then the advice on its own line. */
export function lintMessage(diag: Pick<Diagnostic, 'says' | 'advice'>, words: MarkWords): string {
  const says = words.say(diag.says);
  return diag.advice ? `${says}\n${words.fix}${words.say(diag.advice)}` : says;
}

/**
 * Converts the core's diagnostics to CodeMirror lint diagnostics for a document of `docLength`
 * characters: ranges clamped to the document, and an "Apply fix" action for each diagnostic that
 * carries a fix. The code is a class on the mark, never `source`: the tooltip would show it, a raw
 * code like "invalid-value" beside words in the page's language.
 * @example view.dispatch(setDiagnostics(view.state, toLintDiagnostics(sim.diagnostics, view.state.doc.length, words)))
 */
export function toLintDiagnostics(diags: readonly Diagnostic[], docLength: number, words: MarkWords): LintDiagnostic[] {
  const length = Math.max(0, docLength);
  return diags.map((d) => {
    const from = clamp(Number.isFinite(d.from) ? d.from : 0, 0, length);
    const to = clamp(Number.isFinite(d.to) ? d.to : from, from, length);
    return {
      from,
      to,
      severity: d.severity,
      message: lintMessage(d, words),
      markClass: `np-problem-${d.code}`,
      ...(d.fix ? { actions: [fixAction(d, d.fix, words)] } : {}),
    };
  });
}

/**
 * Diagnostics computed for an older text, moved through the replacement that made the current
 * one (see diffReplacement). Ranges the edit touched shrink or grow with it; fixes move along.
 */
export function mapDiagnostics(diags: readonly Diagnostic[], change: Replacement | null): Diagnostic[] {
  if (!change) return [...diags];
  const range = <T extends { from: number; to: number }>(r: T): T => {
    const from = mapPosition(r.from, change, 1);
    return { ...r, from, to: Math.max(from, mapPosition(r.to, change, -1)) };
  };
  return diags.map((d) => (d.fix ? { ...range(d), fix: range(d.fix) } : range(d)));
}
