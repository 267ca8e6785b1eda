import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frame, frameSubject, follow, union, type Box } from '../../src/graph/camera.ts';
import { graphElements } from '../../src/graph/elements.ts';
import { focusIds, missingTargets } from '../../src/graph/focus.ts';
import { simulate } from '../../src/core/index.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';

const box = fc
  .record({
    x: fc.double({ min: -5000, max: 5000, noNaN: true }),
    y: fc.double({ min: -5000, max: 5000, noNaN: true }),
    w: fc.double({ min: 1, max: 3000, noNaN: true }),
    h: fc.double({ min: 1, max: 3000, noNaN: true }),
  })
  .map(({ x, y, w, h }): Box => ({ x1: x, y1: y, x2: x + w, y2: y + h }));
const pane = fc.record({ width: fc.integer({ min: 200, max: 4000 }), height: fc.integer({ min: 150, max: 3000 }) });

/** Where a point of the graph lands in the pane under a viewport. */
const onScreen = (v: { zoom: number; pan: { x: number; y: number } }, x: number, y: number) => ({
  x: v.pan.x + v.zoom * x,
  y: v.pan.y + v.zoom * y,
});

describe('the camera', () => {
  it('frames a box whole, centred, inside the padding, unless the zoom limit stops it', () => {
    fc.assert(
      fc.property(box, pane, (b, p) => {
        const v = frame(b, p, { padding: 20, maxZoom: 2, minZoom: 0.02 });
        const a = onScreen(v, b.x1, b.y1);
        const z = onScreen(v, b.x2, b.y2);
        expect((a.x + z.x) / 2).toBeCloseTo(p.width / 2, 6);
        expect((a.y + z.y) / 2).toBeCloseTo(p.height / 2, 6);
        if (v.zoom > 0.02) {
          expect(a.x).toBeGreaterThanOrEqual(20 - 1e-6);
          expect(a.y).toBeGreaterThanOrEqual(20 - 1e-6);
          expect(z.x).toBeLessThanOrEqual(p.width - 20 + 1e-6);
          expect(z.y).toBeLessThanOrEqual(p.height - 20 + 1e-6);
        }
        // As large as fits: one side touches the padding, or the zoom is at its limit.
        const touches = Math.abs(z.x - a.x - (p.width - 40)) < 1e-6 || Math.abs(z.y - a.y - (p.height - 40)) < 1e-6;
        expect(touches || v.zoom === 2 || v.zoom === 0.02).toBe(true);
      }),
    );
  });

  it('a small subject is not blown up past the zoom limit', () => {
    expect(frame({ x1: 0, y1: 0, x2: 10, y2: 10 }, { width: 1000, height: 800 }, { maxZoom: 2 }).zoom).toBe(2);
  });

  it("a step's subject is never framed further out than Fit frames the whole graph", () => {
    const margins = { subject: { padding: 24, maxZoom: 1.6 }, whole: { padding: 12, maxZoom: 3 } };
    fc.assert(
      fc.property(box, box, pane, (subject, other, p) => {
        const whole = union([subject, other])!;
        const v = frameSubject(subject, whole, p, margins);
        expect(v.zoom).toBeGreaterThanOrEqual(frame(whole, p, margins.whole).zoom - 1e-9);
        // The subject is still whole in the pane.
        const a = onScreen(v, subject.x1, subject.y1);
        const z = onScreen(v, subject.x2, subject.y2);
        if (v.zoom > 0.02) {
          expect(a.x).toBeGreaterThanOrEqual(-1e-6);
          expect(a.y).toBeGreaterThanOrEqual(-1e-6);
          expect(z.x).toBeLessThanOrEqual(p.width + 1e-6);
          expect(z.y).toBeLessThanOrEqual(p.height + 1e-6);
        }
      }),
    );
    // The subject is the whole graph: Fit's view, not a smaller one with a wider margin.
    const all = { x1: 0, y1: 0, x2: 1000, y2: 600 };
    expect(frameSubject(all, all, { width: 1280, height: 720 }, margins)).toEqual(frame(all, { width: 1280, height: 720 }, margins.whole));
    // A small subject is brought closer.
    expect(frameSubject({ x1: 0, y1: 0, x2: 100, y2: 60 }, all, { width: 1280, height: 720 }, margins).zoom).toBe(1.6);
    // A subject nearly the whole graph (framed 6% closer): the whole graph, nothing cut at the edges.
    const nearly = { x1: 0, y1: 0, x2: 1000, y2: 540 };
    const screen = { width: 1280, height: 720 };
    expect(frame(nearly, screen, margins.subject).zoom / frame(all, screen, margins.whole).zoom).toBeCloseTo(1.06, 2);
    expect(frameSubject(nearly, all, screen, margins)).toEqual(frame(all, screen, margins.whole));
  });

  it('the union holds every box', () => {
    expect(union([])).toBeUndefined();
    expect(
      union([
        { x1: 0, y1: 5, x2: 10, y2: 6 },
        { x1: -3, y1: 7, x2: 4, y2: 20 },
      ]),
    ).toEqual({ x1: -3, y1: 5, x2: 10, y2: 20 });
  });

  it('following a packet leaves a view that shows it readable, and otherwise centres it at a readable zoom', () => {
    const p = { width: 1000, height: 600 };
    const still = { zoom: 1.2, pan: { x: 0, y: 0 } };
    expect(follow(still, { x: 400, y: 250 }, p, 1)).toBeUndefined();
    // Near the edge: centred, the zoom kept.
    const edge = follow(still, { x: 820, y: 250 }, p, 1)!;
    expect(edge.zoom).toBe(1.2);
    expect(onScreen(edge, 820, 250)).toEqual({ x: 500, y: 300 });
    // Too far out to read: zoomed in to the readable zoom, the packet in the middle.
    const far = follow({ zoom: 0.5, pan: { x: 0, y: 0 } }, { x: 400, y: 250 }, p, 1)!;
    expect(far.zoom).toBe(1);
    expect(onScreen(far, 400, 250)).toEqual({ x: 500, y: 300 });
  });
});

describe("the lessons' focus", () => {
  for (const scenario of SCENARIOS) {
    scenario.steps.forEach((step, i) => {
      it(`${scenario.id} step ${i + 1} says what it is about, and each part of it is on the graph`, () => {
        expect(step.focus, 'a focus').toBeDefined();
        const elements = graphElements(simulate(step.text).state);
        const on = step.focus!.on;
        expect(on.length).toBeGreaterThan(0);
        expect(missingTargets(on, elements)).toEqual([]);
        expect(focusIds(on, elements).length).toBeGreaterThanOrEqual(on.length);
        if (step.focus!.flow) expect(step.flow, 'a flow to frame').toBeDefined();
      });
    });
  }
});
