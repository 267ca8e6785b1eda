/** Where the packet's label goes: beside the packet, off the elements it is between, off its neighbours' names where it can. */
import { describe, expect, it } from 'vitest';
import { placeLabel } from '../../src/graph/packet-mark.ts';
import { markersOf, markerText, type View } from '../../src/graph/packet-overlay.ts';
import { overlaps as boxesOverlap, spotClearOf, spotNear } from '../../src/graph/overlay-spots.ts';

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
    const label = placeLabel(view, packet, w, h, [on], [], names);
    for (const n of names) expect(overlaps(label, n)).toBe(false);
    expect(overlaps(label, on)).toBe(false);
    // Still near the packet: within three rows.
    expect(Math.abs((label.y1 + label.y2) / 2 - packet.y)).toBeLessThanOrEqual(3 * (h + 14) + 1);
  });
});

describe('the nearest place clear of names (markers, the dot, the label)', () => {
  const around = (anchor: { x1: number; y1: number; x2: number; y2: number }, hard: (typeof anchor)[]) =>
    spotNear({ anchor, w: 40, h: 20, hard, width: 800, height: 600, step: 4, reach: 200 });

  it('takes the place touching its anchor when nothing is there', () => {
    const spot = around({ x1: 400, y1: 300, x2: 400, y2: 300 }, []);
    expect(spot.distance).toBe(0);
  });

  it('of the places clear of names, takes the nearest, and keeps clear of every name', () => {
    const anchor = { x1: 400, y1: 300, x2: 400, y2: 300 };
    // A name over the anchor and one just below it: the nearest clear place is just above the first.
    const names = [
      { x1: 300, y1: 290, x2: 500, y2: 320 },
      { x1: 300, y1: 320, x2: 500, y2: 360 },
    ];
    const spot = around(anchor, names);
    for (const n of names) expect(boxesOverlap(spot.box, n)).toBe(false);
    expect(spot.box.y2).toBeLessThanOrEqual(290);
    expect(spot.box.y2).toBeGreaterThan(290 - 5);
  });

  it('keeps an item by its anchor when the anchor is out of view, not piled on the canvas edge', () => {
    const spot = around({ x1: -300, y1: 200, x2: -300, y2: 200 }, []);
    expect(spot.box.x2).toBeLessThan(0);
    expect(spot.clear).toBe(true);
  });

  it('says when no place within reach is clear, and takes the one covering least', () => {
    const spot = around({ x1: 400, y1: 300, x2: 400, y2: 300 }, [{ x1: 0, y1: 0, x2: 800, y2: 600 }]);
    expect(spot.clear).toBe(false);
  });

  it('slides a place over the canvas edge back onto it', () => {
    const spot = around({ x1: 795, y1: 5, x2: 795, y2: 5 }, []);
    expect(spot.box.x2).toBeLessThanOrEqual(798);
    expect(spot.box.y1).toBeGreaterThanOrEqual(2);
  });
});

describe('the markers of a flow', () => {
  const step = (hop: number, x: number, direction: 'request' | 'reply' = 'request') => ({
    hop,
    path: [{ x, y: 0 }],
    header: '',
    rewrite: 'none' as const,
    direction,
    moves: false,
  });

  it('one per place and direction, its runs of hops joined: a packet back at a place later adds to its number', () => {
    // A DNS lookup's shape: the pod asks (0), the DNS pod answers (1-2), the reply comes back (3),
    // then the connection leaves the pod again (4-5).
    const steps = [step(0, 0), step(1, 100), step(2, 100), step(3, 0, 'reply'), step(4, 0), step(5, 0), step(6, 200)];
    const markers = markersOf(steps, () => undefined);
    expect(markers.map((m) => markerText(m, 6))).toEqual(['1, 5–6', '2–3', '4', '7']);
    // Only the hops reached so far are numbered.
    expect(markerText(markers[0]!, 3)).toBe('1');
  });
});

describe('a clear place further off where names fill the room near the anchor', () => {
  const ask = (hard: { x1: number; y1: number; x2: number; y2: number }[]) => ({
    anchor: { x1: 400, y1: 300, x2: 400, y2: 300 },
    w: 24,
    h: 24,
    hard,
    width: 800,
    height: 600,
    step: 3,
    reach: 120,
  });
  const far = { step: 6, reach: 400 };

  it('looks further when nothing within reach is clear, and takes a clear place there', () => {
    // Names fill a band 300 px wide around the anchor: the first clear place is past it.
    const band = [{ x1: 200, y1: 0, x2: 600, y2: 600 }];
    expect(spotNear(ask(band)).clear).toBe(false);
    const spot = spotClearOf(ask(band), far);
    expect(spot.clear).toBe(true);
    expect(boxesOverlap(spot.box, band[0]!)).toBe(false);
  });

  it('where nothing is clear even further off, keeps the near place that covers least, not a far one', () => {
    const everywhere = [{ x1: 0, y1: 0, x2: 800, y2: 600 }];
    const near = spotNear(ask(everywhere));
    expect(spotClearOf(ask(everywhere), far).box).toEqual(near.box);
  });

  it('takes the near clear place when there is one', () => {
    expect(spotClearOf(ask([]), far)).toEqual(spotNear(ask([])));
  });
});
