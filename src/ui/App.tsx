/**
 * The page: the top bar; the manifests editor and the live network graph side by side with a
 * resizable divider; below them the dock (packets, lesson, inspector, changes, problems).
 * A view-only link hides the editor; an embed shows only the graph and the packets.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import { setKubeProxyMode } from '../core/edit.ts';
import { destinations, quickFlows, sources } from '../core/flows.ts';
import { download, exportPng, exportSvg } from '../graph/export.ts';
import { words } from '../i18n/words.ts';
import { isTextOf, lessonStep, SCENARIOS } from '../scenarios/index.ts';
import { encodeLink, type Shared } from '../share/link.ts';
import { derive, traceOf } from '../store/simulation.ts';
import { useApp, type AppStore } from '../store/store.ts';
import { ChangesPanel } from './ChangesPanel.tsx';
import { Dock } from './Dock.tsx';
import { FlowExportDialog } from './FlowExportDialog.tsx';
import { GraphPane } from './GraphPane.tsx';
import { Inspector } from './Inspector.tsx';
import { LessonPanel } from './LessonPanel.tsx';
import { PacketPanel } from './PacketPanel.tsx';
import { ProblemsPanel } from './ProblemsPanel.tsx';
import { ShareDialog, type ShareLinks } from './ShareDialog.tsx';
import { Splitter } from './Splitter.tsx';
import { TopBar } from './TopBar.tsx';
import { useChanges } from './useChanges.ts';
import { usePackets } from './usePackets.ts';
import { useSession } from './useSession.ts';
import { SessionNotices } from './SessionNotices.tsx';
import { KeepWork } from './KeepWork.tsx';
import { useShortcuts } from './useShortcuts.ts';
import { useCommands } from './useCommands.ts';
import { exposeForTests } from '../test-hooks.ts';

// The editor (CodeMirror) is the heaviest part and the graph does not need it: it loads after the
// first graph, and until then the text shows as it is.
const EditorPane = lazy(() => import('./EditorPane.tsx').then((m) => ({ default: m.EditorPane })));
// The terminal emulator (xterm.js) loads when its tab is first opened.
const TerminalPane = lazy(() => import('./TerminalPane.tsx'));

export function App({ store }: { store: AppStore }) {
  const text = useApp(store, (s) => s.text);
  const simulatedText = useApp(store, (s) => s.simulatedText);
  const lastGoodText = useApp(store, (s) => s.lastGoodText);
  const selection = useApp(store, (s) => s.selection);
  const language = useApp(store, (s) => s.language);
  const split = useApp(store, (s) => s.split);
  const flow = useApp(store, (s) => s.flow);
  const lesson = useApp(store, (s) => s.lesson);
  const view = useApp(store, (s) => s.view);
  const presenter = useApp(store, (s) => s.presenter);
  const t = words(language).ui;

  const current = derive(simulatedText);
  const shown = derive(lastGoodText || simulatedText);
  const stale = current.errors > 0 && lastGoodText !== '';
  const state = shown.sim.state;
  const { changes, changed } = useChanges(shown, lesson?.id);
  const tab = useApp(store, (s) => s.tab);
  const setTab = store.getState().setTab;
  const traced = flow ? traceOf(shown, flow) : undefined;
  const packets = usePackets(store, shown, flow, traced, language);
  const output = useCommands(shown);
  const [share, setShare] = useState<ShareLinks>();
  const [exporting, setExporting] = useState(false);
  useSession(store);
  const { openStep, open } = store.getState();

  useShortcuts({
    togglePresenter: () => store.getState().setPresenter(!store.getState().presenter),
    step: (d) => lesson && openStep(lesson.id, lesson.step + d),
    playPause: () => (packets.playing ? packets.pause() : packets.play()),
  });

  useEffect(() => {
    document.documentElement.lang = words(language).ui.htmlLang;
  }, [language]);
  useEffect(() => {
    // For browser tests and the benchmark: the store drives the page as typing would.
    exposeForTests({ __store: store });
  }, [store]);

  const openShare = async () => {
    const base = `${location.origin}${location.pathname}${location.search}`;
    // The link opens at this hop of this flow ("step 7 of the ClusterIP walk") when one is showing.
    const payload: Shared = { text, language, ...(flow ? { flow, hop: packets.hop } : {}), ...(lesson ? { lesson } : {}) };
    const viewOnly = await encodeLink({ ...payload, view: 'view' });
    setShare({
      link: base + (await encodeLink(payload)),
      viewOnly: base + viewOnly,
      embed: `${location.origin}${location.pathname}?embed${viewOnly}`,
    });
  };

  const scenario = lesson ? SCENARIOS.find((s) => s.id === lesson.id) : undefined;
  // The open step's subject, once its own text is simulated (its graph drawn).
  const step = lesson ? lessonStep(lesson.id, lesson.step) : undefined;
  const focus = lesson && step?.focus && simulatedText === step.text ? { key: `${lesson.id}/${lesson.step}`, ...step.focus } : undefined;
  const graphView = () => packets.graph()?.view;
  const tabs = [
    {
      id: 'packets',
      label: t.packets,
      content: (
        <PacketPanel
          language={language}
          sources={sources(state)}
          destinations={destinations(state)}
          quick={quickFlows(state)}
          flow={flow}
          trace={traced}
          currentHop={packets.hop}
          playing={packets.playing}
          speed={packets.speed}
          burst={packets.burst}
          shares={packets.shares}
          onFlow={(f) => {
            store.getState().setFlow(f);
            setTab('packets');
          }}
          onPlay={packets.play}
          onPause={packets.pause}
          onStep={packets.step}
          onSeek={packets.seek}
          onReplay={packets.replay}
          onSpeed={packets.setSpeed}
          onBurst={packets.runBurst}
          onExport={() => setExporting(true)}
          predict={packets.predict}
          prediction={packets.prediction}
          onPredict={packets.setPredict}
          onAnswer={packets.answer}
          onResume={packets.resume}
        />
      ),
    },
    {
      id: 'lesson',
      label: t.lesson,
      content: (
        <LessonPanel
          scenarios={SCENARIOS}
          scenario={scenario}
          step={lesson?.step ?? 0}
          language={language}
          text={text}
          output={output}
          onOpen={openStep}
          onClose={() => store.getState().setLesson(undefined)}
        />
      ),
    },
    {
      id: 'terminal',
      label: t.terminal,
      content: (
        <Suspense fallback={<p className="muted">…</p>}>
          <TerminalPane store={store} nodes={state.cluster.nodes.map((n) => n.name)} label={t.terminal} />
        </Suspense>
      ),
    },
    { id: 'inspector', label: t.inspector, content: <Inspector selection={selection?.ref} shown={shown} language={language} /> },
    {
      id: 'changes',
      label: `${t.changes}${changes.length ? ` (${changes.length})` : ''}`,
      content: <ChangesPanel changes={changes} language={language} />,
    },
    {
      id: 'problems',
      label: `${t.problems} (${current.sim.diagnostics.length})`,
      content: <ProblemsPanel diagnostics={current.sim.diagnostics} language={language} />,
    },
  ].filter((d) => view !== 'embed' || d.id === 'packets');

  return (
    <div className={`app view-${view}${presenter ? ' presenter' : ''}`} style={{ ['--split' as string]: String(split) }}>
      {view !== 'embed' && (
        <TopBar
          language={language}
          mode={current.sim.state.cluster.kubeProxyMode}
          scenarioId={scenario?.id ?? SCENARIOS.find((s) => s.text === text)?.id}
          presenter={presenter}
          view={view}
          onEditCopy={store.getState().editCopy}
          onScenario={(id) => openStep(id, 0)}
          onMode={(m) => {
            // An edit of the visitor's own text, like typing: nothing to confirm.
            store.getState().setText(setKubeProxyMode(text, m));
            store.getState().commit();
          }}
          onLanguage={(l) => store.getState().setLanguage(l)}
          onShare={() => void openShare()}
          onPresenter={() => store.getState().setPresenter(!presenter)}
          onExportPng={() => {
            const v = graphView();
            if (v) download('kube-netplay.png', exportPng(v));
          }}
          onExportSvg={() => {
            const g = packets.graph();
            if (g) void exportSvg(g.view, g.player).then((svg) => download('kube-netplay.svg', svg, 'image/svg+xml'));
          }}
          onOpenFile={(fileText) => open(fileText)}
          onSaveFile={() => download('scenario.yaml', text, 'text/yaml')}
        />
      )}
      <KeepWork store={store} simulatedText={simulatedText} language={language} editable={view === 'edit'} />
      <SessionNotices store={store} />
      <main
        className="workspace"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          const file = e.dataTransfer.files[0];
          // A view-only page opens nothing: "Edit a copy" first.
          if (file && view === 'edit') void file.text().then((fileText) => open(fileText));
        }}
      >
        {view === 'edit' && !presenter && (
          <>
            <Suspense
              fallback={
                <section className="editor-pane" aria-label="Manifests editor">
                  <pre className="editor-loading">{text}</pre>
                </section>
              }
            >
              <EditorPane
                language={language}
                text={text}
                diagnostics={current.sim.diagnostics}
                diagnosticsText={simulatedText}
                onChange={(next) => store.getState().setText(next)}
              />
            </Suspense>
            <Splitter value={split} label={t.resize} onChange={(v) => store.getState().setSplit(v)} />
          </>
        )}
        <GraphPane
          elements={shown.elements}
          stale={stale}
          errors={current.errors}
          changed={changed}
          focus={focus}
          trace={traced instanceof Error ? undefined : traced}
          hop={packets.hop}
          presenter={presenter}
          selectedId={selection?.id}
          language={language}
          scenario={scenario && isTextOf(scenario, shown.text) ? scenario.id : undefined}
          onReady={packets.onReady}
          onSelect={(ref, id) => {
            store.getState().select(ref && id ? { ref, id } : undefined);
            if (ref && view !== 'embed') setTab('inspector');
          }}
        />
      </main>
      <Dock
        active={tabs.some((d) => d.id === tab) ? tab : 'packets'}
        onActivate={setTab}
        tabs={tabs}
        presenter={presenter}
        language={language}
      />
      {exporting && traced && !(traced instanceof Error) && (
        <FlowExportDialog
          graph={packets.graph()}
          trace={traced}
          language={language}
          speed={packets.speed}
          onClose={() => setExporting(false)}
        />
      )}
      {share && <ShareDialog {...share} language={language} onClose={() => setShare(undefined)} />}
    </div>
  );
}
