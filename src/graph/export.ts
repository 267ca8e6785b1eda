/** The graph as an image: PNG from Cytoscape itself, SVG through the cytoscape-svg extension (loaded on first use). */
import cytoscape, { type Core } from 'cytoscape';
import type { GraphView } from './graph-view.ts';

/** The whole graph in detail, whatever the zoom on screen. */
export function exportPng(view: GraphView): Blob {
  return view.inDetail(() => view.cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' }));
}

let svgReady: Promise<void> | undefined;

export async function exportSvg(view: GraphView): Promise<string> {
  svgReady ??= import('cytoscape-svg').then((ext) => {
    cytoscape.use(ext.default);
  });
  await svgReady;
  return view.inDetail(() => (view.cy as Core & { svg(options: object): string }).svg({ full: true, scale: 1, bg: '#ffffff' }));
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
