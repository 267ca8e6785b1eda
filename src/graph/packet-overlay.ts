/**
 * What the packet overlay paints, on any 2D canvas and through any view of the graph: the route
 * travelled so far (a trail, request and reply in two colours), numbered markers where the hops
 * happen (the hop list's numbers), the packet with its header beside the element it is on, the
 * dots of a burst and the badges on a burst's endpoints. The live player paints through the
 * graph's zoom and pan; the exports paint the same through their own. Every function here costs
 * a number of canvas calls that grows with the hops and the badges, never with the graph.
 */
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

/** Consecutive hops at one place: one marker, numbered as the hop list numbers them (from 1). */
export interface Marker {
  readonly first: number;
  readonly last: number;
  readonly at: Point;
  readonly direction: 'request' | 'reply';
  /** The box of the element the hops happen at, if they happen at one. */
  readonly box?: Box;
  /** Its place among the markers on the same spot (the request's and the reply's). */
  readonly slot: number;
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
}

const key = (p: Point) => `${Math.round(p.x)},${Math.round(p.y)}`;
const end = (s: PacketStep) => s.path[s.path.length - 1]!;

export function toScreen(view: View, p: Point): Point {
  return { x: p.x * view.zoom + view.pan.x, y: p.y * view.zoom + view.pan.y };
}

function boxToScreen(view: View, b: Box): Box {
  const a = toScreen(view, { x: b.x1, y: b.y1 });
  const c = toScreen(view, { x: b.x2, y: b.y2 });
  return { x1: a.x, y1: a.y, x2: c.x, y2: c.y };
}

type Boxes = readonly Box[];
const overlaps = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/** The markers of a flow: a run of hops at one spot makes one marker. */
export function markersOf(steps: readonly PacketStep[], boxAt: (p: Point) => Box | undefined): Marker[] {
  const markers: Marker[] = [];
  const slots = new Map<string, number>();
  steps.forEach((s, i) => {
    const prev = markers[markers.length - 1];
    const at = end(s);
    if (prev && i > 0 && key(end(steps[i - 1]!)) === key(at) && prev.direction === s.direction) {
      markers[markers.length - 1] = { ...prev, last: s.hop };
      return;
    }
    const slot = slots.get(key(at)) ?? 0;
    slots.set(key(at), slot + 1);
    const box = boxAt(at);
    markers.push({ first: s.hop, last: s.hop, at, direction: s.direction, slot, ...(box ? { box } : {}) });
  });
  return markers;
}

