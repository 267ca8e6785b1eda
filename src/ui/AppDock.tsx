/** The dock's tabs, each reading the store: packets, lesson, terminal, inspector, reachability, changes, problems (an embed: packets only). */
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { words } from '../i18n/words.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { answerOf } from '../store/answers.ts';
import type { ChangeList, Question } from '../store/derive-protocol.ts';
import { currentOf, shownOf, shownText } from '../store/text.ts';
import { useApp, type AppStore } from '../store/store.ts';
import { ChangesPanel } from './ChangesPanel.tsx';
import { Dock } from './Dock.tsx';
import { Inspector } from './Inspector.tsx';
import { LessonPanel } from './LessonPanel.tsx';
import { PacketPanel } from './PacketPanel.tsx';
import { ProblemsPanel } from './ProblemsPanel.tsx';
import { ReachabilityPanel } from './ReachabilityPanel.tsx';
import { useCommands } from './useCommands.ts';

// The terminal emulator (xterm.js) loads when its tab is first opened.
const TerminalPane = lazy(() => import('./TerminalPane.tsx'));

/** The inspector of the selection: its dataplane's views are asked of the worker while it is open. */
function InspectorTab({ store }: { store: AppStore }) {
  const language = useApp(store, (s) => s.language);
  const selection = useApp(store, (s) => s.selection);
  const state = useApp(store, (s) => shownOf(s).sim.state);
  const text = useApp(store, shownText);
  const question = useMemo<Question | undefined>(() => selection && { kind: 'inspect', text, ref: selection.ref }, [selection, text]);
  const answered = useApp(store, (s) => (question ? answerOf(s, question) : undefined));
  const policy = useApp(store, (s) => s.policy?.ref);
  useEffect(() => {
    if (question) void store.getState().want(question);
  }, [store, question]);
  return (
    <Inspector
      selection={selection?.ref}
      state={state}
      inspection={answered?.kind === 'inspect' ? answered.inspection : undefined}
      failed={answered?.kind === 'failed' ? words(language).say(answered.why) : undefined}
      language={language}
      shownPolicy={policy}
      onShowPolicy={(ref) => store.getState().showPolicy(ref, 'inspector')}
    />
  );
}

/** The lesson, its steps' commands run in the worker, its exercises checked there. */
function LessonTab({ store }: { store: AppStore }) {
  const language = useApp(store, (s) => s.language);
  const lesson = useApp(store, (s) => s.lesson);
  const readOnly = useApp(store, (s) => s.view !== 'edit');
  const output = useCommands(store);
  const a = store.getState();
  return (
    <LessonPanel
      scenarios={SCENARIOS}
      scenario={lesson ? SCENARIOS.find((s) => s.id === lesson.id) : undefined}
      step={lesson?.step ?? 0}
      language={language}
      output={output}
      onCheck={(check) =>
        a
          .want({ kind: 'exercise', text: store.getState().text, check })
          .then((r) => (r?.kind === 'exercise' ? r.result : r?.kind === 'failed' ? { failed: words(language).say(r.why) } : undefined))
      }
      onOpen={a.openStep}
      onClose={() => a.setLesson(undefined)}
      readOnly={readOnly}
    />
  );
}

export function AppDock({ store, changes }: { store: AppStore; changes: ChangeList }) {
  const language = useApp(store, (s) => s.language);
  const shown = useApp(store, shownOf);
  const diagnostics = useApp(store, (s) => currentOf(s).sim.diagnostics);
  const view = useApp(store, (s) => s.view);
  const tab = useApp(store, (s) => s.tab);
  const presenter = useApp(store, (s) => s.presenter);
  const a = store.getState();
  const t = words(language).ui;
  const tabs = [
    { id: 'packets', label: t.packets, content: <PacketPanel store={store} onExport={() => a.setDialog('export')} /> },
    {
      id: 'lesson',
      label: t.lesson,
      content: <LessonTab store={store} />,
    },
    {
      id: 'terminal',
      label: t.terminal,
      content: (
        <Suspense fallback={<p className="muted">…</p>}>
          <TerminalPane store={store} nodes={shown.sim.state.cluster.nodes.map((n) => n.name)} label={t.terminal} />
        </Suspense>
      ),
    },
    { id: 'inspector', label: t.inspector, content: <InspectorTab store={store} /> },
    { id: 'reachability', label: t.reachability, content: <ReachabilityPanel store={store} /> },
    {
      id: 'changes',
      label: `${t.changes}${changes.changes.length ? ` (${changes.changes.length})` : ''}`,
      content: <ChangesPanel list={changes} language={language} />,
    },
    {
      id: 'problems',
      label: `${t.problems} (${diagnostics.length})`,
      content: <ProblemsPanel diagnostics={diagnostics} language={language} />,
    },
  ].filter((d) => view !== 'embed' || d.id === 'packets');
  return (
    <Dock
      active={tabs.some((d) => d.id === tab) ? tab : 'packets'}
      onActivate={a.setTab}
      tabs={tabs}
      presenter={presenter}
      language={language}
    />
  );
}
