/** The network graph: a Cytoscape view kept in step with the derived elements, with its toolbar. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Trace } from '../core/trace/index.ts';
import { arranged, choose, sameChoice, type Choice, type Pane } from '../graph/arrange.ts';
import type { ElementRef, GraphElement } from '../graph/elements.ts';
import { createGraphView, type GraphView } from '../graph/graph-view.ts';
import { createPacketPlayer, type PacketPlayer } from '../graph/packet-player.ts';
import { roomFor } from '../graph/room.ts';
import { BASE_FONT, PRESENTER_READABLE_PX, READABLE_PX, TEXT_SIZES, type TextSize } from '../graph/style.ts';
import { labelled as labelledIn } from '../i18n/graph.ts';
import { words, type Language } from '../i18n/words.ts';
import type { Overview } from '../graph/overview.ts';
import { Legend } from './Legend.tsx';
import { PolicyBanner } from './PolicyBanner.tsx';
import type { PolicyMarks } from '../core/policy/selection.ts';
import { policyClasses } from '../graph/policy-marks.ts';
import { exposeForTests } from '../test-hooks.ts';
import { useCamera, type StepFocus } from './useCamera.ts';

interface Props {
  elements: readonly GraphElement[];
  /** Set when the elements are an overview of a graph too large to draw whole. */
  summary?: Overview | undefined;
  stale: boolean;
  errors: number;
  /** What the last edit changed: marked until the next edit. */
  changed: readonly string[];
  /** The open lesson step's subject, once its text is simulated. */
  focus?: StepFocus;
  /** The flow shown and the hop the packet is at (followed when asked). */
  trace?: Trace;
  hop: number;
  /** The flow plays (its end, followed, brings the step's subject or the whole graph back into view). */
  playing: boolean;
  /** Presenter mode: the packet is followed unless the visitor says otherwise. */
  presenter: boolean;
  selectedId: string | undefined;
  /** The NetworkPolicy shown: its pods marked, the rest dimmed, its key over the graph. */
  policy?: PolicyMarks | undefined;
  onHidePolicy?(): void;
  language: Language;
  /**
   * The built-in scenario whose text the graph shows, if any: when another one is shown, the view
   * fits it whole (once its graph is drawn: its name may come before its text is simulated).
   */
  scenario?: string;
  onSelect(ref: ElementRef | undefined, id: string | undefined): void;
  /** The graph view and the packet player on it, once they exist (null when they are gone). */
  onReady?(graph: { view: GraphView; player: PacketPlayer } | null): void;
}

/** The graph's keys, read to a screen reader with its name. */
const GRAPH_KEYS_ID = 'graph-keys';
const TEXT_SIZE_KEY = 'kube-netplay:text-size';

/** The text size chosen on an earlier visit; anything else stored there is ignored. */
function savedTextSize(): TextSize {
  try {
    const saved = localStorage.getItem(TEXT_SIZE_KEY);
    return saved && Object.hasOwn(TEXT_SIZES, saved) ? (saved as TextSize) : 'medium';
  } catch {
    return 'medium';
  }
}

function saveTextSize(size: TextSize): void {
  try {
    localStorage.setItem(TEXT_SIZE_KEY, size);
  } catch {
    // Storage refused (a private window, a full quota): the choice lasts this visit.
  }
}

// Read at each move, not once: the visitor may change the setting while the page is open.
const motionQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : undefined;
const reducedMotion = () => motionQuery?.matches ?? false;

