/**
 * Where each leaf of the graph stands. Positions depend only on an element's own place (node
 * column, pod row), never on what comes after it, so adding pods or services never moves the
 * elements already drawn (a service's box is as tall as its lines: one that gains a line moves
 * those under it, service-column.ts). Top to bottom: the physical network, then each node (eth0, its routes,
 * the docker0 bridge, its pods in one column); on the right the hosts outside the cluster, then
 * the portal network, then the pods no node took.
 * The pane's shape may then set a node's pods side by side and wrap the columns into rows
 * (pod-grid.ts, arrange.ts), each element keeping its place within its pod and its column.
 *
 * Sizes are in graph units, chosen with the style's fonts (style.ts) so that every built-in
 * scenario, fitted at 1280×720, draws its main labels at 12 CSS px or more beside the editor and
 * 20 px presenting (tests/e2e/stage.test.ts): each box holds its lines and little more.
 */
export const LAYOUT = {
  gap: 8,
  physicalY: 0,
  physicalHeight: 40,
  /** The machines outside the cluster hang below the bar, over the portal network's column. */
  hostsTop: 36,
  hostWidth: 170,
  hostHeight: 62,
  nodeWidth: 282,
  /** Between two nodes: an endpoint's port beside one node's pod and the next node's veth name, at large text. */
  nodeGap: 42,
  nodePad: 8,
  /** eth0 spans the node's width; its routes are listed below it, then docker0. */
  eth0Y: 84,
  ifaceHeight: 40,
  /** flannel's VTEP under eth0: two lines at the main labels' size (its name; VTEP and VNI). */
  vtepHeight: 52,
  routesTop: 112,
  /** A line of the detail text (14 units, line height 1.15), with half a unit to spare. */
  routesLineHeight: 16.5,
  /** Lines of routes listed in the node's box (a three-node cluster's two; more are listed by the inspector). */
  routeLines: 2,
  /** Under the routes box of two lines; two lines at the main labels' size (the bridge's name, its address). */
  bridgeY: 205.5,
  bridgeHeight: 52,
  podsY: 247.5,
  /** A pod's name and address above its box: two lines at the main labels' size. */
  podLabel: 53,
  podPad: 8,
  /**
   * A container's box: its lines (its name; the pause container's netns, or the host's network;
   * its ports or port mappings if it has any) one above the other, full width, as tall as its own
   * lines and at least two (a fitted graph draws the first line alone at the main labels' size).
   */
  containerLineHeight: 16,
  containerLines: 2,
  podGap: 22,
  serviceWidth: 266,
  /** A service's box of four lines (its name and type wrapped once, its cluster IP, its ports): service-column.ts sizes each to its lines. */
  serviceHeight: 96,
  /** Characters of a service's text (monospace, 22 units: 13.2 each) on one line of its box: "kube-dns (ClusterIP)". */
  serviceLineChars: 20,
  /** One more line at the main labels' size (22 units, line height 1.15). */
  mainLineHeight: 25.5,
  /**
   * The portal network's label above its first service: four lines at the main labels' size, its
   * name and range, then "(virtual: rules on every node)", each wrapped once at the services' width.
   */
  portalLabel: 116,
  /**
   * From under the last service to the first pending pod: the portal network's padding, the
   * pending box's name (a line at the main labels' size, above its border) and its padding.
   */
  pendingLabel: 56,
  /** Characters of a pending pod's text (the secondary size, 14 units: under 9 each) on a line of its box. */
  pendingLineChars: 30,
  /** A pending pod's box around its lines (its name, the scheduler's reason: service-column.ts). */
  pendingPad: 12,
} as const;

/** The width of what a node's box holds side by side: eth0, routes, docker0, pods. */
export const NODE_INNER = LAYOUT.nodeWidth - 2 * LAYOUT.nodePad;

/** The left edge of node column `i` (also where the portal network starts when i = nodes). */
export function nodeColumnX(i: number): number {
  return i * (LAYOUT.nodeWidth + LAYOUT.nodeGap);
}

/** The routes box: its header and one line a route, from the top of the space left for it. */
export function routesBox(lines: number): { y: number; height: number } {
  const height = (Math.max(1, lines) + (lines > 0 ? 1 : 0)) * LAYOUT.routesLineHeight + 10;
  return { y: LAYOUT.routesTop + height / 2, height };
}

/** The height of a container's box that lists `lines` lines (room for two at least). */
export function containerHeight(lines: number): number {
  return Math.max(LAYOUT.containerLines, lines) * LAYOUT.containerLineHeight + 7;
}

/**
 * A pod's box: its label above, then the pause container and each app container below it, one
 * a row. `lines`: each container's label lines, the pause container's first.
 */
export function podSize(lines: readonly number[]): { width: number; height: number } {
  const rows = lines.map(containerHeight);
  return {
    width: NODE_INNER,
    height: LAYOUT.podLabel + rows.reduce((sum, h) => sum + h, 0) + Math.max(0, rows.length - 1) * LAYOUT.gap + LAYOUT.podPad,
  };
}
