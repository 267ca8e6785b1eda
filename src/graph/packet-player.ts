/**
 * Moving packets, drawn on a canvas laid over the graph: a frame costs a handful of canvas calls
 * per hop whatever the size of the graph, because no graph element moves. The player walks a
 * trace's steps: it travels along each step's path, dwells where a rule rewrites the header (the
 * label changes colour by kind of rewrite), leaves the route behind it as a trail with numbered
 * markers (a click on one opens that hop), and reports each hop it reaches.
 */
import type { Core } from 'cytoscape';
import { boxesAt, pointKey, type Neighbour } from './overlay-names.ts';
import { lastOf, paintBurstDot, paintPacket, restingPlaces, type Resting } from './packet-mark.ts';
import type { PacketStep, Point } from './packet-path.ts';
import {
  markersOf,
  paintBadges,
  paintMarkers,
  paintTrail,
  along,
  clearOf,
  type Badge,
  type Box,
  type Marker,
  type MarkerHit,
  type View,
} from './packet-overlay.ts';

export { REWRITE_COLOURS, REWRITE_NAMES } from './packet-overlay.ts';

/** A badge asked for by element id: drawn on that element's corner. */
export interface BadgeRequest {
  readonly id: string;
  readonly text: string;
  readonly colour: string;
}

export interface PacketPlayer {
  load(steps: readonly PacketStep[]): void;
  /**
   * The same flow's steps at the places the graph now draws them (a drawing added its elements,
   * or moved them into rows): where the packet is, whether it plays, the burst's badges all stay.
   */
  relocate(steps: readonly PacketStep[]): void;
  play(): void;
  pause(): void;
  /** Moves one hop forward or back and pauses there. */
  step(delta: 1 | -1): void;
  /** Plays on from the start of the next step (after a prediction was answered). */
  playNext(): void;
  seek(hop: number): void;
  setSpeed(speed: number): void;
  /** Many packets at once (a burst of requests), dots only, each in its colour; calls done when all arrived. */
  burst(paths: readonly (readonly PacketStep[])[], done?: () => void, colours?: readonly string[]): void;
  /** Badges on elements (a burst's count per endpoint) until the next load or burst. */
  setBadges(badges: readonly BadgeRequest[]): void;
  onHop(listener: (hop: number, playing: boolean) => void): void;
  /** Told when a marker on the graph is clicked, with the first hop it stands for. */
  onMarker(listener: (hop: number) => void): void;
  /** Asked before the packet moves on to a step: false stops it there (to ask a prediction). */
  setGate(gate: ((next: PacketStep) => boolean) | undefined): void;
  /** What is drawn now, in the overlay's pixels (for tests, the export and the curious). */
  readonly drawn: () => {
    readonly markers: readonly MarkerHit[];
    readonly badges: readonly Box[];
    readonly hop: number;
    readonly label?: Box;
    /** The packet's dot (its ring), where it is now. */
    readonly dot?: Box;
    /** A line joins the label to the dot (the label could not stand beside it). */
    readonly leader?: boolean;
    /** The packet header's font on screen, in CSS px (before a header too wide for the pane is set smaller). */
    readonly labelPx?: number;
    readonly trail: Readonly<Record<'request' | 'reply', number>>;
    /** A burst's dots: where each is, and whether it rests at a hop (rather than moving between two). */
    readonly bursts: readonly { readonly box: Box; readonly resting: boolean }[];
  };
  /** The flow loaded, and the elements' boxes the drawing uses (for the export). */
  readonly loaded: () => {
    readonly steps: readonly PacketStep[];
    readonly markers: readonly Marker[];
    readonly badges: readonly Badge[];
    boxAt(p: Point): Box | undefined;
    /** The labelled elements around the flow's way, which the packet's label keeps off where it can. */
    readonly around: readonly Box[];
    /** Every name on the graph: markers, the dot and the label keep off them. */
    readonly names: readonly Box[];
    /** Of those, the nodes' and pods' names (the label keeps off them even where the graph is crowded). */
    readonly titles: readonly Box[];
  };
  /** Milliseconds between animation frames while anything moved (for the benchmark). */
  readonly frameTimes: number[];
  destroy(): void;
}

