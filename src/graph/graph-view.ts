/**
 * The Cytoscape adapter: `createGraphView(container)` → `{ update, markChanged, focus, markPolicy, fit, destroy }`. An
 * update is a batched diff by element id (add, remove, change in place with a short move), never
 * a rebuild and never a layout run: positions come with the elements.
 */
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { FIT_PADDING, frame, frameReadable, frameSubject, follow, union, type Box, type Viewport } from './camera.ts';
import { Drawing } from './drawing.ts';
import type { ElementRef, LabelledElement } from './elements.ts';
import { detailAt, floorZoom, graphStyle, READABLE_PX, type Detail, type TextSize } from './style.ts';

export interface GraphView {
  readonly cy: Core;
  /**
   * `refit`: the graph was laid out anew (rows for another pane): placed at once and fitted whole.
   * `keepWhole`: labels changed size (another language): a graph shown whole is fitted again.
   */
  update(elements: readonly LabelledElement[], options?: { refit?: boolean; keepWhole?: boolean }): void;
  /** Marks what the last edit changed, until the next edit marks its own (none: clears). */
  markChanged(ids: readonly string[]): void;
  /**
   * Brings a lesson step's subject into view: the elements `ids` (and `extra`, a flow's path)
   * framed, eased to unless the visitor asked for reduced motion; the elements highlighted and
   * the rest dimmed, until `showAll`.
   */
  focus(ids: readonly string[], extra?: Box): void;
  /** Marks a NetworkPolicy's pods (classes by element id) and dims the rest; undefined clears. */
  markPolicy(marks: ReadonlyMap<string, string> | undefined): void;
  /** Undims everything and fits the graph whole. */
  showAll(): void;
  /** The elements the last focus was on (none after `showAll`). */
  focusedIds(): readonly string[];
  /** Keeps `point` (graph units) in view at `readableZoom` at least: a packet being followed. */
  follow(point: { x: number; y: number }, readableZoom: number): void;
  setStale(stale: boolean): void;
  /**
   * Every font of the graph one step smaller or larger (the boxes stay), and the size on screen
   * from which secondary text is drawn whole; in presenter mode a larger size has a larger floor
   * (style.ts LABEL_FLOOR_PX).
   */
  setTextSize(size: TextSize, readablePx: number, presenter?: boolean): void;
  select(id: string | undefined): void;
  fit(): void;
  /** Zooms by `factor` about the pane's middle, as the visitor asked (the toolbar's buttons). */
  zoomBy(factor: number): void;
  /** Runs `draw` with every element styled for drawing, also in the overview (for exports). */
  inDetail<T>(draw: () => T): T;
  /** Calls `run` each time a drawing is done (elements added or moved); returns the unsubscribe. */
  onDrawn(run: () => void): () => void;
  destroy(): void;
}

export interface GraphViewOptions {
  onSelect?: (ref: ElementRef | undefined, id: string | undefined) => void;
  /** Moves are animated unless the visitor asks for reduced motion (asked at each move: a change applies at once). */
  reducedMotion?: () => boolean;
  /** Told when the zoom enters or leaves the overview (edges and containers left out). */
  onOverview?: (overview: boolean) => void;
  /** Told after each Fit whether it shows the whole graph (a larger text size may show a part). */
  onFit?: (whole: boolean) => void;
}

function signature(e: LabelledElement): string {
  return JSON.stringify([e.data, 'position' in e ? e.position : undefined, e.classes]);
}

/** A small subject (one pod) is brought close, not blown up to fill a large screen. */
const FOCUS_FRAME = { padding: FIT_PADDING * 2, maxZoom: 1.6 };

function sameViewport(a: Viewport, b: Viewport): boolean {
  return Math.abs(a.zoom - b.zoom) < 1e-6 && Math.abs(a.pan.x - b.pan.x) < 0.5 && Math.abs(a.pan.y - b.pan.y) < 0.5;
}

