/**
 * The graph laid out to the pane's shape. The layout (layout.ts) stands the nodes side by side in
 * columns, the portal network last; a tall or narrow pane draws that one wide row small, and a
 * wide pane draws a node with a tall column of pods small. Here each node's pods may stand side by
 * side (pod-grid.ts), and the columns wrap into rows, each row hanging from its own stretch of the
 * physical network's bar, the stretches joined on the left by a trunk (one network, drawn in
 * rows): the pod columns and the columns to a row that make the fitted graph largest. Pure: the
 * same elements and pane give the same picture, and everything inside a column keeps its place
 * relative to the column.
 */
import { physicalId, type LabelledElement } from './elements.ts';
import { FIT_PADDING } from './camera.ts';
import { LAYOUT, NODE_INNER, nodeColumnX } from './layout.ts';
import { gridPods, innerWidth, MAX_POD_COLUMNS, podsBottom, podsByNode } from './pod-grid.ts';

export interface Pane {
  readonly width: number;
  readonly height: number;
}

/** How the graph stands: columns to a row (all of them: one row), and each node's pod columns (none: one). */
export interface Choice {
  readonly columns: number;
  readonly podColumns: Readonly<Record<string, number>>;
}

export function sameChoice(a: Choice, b: Choice): boolean {
  const keys = new Set([...Object.keys(a.podColumns), ...Object.keys(b.podColumns)]);
  return a.columns === b.columns && [...keys].every((k) => (a.podColumns[k] ?? 1) === (b.podColumns[k] ?? 1));
}

export interface Arrangement extends Choice {
  readonly elements: readonly LabelledElement[];
}

/** The id of the trunk that joins the rows' stretches of the physical network. */
export const trunkId = `${physicalId}/trunk`;
/** The id of row `row`'s stretch of the physical network (row 0's is the bar itself). */
export const barId = (row: number): string => (row === 0 ? physicalId : `${physicalId}/row${row}`);

/** From one column's left edge to the next one's. */
const PITCH = nodeColumnX(1);
/** Room between one row's bottom and the next row's bar: a node box's title and padding. */
const ROW_GAP = LAYOUT.nodeGap * 3;
/** The trunk's distance left of the columns, and its thickness. */
const TRUNK_X = -LAYOUT.nodeGap;
const TRUNK_WIDTH = 12;
/** Another arrangement must draw the graph this much larger to replace the one shown. */
const CHANGE_GAIN = 1.1;

const BAR_TOP = LAYOUT.physicalY - LAYOUT.physicalHeight / 2;

interface Column {
  /** Elements with a position in the column, by index into the elements. */
  readonly members: number[];
  /** The lowest edge of anything in it, in graph units. */
  bottom: number;
  /** Its width from its left edge. */
  width: number;
  /** The Kubernetes node standing in it, if any. */
  node?: string;
}

/**
 * The layout's columns, each measured as `placed` has it (the same elements, some moved: pods
 * side by side): which column an element is in is read from the layout's own positions.
 */
function columnsOf(elements: readonly LabelledElement[], placed: readonly LabelledElement[] = elements): Map<number, Column> {
  const columns = new Map<number, Column>();
  // The portal network's column is the last: the machines side by side over it are in it too.
  const last = elements.filter((e) => e.classes.split(' ').includes('k8s-node')).length;
  elements.forEach((e, i) => {
    if (e.group !== 'nodes' || !e.position || e.data.id === physicalId) return;
    const at = Math.min(last, Math.max(0, Math.floor(e.position.x / PITCH)));
    const column = columns.get(at) ?? { members: [], bottom: BAR_TOP, width: 0 };
    const p = placed[i]!;
    const { x, y } = p.group === 'nodes' && p.position ? p.position : e.position;
    const data = p.group === 'nodes' ? p.data : e.data;
    column.members.push(i);
    if (e.data.parent && e.data.parent.startsWith('node:')) column.node ??= e.data.parent;
    column.bottom = Math.max(column.bottom, y + (data.height ?? 0) / 2);
    column.width = Math.max(column.width, x + (data.width ?? 0) / 2 - nodeColumnX(at));
    columns.set(at, column);
  });
  return columns;
}

