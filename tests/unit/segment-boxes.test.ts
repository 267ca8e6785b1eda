import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paintTrail } from '../../src/graph/packet-overlay.ts';
import { cutByBoxes } from '../../src/graph/segment-boxes.ts';
import { SvgPainter } from '../../src/graph/svg-painter.ts';

const name = { x1: 10, y1: -5, x2: 20, y2: 5 };

describe('a trail segment cut where it crosses names', () => {
  it('a line through a name: outside, inside, outside', () => {
    expect(cutByBoxes({ x: 0, y: 0 }, { x: 30, y: 0 }, [name])).toEqual([
      { from: { x: 0, y: 0 }, to: { x: 10, y: 0 }, inside: false },
      { from: { x: 10, y: 0 }, to: { x: 20, y: 0 }, inside: true },
      { from: { x: 20, y: 0 }, to: { x: 30, y: 0 }, inside: false },
    ]);
  });

  it('a vertical line beside a name is not cut; one ending inside it is', () => {
    expect(cutByBoxes({ x: 25, y: -20 }, { x: 25, y: 20 }, [name])).toEqual([
      { from: { x: 25, y: -20 }, to: { x: 25, y: 20 }, inside: false },
    ]);
    expect(cutByBoxes({ x: 15, y: -20 }, { x: 15, y: 0 }, [name]).map((p) => [p.to.y, p.inside])).toEqual([
      [-5, false],
      [0, true],
    ]);
  });

  it("a line along a name's edge is not cut", () => {
    expect(cutByBoxes({ x: 20, y: -20 }, { x: 20, y: 20 }, [name])).toEqual([
      { from: { x: 20, y: -20 }, to: { x: 20, y: 20 }, inside: false },
    ]);
    expect(cutByBoxes({ x: 0, y: 5 }, { x: 30, y: 5 }, [name])).toEqual([{ from: { x: 0, y: 5 }, to: { x: 30, y: 5 }, inside: false }]);
  });

  it('two names that overlap make one faint piece', () => {
    const pieces = cutByBoxes({ x: 0, y: 0 }, { x: 40, y: 0 }, [name, { x1: 15, y1: -5, x2: 25, y2: 5 }]);
    expect(pieces.map((p) => [p.from.x, p.to.x, p.inside])).toEqual([
      [0, 10, false],
      [10, 25, true],
      [25, 40, false],
    ]);
  });

  it('the pieces run on from start to end, each inside a name exactly when it says so', () => {
    const coord = fc.integer({ min: -50, max: 50 });
    const box = fc
      .tuple(coord, coord, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }))
      .map(([x, y, w, h]) => ({ x1: x, y1: y, x2: x + w, y2: y + h }));
    fc.assert(
      fc.property(coord, coord, coord, coord, fc.array(box, { maxLength: 6 }), (ax, ay, bx, by, boxes) => {
        const p = { x: ax, y: ay };
        const q = { x: bx, y: by };
        const pieces = cutByBoxes(p, q, boxes);
        if (ax === bx && ay === by) return;
        expect(pieces[0]!.from).toEqual(p);
        expect(pieces.at(-1)!.to).toEqual(q);
        pieces.slice(1).forEach((piece, i) => expect(piece.from).toEqual(pieces[i]!.to));
        for (const piece of pieces) {
          const mid = { x: (piece.from.x + piece.to.x) / 2, y: (piece.from.y + piece.to.y) / 2 };
          const inBox = boxes.some((b) => mid.x > b.x1 && mid.x < b.x2 && mid.y > b.y1 && mid.y < b.y2);
          if (Math.hypot(piece.to.x - piece.from.x, piece.to.y - piece.from.y) > 1e-6) expect(inBox).toBe(piece.inside);
        }
      }),
    );
  });
});

describe('the trail painted over names', () => {
  it('is faint where it crosses a name and full elsewhere, in the SVG as on screen', () => {
    const painter = new SvgPainter(() => 0);
    const view = { zoom: 1, pan: { x: 0, y: 0 }, width: 100, height: 100, scale: 1 };
    const step = {
      hop: 1,
      path: [
        { x: 0, y: 0 },
        { x: 30, y: 0 },
      ],
      header: '',
      rewrite: 'none',
      direction: 'request',
      moves: true,
    } as const;
    paintTrail(painter, view, [step], 0, 1, [name]);
    const paths = [...painter.toSvg('t').matchAll(/<path d="([^"]*)"[^>]*opacity="([\d.]+)"/g)].map((m) => [m[1], Number(m[2])]);
    expect(paths).toEqual([
      ['M0 0L10 0M20 0L30 0', 0.6],
      ['M10 0L20 0', 0.18],
    ]);
  });
});
