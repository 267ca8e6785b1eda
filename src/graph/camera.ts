/**
 * The camera (pure): where the view goes to show a part of the graph. A box in graph units and
 * the pane's size in CSS pixels give a zoom and a pan, as Cytoscape's viewport takes them; the
 * adapter (graph-view.ts) eases to it.
 */
export interface Box {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** The margin around a fitted graph, in CSS pixels: room for the border, no more. */
export const FIT_PADDING = 12;

export interface Viewport {
  readonly zoom: number;
  readonly pan: { readonly x: number; readonly y: number };
}

export interface FrameOptions {
  /** Room left around the box, in CSS pixels. */
  readonly padding?: number;
  /** A small subject (one routes box) is not blown up past this. */
  readonly maxZoom?: number;
  readonly minZoom?: number;
}

/** The smallest box holding every box given; undefined for none. */
export function union(boxes: readonly Box[]): Box | undefined {
  if (boxes.length === 0) return undefined;
  return {
    x1: Math.min(...boxes.map((b) => b.x1)),
    y1: Math.min(...boxes.map((b) => b.y1)),
    x2: Math.max(...boxes.map((b) => b.x2)),
    y2: Math.max(...boxes.map((b) => b.y2)),
  };
}

/** The viewport that shows `box` whole, as large as fits, centred in the pane. */
export function frame(box: Box, pane: Size, { padding = 24, maxZoom = 2, minZoom = 0.02 }: FrameOptions = {}): Viewport {
  const w = Math.max(1, box.x2 - box.x1);
  const h = Math.max(1, box.y2 - box.y1);
  const room = { width: Math.max(1, pane.width - 2 * padding), height: Math.max(1, pane.height - 2 * padding) };
  const zoom = Math.min(maxZoom, Math.max(minZoom, Math.min(room.width / w, room.height / h)));
  return centred({ x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 }, zoom, pane);
}

/**
 * Fit with a floor: the whole graph when it fits at `floor(zoom that fits)` or closer; otherwise
 * the graph at the floor's zoom from its first node (its top left corner), centred along a side
 * that fits. `whole` says which.
 */
export function frameReadable(box: Box, pane: Size, options: FrameOptions, floor: (fits: number) => number): Viewport & { whole: boolean } {
  const all = frame(box, pane, options);
  const zoom = floor(all.zoom);
  if (all.zoom >= zoom) return { ...all, whole: true };
  const padding = options.padding ?? 24;
  const along = (from: number, to: number, room: number) =>
    (to - from) * zoom <= room - 2 * padding ? room / 2 - (zoom * (from + to)) / 2 : padding - zoom * from;
  return { zoom, pan: { x: along(box.x1, box.x2, pane.width), y: along(box.y1, box.y2, pane.height) }, whole: false };
}

/** How much closer than the whole graph a step's subject must be drawn to be framed alone. */
const CLOSER_THAN_WHOLE = 1.1;

/**
 * A lesson step's frame of its subject, never further out than Fit: a subject about as large as
 * the whole graph, with its wider margin, would be drawn smaller than Fit draws it, so it is shown
 * as Fit shows it (the whole graph holds the subject). With a floor (a larger text size) under
 * which Fit shows only part of the graph, the subject is centred at the floor's zoom.
 */
export function frameSubject(
  subject: Box,
  whole: Box,
  pane: Size,
  margins: { subject: FrameOptions; whole: FrameOptions },
  floor: (fits: number) => number = () => 0,
): Viewport {
  const near = frame(subject, pane, margins.subject);
  const fit = frameReadable(whole, pane, margins.whole, floor);
  // Barely closer than the whole graph, the subject's frame would gain little and cut the rest
  // off at the pane's edges (the physical network's name): the whole graph shows it as well.
  if (near.zoom >= fit.zoom * (fit.whole ? CLOSER_THAN_WHOLE : 1)) return near;
  if (fit.whole) return { zoom: fit.zoom, pan: fit.pan };
  return centred({ x: (subject.x1 + subject.x2) / 2, y: (subject.y1 + subject.y2) / 2 }, fit.zoom, pane);
}
/** The viewport at `zoom` with `point` (graph units) in the pane's middle. */
export function centred(point: { x: number; y: number }, zoom: number, pane: Size): Viewport {
  return { zoom, pan: { x: pane.width / 2 - zoom * point.x, y: pane.height / 2 - zoom * point.y } };
}

/**
 * Following a packet: the view stays while the packet is well inside it (the middle 80% of the
 * pane) at a readable zoom; otherwise it centres the packet, zooming in to `readableZoom` if
 * the view is further out. Undefined: no move needed.
 */
export function follow(view: Viewport, point: { x: number; y: number }, pane: Size, readableZoom: number): Viewport | undefined {
  const x = view.pan.x + view.zoom * point.x;
  const y = view.pan.y + view.zoom * point.y;
  const inside = x >= pane.width * 0.1 && x <= pane.width * 0.9 && y >= pane.height * 0.1 && y <= pane.height * 0.9;
  if (inside && view.zoom >= readableZoom) return undefined;
  return centred(point, Math.max(view.zoom, readableZoom), pane);
}
