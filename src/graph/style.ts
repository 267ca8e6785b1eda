/**
 * The graph's visual language: one colour per layer (physical network grey, node blue, bridge
 * teal, pod green, pause amber, portal network violet, trouble red), one shape per kind.
 */
import type { StylesheetJson } from 'cytoscape';
import { LAYOUT } from './layout.ts';
import { MAX_POD_COLUMNS, vethClass, vethSource } from './pod-grid.ts';

export const COLOURS = {
  physical: '#5f6b7a',
  node: '#2f64d6',
  bridge: '#0f8f80',
  pod: '#2b8a3e',
  pause: '#c77c02',
  portal: '#7048e8',
  trouble: '#d6336c',
  tunnel: '#f08c00',
  text: '#1d2330',
} as const;

/** A NetworkPolicy shown on the graph: the pods it selects, and the peers it lets in and out to. */
export const POLICY_COLOURS = { selected: '#862e9c', from: '#e67700', to: '#1971c2' } as const;

/** How each policy mark is drawn (the legend beside the graph draws its swatch the same way). */
export const POLICY_BORDERS = { selected: 'solid', from: 'dashed', to: 'dotted' } as const;

const policyMark = (mark: keyof typeof POLICY_COLOURS, width: number) => ({
  selector: `.policy-${mark}`,
  style: {
    'border-color': POLICY_COLOURS[mark],
    'border-style': POLICY_BORDERS[mark],
    'border-width': width,
    // A halo that stays visible when a whole cluster is on screen.
    'underlay-color': POLICY_COLOURS[mark],
    'underlay-opacity': 0.3,
    'underlay-padding': width,
  },
});

/** Main labels smaller than this on screen (in pixels) are left out (a whole large cluster). */
const MIN_DRAWN_PX = 3;

/**
 * Secondary text (route lists, container details, a pending pod's reason, link names) is drawn whole only when it is
 * at least this large on screen: below it, a route list or a container's details are haze, so
 * only their first line is drawn, as large as the main labels. The layout (layout.ts) makes the
 * main labels readable at the fitted zoom; zooming in or a lesson step's focus brings the rest.
 */
export const READABLE_PX = 14;
/** The same from the back of a room: presenter mode draws secondary text only from 20 px. */
export const PRESENTER_READABLE_PX = 20;

/** The main labels' font size in graph units at the medium text size. */
export const BASE_FONT = 22;
/** The secondary text's font size in graph units at the medium text size. */
const DETAIL_FONT = 14;

/** The text size control's steps: each multiplies every font of the graph. */
export const TEXT_SIZES = { small: 0.85, medium: 1, large: 1.2 } as const;
export type TextSize = keyof typeof TEXT_SIZES;

/**
 * What a larger text size means on screen: Fit and a lesson step never draw the main labels
 * smaller than this (CSS pixels; beside the editor, and in presenter mode), nor smaller than the
 * medium size draws them times the step's scale. A graph too large for that is shown in part
 * (the step's subject, or the graph's first node), and dragging shows the rest. Medium and small
 * fit the whole graph.
 */
export const LABEL_FLOOR_PX: Record<TextSize, { readonly editor: number; readonly presenter: number } | undefined> = {
  small: undefined,
  medium: undefined,
  large: { editor: 18, presenter: 24 },
};

/**
 * The zoom below which Fit and a lesson step do not go at `textSize` (0: none), given the zoom
 * that would show the whole graph. The graph's room grows with the text (room.ts), so the whole
 * graph at the medium size is drawn at `whole × scale`.
 */
export function floorZoom(whole: number, textSize: TextSize, presenter: boolean): number {
  const floor = LABEL_FLOOR_PX[textSize];
  if (!floor) return 0;
  const scale = TEXT_SIZES[textSize];
  return Math.max((presenter ? floor.presenter : floor.editor) / (BASE_FONT * scale), whole * scale);
}

/**
 * Below this zoom the graph is an overview (a whole cluster of twenty nodes or more on screen):
 * edges and containers are a few pixels of haze there, and drawing them is most of the cost.
 */
export const OVERVIEW_ZOOM = 0.12;

/**
 * How much the graph draws at a zoom: `overview` (no edges, no containers), `main` (secondary
 * text reduced to its first line), or `full`.
 */
export type Detail = 'overview' | 'main' | 'full';

/** The zoom from which everything is drawn whole: where a followed packet's hop is read. */
export function fullDetailZoom(textSize: TextSize, readablePx: number = READABLE_PX): number {
  return readablePx / (DETAIL_FONT * TEXT_SIZES[textSize]);
}

export function detailAt(zoom: number, textSize: TextSize, readablePx: number = READABLE_PX): Detail {
  if (zoom < OVERVIEW_ZOOM) return 'overview';
  return zoom < fullDetailZoom(textSize, readablePx) ? 'main' : 'full';
}

