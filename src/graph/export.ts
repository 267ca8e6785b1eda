/**
 * The graph as an image: PNG from Cytoscape itself, SVG written from Cytoscape's layout and
 * style. With a flow shown, the SVG carries the packet's route so far: its trail, numbered
 * markers and a burst's badges, drawn by the same code as the screen.
 */
import { graphToSvg } from './export-svg.ts';
import type { GraphView } from './graph-view.ts';
import { paintBadges, paintMarkers, paintTrail, type View } from './packet-overlay.ts';
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

export function exportPng(view: GraphView): Blob {
  return whole(view, () => view.cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' }));
}

export function exportSvg(view: GraphView, player?: PacketPlayer): Promise<string> {
  return Promise.resolve(whole(view, () => graphToSvg(view.cy, '#ffffff', player ? routeSoFar(player) : '')));
}

/** The packet's trail and markers up to the hop shown, and any badges, in graph coordinates. */
export function routeSoFar(player: PacketPlayer): string {
  const { steps, markers, badges } = player.loaded();
  if (steps.length === 0 && badges.length === 0) return '';
  const ctx = document.createElement('canvas').getContext('2d');
  const painter = new SvgPainter((text, font) => {
    if (!ctx) return text.length * 8;
    ctx.font = font;
    return ctx.measureText(text).width;
  });
  // Graph coordinates are the SVG's: no zoom, no pan; nothing is clipped to a screen.
  const graph: View = { zoom: 1, pan: { x: 0, y: 0 }, width: Infinity, height: Infinity, scale: 1 };
  const hop = player.drawn().hop;
  const index = steps.findIndex((s) => s.hop >= hop);
  if (index >= 0) {
    paintTrail(painter, graph, steps, index, 1);
    paintMarkers(painter, graph, markers, hop);
  }
  paintBadges(painter, graph, badges);
  return painter.toSvg('packet-route');
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
