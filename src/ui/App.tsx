/**
 * The page: the top bar; the manifests editor and the live network graph side by side with a
 * resizable divider; the inspector and the list of changes beside the graph; the problems below.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { diffStates, type Change } from '../core/diff.ts';
import { kubeProxyModeOf, setKubeProxyMode } from '../core/edit.ts';
import { podId, serviceId, nodeId } from '../graph/elements.ts';
import { STRINGS } from '../i18n/strings.ts';
import { DEFAULT_SCENARIO, SCENARIOS } from '../scenarios/index.ts';
import { createAppStore, useApp, type AppStore } from '../store/store.ts';
import { derive, traceOf } from '../store/simulation.ts';
import { destinations, quickFlows, sources } from '../core/flows.ts';
import { ChangesPanel } from './ChangesPanel.tsx';
import { Dock } from './Dock.tsx';
import { EditorPane } from './EditorPane.tsx';
import { GraphPane } from './GraphPane.tsx';
import { Inspector } from './Inspector.tsx';
import { PacketPanel } from './PacketPanel.tsx';
import { usePackets } from './usePackets.ts';
import { ProblemsPanel } from './ProblemsPanel.tsx';
import { Splitter } from './Splitter.tsx';
import { TopBar } from './TopBar.tsx';

function changedIds(changes: readonly Change[]): string[] {
  return changes.flatMap((c) => {
    switch (c.kind) {
      case 'pod-added':
      case 'pod-moved':
        return [podId(c)];
      case 'service-added':
      case 'endpoint-added':
      case 'endpoint-removed':
        return [serviceId(c)];
      case 'rules-changed':
        return [nodeId(c.node)];
      default:
        return [];
    }
  });
}

export function App({ store: given }: { store?: AppStore }) {
  const [store] = useState(() => given ?? createAppStore(DEFAULT_SCENARIO.text));
  const text = useApp(store, (s) => s.text);
  const simulatedText = useApp(store, (s) => s.simulatedText);
  const lastGoodText = useApp(store, (s) => s.lastGoodText);
  const selection = useApp(store, (s) => s.selection);
  const language = useApp(store, (s) => s.language);
  const split = useApp(store, (s) => s.split);
  const flow = useApp(store, (s) => s.flow);
  const t = STRINGS[language];

  const current = derive(simulatedText);
  const shown = derive(lastGoodText || simulatedText);
  const stale = current.errors > 0 && lastGoodText !== '';
  const [changes, setChanges] = useState<readonly Change[]>([]);
  const previous = useRef(shown);
  useEffect(() => {
    const before = previous.current;
    if (before === shown) return;
    previous.current = shown;
    setChanges(diffStates(before.sim.state, shown.sim.state, before.dataplane, shown.dataplane));
  }, [shown]);
  const flash = useMemo(() => changedIds(changes), [changes]);
  const [tab, setTab] = useState('packets');
  const traced = flow ? traceOf(shown, flow) : undefined;
  const packets = usePackets(shown, flow, traced);
  const state = shown.sim.state;

  const scenarioId = SCENARIOS.find((s) => s.text === text)?.id;
  const mode = kubeProxyModeOf(text);
  const commitText = (next: string) => {
    store.getState().setText(next);
    store.getState().commit();
  };

  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [language]);
  useEffect(() => {
    // For browser tests and the benchmark: the store drives the page as typing would.
    Object.assign(window, { __store: store });
  }, [store]);

  return (
    <div className="app" style={{ ['--split' as string]: String(split) }}>
      <TopBar
        language={language}
        mode={mode}
        scenarioId={scenarioId}
        onScenario={(id) => commitText(SCENARIOS.find((s) => s.id === id)?.text ?? text)}
        onMode={(m) => commitText(setKubeProxyMode(text, m))}
        onLanguage={(l) => store.getState().setLanguage(l)}
      />
      <main className="workspace">
        <EditorPane text={text} diagnostics={current.sim.diagnostics} diagnosticsText={simulatedText} onChange={(next) => store.getState().setText(next)} />
        <Splitter value={split} label={t.resize} onChange={(v) => store.getState().setSplit(v)} />
        <GraphPane
          elements={shown.elements}
          stale={stale}
          errors={current.errors}
          flash={flash}
          selectedId={selection?.id}
          language={language}
          onReady={packets.onReady}
          onSelect={(ref, id) => {
            store.getState().select(ref && id ? { ref, id } : undefined);
            if (ref) setTab('inspector');
          }}
        />
      </main>
      <Dock
        active={tab}
        onActivate={setTab}
        tabs={[
          {
            id: 'packets',
            label: t.packets,
            content: (
              <PacketPanel
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
              />
            ),
          },
          { id: 'inspector', label: t.inspector, content: <Inspector selection={selection?.ref} state={shown.sim.state} dataplane={shown.dataplane} language={language} /> },
          { id: 'changes', label: `${t.changes}${changes.length ? ` (${changes.length})` : ''}`, content: <ChangesPanel changes={changes} language={language} /> },
          { id: 'problems', label: `${t.problems} (${current.sim.diagnostics.length})`, content: <ProblemsPanel diagnostics={current.sim.diagnostics} language={language} /> },
        ]}
      />
    </div>
  );
}
