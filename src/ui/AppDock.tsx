/** The dock's tabs, each reading the store: packets, lesson, terminal, inspector, changes, problems (an embed: packets only). */
import { lazy, Suspense } from 'react';
import type { Change } from '../core/diff.ts';
import { words } from '../i18n/words.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { currentOf, shownOf } from '../store/text.ts';
import { useApp, type AppStore } from '../store/store.ts';
import { ChangesPanel } from './ChangesPanel.tsx';
import { Dock } from './Dock.tsx';
import { Inspector } from './Inspector.tsx';
import { LessonPanel } from './LessonPanel.tsx';
import { PacketPanel } from './PacketPanel.tsx';
import { ProblemsPanel } from './ProblemsPanel.tsx';
import { useCommands } from './useCommands.ts';

// The terminal emulator (xterm.js) loads when its tab is first opened.
const TerminalPane = lazy(() => import('./TerminalPane.tsx'));

export function AppDock({ store, changes }: { store: AppStore; changes: readonly Change[] }) {
  const language = useApp(store, (s) => s.language);
  const shown = useApp(store, shownOf);
  const diagnostics = useApp(store, (s) => currentOf(s).sim.diagnostics);
  const lesson = useApp(store, (s) => s.lesson);
  const text = useApp(store, (s) => s.text);
  const selection = useApp(store, (s) => s.selection);
  const view = useApp(store, (s) => s.view);
  const tab = useApp(store, (s) => s.tab);
  const presenter = useApp(store, (s) => s.presenter);
  const output = useCommands(shown);
  const a = store.getState();
  const t = words(language).ui;
  const tabs = [
    { id: 'packets', label: t.packets, content: <PacketPanel store={store} onExport={() => a.setDialog('export')} /> },
    {
      id: 'lesson',
      label: t.lesson,
      content: (
        <LessonPanel
          scenarios={SCENARIOS}
          scenario={lesson ? SCENARIOS.find((s) => s.id === lesson.id) : undefined}
          step={lesson?.step ?? 0}
          language={language}
          text={text}
          output={output}
          onOpen={a.openStep}
          onClose={() => a.setLesson(undefined)}
        />
      ),
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
    { id: 'inspector', label: t.inspector, content: <Inspector selection={selection?.ref} shown={shown} language={language} /> },
    {
      id: 'changes',
      label: `${t.changes}${changes.length ? ` (${changes.length})` : ''}`,
      content: <ChangesPanel changes={changes} language={language} />,
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