/** Only the first line of a route list, a container or a pending pod, at the main labels' size; no link names. */
function mainOnly(scale: number): StylesheetJson {
  return [
    {
      selector: '.routes, .container, .pod.pending',
      style: { label: 'data(title)', 'font-size': Math.round(BASE_FONT * scale * 10) / 10 },
    },
    { selector: 'edge', style: { label: '', 'target-label': '' } },
  ];
}

/** In the overview, edges and containers are left out; pods, nodes and services stay. */
const OVERVIEW: StylesheetJson = [
  { selector: 'edge', style: { display: 'none' } },
  { selector: '.container', style: { visibility: 'hidden' } },
];

function detailed(scale: number): StylesheetJson {
  const font = (size: number) => Math.round(size * scale * 10) / 10;
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-family': 'system-ui, sans-serif',
        'font-size': font(BASE_FONT),
        'line-height': 1.15,
        // Text too small to read is not drawn: a whole large cluster on screen stays quick to paint.
        'min-zoomed-font-size': MIN_DRAWN_PX,
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
        'font-size': font(BASE_FONT),
      },
    },
    { selector: '.physical', style: { 'background-color': '#e9ecef', 'border-color': COLOURS.physical, 'font-weight': 'bold' } },
    { selector: '.tap', style: { shape: 'ellipse', 'background-color': COLOURS.physical, 'border-width': 0, 'z-index': 5 } },
    { selector: '.host', style: { 'background-color': '#f1f3f5', 'border-color': COLOURS.physical, shape: 'rectangle' } },
    {
      selector: '.k8s-node',
      style: { 'background-color': '#f3f7ff', 'border-color': COLOURS.node, 'border-width': 2.5, 'font-size': font(BASE_FONT + 3) },
    },
    {
      selector: '.iface',
      style: { 'background-color': '#dce7ff', 'border-color': COLOURS.node, 'font-family': 'ui-monospace, monospace' },
    },
    {
      selector: '.routes',
      style: {
        'background-color': '#ffffff',
        'border-color': '#c5cfe0',
        'border-style': 'dotted',
        'font-size': font(DETAIL_FONT),
        'font-family': 'ui-monospace, monospace',
        'text-justification': 'left',
      },
    },
    {
      selector: '.bridge',
      style: {
        'background-color': '#d3f4ee',
        'border-color': COLOURS.bridge,
        'font-family': 'ui-monospace, monospace',
        'font-weight': 'bold',
      },
    },
    { selector: '.pod', style: { 'background-color': '#eefaf0', 'border-color': COLOURS.pod } },
    { selector: '.pod.host-network', style: { 'border-style': 'double', 'border-width': 4 } },
    { selector: '.container', style: { 'font-family': 'ui-monospace, monospace', 'font-size': font(DETAIL_FONT) } },
    { selector: '.pause', style: { 'background-color': '#fff4d6', 'border-color': COLOURS.pause, 'border-width': 2.5 } },
    { selector: '.app', style: { 'background-color': '#ffffff', 'border-color': COLOURS.pod } },
    {
      selector: '.portal',
      style: {
        'background-color': '#f6f2ff',
        'border-color': COLOURS.portal,
        'border-style': 'dashed',
        'border-width': 2,
        // As wide as its services, which grow with larger text (room.ts): the name wraps alike at every size.
        'text-max-width': `${LAYOUT.serviceWidth * Math.max(1, scale)}px`,
      },
    },
    {
      selector: '.service',
      style: {
        'background-color': '#ece5ff',
        'border-color': COLOURS.portal,
        shape: 'cut-rectangle',
        'font-family': 'ui-monospace, monospace',
      },
    },
    { selector: '.portal-empty', style: { 'background-opacity': 0, 'border-width': 0, color: '#868e96' } },
    { selector: '.no-endpoints', style: { 'border-color': COLOURS.trouble, 'border-style': 'dashed', 'border-width': 3 } },
    { selector: '.pending-area', style: { 'background-color': '#fff5f5', 'border-color': COLOURS.trouble, 'border-style': 'dashed' } },
    {
      selector: '.pod.pending',
      // Its name, then the scheduler's reason: secondary text, as a container's details.
      style: { 'background-color': '#fff0f3', 'border-color': COLOURS.trouble, 'border-style': 'dashed', 'font-size': font(DETAIL_FONT) },
    },
    {
      selector: 'edge',
      style: {
        width: 2,
        'curve-style': 'bezier',
        label: 'data(label)',
        'font-size': font(DETAIL_FONT),
        'min-zoomed-font-size': MIN_DRAWN_PX,
        'font-family': 'ui-monospace, monospace',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        color: '#495057',
      },
    },
    { selector: '.uplink', style: { 'line-color': COLOURS.physical, width: 3, 'curve-style': 'straight' } },
    // eth0 to docker0 runs down the node's right edge, its name along it in the node's margin, clear
    // of the route list (whose lines may reach the box's edge).
    {
      selector: '.host-route',
      style: {
        'line-color': COLOURS.node,
        'line-style': 'dotted',
        'curve-style': 'straight',
        'source-endpoint': '50% 50%',
        'target-endpoint': '50% -50%',
        'text-rotation': 'autorotate',
        'text-margin-x': 10,
      },
    },
    // The veth runs straight down the left side, clear of the pod's label; its name to the left of
    // the line (in the pod's margin), not over the pod's name that the line crosses. The name
    // stands just above its own pod, not halfway down the line: a node's pods one above the other
    // have their veths on one line, and names at the middles would be only half a pod apart.
    {
      selector: '.veth',
      style: {
        'line-color': COLOURS.bridge,
        width: 3,
        'curve-style': 'straight',
        'source-endpoint': '-42% 50%',
        'target-endpoint': '-42% -50%',
        label: '',
        'target-label': 'data(label)',
        'target-text-offset': font(DETAIL_FONT) * 4,
        'target-text-rotation': 'autorotate',
        'target-text-margin-x': -font(DETAIL_FONT),
        // The SVG export reads these for the name wherever it stands.
        'text-rotation': 'autorotate',
        'text-margin-x': -font(DETAIL_FONT),
      },
    },
    // A node's pods side by side (pod-grid.ts): each veth starts above its own pod on the wide bridge.
    ...vethsAbovePods(),
    // A VXLAN tunnel arcs over the nodes between two VTEPs, through the physical network's band.
    {
      selector: '.tunnel',
      style: {
        'line-color': COLOURS.tunnel,
        'line-style': 'dashed',
        width: 3,
        'curve-style': 'unbundled-bezier',
        'control-point-distances': 70,
        'control-point-weights': 0.5,
        'source-endpoint': '0% -50%',
        'target-endpoint': '0% -50%',
      },
    },
    { selector: '.vtep', style: { 'border-color': COLOURS.tunnel, 'border-width': 2 } },
    {
      selector: '.join',
      style: { 'line-color': COLOURS.pause, 'line-style': 'dashed', 'target-arrow-shape': 'triangle', 'target-arrow-color': COLOURS.pause },
    },
    {
      selector: '.endpoint',
      style: {
        'line-color': COLOURS.portal,
        'line-style': 'dashed',
        'target-arrow-shape': 'triangle',
        'target-arrow-color': COLOURS.portal,
        'curve-style': 'unbundled-bezier',
        opacity: 0.75,
        // The port beside the arrow at the pod, not halfway along a curve that crosses other
        // boxes' names.
        label: '',
        'target-label': 'data(label)',
        'target-text-offset': font(DETAIL_FONT) * 2.5,
      },
    },
    // What the last edit changed, until the next edit; a lesson step's subject, the rest dimmed.
    { selector: '.changed', style: { 'overlay-color': '#fab005', 'overlay-opacity': 0.35, 'overlay-padding': 6 } },
    // A changed pod marks its containers too: one mark, the pod's, or the marks stack into a solid
    // block that hides the names (a pod's containers are only a few pixels apart when zoomed out).
    { selector: '.changed > .changed', style: { 'overlay-opacity': 0 } },
    { selector: '.dimmed', style: { opacity: 0.22 } },
    // Dimmed, a change is a faint tint: the opacity does not reach the overlay.
    { selector: '.changed.dimmed', style: { 'overlay-opacity': 0.08 } },
    policyMark('from', 10),
    policyMark('to', 10),
    policyMark('selected', 12),
    { selector: '.policy-dimmed', style: { opacity: 0.22 } },
    { selector: ':selected', style: { 'overlay-color': COLOURS.node, 'overlay-opacity': 0.18, 'overlay-padding': 4 } },
    { selector: '.stale', style: { opacity: 0.45 } },
    // Cytoscape draws a box at its own opacity times its parents': a dimmed box inside a dimmed
    // one is faded once, by the outer box, or a dimmed node's dimmed pod's containers are drawn at
    // 0.22³ (gone, not faint).
    { selector: '.dimmed .dimmed, .policy-dimmed .policy-dimmed', style: { opacity: 1 } },
    { selector: '.export-margin', style: { width: 1, height: 1, opacity: 0, label: '' } },
  ];
}

function vethsAbovePods(): StylesheetJson {
  const rules: StylesheetJson = [];
  for (let of = 2; of <= MAX_POD_COLUMNS; of++)
    for (let at = 0; at < of; at++) rules.push({ selector: `.${vethClass(at, of)}`, style: { 'source-endpoint': vethSource(at, of) } });
  return rules;
}

export function graphStyle(detail: Detail = 'full', textSize: TextSize = 'medium'): StylesheetJson {
  const scale = TEXT_SIZES[textSize];
  const sheet = detailed(scale);
  if (detail === 'overview') return [...sheet, ...mainOnly(scale), ...OVERVIEW];
  return detail === 'main' ? [...sheet, ...mainOnly(scale)] : sheet;
}
