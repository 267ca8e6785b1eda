/**
 * A node's pods side by side. The layout (layout.ts) stands a node's pods in one column; a node
 * with many pods (or one with several containers) makes that column tall, and a wide pane then
 * draws the whole graph small. Here each node's pods fill a grid of `columns` columns, row by row
 * in the layout's order, the node's box (eth0, its routes, the bridge) widened to span them.
 * Pure: each pod's place depends only on its own place in its node and the pods before it.
 */
import type { LabelledElement } from './elements.ts';
import { LAYOUT, NODE_INNER } from './layout.ts';

/** Room between two pods side by side: their names are bold and may be a little wider than the pod. */
export const POD_COLUMN_GAP = 30;
/** From one pod column's left edge to the next one's. */
const POD_PITCH = NODE_INNER + POD_COLUMN_GAP;
/** More columns than this and a pod's name no longer fits the room a pane gives: never more. */
export const MAX_POD_COLUMNS = 4;

/** The width a node's inner box takes with its pods in `columns` columns. */
export function innerWidth(columns: number): number {
  return columns * NODE_INNER + (columns - 1) * POD_COLUMN_GAP;
}

/**
 * The veth of the pod in grid column `at` of `of`: a class that starts the line above that pod,
 * on the widened bridge (style.ts has one rule for each).
 */
export const vethClass = (at: number, of: number): string => `veth-at-${at}-of-${of}`;

/** Where a veth starts on a bridge `of` pod columns wide, above column `at` (as a style's endpoint). */
export function vethSource(at: number, of: number): string {
  const width = innerWidth(of);
  // The layout's own veth starts 42% left of the bridge's middle: 21 units in from its left edge.
  const fromLeft = at * POD_PITCH + NODE_INNER * 0.08;
  return `${(((fromLeft - width / 2) / width) * 100).toFixed(2)}% 50%`;
}

export interface Pod {
  readonly id: string;
  readonly top: number;
  readonly height: number;
}

function isPod(e: LabelledElement): boolean {
  return e.group === 'nodes' && e.classes.split(' ').includes('pod');
}

/** Each node's pods (their box's top and height as the layout stands them), in the layout's order. */
export function podsByNode(elements: readonly LabelledElement[]): Map<string, Pod[]> {
  const byId = new Map(elements.map((e) => [e.data.id, e]));
  const nodes = new Set(elements.filter((e) => e.classes.split(' ').includes('k8s-node')).map((e) => e.data.id));
  const spans = new Map<string, { top: number; bottom: number }>();
  for (const e of elements) {
    if (e.group !== 'nodes' || !e.position || !e.data.parent) continue;
    const pod = byId.get(e.data.parent);
    if (!pod || pod.group !== 'nodes' || !isPod(pod) || !pod.data.parent || !nodes.has(pod.data.parent)) continue;
    const h = (e.data.height ?? 0) / 2;
    const span = spans.get(pod.data.id) ?? { top: Infinity, bottom: -Infinity };
    spans.set(pod.data.id, { top: Math.min(span.top, e.position.y - h), bottom: Math.max(span.bottom, e.position.y + h) });
  }
  const out = new Map<string, Pod[]>();
  for (const e of elements) {
    const span = spans.get(e.data.id);
    if (!span || e.group !== 'nodes' || !e.data.parent) continue;
    const top = span.top - LAYOUT.podLabel;
    const list = out.get(e.data.parent) ?? [];
    list.push({ id: e.data.id, top, height: span.bottom + LAYOUT.podPad - top });
    out.set(e.data.parent, list);
  }
  return out;
}

/** The lowest edge of a node's containers with its pods in `columns` columns, row by row. */
export function podsBottom(pods: readonly Pod[], columns: number): number {
  let rowTop = pods[0]?.top ?? 0;
  let bottom = rowTop;
  for (let start = 0; start < pods.length; start += columns) {
    const tallest = Math.max(...pods.slice(start, start + columns).map((p) => p.height));
    bottom = rowTop + tallest - LAYOUT.podPad;
    rowTop += tallest + LAYOUT.podGap;
  }
  return bottom;
}

/** Each node's pods in the columns `podColumns` gives it (none given, or 1: one column as laid out). */
export function gridPods(elements: readonly LabelledElement[], podColumns: ReadonlyMap<string, number>): readonly LabelledElement[] {
  if (![...podColumns.values()].some((k) => k > 1)) return elements;
  const index = new Map(elements.map((e, i) => [e.data.id, i]));
  const children = new Map<string, number[]>();
  elements.forEach((e, i) => {
    if (e.group !== 'nodes' || !e.data.parent) return;
    const list = children.get(e.data.parent) ?? [];
    list.push(i);
    children.set(e.data.parent, list);
  });
  const out = [...elements];
  const move = (i: number, dx: number, dy: number) => {
    const e = out[i]!;
    if (e.group === 'nodes' && e.position) out[i] = { ...e, position: { x: e.position.x + dx, y: e.position.y + dy } };
  };
  for (const [node, pods] of podsByNode(elements)) {
    const k = Math.min(podColumns.get(node) ?? 1, pods.length, MAX_POD_COLUMNS);
    if (k <= 1) continue;
    const inNode = children.get(node) ?? [];
    // The node's own leaves (eth0, a VTEP, routes, the bridge) stretch from its left edge.
    const left = Math.min(
      ...inNode.map((i) => {
        const e = elements[i]!;
        return e.group === 'nodes' && e.position && !isPod(e) ? e.position.x - (e.data.width ?? 0) / 2 : Infinity;
      }),
    );
    const stretch = innerWidth(k) / NODE_INNER;
    for (const i of inNode) {
      const e = out[i]!;
      if (e.group !== 'nodes' || !e.position || isPod(e)) continue;
      const width = (e.data.width ?? 0) * stretch;
      const x = left + (e.position.x - left) * stretch;
      out[i] = { ...e, data: { ...e.data, width }, position: { x, y: e.position.y } };
      // Where the node plugs into the bar stays under its eth0.
      const tap = index.get(`tap:${e.data.id}`);
      const t = tap === undefined ? undefined : out[tap];
      if (tap !== undefined && t?.group === 'nodes' && t.position) out[tap] = { ...t, position: { x, y: t.position.y } };
    }
    // Row by row: each row as tall as its tallest pod.
    let rowTop = pods[0]!.top;
    for (let start = 0; start < pods.length; start += k) {
      const row = pods.slice(start, start + k);
      row.forEach((pod, at) => {
        const dx = at * POD_PITCH;
        const dy = rowTop - pod.top;
        for (const j of children.get(pod.id) ?? []) move(j, dx, dy);
        const veth = index.get(`veth:${pod.id}`);
        if (veth !== undefined) {
          const v = out[veth]!;
          out[veth] = { ...v, classes: `${v.classes} ${vethClass(at, k)}` };
        }
      });
      rowTop += Math.max(...row.map((p) => p.height)) + LAYOUT.podGap;
    }
  }
  return out;
}
