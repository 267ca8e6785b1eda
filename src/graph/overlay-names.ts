/**
 * The graph's boxes the packet overlay works with, found in one pass when a flow loads: the
 * elements the packet stops at, the labelled ones around its way, and every name on the graph
 * (the markers, the dot and the label keep off them).
 */
import type { Core } from 'cytoscape';
import type { Box } from './packet-overlay.ts';
import type { Point } from './packet-path.ts';

export const pointKey = (p: Point) => `${Math.round(p.x)},${Math.round(p.y)}`;

/** A labelled element near the packet's way: its id (dimmed by a lesson step, it does not count) and box. */
export interface Neighbour {
  readonly id: string;
  readonly box: Box;
}

/** How far around its way the packet's label keeps off other elements' names, in graph units. */
const NEIGHBOURHOOD = 400;

const LABEL_ONLY = { includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false } as const;

/**
 * The boxes of the leaf elements the packet stops at, and of the other labelled leaves around its
 * way (the label keeps off their names where it can), found in one pass over the graph when a
 * flow loads (the frames only look them up).
 */
export function boxesAt(
  cy: Core,
  points: readonly Point[],
): { at: Map<string, Box>; around: Neighbour[]; titles: Neighbour[]; names: Neighbour[] } {
  const wanted = new Set(points.map(pointKey));
  const at = new Map<string, Box>();
  const around: Neighbour[] = [];
  // The names at the top of the boxes that hold others (nodes, pods): markers stay off them.
  const titles: Neighbour[] = [];
  const names: Neighbour[] = [];
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const near = {
    x1: Math.min(...xs) - NEIGHBOURHOOD,
    y1: Math.min(...ys) - NEIGHBOURHOOD,
    x2: Math.max(...xs) + NEIGHBOURHOOD,
    y2: Math.max(...ys) + NEIGHBOURHOOD,
  };
  cy.nodes().forEach((n) => {
    const p = n.position();
    if (n.isParent()) {
      // A box's name (a node's, the portal network's) is drawn at its top: that much is kept clear.
      const l = n.boundingBox(LABEL_ONLY);
      if (l.w > 0) titles.push({ id: n.id(), box: { x1: l.x1, y1: l.y1, x2: l.x2, y2: l.y2 } });
      if (l.w > 0 && l.x2 >= near.x1 && l.x1 <= near.x2 && l.y2 >= near.y1 && l.y1 <= near.y2)
        around.push({ id: n.id(), box: { x1: l.x1, y1: l.y1, x2: l.x2, y2: l.y2 } });
      return;
    }
    const k = pointKey(p);
    const b = n.boundingBox({ includeLabels: false });
    const box = { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 };
    if (wanted.has(k) && !at.has(k)) at.set(k, box);
    if (n.data('label') && p.x >= near.x1 && p.x <= near.x2 && p.y >= near.y1 && p.y <= near.y2) around.push({ id: n.id(), box });
    // A box's name in its middle (the physical network's, a route list's): the packet's header keeps clear of it too.
    const l = n.data('label') ? n.boundingBox(LABEL_ONLY) : undefined;
    if (l && l.w > 0) names.push({ id: n.id(), box: { x1: l.x1, y1: l.y1, x2: l.x2, y2: l.y2 } });
  });
  return { at, around, titles, names };
}
