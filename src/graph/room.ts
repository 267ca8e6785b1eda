/**
 * Room for larger text. The layout's sizes (layout.ts) are chosen for the medium text size: every
 * label fits its box with a little to spare. The text size control multiplies every font
 * (style.ts); a larger one would spill out of its box into the next (a node's name under the
 * physical network's bar, eth0's address into the routes). So the graph's room grows with its
 * text: every place and size times the same scale, and each label keeps the room it had. A smaller
 * text keeps the medium room (it fits with more to spare). Pure.
 */
import type { LabelledElement } from './elements.ts';

export function roomFor(elements: readonly LabelledElement[], scale: number): readonly LabelledElement[] {
  if (scale <= 1) return elements;
  return elements.map((e) => {
    if (e.group !== 'nodes' || !e.position) return e;
    const { width, height } = e.data;
    return {
      ...e,
      data: {
        ...e.data,
        ...(width !== undefined ? { width: width * scale } : {}),
        ...(height !== undefined ? { height: height * scale } : {}),
      },
      position: { x: e.position.x * scale, y: e.position.y * scale },
    };
  });
}
