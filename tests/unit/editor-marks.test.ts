import { forEachDiagnostic, setDiagnostics, type Diagnostic as LintDiagnostic } from '@codemirror/lint';
import { EditorState, type TransactionSpec } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { describe, expect, it } from 'vitest';
import { simulate, type Diagnostic } from '../../src/core/index.ts';
import { inWords } from '../../src/core/diagnostics.ts';
import { msg } from '../../src/core/message.ts';
import { fixLabel, lintMessage, mapDiagnostics, toLintDiagnostics as marksIn } from '../../src/editor/marks.ts';
import { markWords } from '../../src/ui/editor-words.ts';
import { diffReplacement } from '../../src/editor/text-diff.ts';
import { scenarioFile } from '../helpers.ts';

/** Just enough of an EditorView for an action: a state, and dispatch that moves it on. */
function fakeView(state: EditorState): EditorView & { state: EditorState } {
  const view = {
    state,
    dispatch(spec: TransactionSpec) {
      view.state = view.state.update(spec).state;
    },
  };
  return view as unknown as EditorView & { state: EditorState };
}

const english = markWords('en');
const chinese = markWords('zh');
const toLintDiagnostics = (diags: readonly Diagnostic[], length: number) => marksIn(diags, length, english);

const BAD = msg('api.unknown-field', { path: 'spec.bad' });
const DO_THIS = msg('hint.did-you-mean', { name: 'good' });

function diag(over: Partial<Diagnostic> = {}): Diagnostic {
  return { code: 'unknown-field', severity: 'error', ...inWords(BAD), from: 0, to: 3, line: 1, column: 1, ...over };
}

/** The lint diagnostic's first action, applied to the view at the given (current) range. */
function applyFirstAction(d: LintDiagnostic, view: EditorView, from = d.from, to = d.to): void {
  const action = d.actions?.[0];
  expect(action, 'no action').toBeDefined();
  action!.apply(view, from, to);
}

describe('toLintDiagnostics', () => {
  it('keeps the range, severity and code (as a class, not as the source the tooltip shows), and puts the hint on its own line', () => {
    const [d] = toLintDiagnostics([diag({ severity: 'warning', ...inWords(BAD, DO_THIS), code: 'required', from: 2, to: 5 })], 10);
    expect(d).toMatchObject({
      from: 2,
      to: 5,
      severity: 'warning',
      markClass: 'np-problem-required',
      message: 'strict decoding error: unknown field "spec.bad"\nFix: Did you mean "good"?',
    });
    expect(d!.actions).toBeUndefined();
    expect(d!.source).toBeUndefined();
  });

  it('shows the message alone when there is no hint', () => {
    expect(toLintDiagnostics([diag()], 10)[0]!.message).toBe('strict decoding error: unknown field "spec.bad"');
    expect(lintMessage({ says: BAD, advice: DO_THIS }, english)).toBe(
      'strict decoding error: unknown field "spec.bad"\nFix: Did you mean "good"?',
    );
  });

  it("speaks the page's language: the problem, the advice and the fix's label", () => {
    const [d] = marksIn([diag({ ...inWords(BAD, DO_THIS), fix: { from: 0, to: 3, insert: 'good' } })], 10, chinese);
    expect(d!.message).toBe('严格解码出错：未知字段 "spec.bad"\n修正：你是不是想写 "good"？');
    expect(d!.actions![0]!.name).toBe('改为 "good"');
  });

  it('clamps ranges to the document', () => {
    const out = toLintDiagnostics(
      [diag({ from: 8, to: 40 }), diag({ from: 50, to: 60 }), diag({ from: -3, to: 2 }), diag({ from: 5, to: 1 })],
      10,
    );
    expect(out.map((d) => [d.from, d.to])).toEqual([
      [8, 10],
      [10, 10],
      [0, 2],
      [5, 5],
    ]);
    expect(toLintDiagnostics([diag({ from: 3, to: 9 })], 0).map((d) => [d.from, d.to])).toEqual([[0, 0]]);
  });

  it('names fixes by what they do', () => {
    expect(fixLabel({ from: 0, to: 10, insert: 'apiVersion' }, english)).toBe('Change to "apiVersion"');
    expect(fixLabel({ from: 4, to: 4, insert: 'kind: Pod' }, english)).toBe('Insert "kind: Pod"');
    expect(fixLabel({ from: 4, to: 6, insert: '' }, english)).toBe('Remove');
    expect(fixLabel({ from: 4, to: 6, insert: 'a\nb' }, english)).toBe('Change to "a…"');
    expect(fixLabel({ from: 4, to: 6, insert: 'x'.repeat(50) }, english)).toBe(`Change to "${'x'.repeat(40)}…"`);
  });

  it("turns a diagnostic's fix into an action that applies it", () => {
    const text = 'apiversion: v1\nkind: Pod\n';
    const [d] = toLintDiagnostics([diag({ from: 0, to: 10, fix: { from: 0, to: 10, insert: 'apiVersion' } })], text.length);
    expect(d!.actions!.map((a) => a.name)).toEqual(['Change to "apiVersion"']);
    const view = fakeView(EditorState.create({ doc: text }));
    applyFirstAction(d!, view);
    expect(view.state.doc.toString()).toBe('apiVersion: v1\nkind: Pod\n');
    expect(view.state.selection.main.head).toBe('apiVersion'.length);
  });

  it('places a fix that is not the marked range relative to where the mark is now', () => {
    const text = 'ab: 1\nkind: Pod\n';
    // The mark covers "ab" (0-2); the fix replaces "1" (4-5).
    const [d] = toLintDiagnostics([diag({ from: 0, to: 2, fix: { from: 4, to: 5, insert: '2' } })], text.length);
    const view = fakeView(EditorState.create({ doc: `# note\n${text}` }));
    applyFirstAction(d!, view, 7, 9); // the mark, moved down by the comment line
    expect(view.state.doc.toString()).toBe('# note\nab: 2\nkind: Pod\n');
  });
});

