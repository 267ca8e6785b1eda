/**
 * The graph as an image: PNG from Cytoscape itself, SVG written from Cytoscape's layout and
 * style. With a flow shown, both carry the packet's route so far: its trail, numbered markers and
 * a burst's badges, drawn by the same code as the screen.
 */
import { graphToSvg } from './export-svg.ts';
import type { GraphView } from './graph-view.ts';
import { paintBadges, paintMarkers, paintTrail, type Painter, type View } from './packet-overlay.ts';
import type { PacketPlayer } from './packet-player.ts';
import { SvgPainter } from './svg-painter.ts';

/** White space around an exported graph, in graph pixels: nothing touches the image's edge. */
const MARGIN = 24;

/**
 * Draws the whole graph in detail, whatever the zoom on screen, with a margin: two invisible
 * points just beyond opposite corners widen what Cytoscape takes for the whole graph.
 */
function whole<T>(view: GraphView, draw: () => T): T {
  const { cy } = view;
  // Measured in the detailed style: the overview leaves edges and their labels out.
  return view.inDetail(() => {
    const bb = cy.elements().boundingBox();
    const corners = cy.add([
      { group: 'nodes', data: { id: 'export-margin:1' }, position: { x: bb.x1 - MARGIN, y: bb.y1 - MARGIN }, classes: 'export-margin' },
      { group: 'nodes', data: { id: 'export-margin:2' }, position: { x: bb.x2 + MARGIN, y: bb.y2 + MARGIN }, classes: 'export-margin' },
    ]);
    try {
      return draw();
    } finally {
      corners.remove();
    }
  });
}

/** The PNG's pixels per graph unit. */
const PNG_SCALE = 2;

export async function exportPng(view: GraphView, player?: PacketPlayer): Promise<Blob> {
  const { png, box } = whole(view, () => ({
    png: view.cy.png({ output: 'blob', full: true, scale: PNG_SCALE, bg: '#ffffff' }),
    // The part of the graph the picture shows: its first pixel is this box's corner.
    box: view.cy.elements().boundingBox(),
  }));
  if (!player || !hasRoute(player)) return png;
  const image = await createImageBitmap(png);
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return png;
  ctx.drawImage(image, 0, 0);
  // Cytoscape makes the picture ceil(width) graph units wide, at its scale times the pixel ratio.
  const scale = image.width / Math.ceil(box.w);
  ctx.setTransform(scale, 0, 0, scale, -box.x1 * scale, -box.y1 * scale);
  paintRoute(ctx, player);
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b ?? png), 'image/png'));
}

export function exportSvg(view: GraphView, player?: PacketPlayer): Promise<string> {
  return Promise.resolve(whole(view, () => graphToSvg(view.cy, '#ffffff', player ? routeSoFar(player) : '')));
}

const hasRoute = (player: PacketPlayer) => player.loaded().steps.length > 0 || player.loaded().badges.length > 0;

/** The packet's trail and markers up to the hop shown, and any badges, in graph coordinates. */
export function routeSoFar(player: PacketPlayer): string {
  if (!hasRoute(player)) return '';
  const ctx = document.createElement('canvas').getContext('2d');
  const painter = new SvgPainter((text, font) => {
    if (!ctx) return text.length * 8;
    ctx.font = font;
    return ctx.measureText(text).width;
  });
  paintRoute(painter, player);
  return painter.toSvg('packet-route');
}

/** Paints the route so far in graph coordinates: no zoom, no pan; nothing is clipped to a screen. */
function paintRoute(painter: Painter, player: PacketPlayer): void {
  const { steps, markers, badges, names } = player.loaded();
  const graph: View = { zoom: 1, pan: { x: 0, y: 0 }, width: Infinity, height: Infinity, scale: 1 };
  const hop = player.drawn().hop;
  const index = steps.findIndex((s) => s.hop >= hop);
  // Drawn as on screen: the trail, the badges over it, then the markers clear of the names and the badges.
  if (index >= 0) paintTrail(painter, graph, steps, index, 1, names);
  const drawn = paintBadges(painter, graph, badges);
  if (index >= 0) paintMarkers(painter, graph, markers, hop, { names, drawn });
}

/** Saves a file the way a browser downloads one. */
export function download(name: string, data: Blob | string, type = 'application/octet-stream'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
