/**
 * The packet itself on the overlay: its dot (resting beside the names of the elements it stops
 * at, gliding between those places) and its header as a label, at the nearest place clear of
 * names, with a short line to the dot when it stands off. Painted the same on screen and in the
 * exports.
 */
import { spotClearOf, spotNear, type Spot } from './overlay-spots.ts';
import {
  along,
  boxToScreen,
  clearOf,
  paintDot,
  pointBox,
  REWRITE_COLOURS,
  REWRITE_NAMES,
  toScreen,
  type Box,
  type Boxes,
  type KeepClear,
  type View,
} from './packet-overlay.ts';
import type { PacketStep, Point } from './packet-path.ts';

/** The packet's dot on the canvas: where it rests at a hop is beside the element's name, not on it. */
export const DOT_RADIUS = 12;

function restingAt(view: View, at: Point, clear: Boxes): Point {
  const r = DOT_RADIUS * view.scale;
  const p = toScreen(view, at);
  const ask = {
    anchor: pointBox({ x: p.x, y: p.y }),
    w: 2 * r,
    h: 2 * r,
    hard: clear,
    width: view.width,
    height: view.height,
    step: 3 * view.scale,
    reach: 120 * view.scale,
  };
  // A place whose names fill all the room around it (a route list above a bridge, zoomed in).
  const { box } = spotClearOf(ask, { step: 6 * view.scale, reach: 400 * view.scale });
  return { x: box.x1 + r, y: box.y1 + r };
}

/** Where a dot rests at a place (in graph coordinates): on the canvas, beside the place's name. */
export type Resting = (at: Point) => Point;

/**
 * Where dots rest, clear of the names and items in `clear`: each place worked out once (a burst's
 * hundred dots stop at the same few places).
 */
export function restingPlaces(view: View, clear: Boxes): Resting {
  const known = new Map<string, Point>();
  return (at) => {
    const key = `${at.x},${at.y}`;
    let p = known.get(key);
    if (!p) known.set(key, (p = restingAt(view, at, clear)));
    return p;
  };
}

/** The value last made, made again only when one of its inputs changed (compared with ===). */
export function lastOf<T>(): (inputs: readonly unknown[], make: () => T) => T {
  let last: { inputs: readonly unknown[]; value: T } | undefined;
  return (inputs, make) => {
    if (!last || inputs.length !== last.inputs.length || inputs.some((x, i) => x !== last!.inputs[i])) last = { inputs, value: make() };
    return last.value;
  };
}

/**
 * Where a dot (the packet's, or one of a burst's) is `t` of the way along its step: along the
 * way, drawn from where it rested at the last hop to where it will rest at this one (each clear
 * of names).
 */
export function dotAt(view: View, step: PacketStep, t: number, rest: Resting): Point {
  const p = toScreen(view, along(step.path, t));
  const from = step.path[0]!;
  const to = step.path[step.path.length - 1]!;
  const a = rest(from);
  const b = t <= 0 ? a : rest(to);
  const fa = toScreen(view, from);
  const fb = toScreen(view, to);
  const k = Math.min(1, Math.max(0, t));
  return { x: p.x + (a.x - fa.x) * (1 - k) + (b.x - fb.x) * k, y: p.y + (a.y - fa.y) * (1 - k) + (b.y - fb.y) * k };
}

/** One dot of a burst `t` of the way along its step, placed as the packet's dot is; and whether it rests at a hop. */
export function paintBurstDot(
  ctx: CanvasRenderingContext2D,
  view: View,
  step: PacketStep,
  t: number,
  colour: string,
  rest: Resting,
): { box: Box; resting: boolean } {
  return { box: paintDot(ctx, view, dotAt(view, step, t, rest), colour), resting: !step.moves || t >= 1 };
}

/**
 * The packet on its way (or where it stands), clear of names, with its header beside it: off the
 * elements `near` it (the one it left, then the one it reaches), off every name and what is
 * drawn (`drawn`: markers, badges), as near the packet as that allows, with a short line to it
 * when it had to stand further off.
 */
