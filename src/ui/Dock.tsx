/** The area under the workspace: tabs for the inspector, the changes and the problems (and, later, packets, terminal and lesson). */
import type { ReactNode } from 'react';
import { ErrorBoundary } from './ErrorBoundary.tsx';

export interface DockTab {
  readonly id: string;
  readonly label: string;
  readonly content: ReactNode;
}

export function Dock({ tabs, active, onActivate }: { tabs: readonly DockTab[]; active: string; onActivate(id: string): void }) {
  const current = tabs.find((t) => t.id === active) ?? tabs[0]!;
  return (
    <section className="dock">
      <div className="dock-tabs" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === current.id}
            aria-controls={`panel-${t.id}`}
            onClick={() => onActivate(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="dock-panel" role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`}>
        <ErrorBoundary key={current.id} name={current.label}>
          {current.content}
        </ErrorBoundary>
      </div>
    </section>
  );
}
