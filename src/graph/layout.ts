/**
 * Where each leaf of the graph stands. Positions depend only on an element's own place (node
 * column, pod row), never on what comes after it, so adding pods or services never moves the
 * elements already drawn. Top to bottom: the physical network and its hosts, then each node
 * (eth0 and routes, the docker0 bridge, its pods in one column); the portal network on the right.
 */
export const LAYOUT = {
  gap: 8,
  physicalY: 0,
  physicalHeight: 34,
  hostY: -60,
  hostWidth: 130,
  hostHeight: 44,
  nodeWidth: 300,
  nodeGap: 40,
  nodePad: 14,
  eth0Y: 80,
  ifaceWidth: 108,
  ifaceHeight: 34,
  routesWidth: 162,
  routesLineHeight: 13,
  /** Lines of routes that fit between eth0's row and docker0. */
  routeLines: 3,
  bridgeY: 150,
  bridgeHeight: 30,
  podsY: 192,
  podLabel: 38,
  podPad: 10,
  pauseWidth: 104,
  appWidth: 140,
  appHeight: 52,
  podGap: 30,
  serviceWidth: 200,
  serviceHeight: 64,
  pendingHeight: 90,
} as const;

/** The left edge of node column `i` (also where the portal network starts when i = nodes). */
export function nodeColumnX(i: number): number {
  return i * (LAYOUT.nodeWidth + LAYOUT.nodeGap);
}

export function podSize(apps: number): { width: number; height: number } {
  const rows = Math.max(1, apps);
  return {
    width: LAYOUT.nodeWidth - 2 * LAYOUT.nodePad,
    height: LAYOUT.podLabel + rows * LAYOUT.appHeight + (rows - 1) * LAYOUT.gap + LAYOUT.podPad,
  };
}