describe('mapDiagnostics: marks computed for a text the student has typed on from', () => {
  it('moves ranges and fixes with the text', () => {
    const old = 'apiversion: v1\nkind: Pod\n';
    const [d] = simulate(old).diagnostics.filter((x) => x.fix?.insert === 'apiVersion');
    const now = `# mine\n${old}`;
    const [moved] = mapDiagnostics([d!], diffReplacement(old, now));
    expect(now.slice(moved!.from, moved!.to)).toBe('apiversion');
    expect(now.slice(moved!.fix!.from, moved!.fix!.to)).toBe('apiversion');
    expect(mapDiagnostics([d!], null)).toEqual([d]);
  });

  it('shrinks a range the edit cut into, never below empty', () => {
    const [moved] = mapDiagnostics([diag({ from: 2, to: 6 })], { from: 0, to: 8, insert: 'z' });
    expect([moved!.from, moved!.to]).toEqual([0, 1]);
    const [gone] = mapDiagnostics([diag({ from: 2, to: 6 })], { from: 1, to: 7, insert: '' });
    expect([gone!.from, gone!.to]).toEqual([1, 1]);
  });
});

describe('marks of real simulations in a CodeMirror state', () => {
  const text = scenarioFile('lab-lowercase.yaml');
  const diags = simulate(text).diagnostics;

  it('every diagnostic becomes a mark; every fix becomes an action', () => {
    expect(diags.length).toBeGreaterThan(0);
    const marks = toLintDiagnostics(diags, text.length);
    expect(marks).toHaveLength(diags.length);
    expect(marks.filter((m) => m.actions).length).toBe(diags.filter((d) => d.fix).length);
    for (const m of marks) expect([m.source, m.markClass]).toEqual([undefined, expect.stringMatching(/^np-problem-[a-z-]+$/)]);
  });

  it('applies every fix after the text moved, through the lint state', () => {
    let state = EditorState.create({ doc: text });
    state = state.update(setDiagnostics(state, toLintDiagnostics(diags, text.length))).state;
    // The student types a comment at the top before choosing the fixes.
    state = state.update({ changes: { from: 0, insert: '# mine\n' } }).state;
    const view = fakeView(state);
    for (;;) {
      let found: { d: LintDiagnostic; from: number; to: number } | undefined;
      forEachDiagnostic(view.state, (d, from, to) => {
        if (!found && d.actions?.length) found = { d, from, to };
      });
      if (!found) break;
      applyFirstAction(found.d, view, found.from, found.to);
      // Drop the applied diagnostic, as a new simulation would.
      const rest: LintDiagnostic[] = [];
      forEachDiagnostic(view.state, (d, from, to) => {
        if (d !== found!.d) rest.push({ ...d, from, to });
      });
      view.state = view.state.update(setDiagnostics(view.state, rest)).state;
    }
    const fixed = view.state.doc.toString();
    expect(fixed.startsWith('# mine\n')).toBe(true);
    expect(simulate(fixed).diagnostics.filter((d) => d.fix)).toEqual([]);
    expect(fixed).toContain('apiVersion: v1');
    expect(fixed).toContain('containerPort: 80');
  });
});
