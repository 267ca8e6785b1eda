/**
 * A straight segment cut where it crosses boxes: the pieces outside every box and the pieces
 * inside one, in order from its start. The packet's trail is drawn faint where it crosses a name,
 * so the name stays readable and the way stays one line.
 */
import type { Box } from './packet-overlay.ts';
import type { Point } from './packet-path.ts';

export interface Piece {
  readonly from: Point;
  readonly to: Point;
  readonly inside: boolean;
}

/** The part of the segment p→q inside `b`, as fractions of its length (undefined: none). */
function within(p: Point, q: Point, b: Box): [number, number] | undefined {
  let t0 = 0;
  let t1 = 1;
  const d = { x: q.x - p.x, y: q.y - p.y };
  // Each side of the box in turn (Liang–Barsky): where the segment enters and leaves its half-plane.
  for (const [delta, start, low, high] of [
    [d.x, p.x, b.x1, b.x2],
    [d.y, p.y, b.y1, b.y2],
  ] as const) {
    if (delta === 0) {
      // Along the box's edge (or beside it) the line crosses none of the name.
      if (start <= low || start >= high) return undefined;
      continue;
    }
    const a = (low - start) / delta;
    const c = (high - start) / delta;
    t0 = Math.max(t0, Math.min(a, c));
    t1 = Math.min(t1, Math.max(a, c));
    if (t0 >= t1) return undefined;
  }
  return [t0, t1];
}

export function cutByBoxes(p: Point, q: Point, boxes: readonly Box[]): Piece[] {
  const spans = boxes
    .map((b) => within(p, q, b))
    .filter((s): s is [number, number] => s !== undefined)
    .sort((a, b) => a[0] - b[0]);
  const at = (t: number): Point => ({ x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t });
  const pieces: Piece[] = [];
  let t = 0;
  for (const [a, b] of spans) {
    if (b <= t) continue;
    const last = pieces.at(-1);
    if (a > t) pieces.push({ from: at(t), to: at(a), inside: false });
    // Names that overlap along the line make one faint piece.
    if (a <= t && last?.inside) pieces[pieces.length - 1] = { ...last, to: at(b) };
    else pieces.push({ from: at(Math.max(a, t)), to: at(b), inside: true });
    t = b;
  }
  if (t < 1) pieces.push({ from: at(t), to: q, inside: false });
  return pieces;
}