export function paintPacket(
  ctx: CanvasRenderingContext2D,
  view: View,
  step: PacketStep,
  t: number,
  near: readonly (Box | undefined)[],
  others: readonly Box[] = [],
  keep?: KeepClear,
): { label: Box; dot: Box; leader: boolean } {
  const clear = clearOf(view, keep);
  const p = dotAt(view, step, t, restingPlaces(view, clear));
  const colour = step.rewrite === 'none' ? REWRITE_COLOURS[step.direction] : REWRITE_COLOURS[step.rewrite];
  const s = view.scale;
  const r = DOT_RADIUS * s;
  const dot = { x1: p.x - r, y1: p.y - r, x2: p.x + r, y2: p.y + r };

  const name = REWRITE_NAMES[step.rewrite];
  const text = name ? `${name}: ${step.header}` : step.header;
  ctx.save();
  const obstacles = near.filter((b): b is Box => !!b).map((b) => boxToScreen(view, b));
  // The label may cover a dimmed name (the lesson's background) where that keeps it by its packet.
  const neighbours = [...others, ...(keep?.background ?? [])].map((b) => boxToScreen(view, b));
  const named = clearOf(view, keep && { ...keep, background: [] });
  const place = (set: LabelSet, firm: Boxes) => labelSpot(view, p, set.w, set.h, obstacles, neighbours, named, firm);
  // On one line where a place beside the packet is clear of names; where that place is not beside
  // it, broken before its arrow if that stands nearer (two short lines fit where one long one does
  // not); else on one line, off the nodes' and pods' names.
  const oneLine = labelSet(ctx, view, [text]);
  const arrow = text.indexOf(' → ');
  let set = oneLine;
  let spot = place(oneLine, []);
  if ((!spot.clear || spot.distance > oneLine.line) && arrow > 0) {
    const twoLines = labelSet(ctx, view, [text.slice(0, arrow), text.slice(arrow + 1)]);
    const tried = place(twoLines, []);
    if (tried.clear && (!spot.clear || tried.distance < spot.distance)) [set, spot] = [twoLines, tried];
  }
  if (!spot.clear) spot = place(oneLine, [...(keep?.titles ?? []).map((b) => boxToScreen(view, b)), ...(keep?.drawn ?? [])]);
  const label = spot.box;
  // Not beside the packet (the places beside it were taken): a line tells whose label it is.
  const gapTo = Math.hypot(Math.max(0, label.x1 - p.x, p.x - label.x2), Math.max(0, label.y1 - p.y, p.y - label.y2));
  const leader = gapTo > r + 10 * s;
  if (leader) {
    const x = Math.min(Math.max(p.x, label.x1), label.x2);
    const y = Math.min(Math.max(p.y, label.y1), label.y2);
    const d = Math.hypot(x - p.x, y - p.y);
    ctx.beginPath();
    ctx.moveTo(p.x + ((x - p.x) / d) * r, p.y + ((y - p.y) / d) * r);
    ctx.lineTo(x, y);
    ctx.lineWidth = 2 * s;
    ctx.strokeStyle = colour;
    ctx.stroke();
  }
  // A ring, not a disc: whatever is under it stays legible.
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

  ctx.fillStyle = colour;
  ctx.beginPath();
  ctx.roundRect(label.x1, label.y1, set.w, set.h, (5 * set.line) / 24);
  ctx.fill();
  ctx.fillStyle = '#fff';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.font = set.font;
  set.lines.forEach((line, i) => ctx.fillText(line, label.x1 + 8 * s, label.y1 + set.line * (i + 0.5) + 0.5));
  ctx.restore();
  return { label, dot, leader };
}

/** The packet's header set in lines: its font and its box's size. */
interface LabelSet {
  readonly lines: readonly string[];
  readonly font: string;
  readonly w: number;
  readonly h: number;
  /** One line's height. */
  readonly line: number;
}

function labelSet(ctx: CanvasRenderingContext2D, view: View, lines: readonly string[]): LabelSet {
  const s = view.scale;
  // A header wider than the pane (a narrow pane, a long rewrite) is set smaller, never cut at the edge.
  const room = view.width - 6 - 16 * s;
  const size = 14 * s * (view.labelScale ?? 1);
  const font = (size: number) => `600 ${size}px ui-monospace, "DejaVu Sans Mono", monospace`;
  ctx.font = font(size);
  const natural = Math.max(...lines.map((l) => ctx.measureText(l).width));
  const fitted = natural > room && room > 0 ? (size * room) / natural : size;
  const line = (fitted * 24) / 14;
  return {
    lines,
    font: font(fitted),
    w: (natural > room && room > 0 ? room : natural) + 16 * s,
    h: line * lines.length,
    line,
  };
}

/**
 * Where the packet's label goes: the nearest place beside the packet that is off the elements it
 * is between (`obstacles`: their names are in their middle) and off the `names`, inside the
 * canvas; covering a neighbour's body (`others`) only where that saves a long way.
 */
export function placeLabel(view: View, p: Point, w: number, h: number, obstacles: Boxes, others: Boxes = [], names: Boxes = []): Box {
  return labelSpot(view, p, w, h, obstacles, others, names, []).box;
}

/**
 * As placeLabel, and whether the place is clear of every name. Where none is (a crowded graph, a
 * large label) and `firm` boxes are given (the nodes' and pods' names, what is drawn already):
 * the nearest place off those, covering the fewest of the rest.
 */
function labelSpot(view: View, p: Point, w: number, h: number, obstacles: Boxes, others: Boxes, names: Boxes, firm: Boxes): Spot {
  const r = DOT_RADIUS * view.scale;
  const ask = {
    anchor: { x1: p.x - r, y1: p.y - r, x2: p.x + r, y2: p.y + r },
    w,
    h,
    gap: 3 * view.scale,
    hard: [...obstacles, ...names],
    soft: others,
    width: view.width,
    height: view.height,
    step: Math.max(6, h / 3),
    reach: Math.max(320 * view.scale, 6 * h),
  };
  const spot = spotNear(ask);
  if (spot.clear || firm.length === 0) return spot;
  return spotNear({ ...ask, hard: [...obstacles, ...firm], soft: [...others, ...names] });
}