export function GraphPane({
  elements,
  summary,
  stale,
  errors,
  changed,
  focus,
  trace,
  hop,
  playing,
  presenter,
  selectedId,
  policy,
  onHidePolicy,
  language,
  scenario,
  onSelect,
  onReady,
}: Props) {
  const container = useRef<HTMLDivElement>(null);
  const toolbar = useRef<HTMLDivElement>(null);
  // Presenting, the tools stand in the panel's tab row: the row keeps their width (--graph-tools) for them.
  useEffect(() => {
    const bar = toolbar.current;
    const app = bar?.closest<HTMLElement>('.app');
    if (!bar || !app) return;
    const sized = new ResizeObserver(() => app.style.setProperty('--graph-tools', `${bar.offsetWidth}px`));
    sized.observe(bar);
    return () => {
      sized.disconnect();
      app.style.removeProperty('--graph-tools');
    };
  }, []);
  const view = useRef<GraphView | null>(null);
  const select = useRef(onSelect);
  const ready = useRef(onReady);
  useEffect(() => {
    select.current = onSelect;
    ready.current = onReady;
  });
  const t = words(language).ui;
  const [overview, setOverview] = useState(false);
  // Fit showed only part of the graph (a larger text size at its floor).
  const [partial, setPartial] = useState(false);
  const [textSize, setTextSize] = useState(savedTextSize);
  // Read by the packet player at each frame (its header as large as the main labels).
  const textScale = useRef(TEXT_SIZES[textSize]);
  useEffect(() => {
    textScale.current = TEXT_SIZES[textSize];
  }, [textSize]);

  useEffect(() => {
    const v = createGraphView(container.current!, {
      onSelect: (ref, id) => select.current(ref, id),
      reducedMotion,
      onOverview: setOverview,
      onFit: (whole) => setPartial(!whole),
    });
    const player = createPacketPlayer(v.cy, container.current!, { reducedMotion, labelFont: () => BASE_FONT * textScale.current });
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

  // The pane's shape decides how many node columns stand in a row (src/graph/arrange.ts).
  const [pane, setPane] = useState<Pane>({ width: 0, height: 0 });
  useEffect(() => {
    const sizes = new ResizeObserver(([entry]) => {
      if (entry) setPane({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    sizes.observe(container.current!);
    return () => sizes.disconnect();
  }, []);
  // How the graph stands on screen (columns to a row, pods side by side): kept until another
  // choice draws the graph clearly larger.
  const [shown, setShown] = useState<{ choice: Choice; scenario: string | undefined } | undefined>(undefined);
  // Said once per text and language; a resize only weighs the choices, and moves the elements
  // only when the choice changes.
  const said = useMemo(() => labelledIn(elements, language), [elements, language]);
  // The scenario the elements drawn belong to (its name may come before its elements): another
  // scenario's graph is stood as its own shape asks, not kept as the last one stood.
  const [drawnFor, setDrawnFor] = useState({ said, scenario });
  if (drawnFor.said !== said) setDrawnFor({ said, scenario });
  const kept = shown && shown.scenario === drawnFor.scenario ? shown.choice : undefined;
  const chosen = useMemo(() => choose(said, pane, kept), [said, pane, kept]);
  const choice = kept && sameChoice(kept, chosen) ? kept : chosen;
  if (pane.width > 0 && (choice !== shown?.choice || shown.scenario !== drawnFor.scenario))
    setShown({ choice, scenario: drawnFor.scenario });
  const scale = TEXT_SIZES[textSize];
  const labelled = useMemo(() => roomFor(arranged(said, choice), scale), [said, choice, scale]);
  // Another arrangement is fitted whole; labels in another language (longer or shorter) keep a whole graph whole.
  const drawn = useRef<{ choice: Choice; scale: number; language: Language } | undefined>(undefined);
  useEffect(() => {
    const before = drawn.current;
    drawn.current = { choice, scale, language };
    view.current?.update(labelled, {
      refit: before !== undefined && (!sameChoice(before.choice, choice) || before.scale !== scale),
      keepWhole: before !== undefined && before.language !== language,
    });
  }, [labelled, choice, scale, language]);
  // After the update above: another scenario is shown whole.
  const fittedFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (scenario === fittedFor.current) return;
    fittedFor.current = scenario;
    if (scenario) view.current?.fit();
  }, [scenario, labelled]);
  useEffect(() => view.current?.setStale(stale), [stale]);
  useEffect(() => {
    saveTextSize(textSize);
  }, [textSize]);
  const readablePx = presenter ? PRESENTER_READABLE_PX : READABLE_PX;
  useEffect(() => view.current?.setTextSize(textSize, readablePx, presenter), [textSize, readablePx, presenter]);
  useEffect(() => view.current?.markChanged(changed), [changed]);
  // Following the packet: on by default in presenter mode, a toggle in the toolbar.
  const [follow, setFollow] = useState<boolean | undefined>(undefined);
  const following = follow ?? presenter;
  const camera = useCamera(view, { focus, elements: labelled, trace, hop, playing, follow: following, presenter, textSize, readablePx });
  useEffect(() => view.current?.select(selectedId), [selectedId, elements]);
  useEffect(() => view.current?.markPolicy(policy ? policyClasses(policy) : undefined), [policy, labelled]);

  const zoom = (factor: number) => view.current?.zoomBy(factor);

  return (
    <section className="graph-pane" aria-label={t.graph}>
      <div className="graph-toolbar" ref={toolbar}>
        <button type="button" title={t.fitTitle} onClick={() => view.current?.fit()}>
          {t.fit}
        </button>
        {camera.focused && (
          <button type="button" onClick={camera.showAll}>
            {t.showAll}
          </button>
        )}
        <button type="button" aria-pressed={following} onClick={() => setFollow(!following)}>
          {t.followPacket}
        </button>
        <button type="button" aria-label={t.zoomIn} onClick={() => zoom(1.25)}>
          +
        </button>
        <button type="button" aria-label={t.zoomOut} onClick={() => zoom(0.8)}>
          −
        </button>
        <select aria-label={t.textSize} title={t.textSize} value={textSize} onChange={(e) => setTextSize(e.target.value as TextSize)}>
          <option value="small">{t.textSmall}</option>
          <option value="medium">{t.textMedium}</option>
          <option value="large">{t.textLarge}</option>
        </select>
        {partial && (
          <span className="overview-hint" role="status">
            {t.partialFit}
          </span>
        )}
        {overview && !summary && <span className="overview-hint">{t.overview}</span>}
        {summary && (
          <span className="overview-hint" role="status">
            {t.overviewSummary(summary)}
          </span>
        )}
        {stale && (
          <span className="stale-badge" role="status">
            {t.stale(errors)}
          </span>
        )}
      </div>
      {/* A tab stop: the single-key shortcuts work on the graph, so a keyboard must reach it. */}
      <div
        className="graph-canvas"
        ref={container}
        role="img"
        tabIndex={0}
        aria-label={t.graph}
        aria-describedby={GRAPH_KEYS_ID}
        data-testid="graph"
      />
      <span id={GRAPH_KEYS_ID} className="visually-hidden">
        {t.graphKeys}
      </span>
      {policy && <PolicyBanner marks={policy} language={language} onHide={() => onHidePolicy?.()} />}
      <Legend language={language} />
    </section>
  );
}