interface Rows {
  /** Each row's columns (their layout indexes), each one's left edge, its shift down, and its width. */
  readonly rows: { columns: number[]; lefts: number[]; dy: number; width: number }[];
  readonly width: number;
  readonly height: number;
}

function rowsOf(columns: Map<number, Column>, perRow: number): Rows {
  const order = [...columns.keys()].sort((a, b) => a - b);
  const rows: Rows['rows'] = [];
  let dy = 0;
  for (let start = 0; start < order.length; start += perRow) {
    const inRow = order.slice(start, start + perRow);
    // A column widened by its pods pushes the ones after it right.
    const lefts: number[] = [];
    let left = 0;
    for (const c of inRow) {
      lefts.push(left);
      left += Math.max(columns.get(c)!.width, LAYOUT.nodeWidth) + LAYOUT.nodeGap;
    }
    const width = Math.max(...inRow.map((c, k) => lefts[k]! + columns.get(c)!.width));
    rows.push({ columns: inRow, lefts, dy, width });
    const bottom = Math.max(...inRow.map((c) => columns.get(c)!.bottom));
    dy += bottom - BAR_TOP + ROW_GAP;
  }
  const last = rows[rows.length - 1]!;
  const bottom = Math.max(...last.columns.map((c) => columns.get(c)!.bottom)) + last.dy;
  const left = rows.length > 1 ? TRUNK_X - TRUNK_WIDTH : 0;
  return {
    rows,
    width: Math.max(...rows.map((r) => r.width)) - left,
    height: bottom - BAR_TOP,
  };
}

/** The zoom at which Fit would draw `rows` in `pane`. */
function zoomFor(rows: Rows, pane: Pane): number {
  return Math.min((pane.width - 2 * FIT_PADDING) / rows.width, (pane.height - 2 * FIT_PADDING) / rows.height);
}

/** Past this many elements (a large cluster) the pods stay in their columns: the choice would cost more than it gives. */
const MAX_GRID_ELEMENTS = 3000;

/**
 * The pod columns to try: for each height a node's pods can be held to, each node with the fewest
 * pod columns that hold its pods to it (one column first, so a tie keeps the layout).
 */
function podChoices(elements: readonly LabelledElement[]): Record<string, number>[] {
  const byNode = elements.length > MAX_GRID_ELEMENTS ? new Map() : podsByNode(elements);
  const heights = new Map<string, number[]>();
  for (const [node, pods] of byNode)
    if (pods.length > 1)
      heights.set(
        node,
        Array.from({ length: Math.min(MAX_POD_COLUMNS, pods.length) }, (_, i) => podsBottom(pods, i + 1)),
      );
  const limits = [...new Set([...heights.values()].flat())].sort((a, b) => b - a);
  return [
    {},
    ...limits.map((limit) => {
      const choice: Record<string, number> = {};
      for (const [node, h] of heights) {
        const k = h.findIndex((bottom) => bottom <= limit + 0.5);
        const columnsFor = k === -1 ? h.length : k + 1;
        if (columnsFor > 1) choice[node] = columnsFor;
      }
      return choice;
    }),
  ];
}

/** The columns as `podColumns` widens and shortens the nodes in them. */
function withPods(
  elements: readonly LabelledElement[],
  columns: Map<number, Column>,
  podColumns: Readonly<Record<string, number>>,
): Map<number, Column> {
  if (Object.keys(podColumns).length === 0) return columns;
  const byNode = podsByNode(elements);
  const out = new Map<number, Column>();
  for (const [c, column] of columns) {
    const node = column.node;
    const k = node ? Math.min(podColumns[node] ?? 1, byNode.get(node)?.length ?? 1) : 1;
    if (k <= 1) out.set(c, column);
    else
      out.set(c, {
        ...column,
        width: column.width + innerWidth(k) - NODE_INNER,
        bottom: podsBottom(byNode.get(node!)!, k),
      });
  }
  return out;
}

/**
 * The pod columns and columns to a row that draw the graph largest in `pane`. `shown`: the
 * choice on screen, kept unless another draws the graph clearly larger (an edit that adds a pod
 * does not reflow the graph).
 */
