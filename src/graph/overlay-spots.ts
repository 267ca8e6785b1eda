/**
 * Where an overlay item goes (a hop's marker, the packet's dot at rest, the packet's label): the
 * nearest place to what it belongs to that covers no name. One search serves them all: places
 * around the anchor in growing rings, nearest first; a place that covers a name (or another item
 * that must stay readable) is never taken while another exists; covering the body of a box
 * (`soft`) costs as much as being that many pixels further away.
 */
import type { Box } from './packet-overlay.ts';

export interface SpotAsk {
  /** What the item belongs to, on the canvas: a point is a box of no size. */
  readonly anchor: Box;
  readonly w: number;
  readonly h: number;
  /** Never covered while some place within `reach` is clear of them: names, badges, items drawn. */
  readonly hard: readonly Box[];
  /** Covered only if it saves distance: covering the item's whole area counts as a quarter of its width further. */
  readonly soft?: readonly Box[];
  /** The canvas's size: the item stays inside. */
  readonly width: number;
  readonly height: number;
  /** The grid of places tried, in canvas pixels. */
  readonly step: number;
  /** How far from the anchor places are tried. */
  readonly reach: number;
  /** Kept between the anchor and the item (0: it may touch or overlap the anchor). */
  readonly gap?: number;
}

export interface Spot {
  readonly box: Box;
  /** From the anchor to the item's nearest edge, in canvas pixels. */
  readonly distance: number;
  /** It covers none of the `hard` boxes (false: no place within reach was clear of them). */
  readonly clear: boolean;
}

export const overlaps = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

export function overlapArea(a: Box, b: Box): number {
  return Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1)) * Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
}

/** From one box's edge to another's (0 when they meet). */
export function gapBetween(a: Box, b: Box): number {
  return Math.hypot(Math.max(0, b.x1 - a.x2, a.x1 - b.x2), Math.max(0, b.y1 - a.y2, a.y1 - b.y2));
}

/** The offsets of one axis: the item's start, with its gap to the anchor's span (0 when they overlap on it). */
function axis(a1: number, a2: number, size: number, gap: number, step: number, reach: number): { at: number; gap: number }[] {
  const out: { at: number; gap: number }[] = [];
  // Beside, in growing distance on both sides.
  for (let d = gap; d <= reach; d += step) out.push({ at: a2 + d, gap: d }, { at: a1 - d - size, gap: d });
  // Across the anchor's span (the item's span meets the anchor's), nearest the middle first.
  const middle = (a1 + a2) / 2 - size / 2;
  const half = (a2 - a1 + size) / 2;
  for (let d = 0; d < half; d += step) out.push({ at: middle + d, gap: 0 }, ...(d > 0 ? [{ at: middle - d, gap: 0 }] : []));
  return out;
}

type Place = { readonly dx: number; readonly dy: number; readonly distance: number };

/** The places around an anchor of a size, relative to its corner, nearest first: worked out once per size. */
const placeTables = new Map<string, readonly Place[]>();

function placesAround(aw: number, ah: number, w: number, h: number, gap: number, step: number, reach: number): readonly Place[] {
  const k = [aw, ah, w, h, gap, step, reach].map(Math.round).join(',');
  const known = placeTables.get(k);
  if (known) return known;
  const xs = axis(0, aw, w, gap, step, reach);
  const ys = axis(0, ah, h, gap, step, reach);
  const places: (Place & { off: number })[] = [];
  for (const x of xs)
    for (const y of ys) {
      // Overlapping the anchor on both axes is beside it only when no gap is asked.
      if (gap > 0 && x.gap === 0 && y.gap === 0) continue;
      const distance = Math.hypot(x.gap, y.gap);
      if (distance > reach) continue;
      places.push({ dx: x.at, dy: y.at, distance, off: Math.hypot(x.at + w / 2 - aw / 2, y.at + h / 2 - ah / 2) });
    }
  // By the gap to the anchor, then by how far the item's middle is from the anchor's.
  places.sort((a, b) => a.distance - b.distance || a.off - b.off);
  if (placeTables.size > 200) placeTables.clear();
  placeTables.set(k, places);
  return places;
}