export function createGraphView(container: HTMLElement, options: GraphViewOptions = {}): GraphView {
  const cy = cytoscape({
    container,
    style: graphStyle(),
    layout: { name: 'preset' },
    // Low enough to fit a 100-node cluster on a laptop screen.
    minZoom: 0.02,
    maxZoom: 4,
    boxSelectionEnabled: false,
    autoungrabify: true,
  });
  const signatures = new Map<string, string>();
  let fitted = false;
  let textSize: TextSize = 'medium';
  let readablePx = READABLE_PX;
  let presenter = false;
  // The view the last Fit chose, while nobody has moved it: a resize fits again.
  let fittedTo: Viewport | undefined;
  const stillFitted = () => fittedTo !== undefined && sameViewport({ zoom: cy.zoom(), pan: cy.pan() }, fittedTo);
  // The visitor moved the view (wheel, pinch, drag, the zoom buttons) while a drawing was under
  // way: the fit at the drawing's end would take their view away, so it is left out.
  let movedByHand = false;
  cy.on('scrollzoom pinchzoom dragpan', () => (movedByHand = true));
  let detail: Detail = 'full';
  const restyle = (all = false) => cy.style(graphStyle(all ? 'full' : detail, textSize));
  // The stylesheet changes only when the zoom or the text size crosses from one detail to another.
  const redetail = () => {
    const next = detailAt(cy.zoom(), textSize, readablePx);
    if (next === detail) return;
    const overview = detail === 'overview';
    detail = next;
    restyle();
    if (overview !== (next === 'overview')) options.onOverview?.(next === 'overview');
  };
  // The box changes size with the window, the splitter and presenter mode (the editor hides, the
  // graph takes the room): a graph shown whole before stays whole, larger or smaller.
  const showsWhole = () => {
    const bb = cy.elements().boundingBox();
    const e = cy.extent();
    return cy.elements().length > 0 && e.x1 <= bb.x1 + 1 && e.y1 <= bb.y1 + 1 && e.x2 >= bb.x2 - 1 && e.y2 >= bb.y2 - 1;
  };
  const resizes = new ResizeObserver(([entry]) => {
    // A hidden pane (0×0) has no view to keep: wait until it is back.
    if (!entry || entry.contentRect.width === 0 || entry.contentRect.height === 0) return;
    const whole = showsWhole() || stillFitted();
    // Still framed as a lesson step left it (not moved by hand since): framed again in the new box.
    const framed = framing && sameViewport({ zoom: cy.zoom(), pan: cy.pan() }, framing.to);
    cy.resize();
    if (whole) view.fit();
    else if (framing && framed) cy.viewport(frameAround(framing.box));
  });
  resizes.observe(container);
  cy.on('zoom', redetail);
  // Classes the view adds on top of the elements' own: kept when an element is updated.
  let changed = new Set<string>();
  let dimmed = new Set<string>();
  let subjectIds: readonly string[] = [];
  let policyMarks = new Map<string, string>();
  let policyDark = new Set<string>();
  const withMarks = (id: string, classes: string) =>
    `${classes}${changed.has(id) ? ' changed' : ''}${dimmed.has(id) ? ' dimmed' : ''}` +
    `${policyMarks.has(id) ? ` ${policyMarks.get(id)}` : ''}${policyDark.has(id) ? ' policy-dimmed' : ''}`;
  const pane = () => ({ width: cy.width(), height: cy.height() });
  /** How Fit frames the whole graph: its margin, within Cytoscape's zoom limits. */
  const fitWhole = () => ({ padding: FIT_PADDING, maxZoom: cy.maxZoom(), minZoom: cy.minZoom() });
  const margins = () => ({ subject: FOCUS_FRAME, whole: fitWhole() });
  /** The zoom a larger text size does not go below, given the zoom that fits the whole graph. */
  const floor = (fits: number) => floorZoom(fits, textSize, presenter);
  const fitView = () => frameReadable(cy.elements().boundingBox(), pane(), fitWhole(), floor);
  // The last focus's subject and the view it asked for, while it is shown.
  let framing: { box: Box; to: Viewport } | undefined;
  /** Frames `box` as a lesson step's subject, and keeps it as the frame a resize or re-wrap keeps. */
  const frameAround = (box: Box): Viewport =>
    (framing = { box, to: frameSubject(box, cy.elements().boundingBox(), pane(), margins(), floor) }).to;
  const moveTo = (to: Viewport) => {
    cy.stop(true);
    if (options.reducedMotion?.()) cy.viewport(to);
    else cy.animate({ zoom: to.zoom, pan: to.pan }, { duration: 600, easing: 'ease-in-out-sine' });
  };
  const collect = (ids: Iterable<string>) => {
    let els = cy.collection();
    for (const id of ids) els = els.union(cy.getElementById(id));
    return els;
  };
  /** The ids to dim around a subject: what it holds and what holds it stay lit; links only between lit nodes. */
  const darkAround = (subject: cytoscape.NodeCollection): Set<string> => {
    const lit = subject.union(subject.descendants()).union(subject.ancestors());
    const dark = cy
      .nodes()
      .difference(lit)
      .union(cy.edges().filter((e) => !lit.contains(e.source()) || !lit.contains(e.target())));
    return new Set(dark.map((e) => e.id()));
  };

  cy.on('tap', (event) => {
    const target = event.target;
    if (target === cy) options.onSelect?.(undefined, undefined);
    else options.onSelect?.(target.data('ref') as ElementRef, target.id());
  });

  const drawnListeners = new Set<() => void>();
  const drawing = new Drawing(
    (run) => cy.batch(run),
    () => drawnListeners.forEach((run) => run()),
  );
  const view: GraphView = {
    cy,
    update(elements, { refit = false, keepWhole = false } = {}) {
      const next = new Map(elements.map((e) => [e.data.id, e]));
      // A lesson step's subject, still framed as the step left it, is framed again where the new
      // layout puts it, not lost to a view of the whole.
      const reframe = refit && framing && subjectIds.length > 0 && sameViewport({ zoom: cy.zoom(), pan: cy.pan() }, framing.to);
      // Another cluster (none of the nodes drawn stays): show it whole, as on the first drawing.
      const nodes = elements.filter((e) => e.data.ref.type === 'node');
      const another = nodes.length > 0 && !nodes.some((e) => signatures.has(e.data.id));
      if (refit || (keepWhole && showsWhole()) || another) fitted = movedByHand = false;
      // A first drawing starts at (about) the zoom it will be fitted to, so the stylesheet of that
      // zoom's detail is the one every element is styled with, once.
      const box = fitted || reframe ? undefined : boxOf(elements);
      if (box) cy.viewport(frame(box, pane(), fitWhole()));
      const steps: (() => void)[] = [];
      for (const id of [...signatures.keys()]) {
        if (next.has(id)) continue;
        steps.push(() => {
          cy.getElementById(id).remove();
          signatures.delete(id);
        });
      }
      // Parents before children, nodes before edges: Cytoscape needs both to exist first.
      const ordered = [...elements].sort((a, b) => rank(a) - rank(b));
      // A box moved to another parent (a pod to another node) is removed and added again, and
      // Cytoscape removes its children and its edges with it: those are added again too.
      const replaced = new Set<string>();
      for (const e of ordered) {
        const sig = signature(e);
        const { parent, source, target } = e.data as { parent?: string; source?: string; target?: string };
        const orphaned = [parent, source, target].some((id) => id !== undefined && replaced.has(id));
        const existing = cy.getElementById(e.data.id);
        if (orphaned || (existing.nonempty() && existing.data('parent') !== parent)) replaced.add(e.data.id);
        if (signatures.get(e.data.id) === sig && !orphaned) continue;
        steps.push(() => {
          const existing = cy.getElementById(e.data.id);
          if (existing.nonempty() && existing.data('parent') === (e.data as { parent?: string }).parent) {
            existing.data({ ...e.data, title: titleOf(e) });
            existing.classes(withMarks(e.data.id, e.classes));
            if ('position' in e && e.position) {
              if (!fitted || options.reducedMotion?.()) existing.position(e.position);
              else existing.animate({ position: e.position }, { duration: 250 });
            }
          } else {
            existing.remove();
            // Added together at the end of the task: one add of many is far cheaper than many adds.
            adds.push({
              ...e,
              // Cytoscape keeps the object it is given and moves it: a copy, so the elements stay as derived.
              ...('position' in e && e.position ? { position: { ...e.position } } : {}),
              classes: withMarks(e.data.id, e.classes),
              data: { ...e.data, title: titleOf(e) },
            } as unknown as ElementDefinition);
          }
          signatures.set(e.data.id, sig);
        });
      }
      const adds: ElementDefinition[] = [];
      const flush = () => {
        if (adds.length > 0) cy.add(adds.splice(0));
      };
      drawing.start(steps, flush, () => {
        if (fitted || elements.length === 0) return undefined;
        // Each element's size (its style and label measured) a few dozen per task, then the fit
        // reads them all at once.
        const all = cy.elements();
        let at = 0;
        return () => {
          if (at < all.length) {
            all.slice(at, (at += WARM_PER_TASK)).boundingBox();
            return false;
          }
          fitted = true;
          if (movedByHand) return true;
          const subject = reframe ? collect(subjectIds).nodes() : cy.collection();
          if (subject.nonempty()) cy.viewport(frameAround(subject.boundingBox()));
          else view.fit();
          return true;
        };
      });
    },
    markChanged(ids) {
      collect(changed).removeClass('changed');
      changed = new Set(ids);
      collect(changed).addClass('changed');
    },
    focus(ids, extra) {
      // The subject may be in what is being drawn: framed once it is there.
      if (drawing.busy) return drawing.whenDrawn(() => view.focus(ids, extra));
      const subject = collect(ids).nodes();
      subjectIds = subject.map((e) => e.id());
      collect(dimmed).removeClass('dimmed');
      dimmed = subject.nonempty() ? darkAround(subject) : new Set();
      collect(dimmed).addClass('dimmed');
      const bb = subject.nonempty() ? subject.boundingBox() : undefined;
      const box = union([...(bb ? [bb] : []), ...(extra ? [extra] : [])]);
      framing = undefined;
      if (box) moveTo(frameAround(box));
    },
    markPolicy(marks) {
      if (drawing.busy) return drawing.whenDrawn(() => view.markPolicy(marks));
      for (const [id, classes] of policyMarks) cy.getElementById(id).removeClass(classes);
      collect(policyDark).removeClass('policy-dimmed');
      policyMarks = new Map(marks ?? []);
      for (const [id, classes] of policyMarks) cy.getElementById(id).addClass(classes);
      policyDark = marks ? darkAround(collect(policyMarks.keys()).nodes()) : new Set();
      collect(policyDark).addClass('policy-dimmed');
    },
    showAll() {
      if (drawing.busy) return drawing.whenDrawn(() => view.showAll());
      framing = undefined;
      collect(dimmed).removeClass('dimmed');
      dimmed = new Set();
      subjectIds = [];
      view.fit();
    },
    focusedIds: () => subjectIds,
    follow(point, readableZoom) {
      const to = follow({ zoom: cy.zoom(), pan: cy.pan() }, point, pane(), readableZoom);
      if (to) moveTo(to);
    },
    setStale(stale) {
      cy.elements().toggleClass('stale', stale);
    },
    setTextSize(size, px, inPresenter = false) {
      if (size === textSize && px === readablePx && inPresenter === presenter) return;
      textSize = size;
      readablePx = px;
      presenter = inPresenter;
      restyle();
      redetail();
    },
    select(id) {
      cy.elements().unselect();
      if (id) cy.getElementById(id).select();
    },
    fit() {
      // A drawing under way fits what it draws when it is done.
      if (drawing.busy) {
        fitted = movedByHand = false;
        return;
      }
      if (cy.elements().empty()) return;
      let to = fitView();
      cy.viewport(to);
      // The new zoom may draw another detail (labels of another size): fit what that draws.
      const again = fitView();
      if (!sameViewport(to, again)) cy.viewport((to = again));
      fittedTo = { zoom: cy.zoom(), pan: cy.pan() };
      options.onFit?.(to.whole);
    },
    zoomBy(factor) {
      movedByHand = true;
      cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    },
    inDetail(draw) {
      if (detail === 'full') return draw();
      restyle(true);
      // Cytoscape applies a new sheet lazily: reading a property makes each element take it now.
      cy.elements().forEach((e) => void e.style('display'));
      try {
        return draw();
      } finally {
        restyle();
      }
    },
    onDrawn(run) {
      drawnListeners.add(run);
      return () => drawnListeners.delete(run);
    },
    destroy() {
      drawing.stop();
      resizes.disconnect();
      cy.destroy();
    },
  };
  return view;
}

