/**
 * The CodeMirror adapter: the only module that touches the editor's DOM. The app hands it text and
 * diagnostics and hears back about edits; everything it shows is derived by the pure modules
 * beside it (marks.ts, completion.ts).
 */
import { autocompletion } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab, isolateHistory } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, defaultHighlightStyle, indentOnInput, indentService, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { diagnosticCount, lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, Text, type Extension } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import type { Diagnostic } from '../core/index.ts';
import { completionSource } from './completion.ts';
import { highlightable, stillHighlightable } from './highlight-budget.ts';
import { yamlIndentService } from './indent.ts';
import { mapDiagnostics, toLintDiagnostics, type MarkWords } from './marks.ts';
import { diffReplacement } from './text-diff.ts';

export interface EditorOptions {
  /** The initial text. */
  doc: string;
  /** Called after every change of the text, typed or not (the app debounces). */
  onChange: (text: string) => void;
  /** Called when the visitor moves the cursor (or focuses the editor): its offset in the text. */
  onCursor?: (offset: number) => void;
  /** The accessible name of the text area; "Manifests" when omitted. */
  ariaLabel?: string;
  /** The id of an element that describes the text area (how its keys work). */
  describedBy?: string;
  /** A view-only page: the text can be read, selected and copied, never changed. */
  readOnly?: boolean;
  /** CodeMirror's own words in the page's language (EditorState.phrases). */
  phrases?: Readonly<Record<string, string>>;
}

export interface EditorHandle {
  /**
   * Shows the diagnostics of the simulation as marks, gutter markers and hover tooltips.
   * `forText`, the text they were computed for, lets marks land right when the student has typed
   * on since (they are mapped through the difference); without it they are taken as they are.
   */
  setDiagnostics(diags: readonly Diagnostic[], words: MarkWords, forText?: string): void;
  /** CodeMirror's own words (its panels) in the page's language. */
  setPhrases(phrases: Readonly<Record<string, string>>): void;
  /** The editor's accessible name, in the page's language. */
  setLabel(label: string): void;
  /** Replaces the whole text as one undoable change, keeping the cursor near where it was. */
  setText(text: string): void;
  getText(): string;
  focus(): void;
  destroy(): void;
}

/** Light and large enough for a projector; the page's CSS sizes the editor's box. */
const theme = EditorView.theme(
  {
    '&': { height: '100%', fontSize: '14px', backgroundColor: '#ffffff', color: '#1d2330' },
    '.cm-scroller': { fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace", lineHeight: '1.5' },
    '.cm-gutters': { backgroundColor: '#f6f7f9', color: '#6b7385', borderRight: '1px solid #d7dbe2' },
    '.cm-activeLine': { backgroundColor: '#eef3ff' },
    '.cm-activeLineGutter': { backgroundColor: '#e2e9fb' },
    '&.cm-focused': { outline: '2px solid #3b6fd8', outlineOffset: '-2px' },
    '.cm-tooltip': { fontSize: '14px', fontFamily: 'system-ui, sans-serif' },
    '.cm-diagnosticSource': { fontFamily: 'inherit', opacity: '0.7' },
    '.cm-diagnosticAction': { fontSize: '13px' },
    '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace" },
  },
  { dark: false },
);

/**
 * The YAML language (highlighting, brackets), present only while the text is within the
 * highlighting budget (highlight-budget.ts), decided in the same transaction as the edit, so the
 * grammar never starts on a text it would take seconds over.
 */
function yamlWithinBudget(doc: Text): Extension {
  const language = new Compartment();
  const support = yaml();
  const extender = EditorState.transactionExtender.of((tr) => {
    if (!tr.docChanged) return null;
    const on = language.get(tr.startState) === support;
    const fits = on ? stillHighlightable(tr.newDoc, tr.changes) : highlightable(tr.newDoc);
    return fits === on ? null : { effects: language.reconfigure(fits ? support : []) };
  });
  return [language.of(highlightable(doc) ? support : []), extender];
}

/**
 * Mounts a YAML editor in `parent`.
 * @example const editor = createEditor(div, { doc: text, onChange: store.setText }); editor.setDiagnostics(sim.diagnostics);
 */
export function createEditor(parent: HTMLElement, options: EditorOptions): EditorHandle {
  const { onChange } = options;
  // Split as the editor splits lines (\n, \r\n, \r), to judge the text before it is shown.
  const doc = Text.of(options.doc.split(/\r\n?|\n/));
  const phrases = new Compartment();
  const label = new Compartment();
  const named = (name: string) =>
    EditorView.contentAttributes.of({
      'aria-label': name,
      ...(options.describedBy ? { 'aria-describedby': options.describedBy } : {}),
    });
  const state = EditorState.create({
    doc,
    extensions: [
      phrases.of(EditorState.phrases.of(options.phrases ?? {})),
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      indentUnit.of('  '),
      EditorState.tabSize.of(2),
      indentOnInput(),
      indentService.of(yamlIndentService),
      yamlWithinBudget(doc),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      bracketMatching(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      lintGutter(),
      // Also installs completionKeymap, at the highest precedence so Enter picks an option.
      autocompletion({ override: [completionSource] }),
      // Tab indents with indentUnit (spaces): students type tabs, and YAML forbids them.
      keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
      label.of(named(options.ariaLabel ?? 'Manifests')),
      EditorState.readOnly.of(options.readOnly ?? false),
      // Read-only holds for every way a change could come (a lint fix's button, a drop), not only
      // typing: only the page's own replacement of the whole text passes.
      ...(options.readOnly ? [EditorState.changeFilter.of((tr) => tr.isUserEvent('set'))] : []),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(textOf(update.state.doc));
        // The page's own text replacements move the cursor too: only the visitor's moves are told.
        if ((update.selectionSet || update.focusChanged) && update.view.hasFocus) options.onCursor?.(update.state.selection.main.head);
      }),
      theme,
    ],
  });
  const view = new EditorView({ state, parent });
  // The text of the last document read, kept as one string: the app compares it with its own
  // (the same string when it came from here, so the comparison is free) instead of joining a
  // large document's lines again after every change.
  let known = { doc, text: options.doc.includes('\r') ? doc.toString() : options.doc };
  function textOf(d: Text): string {
    if (d !== known.doc) known = { doc: d, text: d.toString() };
    return known.text;
  }

  return {
    setLabel(name) {
      view.dispatch({ effects: label.reconfigure(named(name)) });
    },
    setPhrases(said) {
      view.dispatch({ effects: phrases.reconfigure(EditorState.phrases.of(said)) });
    },
    setDiagnostics(diags, words, forText) {
      // Nothing to mark and nothing marked: a transaction would only make the view re-read the DOM.
      if (diags.length === 0 && diagnosticCount(view.state) === 0) return;
      const doc = view.state.doc;
      const placed = forText === undefined ? diags : mapDiagnostics(diags, diffReplacement(forText, textOf(doc)));
      view.dispatch(
        setDiagnostics(
          view.state,
          toLintDiagnostics(options.readOnly ? placed.map(({ fix: _fix, ...d }) => d) : placed, doc.length, words),
        ),
      );
    },
    setText(text) {
      const changes = diffReplacement(textOf(view.state.doc), text);
      // Its own undo step: never merged with the typing just before it.
      if (changes) view.dispatch({ changes, userEvent: 'set', annotations: isolateHistory.of('full') });
    },
    getText() {
      return textOf(view.state.doc);
    },
    focus() {
      view.focus();
    },
    destroy() {
      view.destroy();
    },
  };
}