/** The nearest place for an item of size w×h by its anchor, clear of the `hard` boxes if any place is. */
export function spotNear(ask: SpotAsk): Spot {
  const { anchor, w, h, step, reach, width, height } = ask;
  const gap = ask.gap ?? 0;
  const near = { x1: anchor.x1 - reach - w, y1: anchor.y1 - reach - h, x2: anchor.x2 + reach + w, y2: anchor.y2 + reach + h };
  const hard = ask.hard.filter((b) => overlaps(b, near));
  const soft = (ask.soft ?? []).filter((b) => overlaps(b, near));
  const cy = (anchor.y1 + anchor.y2) / 2;
  const places = placesAround(anchor.x2 - anchor.x1, anchor.y2 - anchor.y1, w, h, gap, step, reach);
  let best: { box: Box; distance: number; score: number } | undefined;
  let leastCovered: { box: Box; distance: number; covered: number } | undefined;
  // An anchor off the canvas (scrolled out of view) keeps its item by it, off the canvas too.
  const onCanvas = anchor.x2 >= 0 && anchor.x1 <= width && anchor.y2 >= 0 && anchor.y1 <= height;
  for (const p of places) {
    if (best && p.distance >= best.score) break;
    // A place over the canvas's edge is slid back onto it (a packet near the edge keeps its label by it).
    const x1 = onCanvas ? Math.min(Math.max(2, anchor.x1 + p.dx), width - 2 - w) : anchor.x1 + p.dx;
    const y1 = onCanvas ? Math.min(Math.max(2, anchor.y1 + p.dy), height - 2 - h) : anchor.y1 + p.dy;
    if (onCanvas && (x1 < 2 || y1 < 2)) continue;
    const box = { x1, y1, x2: x1 + w, y2: y1 + h };
    const slid = x1 !== anchor.x1 + p.dx || y1 !== anchor.y1 + p.dy;
    if (
      slid &&
      (overlaps(box, anchor) ||
        (gap > 0 && overlaps(box, { x1: anchor.x1 - gap, y1: anchor.y1 - gap, x2: anchor.x2 + gap, y2: anchor.y2 + gap })))
    )
      continue;
    const distance = slid ? gapBetween(anchor, box) : p.distance;
    if (hard.some((b) => overlaps(b, box))) {
      // Nothing clear anywhere (a crowded corner): the place covering least of the names.
      if (!best) {
        const covered = hard.reduce((sum, b) => sum + overlapArea(b, box), 0);
        if (!leastCovered || covered < leastCovered.covered) leastCovered = { box, distance, covered };
      }
      continue;
    }
    const score = distance + soft.reduce((sum, b) => sum + overlapArea(b, box), 0) / (4 * h);
    if (!best || score < best.score) best = { box, distance, score };
  }
  if (best) return { box: best.box, distance: best.distance, clear: true };
  if (leastCovered) return { box: leastCovered.box, distance: leastCovered.distance, clear: false };
  // No place inside the canvas at all (a canvas smaller than the item): beside the anchor, kept on the canvas.
  const x = Math.min(Math.max(2, anchor.x2 + gap), width - w - 2);
  const y = Math.min(Math.max(2, cy - h / 2), height - h - 2);
  return { box: { x1: x, y1: y, x2: x + w, y2: y + h }, distance: Infinity, clear: false };
}

/**
 * The nearest clear place within the ask's reach; where names fill all of it (a crowded corner),
 * a clear place further off (`far`: a wider reach, coarser steps), which beats covering a name;
 * where none is clear there either, the near place that covers least.
 */
export function spotClearOf(ask: SpotAsk, far: { readonly step: number; readonly reach: number }): Spot {
  const near = spotNear(ask);
  if (near.clear) return near;
  const further = spotNear({ ...ask, ...far });
  return further.clear ? further : near;
}
