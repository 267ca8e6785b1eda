/**
 * The panel under the workspace: tabs for packets, lesson, terminal, inspector, changes and
 * problems. Its top edge is dragged (or focused and moved with the arrow keys) to resize it; the
 * fold button folds it to its tabs, and choosing a tab unfolds it.
 */
import type { KeyboardEvent, PointerEvent, ReactNode } from 'react';
import { words, type Language } from '../i18n/words.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { useDockLayout } from './useDockLayout.ts';

export interface DockTab {
  readonly id: string;
  readonly label: string;
  readonly content: ReactNode;
}

interface Props {
  readonly tabs: readonly DockTab[];
  readonly active: string;
  readonly presenter: boolean;
  readonly language: Language;
  onActivate(id: string): void;
}

/** One arrow key press moves the edge this far; Page Up/Down five times as far. */
const KEY_STEP_PX = 24;

export function Dock({ tabs, active, presenter, language, onActivate }: Props) {
  const t = words(language).ui;
  const layout = useDockLayout(presenter);
  const current = tabs.find((d) => d.id === active) ?? tabs[0]!;
  const dockHeight = (el: HTMLElement) => el.parentElement!.getBoundingClientRect().height;

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const edge = e.currentTarget;
    edge.setPointerCapture(e.pointerId);
    const bottom = edge.parentElement!.getBoundingClientRect().bottom;
    const move = (ev: globalThis.PointerEvent) => layout.setHeight(bottom - ev.clientY);
    const up = () => {
      edge.removeEventListener('pointermove', move);
      edge.removeEventListener('pointerup', up);
    };
    edge.addEventListener('pointermove', move);
    edge.addEventListener('pointerup', up);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const now = dockHeight(e.currentTarget);
    const by: Partial<Record<string, number>> = {
      ArrowUp: KEY_STEP_PX,
      ArrowDown: -KEY_STEP_PX,
      PageUp: 5 * KEY_STEP_PX,
      PageDown: -5 * KEY_STEP_PX,
    };
    const step = by[e.key];
    if (step !== undefined) layout.setHeight(now + step);
    else if (e.key === 'Home') layout.setHeight(Infinity);
    else if (e.key === 'End') layout.setFolded(true);
    else return;
    e.preventDefault();
  };
  const pick = (id: string) => {
    onActivate(id);
    if (layout.folded) layout.setFolded(false);
  };

  const style = layout.height === undefined || layout.folded ? undefined : { height: `${layout.height}px` };
  return (
    <section className={`dock${layout.folded ? ' folded' : ''}`} style={style} data-tab={current.id}>
      {!layout.folded && (
        <div
          className="dock-edge"
          role="separator"
          aria-orientation="horizontal"
          aria-label={t.resizePanel}
          aria-valuenow={layout.height ?? undefined}
          tabIndex={0}
          onPointerDown={onPointerDown}
          onKeyDown={onKeyDown}
        />
      )}
      <div className="dock-tabs" role="tablist">
        {tabs.map((d) => (
          <button
            key={d.id}
            type="button"
            role="tab"
            id={`tab-${d.id}`}
            aria-selected={d.id === current.id}
            aria-controls={`panel-${d.id}`}
            onClick={() => pick(d.id)}
          >
            {d.label}
          </button>
        ))}
        <button
          type="button"
          className="dock-fold"
          aria-expanded={!layout.folded}
          aria-controls={`panel-${current.id}`}
          title={layout.folded ? t.showPanel : t.hidePanel}
          aria-label={layout.folded ? t.showPanel : t.hidePanel}
          onClick={() => layout.setFolded(!layout.folded)}
        >
          {layout.folded ? '▴' : '▾'}
        </button>
      </div>
      <div className="dock-panel" role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`} hidden={layout.folded}>
        <ErrorBoundary key={current.id} name={current.label} language={language}>
          {current.content}
        </ErrorBoundary>
      </div>
    </section>
  );
}