/** Elements styled and measured in one task before a fit (labels are measured text). */
const WARM_PER_TASK = 60;

/**
 * The box the nodes' own positions and sizes span (labels not counted): where a first drawing
 * will be fitted, known before anything is drawn. Undefined when no node has a position.
 */
function boxOf(elements: readonly LabelledElement[]): Box | undefined {
  let box: { x1: number; y1: number; x2: number; y2: number } | undefined;
  for (const e of elements) {
    if (e.group !== 'nodes' || !e.position) continue;
    const w = (e.data.width ?? 0) / 2;
    const h = (e.data.height ?? 0) / 2;
    const { x, y } = e.position;
    box = box
      ? { x1: Math.min(box.x1, x - w), y1: Math.min(box.y1, y - h), x2: Math.max(box.x2, x + w), y2: Math.max(box.y2, y + h) }
      : { x1: x - w, y1: y - h, x2: x + w, y2: y + h };
  }
  return box;
}

/** A label's first line: what a route list, a container or a pending pod shows when its details are too small. */
function titleOf(e: LabelledElement): string {
  return e.data.label.split('\n', 1)[0] ?? '';
}

/** Boxes first (top-level, then nested ones), then the leaves inside them, then edges. */
function rank(e: LabelledElement): number {
  if (e.group === 'edges') return 3;
  if (!e.data.parent) return 0;
  return e.data.width === undefined ? 1 : 2;
}
