/**
 * The graph's drawing budget: Cytoscape measures, styles and fits each element it draws, and a
 * graph of a thousand elements holds the page for seconds. Past the budget the graph becomes an
 * overview: each node's pods are one box that counts them, the pending pods one box, and only the first services are drawn with a
 * box that counts the rest; past it again, each node is one box. The page says so in words.
 */
import { msg } from '../core/message.ts';
import { nodeId, portalId, type ElementRef, type GraphElement, type GraphNode, type Lines } from './elements.ts';
import { LAYOUT, NODE_INNER, nodeColumnX } from './layout.ts';

/** The most elements drawn as they are. */
export const DRAWING_BUDGET = 600;
/** Services drawn in an overview; the rest are counted. */
export const OVERVIEW_SERVICES = 40;

/** What an overview left out, for the words under the graph. */
export interface Overview {
  /** Elements the full drawing would have had. */
  readonly elements: number;
  readonly pods: number;
  readonly services: number;
  /** Services counted, not drawn. */
  readonly servicesHidden: number;
  /** Nodes drawn as one box each (their interfaces and routes left out). */
  readonly nodesFolded: boolean;
}

export interface Drawing {
  readonly elements: readonly GraphElement[];
  readonly overview?: Overview;
}

const POD_PARTS = new Set<ElementRef['type']>(['pod', 'container', 'veth', 'pending']);
const NODE_PARTS = new Set<ElementRef['type']>(['interface', 'routes']);

function summary(id: string, label: Lines, ref: ElementRef, x: number, y: number, parent?: string): GraphNode {
  return {
    group: 'nodes',
    data: { id, label, ref, width: NODE_INNER, height: LAYOUT.serviceHeight / 2, ...(parent ? { parent } : {}) },
    position: { x, y },
    classes: 'summary',
  };
}

/** `elements` as drawn within `budget`: all of them, or an overview that says what it left out. */
export function withinBudget(elements: readonly GraphElement[], budget = DRAWING_BUDGET): Drawing {
  if (elements.length <= budget) return { elements };
  const nodes = elements.filter((e): e is GraphNode => e.group === 'nodes');
  const kept = new Set<string>();
  const podsOn = new Map<string, number>();
  let pods = 0;
  let pending = 0;
  const services: GraphNode[] = [];
  for (const n of nodes) {
    const ref = n.data.ref;
    if (ref.type === 'pod') {
      pods++;
      if (n.data.parent === 'pending') pending++;
      else if (n.data.parent) podsOn.set(n.data.parent, (podsOn.get(n.data.parent) ?? 0) + 1);
    }
    if (ref.type === 'service') services.push(n);
  }
  const hidden = services.slice(OVERVIEW_SERVICES);
  const hiddenIds = new Set(hidden.map((s) => s.data.id));
  const machines = nodes.filter((n) => n.data.ref.type === 'node').length;
  // Each node's parts, and its tap and link to the physical network: about eight a node.
  const fold = machines * 8 + OVERVIEW_SERVICES > budget;
  const out: GraphElement[] = [];
  let folded = 0;
  for (const n of nodes) {
    const type = n.data.ref.type;
    if (POD_PARTS.has(type) || hiddenIds.has(n.data.id) || (fold && NODE_PARTS.has(type))) continue;
    kept.add(n.data.id);
    if (!fold || type !== 'node') {
      out.push(n);
      continue;
    }
    // A folded node is one box in its column that counts its pods in its label.
    const x = nodeColumnX(folded++) + LAYOUT.nodeWidth / 2;
    const label = [...n.data.label, msg('graph.pods-counted', { count: podsOn.get(n.data.id) ?? 0 })];
    out.push({ ...n, data: { ...n.data, label, width: NODE_INNER, height: LAYOUT.serviceHeight }, position: { x, y: LAYOUT.eth0Y } });
  }
  let column = 0;
  for (const n of nodes) {
    if (n.data.ref.type !== 'node' || fold) continue;
    const name = n.data.ref.name;
    const count = podsOn.get(nodeId(name)) ?? 0;
    const x = nodeColumnX(column++) + LAYOUT.nodeWidth / 2;
    out.push(
      summary(`${nodeId(name)}/pods`, [msg('graph.pods-counted', { count })], { type: 'node', name }, x, LAYOUT.podsY, nodeId(name)),
    );
  }
  const portalX = nodeColumnX(machines) + LAYOUT.serviceWidth / 2;
  // Under the last service drawn (each as tall as its lines), where the next one would stand.
  const last = services[Math.min(services.length, OVERVIEW_SERVICES) - 1];
  const below =
    last?.position && last.data.height !== undefined
      ? last.position.y + last.data.height / 2 + LAYOUT.gap * 2 + LAYOUT.serviceHeight / 2
      : LAYOUT.bridgeY;
  if (hidden.length > 0)
    out.push(
      summary(`${portalId}/more`, [msg('graph.services-more', { count: hidden.length })], { type: 'portal' }, portalX, below, portalId),
    );
  if (pending > 0)
    out.push(
      summary(
        'pending/count',
        [msg('graph.pending-counted', { count: pending })],
        { type: 'pending' },
        portalX,
        below + LAYOUT.serviceHeight + LAYOUT.nodeGap,
      ),
    );
  // Links only between what is drawn; a node's own link to the physical network stays.
  for (const e of elements) if (e.group === 'edges' && kept.has(e.data.source) && kept.has(e.data.target)) out.push(e);
  return {
    elements: out,
    overview: { elements: elements.length, pods, services: services.length, servicesHidden: hidden.length, nodesFolded: fold },
  };
}
