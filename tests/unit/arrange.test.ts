/** The graph laid out to the pane's shape: node columns wrap into rows when that draws it larger. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { arrange, arranged, barId, trunkId, type Pane } from '../../src/graph/arrange.ts';
import { graphElements, nodeId, physicalId, portalId, type LabelledElement } from '../../src/graph/elements.ts';
import { labelled } from '../../src/i18n/graph.ts';
import { packetSteps } from '../../src/graph/packet-path.ts';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { quickFlows } from '../../src/core/flows.ts';
import { trace } from '../../src/core/trace/index.ts';
import { generateScenario } from '../../scripts/bench/scenario.ts';
import { LAB_TEXT } from '../helpers.ts';
import { nsId } from '../../src/core/namespace-id.ts';

const hostNs = (name: string) => nsId.host(name);

const drawn = (text: string) => labelled(graphElements(simulate(text).state), 'en');

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Each top-level box (a node, the portal network) as the leaves inside it span it. */
function boxes(elements: readonly LabelledElement[]): Map<string, Box> {
  const parents = new Map(elements.map((e) => [e.data.id, e.group === 'nodes' ? e.data.parent : undefined]));
  const top = (id: string): string => {
    const parent = parents.get(id);
    return parent ? top(parent) : id;
  };
  const out = new Map<string, Box>();
  for (const e of elements) {
    if (e.group !== 'nodes' || !e.position || !e.data.parent) continue;
    const w = (e.data.width ?? 0) / 2;
    const h = (e.data.height ?? 0) / 2;
    const id = top(e.data.id);
    const b = out.get(id) ?? { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
    out.set(id, {
      x1: Math.min(b.x1, e.position.x - w),
      y1: Math.min(b.y1, e.position.y - h),
      x2: Math.max(b.x2, e.position.x + w),
      y2: Math.max(b.y2, e.position.y + h),
    });
  }
  return out;
}

const overlap = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/** Where every leaf of a box stands relative to the box's first leaf. */
function shapeOf(elements: readonly LabelledElement[], parent: string): string[] {
  const leaves = elements.filter((e) => e.group === 'nodes' && e.data.parent === parent && e.position);
  const first = leaves[0]!.group === 'nodes' ? leaves[0]!.position! : { x: 0, y: 0 };
  return leaves.map((e) => (e.group === 'nodes' && e.position ? `${e.data.id}@${e.position.x - first.x},${e.position.y - first.y}` : ''));
}

const position = (elements: readonly LabelledElement[], id: string) => {
  const e = elements.find((x) => x.data.id === id);
  return e?.group === 'nodes' ? e.position : undefined;
};

describe('arranging the graph to the pane', () => {
  it('a wide pane keeps the layout as it is: one row, the very same elements', () => {
    const lab = drawn(LAB_TEXT);
    const wide = arrange(lab, { width: 1600, height: 600 });
    expect(wide.elements).toBe(lab);
    expect(wide.columns).toBe(4);
  });

  it('a tall narrow pane stacks the columns in rows, each row on its own stretch of the bar, joined by a trunk', () => {
    const lab = drawn(LAB_TEXT);
    const tall = arrange(lab, { width: 500, height: 1400 });
    expect(tall.columns).toBeLessThan(4);
    const rows = Math.ceil(4 / tall.columns);
    for (let r = 1; r < rows; r++) expect(position(tall.elements, barId(r))).toBeDefined();
    expect(position(tall.elements, trunkId)).toBeDefined();
    // Nothing overlaps, and every box keeps its own shape.
    const placed = [...boxes(tall.elements).values()];
    for (let i = 0; i < placed.length; i++) for (let j = i + 1; j < placed.length; j++) expect(overlap(placed[i]!, placed[j]!)).toBe(false);
    for (const id of ['k8smaster01', 'k8smaster02', 'k8smaster03'].map(nodeId).concat(portalId))
      expect(shapeOf(tall.elements, id)).toEqual(shapeOf(lab, id));
  });

  it('draws the graph larger than one row would in a tall pane', () => {
    const lab = drawn(LAB_TEXT);
    const pane = { width: 500, height: 1400 };
    const fitZoom = (elements: readonly LabelledElement[]) => {
      const all = [...boxes(elements).values()];
      for (const e of elements)
        if (e.group === 'nodes' && e.position && !e.data.parent) {
          const w = (e.data.width ?? 0) / 2;
          const h = (e.data.height ?? 0) / 2;
          all.push({ x1: e.position.x - w, y1: e.position.y - h, x2: e.position.x + w, y2: e.position.y + h });
        }
      const width = Math.max(...all.map((b) => b.x2)) - Math.min(...all.map((b) => b.x1));
      const height = Math.max(...all.map((b) => b.y2)) - Math.min(...all.map((b) => b.y1));
      return Math.min(pane.width / width, pane.height / height);
    };
    expect(fitZoom(arrange(lab, pane).elements)).toBeGreaterThan(fitZoom(lab) * 1.2);
  });

  it('keeps the columns on screen unless another count draws the graph clearly larger', () => {
    const lab = drawn(LAB_TEXT);
    const pane = { width: 500, height: 1400 };
    const chosen = arrange(lab, pane).columns;
    expect(arrange(lab, pane, { columns: 4, podColumns: {} }).columns).toBe(chosen);
    // A count kept from another graph (none drawn yet, or more columns than this one has) is ignored.
    expect(arrange(lab, pane, { columns: 0, podColumns: {} }).columns).toBe(chosen);
    expect(arrange(lab, pane, { columns: 9, podColumns: {} }).columns).toBe(chosen);
    // A pane a little wider than square keeps the row it has, where a first drawing there would wrap
    // the columns (a little larger, not clearly).
    const wide = { width: 1050, height: 800 };
    expect(arrange(lab, wide).columns).toBeLessThan(4);
    expect(arrange(lab, wide, { columns: 4, podColumns: {} }).columns).toBe(4);
  });

  it('a packet between nodes in two rows goes along the bar to the trunk and back; within a row it stays on the bar', () => {
    const sim = simulate(LAB_TEXT);
    const dataplane = buildDataplane(sim.state);
    // Two columns a row: k8smaster01 and k8smaster02, then k8smaster03 and the portal network's
    // column with the laptop over it.
    const rows = arranged(labelled(graphElements(sim.state), 'en'), { columns: 2, podColumns: {} });
    const trunk = position(rows, trunkId)!;
    const viaTrunk = (request: Parameters<typeof trace>[1]) => {
      const t = trace(dataplane, request);
      return packetSteps(t, (x) => position(rows, x)).filter((s) => s.path.some((p) => p.x === trunk.x));
    };
    // The laptop and k8smaster03 are both on row 1's bar.
    expect(viaTrunk({ from: hostNs('laptop'), to: { ip: '172.24.8.73', port: 80 }, proto: 'tcp' })).toEqual([]);
    // The laptop to k8smaster01 (row 0): along row 1's bar to the trunk, up it and along row 0's.
    const crossing = viaTrunk(quickFlows(sim.state).find((q) => q.id === 'hostport')!.request!);
    expect(crossing.length).toBeGreaterThan(0);
    for (const s of crossing) expect(new Set(s.path.filter((p) => p.x === trunk.x).map((p) => p.y)).size).toBe(2);
  });

  it('for any cluster and any pane, no two boxes overlap and the bar reaches every row', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.record({ width: fc.integer({ min: 200, max: 2400 }), height: fc.integer({ min: 200, max: 2400 }) }),
        (nodes: number, pane: Pane) => {
          const all = drawn(generateScenario(nodes).text);
          const { elements, columns } = arrange(all, pane);
          const placed = [...boxes(elements).values()];
          for (let i = 0; i < placed.length; i++)
            for (let j = i + 1; j < placed.length; j++) expect(overlap(placed[i]!, placed[j]!)).toBe(false);
          const bars = elements.filter((e) => e.data.id === physicalId || e.data.id.startsWith(`${physicalId}/row`));
          const columnsDrawn =
            new Set(elements.filter((e) => e.data.ref.type === 'node' && e.group === 'nodes' && !e.data.parent).map((e) => e.data.id))
              .size + 1;
          expect(bars.length).toBe(Math.ceil(columnsDrawn / columns));
        },
      ),
      { numRuns: 40 },
    );
  });
});
