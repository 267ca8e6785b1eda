/**
 * What the packet overlay paints, on any 2D canvas and through any view of the graph: the route
 * travelled so far (a trail, request and reply in two colours), numbered markers where the hops
 * happen (the hop list's numbers), the packet with its header beside the element it is on, the
 * dots of a burst and the badges on a burst's endpoints. The live player paints through the
 * graph's zoom and pan; the exports paint the same through their own. Every function here costs
 * a number of canvas calls that grows with the hops and the badges, never with the graph.
 */
import { overlaps, spotClearOf } from './overlay-spots.ts';
import { cutByBoxes } from './segment-boxes.ts';
import type { PacketStep, Point, Rewrite } from './packet-path.ts';

export const REWRITE_COLOURS: Readonly<Record<Rewrite | 'request' | 'reply', string>> = {
  request: '#1c7ed6',
  reply: '#2f9e44',
  none: '#1c7ed6',
  dnat: '#e8590c',
  snat: '#d6336c',
  masquerade: '#d6336c',
  redirect: '#7048e8',
  unnat: '#0c8599',
  proxy: '#5f3dc4',
  encap: '#f08c00',
  decap: '#f08c00',
  drop: '#c92a2a',
};

export const REWRITE_NAMES: Readonly<Record<Rewrite, string>> = {
  none: '',
  dnat: 'DNAT',
  snat: 'SNAT',
  masquerade: 'MASQUERADE',
  redirect: 'REDIRECT',
  unnat: 'conntrack un-NAT',
  proxy: 'new connection',
  encap: 'VXLAN encap',
  decap: 'VXLAN decap',
  drop: '✕',
};

/** One colour per endpoint of a burst: its dots and its badge. */
export const ENDPOINT_COLOURS = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#c2255c', '#5f3dc4'] as const;

/**
 * The part of a canvas the trail, markers and badges draw with: a canvas on screen and in a
 * video, an SVG writer (svg-painter.ts) in the SVG export.
 */
export type Painter = Pick<
  CanvasRenderingContext2D,
  | 'save'
  | 'restore'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'roundRect'
  | 'stroke'
  | 'fill'
  | 'fillText'
  | 'measureText'
  | 'lineCap'
  | 'lineJoin'
  | 'lineWidth'
  | 'globalAlpha'
  | 'strokeStyle'
  | 'fillStyle'
  | 'font'
  | 'textBaseline'
  | 'textAlign'
>;