const MOVE_MS = 750;
const REWRITE_MS = 1000;
const HOP_MS = 160;
const STILL_MS = 550;

export function durationOf(s: PacketStep, reduced: boolean): number {
  if (s.rewrite !== 'none') return REWRITE_MS;
  if (s.moves) return reduced ? STILL_MS : MOVE_MS;
  return HOP_MS;
}

export { along };

/** How many moves of each direction the trail shows. */
function trailOf(shown: readonly PacketStep[]): Record<'request' | 'reply', number> {
  const moves = shown.filter((s) => s.moves);
  return { request: moves.filter((s) => s.direction === 'request').length, reply: moves.filter((s) => s.direction === 'reply').length };
}

/** The packet's header on screen: as large as the graph's main labels, from 14 px up to this. */
const LABEL_MAX_PX = 36;

export interface PacketPlayerOptions {
  reducedMotion?: () => boolean;
  /** The graph's main label font, in graph units (it grows with the text size). */
  labelFont?: () => number;
}

export function createPacketPlayer(cy: Core, host: HTMLElement, options: PacketPlayerOptions = {}): PacketPlayer {
  // Asked at each use: the visitor's setting may change while the page is open.
  const reduced = () => options.reducedMotion?.() ?? false;
  const canvas = document.createElement('canvas');
  canvas.className = 'packet-overlay';
  canvas.setAttribute('aria-hidden', 'true');
  host.appendChild(canvas);
  const ctx = canvas.getContext('2d')!;
  let steps: readonly PacketStep[] = [];
  let markers: Marker[] = [];
  let boxes = new Map<string, Box>();
  let around: Neighbour[] = [];
  let titles: Neighbour[] = [];
  let names: Neighbour[] = [];
  // The names to keep clear now: a lesson step's dimmed elements are the background. Worked out
  // once after the flow loads or any element's classes change, not at every frame.
  let litBoxes: Box[] | undefined;
  const lit = () => (litBoxes ??= around.filter((a) => !cy.getElementById(a.id).hasClass('dimmed')).map((a) => a.box));
  // Every name, as the markers and the dot keep off them; for the label, the dimmed ones apart.
  let keepNow: { all: Box[]; names: Box[]; background: Box[]; titles: Box[] } | undefined;
  const keeping = () => {
    if (keepNow) return keepNow;
    const dimmed = (n: Neighbour) => cy.getElementById(n.id).hasClass('dimmed');
    const every = [...titles, ...names];
    return (keepNow = {
      all: every.map((n) => n.box),
      names: every.filter((n) => !dimmed(n)).map((n) => n.box),
      background: every.filter(dimmed).map((n) => n.box),
      titles: titles.filter((n) => !dimmed(n)).map((n) => n.box),
    });
  };
  const onClasses = () => {
    litBoxes = undefined;
    keepNow = undefined;
  };
  cy.on('class', onClasses);
  // The names' boxes change with the stylesheet (another detail at another zoom, another text
  // size, a lesson step's dimming): measured again before the next frame, not at every frame.
  let restyled = false;
  const onStyle = () => {
    restyled = true;
  };
  cy.on('style', onStyle);
  let badges: Badge[] = [];
  let index = 0;
  let t = 1;
  let playing = false;
  let speed = 1;
  let frame = 0;
  let last = 0;
  let bursts: { steps: readonly PacketStep[]; start: number; index: number; t: number; colour: string }[] = [];
  let burstDone: (() => void) | undefined;
  let gate: ((next: PacketStep) => boolean) | undefined;
  const listeners: ((hop: number, playing: boolean) => void)[] = [];
  const markerListeners: ((hop: number) => void)[] = [];
  const frameTimes: number[] = [];
  let hits: MarkerHit[] = [];
  let badgeBoxes: Box[] = [];
  let label: Box | undefined;
  let dot: Box | undefined;
  let leader = false;
  let burstDots: { box: Box; resting: boolean }[] = [];
  const restingFor = lastOf<Resting>();
  const boxAt = (p: Point) => boxes.get(pointKey(p));

  const resize = () => {
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = host.getBoundingClientRect();
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    draw();
  };
  const observer = new ResizeObserver(resize);
  observer.observe(host);

  const place = (next: readonly PacketStep[]) => {
    steps = next;
    const ends = next.map((s) => s.path.at(-1)!);
    ({ at: boxes, around, titles, names } = boxesAt(cy, ends));
    keepNow = undefined;
    markers = markersOf(next, boxAt);
    litBoxes = undefined;
  };

  const view = (): View => ({
    zoom: cy.zoom(),
    pan: cy.pan(),
    width: canvas.clientWidth,
    height: canvas.clientHeight,
    scale: 1,
    labelScale: Math.min(LABEL_MAX_PX, Math.max(14, (options.labelFont?.() ?? 0) * cy.zoom())) / 14,
  });

  const emit = () => {
    for (const l of listeners) l(steps[index]?.hop ?? 0, playing);
  };

  function draw(): void {
    if (restyled) {
      restyled = false;
      if (steps.length > 0) place(steps);
    }
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const v = view();
    // Asked once a frame, not once a burst's dot.
    const still = reduced();
    const current = steps[index];
    // Every name on the graph: no marker, dot or label covers one.
    const k = keeping();
    const keep = { names: k.all, titles: k.titles };
    // The trail under the badges (each count stays readable), the markers over both, clear of the badges.
    if (current) paintTrail(ctx, v, steps, index, still ? 1 : t, k.all);
    badgeBoxes = paintBadges(ctx, v, badges);
    hits = current ? paintMarkers(ctx, v, markers, current.hop, { ...keep, drawn: badgeBoxes }) : [];
    // A burst's dots rest as the packet's dot does, off names, badges and markers (places kept until those move).
    const rest = restingFor([v.zoom, v.pan.x, v.pan.y, v.width, v.height, current?.hop, k, badges, markers], () =>
      restingPlaces(v, clearOf(v, { names: k.all, drawn: [...badgeBoxes, ...hits.map((h) => h.box)] })),
    );
    burstDots = bursts.flatMap((b) => {
      const s = b.steps[b.index];
      return s && b.start <= 0 ? [paintBurstDot(ctx, v, s, still ? 1 : b.t, b.colour, rest)] : [];
    });
    if (current) {
      const from = steps[index - 1];
      // A burst's badges and the markers are kept clear as names are: each count stays readable.
      ({ label, dot, leader } = paintPacket(
        ctx,
        v,
        current,
        still ? 1 : t,
        [from && boxAt(from.path.at(-1)!), boxAt(current.path.at(-1)!)],
        lit(),
        {
          names: k.names,
          background: k.background,
          titles: k.titles,
          drawn: [...badgeBoxes, ...hits.map((h) => h.box)],
        },
      ));
    } else [label, dot, leader] = [undefined, undefined, false];
  }

  function tick(now: number): void {
    const dt = last ? now - last : 16;
    last = now;
    frameTimes.push(dt);
    if (frameTimes.length > 2000) frameTimes.splice(0, 1000);
    let moving = false;
    if (playing && steps.length > 0) {
      const current = steps[index]!;
      t += (dt * speed) / durationOf(current, reduced());
      if (t >= 1) {
        if (index < steps.length - 1 && gate && !gate(steps[index + 1]!)) {
          t = 1;
          playing = false;
          emit();
        } else if (index < steps.length - 1) {
          index += 1;
          t = 0;
          emit();
        } else {
          t = 1;
          playing = false;
          emit();
        }
      }
      moving = playing;
    }
    for (const b of bursts) {
      if (b.start > 0) {
        b.start -= dt * speed;
        continue;
      }
      const s = b.steps[b.index];
      if (!s) continue;
      b.t += (dt * speed * 4) / (s.moves ? MOVE_MS : HOP_MS * 2);
      if (b.t >= 1) {
        b.index += 1;
        b.t = 0;
      }
    }
    bursts = bursts.filter((b) => b.index < b.steps.length);
    if (bursts.length === 0 && burstDone) {
      const done = burstDone;
      burstDone = undefined;
      done();
    }
    draw();
    frame = moving || bursts.length > 0 ? requestAnimationFrame(tick) : 0;
    if (!frame) last = 0;
  }

  const run = () => {
    if (!frame) frame = requestAnimationFrame(tick);
  };
  const onViewport = () => {
    if (!frame) draw();
  };
  cy.on('viewport', onViewport);

  // The overlay lets clicks through to the graph, except on a marker: that one opens its hop.
  const markerAt = (e: MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    return hits.findLast((h) => x >= h.box.x1 && x <= h.box.x2 && y >= h.box.y1 && y <= h.box.y2);
  };
  const onPointer = (e: MouseEvent) => {
    const hit = markerAt(e);
    if (!hit) return;
    e.stopPropagation();
    e.preventDefault();
    if (e.type === 'mousedown') for (const l of markerListeners) l(hit.hop);
  };
  const onMove = (e: MouseEvent) => {
    host.classList.toggle('on-marker', !!markerAt(e));
  };
  for (const type of ['mousedown', 'mouseup', 'click', 'touchstart'] as const)
    host.addEventListener(type, onPointer as EventListener, { capture: true });
  host.addEventListener('mousemove', onMove, { passive: true });

  return {
    frameTimes,
    drawn: () => ({
      markers: hits,
      badges: badgeBoxes,
      hop: steps[index]?.hop ?? 0,
      ...(label && { label, labelPx: 14 * (view().labelScale ?? 1) }),
      ...(dot && { dot, leader }),
      trail: trailOf(steps.slice(0, index + 1)),
      bursts: burstDots,
    }),
    loaded: () => ({ steps, markers, badges, boxAt, around: lit(), names: keeping().all, titles: titles.map((n) => n.box) }),
    relocate(next) {
      if (next.length !== steps.length || next.length === 0) return;
      place(next);
      draw();
    },
    load(next) {
      place(next);
      index = 0;
      t = 0;
      playing = false;
      // A burst of the previous flow ends here: its result belongs to that flow.
      bursts = [];
      burstDone = undefined;
      badges = [];
      draw();
      emit();
    },
    play() {
      if (steps.length === 0) return;
      if (index >= steps.length - 1 && t >= 1) {
        index = 0;
        t = 0;
      }
      playing = true;
      emit();
      run();
    },
    pause() {
      playing = false;
      emit();
      draw();
    },
    step(delta) {
      playing = false;
      index = Math.min(steps.length - 1, Math.max(0, index + delta));
      t = 1;
      draw();
      emit();
    },
    playNext() {
      if (index < steps.length - 1) index += 1;
      t = 0;
      playing = true;
      emit();
      run();
    },
    seek(hop) {
      const i = steps.findIndex((s) => s.hop >= hop);
      playing = false;
      index = i < 0 ? steps.length - 1 : i;
      t = 1;
      draw();
      emit();
    },
    setSpeed(s) {
      speed = s;
    },
    burst(paths, done, colours = []) {
      bursts = paths.map((p, i) => ({ steps: p, start: i * 20, index: 0, t: 0, colour: colours[i] ?? '#1c7ed6' }));
      burstDone = done;
      badges = [];
      run();
    },
    setBadges(requests) {
      badges = requests.flatMap((r) => {
        const el = cy.getElementById(r.id);
        if (el.empty()) return [];
        const b = el.boundingBox({ includeLabels: false });
        return [{ box: { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 }, text: r.text, colour: r.colour }];
      });
      if (!frame) draw();
    },
    onHop(listener) {
      listeners.push(listener);
    },
    onMarker(listener) {
      markerListeners.push(listener);
    },
    setGate(g) {
      gate = g;
    },
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      cy.off('viewport', onViewport);
      cy.off('class', onClasses);
      cy.off('style', onStyle);
      observer.disconnect();
      for (const type of ['mousedown', 'mouseup', 'click', 'touchstart'] as const)
        host.removeEventListener(type, onPointer as EventListener, { capture: true });
      host.removeEventListener('mousemove', onMove);
      canvas.remove();
    },
  };
}
