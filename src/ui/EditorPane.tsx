/**
 * The manifests editor: a thin React shell around the CodeMirror adapter. The editor is created
 * once; afterwards the props are pushed into it, never the reverse (typing reaches the app only
 * through onChange).
 */
import { useEffect, useRef, useState } from 'react';
import type { Diagnostic } from '../core/index.ts';
import { words, type Language } from '../i18n/words.ts';
import { createEditor, type EditorHandle } from '../editor/create-editor.ts';
import { editorPhrases, markWords } from './editor-words.ts';

export interface EditorPaneProps {
  text: string;
  language?: Language;
  diagnostics: readonly Diagnostic[];
  /**
   * The text the diagnostics were computed for, when the simulation runs behind the editor
   * (debounced): their marks are then moved to where that text now is. Defaults to `text`.
   */
  diagnosticsText?: string;
  onChange: (text: string) => void;
  /** The cursor moved (or the editor took focus with it) to `offset` in the text. */
  onCursor?: (offset: number) => void;
  /** A view-only page shows the manifests to read and copy; the editor refuses every edit. */
  readOnly?: boolean;
}

const EDITOR_KEYS_ID = 'editor-keys';

export function EditorPane({ text, diagnostics, diagnosticsText, onChange, onCursor, readOnly = false, language = 'en' }: EditorPaneProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<EditorHandle | null>(null);
  // The latest props for the editor's callbacks and for (re)creating it, without re-creating it.
  const onChangeRef = useRef(onChange);
  const onCursorRef = useRef(onCursor);
  const textRef = useRef(text);
  const diagnosticsTextRef = useRef(diagnosticsText ?? text);
  const languageRef = useRef(language);
  useEffect(() => {
    languageRef.current = language;
    onChangeRef.current = onChange;
    onCursorRef.current = onCursor;
    textRef.current = text;
    diagnosticsTextRef.current = diagnosticsText ?? text;
  });

  useEffect(() => {
    const editor = createEditor(hostRef.current!, {
      doc: textRef.current,
      onChange: (t) => onChangeRef.current(t),
      onCursor: (offset) => onCursorRef.current?.(offset),
      describedBy: EDITOR_KEYS_ID,
      ariaLabel: words(languageRef.current).ui.manifests,
      phrases: editorPhrases(languageRef.current),
      readOnly,
    });
    editorRef.current = editor;
    return () => {
      editorRef.current = null;
      editor.destroy();
    };
    // Made again when the page turns editable ("Edit a copy"), with the text as it is then.
  }, [readOnly]);

  useEffect(() => {
    const editor = editorRef.current;
    // Only text that did not come from the editor itself: typing must not loop back.
    if (editor && editor.getText() !== text) editor.setText(text);
  }, [text]);

  // The editor may be a few keystrokes ahead of the text the diagnostics belong to.
  useEffect(() => {
    editorRef.current?.setPhrases(editorPhrases(language));
    editorRef.current?.setLabel(words(language).ui.manifests);
  }, [language]);

  useEffect(() => {
    editorRef.current?.setDiagnostics(diagnostics, markWords(language), diagnosticsTextRef.current);
  }, [diagnostics, language, readOnly]);

  // Tab indents in the editor, so keyboard users are told how to leave it.
  const [focused, setFocused] = useState(false);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return (
    <section className="editor-pane" aria-label={words(language).ui.a11yManifestsEditor}>
      <header className="editor-pane-header">
        <h2>{words(language).ui.manifests}</h2>
        <span className="editor-pane-counts" role="status" aria-live="polite">
          {errors === 0 && warnings === 0 ? (
            <span className="editor-pane-ok">{words(language).ui.editorOk}</span>
          ) : (
            <>
              {errors > 0 && <span className="editor-pane-errors">{words(language).ui.errorCount(errors)}</span>}
              {warnings > 0 && <span className="editor-pane-warnings">{words(language).ui.warningCount(warnings)}</span>}
            </>
          )}
        </span>
        {/* Read to screen readers with the editor; shown while it has focus. */}
        <span id={EDITOR_KEYS_ID} className={focused ? 'editor-pane-keys' : 'visually-hidden'}>
          {words(language).ui.editorKeys}
        </span>
      </header>
      <div className="editor-pane-host" ref={hostRef} onFocus={() => setFocused(true)} onBlur={() => setFocused(false)} />
    </section>
  );
}
