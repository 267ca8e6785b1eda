/** The network graph: a Cytoscape view kept in step with the derived elements, with its toolbar. */
import { useEffect, useRef } from 'react';
import type { ElementRef, GraphElement } from '../graph/elements.ts';
import { createGraphView, type GraphView } from '../graph/graph-view.ts';
import type { Language } from '../i18n/strings.ts';
import { STRINGS } from '../i18n/strings.ts';
import { Legend } from './Legend.tsx';

interface Props {
  elements: readonly GraphElement[];
  stale: boolean;
  errors: number;
  flash: readonly string[];
  selectedId: string | undefined;
  language: Language;
  onSelect(ref: ElementRef | undefined, id: string | undefined): void;
}

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export function GraphPane({ elements, stale, errors, flash, selectedId, language, onSelect }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const view = useRef<GraphView | null>(null);
  const select = useRef(onSelect);
  useEffect(() => {
    select.current = onSelect;
  });
  const t = STRINGS[language];

  useEffect(() => {
    const v = createGraphView(container.current!, { onSelect: (ref, id) => select.current(ref, id), reducedMotion: reducedMotion() });
    view.current = v;
    (window as unknown as { __graph?: GraphView }).__graph = v; // for browser tests and the curious
    const resize = new ResizeObserver(() => v.cy.resize());
    resize.observe(container.current!);
    return () => {
      resize.disconnect();
      v.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => view.current?.update(elements), [elements]);
  useEffect(() => view.current?.setStale(stale), [stale, elements]);
  useEffect(() => {
    if (flash.length > 0) view.current?.flash(flash);
  }, [flash]);
  useEffect(() => view.current?.select(selectedId), [selectedId, elements]);

  const zoom = (factor: number) => {
    const cy = view.current?.cy;
    if (cy) cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  };

  return (
    <section className="graph-pane" aria-label={t.graph}>
      <div className="graph-toolbar">
        <button type="button" onClick={() => view.current?.fit()}>
          {t.fit}
        </button>
        <button type="button" aria-label={t.zoomIn} onClick={() => zoom(1.25)}>
          +
        </button>
        <button type="button" aria-label={t.zoomOut} onClick={() => zoom(0.8)}>
          −
        </button>
        {stale && (
          <span className="stale-badge" role="status">
            {t.stale(errors)}
          </span>
        )}
      </div>
      <div className="graph-canvas" ref={container} role="img" aria-label={t.graph} data-testid="graph" />
      <Legend language={language} />
    </section>
  );
}
