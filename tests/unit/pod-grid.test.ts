/** A node's pods side by side (pod-grid.ts), chosen by arrange.ts for the pane, and room for larger text (room.ts). */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { arrange } from '../../src/graph/arrange.ts';
import { graphElements, nodeId, type LabelledElement } from '../../src/graph/elements.ts';
import { gridPods, podsByNode, vethClass } from '../../src/graph/pod-grid.ts';
import { roomFor } from '../../src/graph/room.ts';
import { labelled } from '../../src/i18n/graph.ts';
import { cluster, rc, scenario } from '../helpers.ts';

/** Two nodes; six replicas: three pods on each node, one above the other as laid out. */
const TEXT = scenario(
  cluster({
    nodes: [
      { name: 'a', ip: '10.0.0.1/24' },
      { name: 'b', ip: '10.0.0.2/24' },
    ],
  }),
  rc('web', 6),
);
const drawn = labelled(graphElements(simulate(TEXT).state), 'en');

type Box = { x1: number; y1: number; x2: number; y2: number };

/** Each pod's box as its containers span it (with its label's room above). */
function podBoxes(elements: readonly LabelledElement[]): Map<string, Box> {
  const pods = new Set(elements.filter((e) => e.classes.split(' ').includes('pod')).map((e) => e.data.id));
  const out = new Map<string, Box>();
  for (const e of elements) {
    if (e.group !== 'nodes' || !e.position || !e.data.parent || !pods.has(e.data.parent)) continue;
    const w = (e.data.width ?? 0) / 2;
    const h = (e.data.height ?? 0) / 2;
    const b = out.get(e.data.parent) ?? { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
    out.set(e.data.parent, {
      x1: Math.min(b.x1, e.position.x - w),
      y1: Math.min(b.y1, e.position.y - h - 56),
      x2: Math.max(b.x2, e.position.x + w),
      y2: Math.max(b.y2, e.position.y + h),
    });
  }
  return out;
}

const overlap = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

const leaf = (elements: readonly LabelledElement[], id: string) => {
  const e = elements.find((x) => x.data.id === id);
  return e?.group === 'nodes' ? { ...e.position!, width: e.data.width!, height: e.data.height! } : undefined;
};

describe("a node's pods side by side", () => {
  it('the layout stands each node three pods high', () => {
    expect([...podsByNode(drawn).values()].map((pods) => pods.length)).toEqual([3, 3]);
  });

  it('two pod columns: two pods side by side, the third under the first; eth0 and the bridge span both; no pod overlaps another', () => {
    const grid = gridPods(drawn, new Map([[nodeId('a'), 2]]));
    const boxes = podBoxes(grid);
    const [first, second, third] = podsByNode(drawn)
      .get(nodeId('a'))!
      .map((p) => boxes.get(p.id)!);
    expect(second!.x1).toBeGreaterThan(first!.x2);
    expect(Math.abs(second!.y1 - first!.y1)).toBeLessThan(0.5);
    expect(third!.x1).toBe(first!.x1);
    expect(third!.y1).toBeGreaterThan(first!.y2);
    // (arrange.ts moves node b right of the widened node a.)
    const inA = [first!, second!, third!];
    inA.forEach((a, i) => inA.slice(i + 1).forEach((b) => expect(overlap(a, b)).toBe(false)));
    const eth0 = leaf(grid, `${nodeId('a')}/eth0`)!;
    expect(eth0.x - eth0.width / 2).toBeLessThanOrEqual(first!.x1 + 1);
    expect(eth0.x + eth0.width / 2).toBeGreaterThanOrEqual(second!.x2 - 1);
    // Node b keeps its one column; each veth of a starts above its own pod.
    expect(leaf(grid, `${nodeId('b')}/eth0`)).toEqual(leaf(drawn, `${nodeId('b')}/eth0`));
    const veths = grid.filter((e) => e.group === 'edges' && e.classes.includes('veth') && e.data.target.includes('/web-'));
    expect(veths.filter((e) => e.classes.includes(vethClass(1, 2)))).toHaveLength(1);
  });

  it('a wide short pane sets the pods side by side, which draws the graph larger than one column would; no two boxes overlap', () => {
    const pane = { width: 2400, height: 500 };
    const wide = arrange(drawn, pane);
    expect(Object.values(wide.podColumns).some((k) => k > 1)).toBe(true);
    const zoomOf = (elements: readonly LabelledElement[]) => {
      const xs = elements.flatMap((e) =>
        e.group === 'nodes' && e.position ? [e.position.x - (e.data.width ?? 0) / 2, e.position.x + (e.data.width ?? 0) / 2] : [],
      );
      const ys = elements.flatMap((e) =>
        e.group === 'nodes' && e.position ? [e.position.y - (e.data.height ?? 0) / 2, e.position.y + (e.data.height ?? 0) / 2] : [],
      );
      return Math.min(pane.width / (Math.max(...xs) - Math.min(...xs)), pane.height / (Math.max(...ys) - Math.min(...ys)));
    };
    expect(zoomOf(wide.elements)).toBeGreaterThan(zoomOf(drawn) * 1.2);
    const all = [...podBoxes(wide.elements).values()];
    all.forEach((a, i) => all.slice(i + 1).forEach((b) => expect(overlap(a, b)).toBe(false)));
  });

  it('a tall narrow pane keeps the pods one above the other', () => {
    expect(arrange(drawn, { width: 400, height: 2400 }).podColumns).toEqual({});
  });
});

describe('room for larger text', () => {
  it('medium and smaller text keep the layout; larger text scales every place and size by its scale', () => {
    expect(roomFor(drawn, 1)).toBe(drawn);
    expect(roomFor(drawn, 0.85)).toBe(drawn);
    const large = roomFor(drawn, 1.2);
    const id = `${nodeId('a')}/eth0`;
    const [before, after] = [leaf(drawn, id)!, leaf(large, id)!];
    expect(after.x).toBeCloseTo(before.x * 1.2);
    expect(after.y).toBeCloseTo(before.y * 1.2);
    expect(after.width).toBeCloseTo(before.width * 1.2);
    expect(after.height).toBeCloseTo(before.height * 1.2);
  });
});
