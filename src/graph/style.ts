/**
 * The graph's visual language: one colour per layer (physical network grey, node blue, bridge
 * teal, pod green, pause amber, portal network violet, trouble red), one shape per kind.
 */
import type { StylesheetJson } from 'cytoscape';

export const COLOURS = {
  physical: '#5f6b7a',
  node: '#2f64d6',
  bridge: '#0f8f80',
  pod: '#2b8a3e',
  pause: '#c77c02',
  portal: '#7048e8',
  trouble: '#d6336c',
  text: '#1d2330',
} as const;

/** Labels smaller than this on screen (in pixels) are left out. */
const MIN_READABLE_PX = 3;

/**
 * Below this zoom the graph is an overview (a whole cluster of twenty nodes or more on screen):
 * edges and containers are a few pixels of haze there, and drawing them is most of the cost.
 */
export const OVERVIEW_ZOOM = 0.12;

/** In the overview, edges and containers are left out; pods, nodes and services stay. */
const OVERVIEW: StylesheetJson = [
  { selector: 'edge', style: { display: 'none' } },
  { selector: '.container', style: { visibility: 'hidden' } },
];

const DETAILED: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-family': 'system-ui, sans-serif',
      'font-size': 11.5,
      // Text too small to read is not drawn: a whole large cluster on screen stays quick to paint.
      'min-zoomed-font-size': MIN_READABLE_PX,
      color: COLOURS.text,
      'text-wrap': 'wrap',
      'text-valign': 'center',
      'text-halign': 'center',
      shape: 'round-rectangle',
      'border-width': 1.5,
    },
  },
  { selector: 'node[width]', style: { width: 'data(width)', height: 'data(height)', 'text-max-width': 'data(width)' } },
  {
    selector: ':parent',
    style: {
      'text-valign': 'top',
      'text-halign': 'center',
      'text-margin-y': -3,
      padding: '10px',
      'font-weight': 'bold',
      'font-size': 12,
    },
  },
  { selector: '.physical', style: { 'background-color': '#e9ecef', 'border-color': COLOURS.physical, 'font-weight': 'bold' } },
  { selector: '.tap', style: { shape: 'ellipse', 'background-color': COLOURS.physical, 'border-width': 0, 'z-index': 5 } },
  { selector: '.host', style: { 'background-color': '#f1f3f5', 'border-color': COLOURS.physical, shape: 'rectangle' } },
  { selector: '.k8s-node', style: { 'background-color': '#f3f7ff', 'border-color': COLOURS.node, 'border-width': 2.5, 'font-size': 14 } },
  { selector: '.iface', style: { 'background-color': '#dce7ff', 'border-color': COLOURS.node, 'font-family': 'ui-monospace, monospace' } },
  {
    selector: '.routes',
    style: { 'background-color': '#ffffff', 'border-color': '#c5cfe0', 'border-style': 'dotted', 'font-size': 9, 'font-family': 'ui-monospace, monospace', 'text-justification': 'left' },
  },
  { selector: '.bridge', style: { 'background-color': '#d3f4ee', 'border-color': COLOURS.bridge, 'font-family': 'ui-monospace, monospace', 'font-weight': 'bold' } },
  { selector: '.pod', style: { 'background-color': '#eefaf0', 'border-color': COLOURS.pod, 'font-size': 11.5 } },
  { selector: '.pod.host-network', style: { 'border-style': 'double', 'border-width': 4 } },
  { selector: '.container', style: { 'font-family': 'ui-monospace, monospace', 'font-size': 9.5 } },
  { selector: '.pause', style: { 'background-color': '#fff4d6', 'border-color': COLOURS.pause, 'border-width': 2.5 } },
  { selector: '.app', style: { 'background-color': '#ffffff', 'border-color': COLOURS.pod } },
  { selector: '.portal', style: { 'background-color': '#f6f2ff', 'border-color': COLOURS.portal, 'border-style': 'dashed', 'border-width': 2, 'font-size': 12 } },
  { selector: '.service', style: { 'background-color': '#ece5ff', 'border-color': COLOURS.portal, shape: 'cut-rectangle', 'font-family': 'ui-monospace, monospace' } },
  { selector: '.portal-empty', style: { 'background-opacity': 0, 'border-width': 0, color: '#868e96' } },
  { selector: '.no-endpoints', style: { 'border-color': COLOURS.trouble, 'border-style': 'dashed', 'border-width': 3 } },
  { selector: '.pending-area', style: { 'background-color': '#fff5f5', 'border-color': COLOURS.trouble, 'border-style': 'dashed' } },
  { selector: '.pod.pending', style: { 'background-color': '#fff0f3', 'border-color': COLOURS.trouble, 'border-style': 'dashed', 'font-size': 10 } },
  {
    selector: 'edge',
    style: {
      width: 2,
      'curve-style': 'bezier',
      label: 'data(label)',
      'font-size': 9,
      'min-zoomed-font-size': MIN_READABLE_PX,
      'font-family': 'ui-monospace, monospace',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
      color: '#495057',
    },
  },
  { selector: '.uplink', style: { 'line-color': COLOURS.physical, width: 3, 'curve-style': 'straight' } },
  { selector: '.host-route', style: { 'line-color': COLOURS.node, 'line-style': 'dotted' } },
  // The veth runs straight down the left side, clear of the pod's label.
  {
    selector: '.veth',
    style: { 'line-color': COLOURS.bridge, width: 3, 'curve-style': 'straight', 'source-endpoint': '-42% 50%', 'target-endpoint': '-42% -50%', 'text-rotation': 'autorotate', 'text-margin-x': 8 },
  },
  { selector: '.join', style: { 'line-color': COLOURS.pause, 'line-style': 'dashed', 'target-arrow-shape': 'triangle', 'target-arrow-color': COLOURS.pause } },
  {
    selector: '.endpoint',
    style: { 'line-color': COLOURS.portal, 'line-style': 'dashed', 'target-arrow-shape': 'triangle', 'target-arrow-color': COLOURS.portal, 'curve-style': 'unbundled-bezier', opacity: 0.75 },
  },
  { selector: '.changed', style: { 'overlay-color': '#fab005', 'overlay-opacity': 0.35, 'overlay-padding': 6 } },
  { selector: ':selected', style: { 'overlay-color': COLOURS.node, 'overlay-opacity': 0.18, 'overlay-padding': 4 } },
  { selector: '.stale', style: { opacity: 0.45 } },
  { selector: '.export-margin', style: { width: 1, height: 1, opacity: 0, label: '' } },
];

export function graphStyle(overview = false): StylesheetJson {
  return overview ? [...DETAILED, ...OVERVIEW] : DETAILED;
}
