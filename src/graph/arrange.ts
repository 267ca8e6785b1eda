/**
 * The graph laid out to the pane's shape. The layout (layout.ts) stands the nodes side by side in
 * columns, the portal network last; a tall or narrow pane draws that one wide row small. Here the
 * columns wrap into rows, as many to a row as make the fitted graph largest: each row hangs from
 * its own stretch of the physical network's bar, the stretches joined on the left by a trunk
 * (one network, drawn in rows). Pure: the same elements and pane give the same picture, and
 * everything inside a column keeps its place relative to the column.
 */
import { physicalId, type LabelledElement } from './elements.ts';
import { FIT_PADDING } from './camera.ts';
import { LAYOUT, nodeColumnX } from './layout.ts';

export interface Pane {
  readonly width: number;
  readonly height: number;
}

export interface Arrangement {
  readonly elements: readonly LabelledElement[];
  /** Columns to a row (all of them: one row, the layout as it is). */
  readonly columns: number;
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
}

/** What stays above the bar, whatever the rows: the physical network's hosts. */
function isAboveBar(e: LabelledElement): boolean {
  return e.group === 'nodes' && e.position !== undefined && e.position.y < LAYOUT.physicalY;
}

function columnsOf(elements: readonly LabelledElement[]): Map<number, Column> {
  const columns = new Map<number, Column>();
  elements.forEach((e, i) => {
    if (e.group !== 'nodes' || !e.position || e.data.id === physicalId || isAboveBar(e)) return;
    const at = Math.max(0, Math.floor(e.position.x / PITCH));
    const column = columns.get(at) ?? { members: [], bottom: BAR_TOP, width: 0 };
    column.members.push(i);
    column.bottom = Math.max(column.bottom, e.position.y + (e.data.height ?? 0) / 2);
    column.width = Math.max(column.width, e.position.x + (e.data.width ?? 0) / 2 - nodeColumnX(at));
    columns.set(at, column);
  });
  return columns;
}

/** The width of what stands above the bar (the hosts), from x = 0. */
function aboveWidth(elements: readonly LabelledElement[]): { width: number; top: number } {
  let width = 0;
  let top = BAR_TOP;
  for (const e of elements)
    if (isAboveBar(e) && e.group === 'nodes' && e.position) {
      width = Math.max(width, e.position.x + (e.data.width ?? 0) / 2);
      top = Math.min(top, e.position.y - (e.data.height ?? 0) / 2);
    }
  return { width, top };
}

interface Rows {
  /** Each row's columns (their layout indexes), its shift down, and its width. */
  readonly rows: { columns: number[]; dy: number; width: number }[];
  readonly width: number;
  readonly height: number;
}

function rowsOf(columns: Map<number, Column>, perRow: number, above: { width: number; top: number }): Rows {
  const order = [...columns.keys()].sort((a, b) => a - b);
  const rows: Rows['rows'] = [];
  let dy = 0;
  for (let start = 0; start < order.length; start += perRow) {
    const inRow = order.slice(start, start + perRow);
    const width = Math.max(...inRow.map((c, k) => nodeColumnX(k) + columns.get(c)!.width));
    rows.push({ columns: inRow, dy, width });
    const bottom = Math.max(...inRow.map((c) => columns.get(c)!.bottom));
    dy += bottom - BAR_TOP + ROW_GAP;
  }
  const last = rows[rows.length - 1]!;
  const bottom = Math.max(...last.columns.map((c) => columns.get(c)!.bottom)) + last.dy;
  const left = rows.length > 1 ? TRUNK_X - TRUNK_WIDTH : 0;
  return {
    rows,
    width: Math.max(above.width, ...rows.map((r) => r.width)) - left,
    height: bottom - above.top,
  };
}

/** The zoom at which Fit would draw `rows` in `pane`. */
function zoomFor(rows: Rows, pane: Pane): number {
  return Math.min((pane.width - 2 * FIT_PADDING) / rows.width, (pane.height - 2 * FIT_PADDING) / rows.height);
}

/**
 * The columns to a row that draw the graph largest in `pane`. `shown`: the count of the picture
 * on screen, kept unless another count draws the graph clearly larger (an edit that adds a pod
 * does not reflow the graph).
 */
export function columnsFor(elements: readonly LabelledElement[], pane: Pane, shown?: number): number {
  const columns = columnsOf(elements);
  const count = columns.size;
  if (count <= 1 || pane.width <= 0 || pane.height <= 0) return count;
  const above = aboveWidth(elements);
  // A count from another graph (fewer columns, or none yet) is no count to keep.
  const kept = shown !== undefined && shown >= 1 && shown <= count ? shown : undefined;
  let best = kept ?? count;
  let bestZoom = zoomFor(rowsOf(columns, best, above), pane) * (kept === undefined ? 1 : CHANGE_GAIN);
  // From the widest: a tie keeps the layout's own single row.
  for (let perRow = count; perRow >= 1; perRow--) {
    const zoom = zoomFor(rowsOf(columns, perRow, above), pane);
    if (zoom > bestZoom) [best, bestZoom] = [perRow, zoom];
  }
  return best;
}

/** The elements with `perRow` columns to a row (all of them or more: the very same elements). */
export function inRows(elements: readonly LabelledElement[], perRow: number): readonly LabelledElement[] {
  const columns = columnsOf(elements);
  if (perRow < 1 || perRow >= columns.size) return elements;
  const above = aboveWidth(elements);
  return placed(elements, columns, rowsOf(columns, perRow, above), above.width);
}

/** The elements in rows for `pane` (columnsFor, then inRows). */
export function arrange(elements: readonly LabelledElement[], pane: Pane, shown?: number): Arrangement {
  const columns = columnsFor(elements, pane, shown);
  return { elements: inRows(elements, columns), columns };
}

function placed(elements: readonly LabelledElement[], columns: Map<number, Column>, { rows }: Rows, aboveWidth: number): LabelledElement[] {
  const out = [...elements];
  for (const row of rows)
    row.columns.forEach((c, k) => {
      const dx = nodeColumnX(k) - nodeColumnX(c);
      for (const i of columns.get(c)!.members) {
        const e = out[i]!;
        if (e.group === 'nodes' && e.position) out[i] = { ...e, position: { x: e.position.x + dx, y: e.position.y + row.dy } };
      }
    });
  const barIndex = out.findIndex((e) => e.data.id === physicalId);
  const bar = out[barIndex];
  if (bar?.group !== 'nodes' || !bar.position) return out;
  // Row 0's stretch under the hosts and its own columns; each later row its own, one label each.
  const width0 = Math.max(aboveWidth, rows[0]!.width);
  out[barIndex] = { ...bar, data: { ...bar.data, width: width0 }, position: { x: width0 / 2, y: bar.position.y } };
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