/** The route up to step `index`, `t` of the way into it: request and reply side by side. */
export function paintTrail(ctx: Painter, view: View, steps: readonly PacketStep[], index: number, t: number): void {
  ctx.save();
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = 5 * view.scale;
  ctx.globalAlpha = 0.6;
  for (const direction of ['request', 'reply'] as const) {
    // The reply runs back along the request's way: drawn a little beside it, both stay visible.
    const shift = direction === 'reply' ? 5 * view.scale : 0;
    ctx.strokeStyle = REWRITE_COLOURS[direction];
    ctx.beginPath();
    for (let i = 0; i <= index && i < steps.length; i++) {
      const s = steps[i]!;
      if (s.direction !== direction || !s.moves) continue;
      const points = i === index ? partial(s.path, t) : s.path;
      points.forEach((m, j) => {
        const p = toScreen(view, m);
        const q = toScreen(view, points[Math.min(j + 1, points.length - 1)]!);
        const r = toScreen(view, points[Math.max(j - 1, 0)]!);
        // Shifted along the normal of the segment around this point.
        const dx = q.x - r.x;
        const dy = q.y - r.y;
        const len = Math.hypot(dx, dy) || 1;
        const x = p.x - (dy / len) * shift;
        const y = p.y + (dx / len) * shift;
        if (j === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
    }
    ctx.stroke();
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
 * The markers of the hops reached so far (up to `current`), on the top-left corner of their
 * element (clear of its name, which is drawn in its middle), moved down clear of the `titles`
 * (a node's or a pod's name, drawn at the top of its box). Returns where each was drawn.
 */
export function paintMarkers(
  ctx: Painter,
  view: View,
  markers: readonly Marker[],
  current: number,
  titles: readonly Box[] = [],
): MarkerHit[] {
  const onScreen = titles.map((b) => boxToScreen(view, b));
  const hits: MarkerHit[] = [];
  const h = 20 * view.scale;
  ctx.save();
  ctx.font = `700 ${13 * view.scale}px system-ui, sans-serif`;
  const ends = new Map<string, number>();
  for (const m of markers) {
    if (m.first > current) continue;
    const last = Math.min(m.last, current);
    const text = last === m.first ? `${m.first + 1}` : `${m.first + 1}–${last + 1}`;
    const corner = m.box ? toScreen(view, { x: m.box.x1, y: m.box.y1 }) : toScreen(view, m.at);
    const spot = key(m.at);
    // On the corner; the reply's marker to the right of the request's at the same spot.
    const x = m.slot > 0 ? (ends.get(spot) ?? corner.x) + 3 * view.scale : corner.x - h * 0.6;
    let y = corner.y - h * 0.6;
    const width = ctx.measureText(text).width + h * 0.7;
    for (let tries = 0; tries < 4; tries++) {
      const under = onScreen.find((t) => overlaps(t, { x1: x, y1: y, x2: x + width, y2: y + h }));
      if (!under) break;
      y = under.y2 + 1;
    }
    const box = chip(ctx, x, y, text, REWRITE_COLOURS[m.direction], h);
    ends.set(spot, box.x2);
    hits.push({ hop: m.first, box });
  }
  ctx.restore();
  return hits;
}

/**
 * The packet on its way (or where it stands), with its header beside the elements `near` it
 * (the one it left, then the one it reaches), never over their names.
 */
export function paintPacket(
  ctx: CanvasRenderingContext2D,
  view: View,
  step: PacketStep,
  t: number,
  near: readonly (Box | undefined)[],
  others: readonly Box[] = [],
  titles: readonly Box[] = [],
): Box {
  const p = toScreen(view, along(step.path, t));
  const colour = step.rewrite === 'none' ? REWRITE_COLOURS[step.direction] : REWRITE_COLOURS[step.rewrite];
  const s = view.scale;
  ctx.save();
  // A ring, not a disc: the element's name under it stays legible.
  ctx.beginPath();
  ctx.arc(p.x, p.y, 9 * s, 0, Math.PI * 2);
  ctx.fillStyle = colour;
  ctx.globalAlpha = 0.3;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.lineWidth = 4 * s;
  ctx.strokeStyle = colour;
  ctx.stroke();
  ctx.lineWidth = 1.5 * s;
  ctx.strokeStyle = '#fff';
  ctx.beginPath();
  ctx.arc(p.x, p.y, 11.5 * s, 0, Math.PI * 2);
  ctx.stroke();

  const name = REWRITE_NAMES[step.rewrite];
  const text = name ? `${name}: ${step.header}` : step.header;
  // A header wider than the pane (a narrow pane, a long rewrite) is set smaller, never cut at the edge.
  const room = view.width - 6 - 16 * s;
  const size = 14 * s * (view.labelScale ?? 1);
  const font = (size: number) => `600 ${size}px ui-monospace, "DejaVu Sans Mono", monospace`;
  ctx.font = font(size);
  const natural = ctx.measureText(text).width;
  const fitted = natural > room && room > 0 ? (size * room) / natural : size;
  ctx.font = font(fitted);
  const w = (natural > room && room > 0 ? room : natural) + 16 * s;
  const h = (fitted * 24) / 14;
  const label = placeLabel(
    view,
    p,
    w,
    h,
    near.filter((b): b is Box => !!b).map((b) => boxToScreen(view, b)),
    others.map((b) => boxToScreen(view, b)),
    titles.map((b) => boxToScreen(view, b)),
  );
  ctx.fillStyle = colour;
  ctx.beginPath();
  ctx.roundRect(label.x1, label.y1, w, h, (5 * h) / 24);
  ctx.fill();
  ctx.fillStyle = '#fff';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(text, label.x1 + 8 * s, label.y1 + h / 2 + 0.5);
  ctx.restore();
  return label;
}

/**
 * Where the packet's label goes: beside the packet, clear of the elements it leaves and reaches
 * (their names are in their middle), inside the canvas; clear of the other elements around
 * (`others`: a neighbour's name; `titles`: the names at the top of nodes and pods, kept clear before the rest) as far as some place allows, nearer places first. The first place
 * that fits wins; if none does, the right of the element reached, kept on the canvas.
 */
export function placeLabel(view: View, p: Point, w: number, h: number, obstacles: Boxes, others: Boxes = [], titles: Boxes = []): Box {
  const gap = 14 * view.scale;
  const around = obstacles[obstacles.length - 1];
  const candidates: Point[] = [
    { x: p.x + gap, y: p.y - h / 2 },
    { x: p.x - gap - w, y: p.y - h / 2 },
    ...(around
      ? [
          { x: around.x2 + 6 * view.scale, y: p.y - h / 2 },
          { x: around.x1 - 6 * view.scale - w, y: p.y - h / 2 },
          { x: p.x - w / 2, y: around.y2 + 6 * view.scale },
          { x: p.x - w / 2, y: around.y1 - 6 * view.scale - h },
        ]
      : [
          { x: p.x - w / 2, y: p.y + gap },
          { x: p.x - w / 2, y: p.y - gap - h },
        ]),
    // Crowded there (a node full of boxes): a row or a few higher or lower, beside the packet, where
    // a name would otherwise be covered.
    ...[1, -1, 2, -2, 3, -3, 4, -4, 5, -5].flatMap((k) =>
      [p.x + gap, p.x - gap - w, ...(around ? [around.x2 + 6 * view.scale, around.x1 - 6 * view.scale - w] : [])].map((x) => ({
        x,
        y: p.y - h / 2 + k * (h + gap),
      })),
    ),
  ];
  const inside = (b: Box) => b.x1 >= 2 && b.y1 >= 2 && b.x2 <= view.width - 2 && b.y2 <= view.height - 2;
  // Above and below also slid along to stay on the canvas (a packet near its edge).
  const slid = candidates.map((c) => ({ x: Math.min(Math.max(2, c.x), view.width - w - 2), y: c.y }));
  // Clear of the elements it is between; of those places, the one that covers the least of the neighbours.
  let best: Box | undefined;
  let least = Infinity;
  for (const c of [...candidates, ...slid]) {
    const b = { x1: c.x, y1: c.y, x2: c.x + w, y2: c.y + h };
    if (!inside(b) || obstacles.some((o) => overlaps(o, b))) continue;
    // A name at the top of a box (a node's, a pod's) weighs far more than the body of a box.
    const covered = others.reduce((sum, o) => sum + overlapArea(o, b), 0) + titles.reduce((sum, o) => sum + 100 * overlapArea(o, b), 0);
    if (covered < least) [best, least] = [b, covered];
    if (covered === 0) break;
  }
  if (best) return best;
  const c = candidates[around ? 2 : 0]!;
  const x = Math.min(Math.max(2, c.x), view.width - w - 2);
  const y = Math.min(Math.max(2, c.y), view.height - h - 2);
  return { x1: x, y1: y, x2: x + w, y2: y + h };
}

function overlapArea(a: Box, b: Box): number {
  return Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1)) * Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
}

/** One dot of a burst: large enough to see on a projector, in its endpoint's colour. */
export function paintDot(ctx: CanvasRenderingContext2D, view: View, at: Point, colour: string): void {
  const p = toScreen(view, at);
  ctx.beginPath();
  ctx.arc(p.x, p.y, 7 * view.scale, 0, Math.PI * 2);
  ctx.fillStyle = colour;
  ctx.fill();
  ctx.lineWidth = 2 * view.scale;
  ctx.strokeStyle = '#fff';
  ctx.stroke();
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