/** A box in the graph's coordinates (or, after `toScreen`, the canvas's). */
export interface Box {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** How the graph's coordinates map onto the canvas: screen = model × zoom + pan. */
export interface View {
  readonly zoom: number;
  readonly pan: Point;
  readonly width: number;
  readonly height: number;
  /** Multiplies every size drawn (text, dots, markers): 1 on screen, more on a large video. */
  readonly scale: number;
  /**
   * The packet's header is drawn this much larger again (on screen: as large as the graph's main
   * labels, so the back row reads it). 1 when absent.
   */
  readonly labelScale?: number;
}

/**
 * The hops at one place in one direction: one marker, numbered as the hop list numbers them
 * (from 1), its runs of consecutive hops joined ("2, 9–10": a packet back at a place later, as a
 * DNS lookup's connection leaves the pod the question left).
 */
export interface Marker {
  readonly first: number;
  readonly last: number;
  /** The runs of consecutive hops, first to last of each (absent: one run, first to last). */
  readonly runs?: readonly (readonly [number, number])[];
  readonly at: Point;
  readonly direction: 'request' | 'reply';
  /** The box of the element the hops happen at, if they happen at one. */
  readonly box?: Box;
}

export interface Badge {
  readonly box: Box;
  readonly text: string;
  readonly colour: string;
}

/** Where a marker was drawn, for clicks. */
export interface MarkerHit {
  readonly hop: number;
  readonly box: Box;
  /** Its number as drawn ("4–7", "2, 9–10"). */
  readonly text: string;
}

const key = (p: Point) => `${Math.round(p.x)},${Math.round(p.y)}`;
const end = (s: PacketStep) => s.path[s.path.length - 1]!;

export function toScreen(view: View, p: Point): Point {
  return { x: p.x * view.zoom + view.pan.x, y: p.y * view.zoom + view.pan.y };
}

export function boxToScreen(view: View, b: Box): Box {
  const a = toScreen(view, { x: b.x1, y: b.y1 });
  const c = toScreen(view, { x: b.x2, y: b.y2 });
  return { x1: a.x, y1: a.y, x2: c.x, y2: c.y };
}

export type Boxes = readonly Box[];

/**
 * What the overlay keeps clear: the names drawn on the graph (in its coordinates) and what the
 * overlay drew already on the canvas (a burst's badges, in the canvas's pixels).
 */
export interface KeepClear {
  readonly names: Boxes;
  /**
   * Of the names, those at the top of the boxes that hold others (nodes, pods): where no place is
   * clear of every name, the packet's label still keeps off these.
   */
  readonly titles?: Boxes;
  /**
   * Names a lesson step dimmed (the background): the packet's label may cover them where that
   * keeps it by its packet; the markers and the dot keep off them as off any name.
   */
  readonly background?: Boxes;
  readonly drawn?: Boxes;
}

/** The names on the canvas, and what is drawn there already: no overlay item covers them. */
export function clearOf(view: View, keep: KeepClear | undefined): Box[] {
  return [...[...(keep?.names ?? []), ...(keep?.background ?? [])].map((b) => boxToScreen(view, b)), ...(keep?.drawn ?? [])];
}

export const pointBox = (p: Point): Box => ({ x1: p.x, y1: p.y, x2: p.x, y2: p.y });

/** The markers of a flow: the hops at one place in one direction make one marker. */
export function markersOf(steps: readonly PacketStep[], boxAt: (p: Point) => Box | undefined): Marker[] {
  const markers: Marker[] = [];
  const byPlace = new Map<string, number>();
  steps.forEach((s, i) => {
    const at = end(s);
    const place = `${key(at)} ${s.direction}`;
    const known = byPlace.get(place);
    const m = known === undefined ? undefined : markers[known];
    if (known !== undefined && m) {
      const runs = m.runs ?? [[m.first, m.last] as const];
      const lastRun = runs[runs.length - 1]!;
      const prev = steps[i - 1];
      // The hop after the marker's last one at the same place continues its run; a later one starts another.
      const joined = prev && prev.hop === lastRun[1] && key(end(prev)) === key(at);
      const next = joined ? [...runs.slice(0, -1), [lastRun[0], s.hop] as const] : [...runs, [s.hop, s.hop] as const];
      markers[known] = { ...m, last: s.hop, runs: next };
      return;
    }
    byPlace.set(place, markers.length);
    const box = boxAt(at);
    markers.push({ first: s.hop, last: s.hop, at, direction: s.direction, ...(box ? { box } : {}) });
  });
  return markers;
}

/** The trail's opacity, and where it crosses a name (the name stays readable through it). */
const TRAIL_ALPHA = 0.6;
const TRAIL_ALPHA_OVER_NAMES = 0.18;

/**
 * The route up to step `index`, `t` of the way into it: request and reply side by side, faint
 * where it crosses one of the `names` (boxes in the graph's coordinates).
 */
export function paintTrail(ctx: Painter, view: View, steps: readonly PacketStep[], index: number, t: number, names: Boxes = []): void {
  const over = names.map((b) => boxToScreen(view, b));
  ctx.save();
  ctx.lineCap = 'butt';
  ctx.lineJoin = 'round';
  ctx.lineWidth = 5 * view.scale;
  for (const direction of ['request', 'reply'] as const) {
    // The reply runs back along the request's way: drawn a little beside it, both stay visible.
    const shift = direction === 'reply' ? 5 * view.scale : 0;
    const lines: Point[][] = [];
    for (let i = 0; i <= index && i < steps.length; i++) {
      const s = steps[i]!;
      if (s.direction !== direction || !s.moves) continue;
      const points = i === index ? partial(s.path, t) : s.path;
      lines.push(
        points.map((m, j) => {
          const p = toScreen(view, m);
          const q = toScreen(view, points[Math.min(j + 1, points.length - 1)]!);
          const r = toScreen(view, points[Math.max(j - 1, 0)]!);
          // Shifted along the normal of the segment around this point.
          const dx = q.x - r.x;
          const dy = q.y - r.y;
          const len = Math.hypot(dx, dy) || 1;
          return { x: p.x - (dy / len) * shift, y: p.y + (dx / len) * shift };
        }),
      );
    }
    ctx.strokeStyle = REWRITE_COLOURS[direction];
    // Each line cut once where it crosses names; then drawn in two strokes, full and faint.
    const cut = lines.map((line) => line.slice(1).flatMap((q, j) => cutByBoxes(line[j]!, q, over)));
    for (const inside of [false, true]) {
      ctx.globalAlpha = inside ? TRAIL_ALPHA_OVER_NAMES : TRAIL_ALPHA;
      ctx.beginPath();
      for (const pieces of cut) {
        // A piece that goes on from where the last one ended continues its line (its corner joined).
        let end: Point | undefined;
        for (const piece of pieces) {
          if (piece.inside !== inside) continue;
          if (end?.x !== piece.from.x || end.y !== piece.from.y) ctx.moveTo(piece.from.x, piece.from.y);
          ctx.lineTo(piece.to.x, piece.to.y);
          end = piece.to;
        }
      }
      ctx.stroke();
    }
  }
  ctx.restore();
}

function lengthOf(path: readonly Point[]): number {
  let total = 0;
  for (let i = 1; i < path.length; i++) total += Math.hypot(path[i]!.x - path[i - 1]!.x, path[i]!.y - path[i - 1]!.y);
  return total;
}

/** The point a fraction `t` of the way along a polyline. */
export function along(path: readonly Point[], t: number): Point {
  return partial(path, t).at(-1)!;
}

/** The polyline from its start to `t` of the way along. */
export function partial(path: readonly Point[], t: number): Point[] {
  const total = lengthOf(path);
  if (total === 0 || t >= 1) return [...path];
  let left = Math.max(0, t) * total;
  const out: Point[] = [path[0]!];
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!;
    const b = path[i]!;
    const seg = Math.hypot(b.x - a.x, b.y - a.y);
    if (left <= seg) {
      out.push(seg === 0 ? b : { x: a.x + ((b.x - a.x) * left) / seg, y: a.y + ((b.y - a.y) * left) / seg });
      return out;
    }
    out.push(b);
    left -= seg;
  }
  return out;
}

