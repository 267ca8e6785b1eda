/**
 * The page's layout: the top bar; the manifests editor and the live network graph side by side
 * with a resizable divider; below them the dock. A view-only page shows the editor read-only;
 * an embed shows only the graph and the packets. Everything it shows is read from the store.
 */
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { policyAt, policyMarks } from '../core/policy/selection.ts';
import { words } from '../i18n/words.ts';
import { isTextOf, lessonStep, scenarioWithText, SCENARIOS, worksInEditor } from '../scenarios/index.ts';
import { currentOf, shownOf, traceFor } from '../store/text.ts';
import { useApp, type AppStore } from '../store/store.ts';
import { exposeForTests } from '../test-hooks.ts';
import { AppDock } from './AppDock.tsx';
import { FlowExportDialog } from './FlowExportDialog.tsx';
import { GraphPane } from './GraphPane.tsx';
import { KeepWork } from './KeepWork.tsx';
import { SessionNotices } from './SessionNotices.tsx';
import { ShareDialog } from './ShareDialog.tsx';
import { Splitter } from './Splitter.tsx';
import { TopBar } from './TopBar.tsx';
import { useChanges } from './useChanges.ts';
import { usePlayer } from './usePlayer.ts';
import { useSession } from './useSession.ts';
import { ShortcutSheet } from './ShortcutSheet.tsx';
import { useShortcuts } from './useShortcuts.ts';
import { editorPreview } from './editor-preview.ts';

// The editor (CodeMirror) is the heaviest part and the graph does not need it: it loads after the
// first graph, and until then the text's first screenful shows as it is (editor-preview.ts).
const EditorPane = lazy(() => import('./EditorPane.tsx').then((m) => ({ default: m.EditorPane })));

/** `openedHash`: the link the page was started with (see useSession). */
export function App({ store, openedHash = '' }: { store: AppStore; openedHash?: string }) {
  const text = useApp(store, (s) => s.text);
  const simulatedText = useApp(store, (s) => s.simulatedText);
  const current = useApp(store, currentOf);
  const shown = useApp(store, shownOf);
  const traced = useApp(store, traceFor);
  const stale = useApp(store, (s) => currentOf(s).errors > 0 && s.lastGoodText !== '');
  const hop = useApp(store, (s) => s.hop);
  const playing = useApp(store, (s) => s.playing);
  const selection = useApp(store, (s) => s.selection);
  const language = useApp(store, (s) => s.language);
  const split = useApp(store, (s) => s.split);
  const lesson = useApp(store, (s) => s.lesson);
  const view = useApp(store, (s) => s.view);
  const presenter = useApp(store, (s) => s.presenter);
  const dialog = useApp(store, (s) => s.dialog);
  const policy = useApp(store, (s) => s.policy);
  const marks = useMemo(() => (policy ? policyMarks(shown.sim.state, policy.ref) : undefined), [policy, shown]);
  const a = store.getState();
  const t = words(language).ui;
  const { list: changes, changed } = useChanges(shown, lesson?.id);
  usePlayer(store);
  useSession(store, openedHash);
  useShortcuts({
    togglePresenter: () => a.setPresenter(!store.getState().presenter),
    step: (d) => {
      if (lesson) return a.openStep(lesson.id, lesson.step + d);
      // No lesson open: Alt+→ starts the lesson of the scenario shown, at its first step.
      const shownScenario = scenarioWithText(store.getState().text);
      if (d > 0 && shownScenario && shownScenario.steps.length > 0) a.openStep(shownScenario.id, 0);
    },
    playPause: () => (store.getState().playing ? a.pause() : a.play()),
    showShortcuts: () => a.setDialog('shortcuts'),
  });
  useEffect(() => {
    document.documentElement.lang = words(language).ui.htmlLang;
  }, [language]);
  useEffect(() => {
    // For browser tests and the benchmark: the store drives the page as typing would.
    exposeForTests({ __store: store });
  }, [store]);

  // The open step's subject, once its own text is simulated (its graph drawn). An embed shows its
  // step's graph and flow whole and undimmed: it has no lesson text to say why the rest is faint,
  // and a frame on part of it would cut the rest off in a small frame on another page.
  const step = lesson ? lessonStep(lesson.id, lesson.step) : undefined;
  const focus =
    view !== 'embed' && lesson && step?.focus && simulatedText === step.text
      ? { key: `${lesson.id}/${lesson.step}`, ...step.focus }
      : undefined;
  const scenario = lesson ? SCENARIOS.find((s) => s.id === lesson.id) : undefined;
  const trace = traced instanceof Error ? undefined : traced;
  // Presenting, the graph has the room; a step whose work is in the editor keeps the editor beside it.
  const editorShown = view !== 'embed' && (!presenter || worksInEditor(step));
  const mode = presenter ? ` presenter${editorShown ? ' presenter-editing' : ''}` : '';
  return (
    <div className={`app view-${view}${mode}`} style={{ ['--split' as string]: String(split) }}>
      {view !== 'embed' && <TopBar store={store} />}
      {/* One column: notices that come at once stand one under the other, none hidden. */}
      <div className="notices">
        <KeepWork store={store} simulatedText={simulatedText} language={language} editable={view === 'edit'} />
        <SessionNotices store={store} />
      </div>
      <main
        className="workspace"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          const file = e.dataTransfer.files[0];
          // A view-only page opens nothing: "Edit a copy" first.
          if (file && view === 'edit') void file.text().then((fileText) => store.getState().open(fileText));
        }}
      >
        {editorShown && (
          <>
            <Suspense
              fallback={
                <section className="editor-pane" aria-label={words(language).ui.a11yManifestsEditor}>
                  <pre className="editor-loading">{editorPreview(text)}</pre>
                </section>
              }
            >
              <EditorPane
                language={language}
                text={text}
                diagnostics={current.sim.diagnostics}
                diagnosticsText={simulatedText}
                onChange={a.setText}
                onCursor={(offset) => {
                  // The documents of the text last simulated: the editor's is at most a few keystrokes ahead.
                  const { state, documents } = currentOf(store.getState()).sim;
                  a.showPolicy(policyAt(state, documents, offset), 'editor');
                }}
                readOnly={view === 'view'}
              />
            </Suspense>
            <Splitter value={split} label={t.resize} onChange={a.setSplit} />
          </>
        )}
        <GraphPane
          elements={shown.elements}
          summary={shown.overview}
          stale={stale}
          errors={current.errors}
          changed={changed}
          focus={focus}
          trace={trace}
          hop={hop}
          playing={playing}
          presenter={presenter}
          selectedId={selection?.id}
          policy={marks}
          onHidePolicy={() => a.showPolicy(undefined, 'inspector')}
          language={language}
          scenario={scenario && isTextOf(scenario, shown.text) ? scenario.id : undefined}
          onReady={a.attachGraph}
          onSelect={(ref, id) => a.select(ref && id ? { ref, id } : undefined)}
        />
      </main>
      <AppDock store={store} changes={changes} />
      {dialog === 'export' && trace && (
        <FlowExportDialog
          graph={store.getState().graph ?? null}
          trace={trace}
          language={language}
          speed={store.getState().speed}
          onClose={() => a.setDialog(undefined)}
        />
      )}
      {dialog === 'share' && <ShareDialog store={store} />}
      {dialog === 'shortcuts' && <ShortcutSheet language={language} onClose={() => a.setDialog(undefined)} />}
    </div>
  );
}
