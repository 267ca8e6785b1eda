/** The network graph: a Cytoscape view kept in step with the derived elements, with its toolbar. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ElementRef, GraphElement } from '../graph/elements.ts';
import { createGraphView, type GraphView } from '../graph/graph-view.ts';
import { createPacketPlayer, type PacketPlayer } from '../graph/packet-player.ts';
import { localizedElements } from '../i18n/graph.ts';
import type { Language } from '../i18n/strings.ts';
import { STRINGS } from '../i18n/strings.ts';
import { Legend } from './Legend.tsx';
import { exposeForTests } from '../test-hooks.ts';

interface Props {
  elements: readonly GraphElement[];
  stale: boolean;
  errors: number;
  flash: readonly string[];
  selectedId: string | undefined;
  language: Language;
  /** The scenario shown: when it changes, the view fits the new one whole. */
  scenario?: string;
  onSelect(ref: ElementRef | undefined, id: string | undefined): void;
  /** The graph view and the packet player on it, once they exist (null when they are gone). */
  onReady?(graph: { view: GraphView; player: PacketPlayer } | null): void;
}

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export function GraphPane({ elements, stale, errors, flash, selectedId, language, scenario, onSelect, onReady }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const view = useRef<GraphView | null>(null);
  const select = useRef(onSelect);
  const ready = useRef(onReady);
  useEffect(() => {
    select.current = onSelect;
    ready.current = onReady;
  });
  const t = STRINGS[language];
  const [overview, setOverview] = useState(false);

  useEffect(() => {
    const v = createGraphView(container.current!, { onSelect: (ref, id) => select.current(ref, id), reducedMotion: reducedMotion(), onOverview: setOverview });
    const player = createPacketPlayer(v.cy, container.current!, { reducedMotion: reducedMotion() });
    view.current = v;
    // For browser tests and the benchmark.
    exposeForTests({ __graph: v, __packets: player });
    ready.current?.({ view: v, player });
    return () => {
      ready.current?.(null);
      player.destroy();
      v.destroy();
      view.current = null;
    };
  }, []);

  const labelled = useMemo(() => localizedElements(elements, language), [elements, language]);
  useEffect(() => view.current?.update(labelled), [labelled]);
  // After the update above: another scenario is shown whole (its text came before its name).
  useEffect(() => view.current?.fit(), [scenario]);
  useEffect(() => view.current?.setStale(stale), [stale]);
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
        {overview && <span className="overview-hint">{t.overview}</span>}
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