function chip(ctx: Painter, x: number, y: number, text: string, colour: string, height: number): Box {
  const w = ctx.measureText(text).width + height * 0.7;
  ctx.fillStyle = colour;
  ctx.beginPath();
  ctx.roundRect(x, y, w, height, height / 2);
  ctx.fill();
  ctx.lineWidth = Math.max(1.5, height / 10);
  ctx.strokeStyle = '#fff';
  ctx.stroke();
  ctx.fillStyle = '#fff';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(text, x + height * 0.35, y + height / 2 + 0.5);
  return { x1: x, y1: y, x2: x + w, y2: y + height };
}

/**
 * The markers of the hops reached so far (up to `current`), each at the nearest place to the
 * top-left corner of its element that covers no name (nor a marker drawn before it: the reply's
 * marker at a spot sits beside the request's). Returns where each was drawn.
 */
export function paintMarkers(ctx: Painter, view: View, markers: readonly Marker[], current: number, keep?: KeepClear): MarkerHit[] {
  const clear = clearOf(view, keep);
  const hits: MarkerHit[] = [];
  const h = 20 * view.scale;
  ctx.save();
  ctx.font = `700 ${13 * view.scale}px system-ui, sans-serif`;
  for (const m of markers) {
    if (m.first > current) continue;
    // An element out of view (the camera is on another part of the graph) shows no marker: pushed
    // onto the canvas's edge, the markers would pile up there over whatever is at the edge.
    const element = m.box ? boxToScreen(view, m.box) : pointBox(toScreen(view, m.at));
    if (element.x2 < 0 || element.x1 > view.width || element.y2 < 0 || element.y1 > view.height) continue;
    const text = markerText(m, current);
    const corner = { x: element.x1, y: element.y1 };
    const w = ctx.measureText(text).width + h * 0.7;
    const ask = {
      anchor: pointBox(corner),
      w,
      h,
      hard: [...clear, ...hits.map((x) => x.box)],
      width: view.width,
      height: view.height,
      step: 4 * view.scale,
      reach: 160 * view.scale,
    };
    // A crowded corner (a marker grown to "20, 23").
    const spot = spotClearOf(ask, { step: 8 * view.scale, reach: 400 * view.scale }).box;
    const box = chip(ctx, spot.x1, spot.y1, text, REWRITE_COLOURS[m.direction], h);
    hits.push({ hop: m.first, box, text });
  }
  ctx.restore();
  return hits;
}