export function choose(elements: readonly LabelledElement[], pane: Pane, shown?: Choice): Choice {
  const layout = columnsOf(elements);
  const count = layout.size;
  if (count === 0 || pane.width <= 0 || pane.height <= 0) return { columns: count, podColumns: {} };
  let best: Choice | undefined;
  let bestZoom = 0;
  // A choice from another graph (fewer columns, or none yet) is no choice to keep.
  if (shown && shown.columns >= 1 && shown.columns <= count)
    [best, bestZoom] = [shown, zoomFor(rowsOf(withPods(elements, layout, shown.podColumns), shown.columns), pane) * CHANGE_GAIN];
  for (const podColumns of podChoices(elements)) {
    const columns = withPods(elements, layout, podColumns);
    // From the widest: a tie keeps the layout's own single row.
    for (let perRow = count; perRow >= 1; perRow--) {
      const zoom = zoomFor(rowsOf(columns, perRow), pane);
      if (zoom > bestZoom) [best, bestZoom] = [{ columns: perRow, podColumns }, zoom];
    }
  }
  return best ?? { columns: count, podColumns: {} };
}

/** The elements as `choice` stands them (one row of the layout's columns: the very same elements). */
export function arranged(elements: readonly LabelledElement[], { columns: perRow, podColumns }: Choice): readonly LabelledElement[] {
  const grid = gridPods(elements, new Map(Object.entries(podColumns)));
  const columns = columnsOf(elements, grid);
  if (grid === elements && (perRow < 1 || perRow >= columns.size)) return elements;
  return placed(grid, columns, rowsOf(columns, Math.max(1, Math.min(perRow, columns.size))));
}

/** The elements in rows for `pane` (choose, then arranged). */
export function arrange(elements: readonly LabelledElement[], pane: Pane, shown?: Choice): Arrangement {
  const choice = choose(elements, pane, shown);
  return { ...choice, elements: arranged(elements, choice) };
}

function placed(elements: readonly LabelledElement[], columns: Map<number, Column>, { rows }: Rows): LabelledElement[] {
  const out = [...elements];
  for (const row of rows)
    row.columns.forEach((c, k) => {
      const dx = row.lefts[k]! - nodeColumnX(c);
      for (const i of columns.get(c)!.members) {
        const e = out[i]!;
        if (e.group === 'nodes' && e.position) out[i] = { ...e, position: { x: e.position.x + dx, y: e.position.y + row.dy } };
      }
    });
  const barIndex = out.findIndex((e) => e.data.id === physicalId);
  const bar = out[barIndex];
  if (bar?.group !== 'nodes' || !bar.position) return out;
  // Each row its own stretch over its columns, one label each.
  const width0 = rows[0]!.width;
  out[barIndex] = { ...bar, data: { ...bar.data, width: width0 }, position: { x: width0 / 2, y: bar.position.y } };
  if (rows.length === 1) return out;
  rows.slice(1).forEach((row, k) => {
    out.push({
      ...bar,
      data: { ...bar.data, id: barId(k + 1), width: row.width },
      position: { x: row.width / 2, y: bar.position!.y + row.dy },
    });
  });
  const reach = rows[rows.length - 1]!.dy;
  out.push({
    group: 'nodes',
    data: { id: trunkId, label: '', ref: bar.data.ref, width: TRUNK_WIDTH, height: reach + LAYOUT.physicalHeight },
    position: { x: TRUNK_X - TRUNK_WIDTH / 2, y: bar.position.y + reach / 2 },
    classes: 'physical trunk',
  });
  // The bar reaches the trunk: each stretch starts at the trunk's right side.
  for (const id of [physicalId, ...rows.slice(1).map((_, k) => barId(k + 1))]) {
    const i = out.findIndex((e) => e.data.id === id);
    const e = out[i]!;
    if (e.group !== 'nodes' || !e.position || e.data.width === undefined) continue;
    const width = e.data.width - TRUNK_X;
    out[i] = { ...e, data: { ...e.data, width }, position: { x: TRUNK_X + width / 2, y: e.position.y } };
  }
  return out;
}
