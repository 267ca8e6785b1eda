/** Where the packet's label goes: beside the packet, off the elements it is between, off its neighbours' names where it can. */
import { describe, expect, it } from 'vitest';
import { placeLabel, type View } from '../../src/graph/packet-overlay.ts';

const view: View = { zoom: 1, pan: { x: 0, y: 0 }, width: 800, height: 600, scale: 1 };
const packet = { x: 400, y: 300 };
/** The element the packet is on: its name is in its middle. */
const on = { x1: 340, y1: 270, x2: 460, y2: 330 };
const overlaps = (a: { x1: number; y1: number; x2: number; y2: number }, b: typeof a) =>
  a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

describe("the packet's label", () => {
  it('stands clear of the element the packet is on', () => {
    const label = placeLabel(view, packet, 200, 24, [on]);
    expect(overlaps(label, on)).toBe(false);
  });

  it('keeps off a neighbour where the first place would cover it', () => {
    const first = placeLabel(view, packet, 200, 24, [on]);
    const neighbour = { x1: first.x1 + 10, y1: first.y1 - 5, x2: first.x2 - 10, y2: first.y2 + 5 };
    const label = placeLabel(view, packet, 200, 24, [on], [neighbour]);
    expect(overlaps(label, neighbour)).toBe(false);
    expect(overlaps(label, on)).toBe(false);
  });

  it('when neighbours leave no room, still keeps off the element it is on', () => {
    const everywhere = { x1: 0, y1: 0, x2: 800, y2: 600 };
    const label = placeLabel(view, packet, 200, 24, [on], [everywhere]);
    expect(overlaps(label, on)).toBe(false);
    expect(label.x1).toBeGreaterThanOrEqual(0);
    expect(label.x2).toBeLessThanOrEqual(800);
  });

  it('in a crowded node, moves a row or so away to a free place rather than cover a name beside it', () => {
    // Names all around the packet's row and the rows just above and below it on both sides; the
    // only free place is further down on the right (as a pod's name under a node's bridge leaves).
    const w = 200;
    const h = 24;
    const names = [
      { x1: 0, y1: 200, x2: 800, y2: 250 },
      { x1: 0, y1: 260, x2: 340, y2: 340 },
      { x1: 460, y1: 260, x2: 800, y2: 340 },
      { x1: 0, y1: 340, x2: 470, y2: 380 },
    ];
    const label = placeLabel(view, packet, w, h, [on], names);
    for (const n of names) expect(overlaps(label, n)).toBe(false);
    expect(overlaps(label, on)).toBe(false);
    // Still near the packet: within three rows.
    expect(Math.abs((label.y1 + label.y2) / 2 - packet.y)).toBeLessThanOrEqual(3 * (h + 14) + 1);
  });
});