/** A marker's number: its hops reached so far ("4", "4–7", "2, 9–10" for hops at one place at two times). */
export function markerText(m: Marker, current: number): string {
  const runs = m.runs ?? [[m.first, m.last] as const];
  return runs
    .filter(([first]) => first <= current)
    .map(([first, last]) => {
      const end = Math.min(last, current);
      return end === first ? `${first + 1}` : `${first + 1}–${end + 1}`;
    })
    .join(', ');
}

/** A burst's dot's radius (it rests where the packet's larger dot would: clear of names too). */
export const BURST_DOT_RADIUS = 7;

/** One dot of a burst (at `p` on the canvas): large enough to see on a projector, in its endpoint's colour. */
export function paintDot(ctx: CanvasRenderingContext2D, view: View, p: Point, colour: string): Box {
  const r = BURST_DOT_RADIUS * view.scale;
  ctx.beginPath();
  ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
  ctx.fillStyle = colour;
  ctx.fill();
  ctx.lineWidth = 2 * view.scale;
  ctx.strokeStyle = '#fff';
  ctx.stroke();
  // With its white ring.
  const out = r + view.scale;
  return { x1: p.x - out, y1: p.y - out, x2: p.x + out, y2: p.y + out };
}

/**
 * Badges just under their element's bottom edge, centred (a pod's name is at its top): the first
 * line large, the others smaller. A badge that would cover one drawn before moves down.
 */
export function paintBadges(ctx: Painter, view: View, badges: readonly Badge[]): Box[] {
  ctx.save();
  const big = 16 * view.scale;
  const small = 13 * view.scale;
  const pad = 6 * view.scale;
  const drawn: Box[] = [];
  for (const b of badges) {
    const [first = '', ...rest] = b.text.split('\n');
    ctx.font = `700 ${big}px system-ui, sans-serif`;
    let w = ctx.measureText(first).width;
    ctx.font = `600 ${small}px system-ui, sans-serif`;
    for (const line of rest) w = Math.max(w, ctx.measureText(line).width);
    w += 2 * pad;
    const h = big * 1.25 + rest.length * small * 1.25 + pad;
    const box = boxToScreen(view, b.box);
    const x = Math.min(Math.max(2, (box.x1 + box.x2) / 2 - w / 2), view.width - w - 2);
    let y = box.y2 - h * 0.3;
    for (const d of drawn) if (overlaps(d, { x1: x, y1: y, x2: x + w, y2: y + h })) y = d.y2 + 2;
    ctx.fillStyle = b.colour;
    ctx.beginPath();
    ctx.roundRect(x, y, w, h, 6 * view.scale);
    ctx.fill();
    ctx.lineWidth = 2 * view.scale;
    ctx.strokeStyle = '#fff';
    ctx.stroke();
    ctx.fillStyle = '#fff';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.font = `700 ${big}px system-ui, sans-serif`;
    ctx.fillText(first, x + w / 2, y + pad / 2 + big * 0.65);
    ctx.font = `600 ${small}px system-ui, sans-serif`;
    rest.forEach((line, i) => ctx.fillText(line, x + w / 2, y + pad / 2 + big * 1.25 + small * (0.6 + 1.25 * i)));
    drawn.push({ x1: x, y1: y, x2: x + w, y2: y + h });
  }
  ctx.restore();
  return drawn;
}
