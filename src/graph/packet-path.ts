/**
 * A trace as a path across the graph (pure): for each hop, where on the drawing the packet is,
 * the way it travels there from the hop before (through the physical network's taps when it
 * crosses it, and by the load balancer when it carries a load balancer address), the header it
 * carries and the kind of rewrite the hop made, for its colour.
 */
import { namespaceRef, type NamespaceId } from '../core/namespace-id.ts';
import type { Hop, Trace } from '../core/trace/index.ts';
import { formatPacket } from '../core/trace/packet.ts';
import { trunkId } from './arrange.ts';
import { LAYOUT } from './layout.ts';
import { containerId, hostId, ifaceId, loadBalancerId, physicalId } from './elements.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export type Rewrite = 'none' | 'dnat' | 'snat' | 'masquerade' | 'redirect' | 'unnat' | 'proxy' | 'encap' | 'decap' | 'drop';

export interface PacketStep {
  readonly hop: number;
  /** The way from the previous step's place to this one (first point = where it was). */
  readonly path: readonly Point[];
  readonly header: string;
  readonly rewrite: Rewrite;
  readonly direction: 'request' | 'reply';
  /** Moves take time; other hops only dwell. */
  readonly moves: boolean;
}

/** Looks up an element's position in the model's coordinates. */
export type Positions = (id: string) => Point | undefined;

/** The rewrite each NAT target makes. */
const REWRITES: Readonly<Record<string, Rewrite>> = { DNAT: 'dnat', SNAT: 'snat', MASQUERADE: 'masquerade', REDIRECT: 'redirect' };

export function rewriteOf(hop: Hop): Rewrite {
  if (hop.kind === 'unnat') return 'unnat';
  if (hop.kind === 'encap' || hop.kind === 'decap') return hop.kind;
  if (hop.kind === 'ipvs') return 'dnat';
  if (hop.kind === 'reject' || hop.kind === 'drop' || hop.kind === 'refuse' || hop.kind === 'unreachable') return 'drop';
  if (hop.kind === 'send' && hop.leg > 1 && hop.direction === 'request') return 'proxy';
  if (hop.kind !== 'rule') return 'none';
  return REWRITES[hop.target?.t ?? ''] ?? 'none';
}

/** The element a hop happens at: an interface, a container, a host, or the node's IP stack. */
export function anchorOf(hop: Hop, positions: Positions): Point | undefined {
  const { iface, container } = hop.where;
  const ns = namespaceRef(hop.where.ns);
  if (ns.kind === 'host') return positions(hostId(ns.name));
  if (ns.kind === 'pod') return positions(containerId(ns, container ?? 'POD')) ?? positions(containerId(ns, 'POD'));
  const eth0 = positions(ifaceId(ns.name, 'eth0'));
  // The box the node's pods plug into: docker0 (book), cni0 (flannel) or kind's ptp veths.
  const docker0 = positions(ifaceId(ns.name, 'docker0')) ?? positions(ifaceId(ns.name, 'cni0')) ?? positions(ifaceId(ns.name, 'ptp'));
  if (iface === 'eth0') return eth0;
  if (iface === 'docker0' || iface === 'cni0' || iface?.startsWith('veth')) return docker0;
  // A VTEP: where the packet is wrapped in VXLAN and unwrapped.
  if (iface === 'flannel.1') return positions(ifaceId(ns.name, iface)) ?? eth0;
  // The node's own IP stack (routing, OUTPUT, processes): between eth0 and docker0.
  return eth0 && docker0 ? { x: (eth0.x + docker0.x) / 2, y: (eth0.y + docker0.y) / 2 } : eth0;
}

function machineOf(id: NamespaceId): string | undefined {
  const ns = namespaceRef(id);
  if (ns.kind === 'host') return hostId(ns.name);
  if (ns.kind === 'node') return ifaceId(ns.name, 'eth0');
  return undefined;
}

export function packetSteps(trace: Trace, positions: Positions): PacketStep[] {
  const steps: PacketStep[] = [];
  let at: Point | undefined;
  trace.hops.forEach((hop, i) => {
    const anchor = anchorOf(hop, positions) ?? at ?? positions(physicalId) ?? { x: 0, y: 0 };
    const path: Point[] = [at ?? anchor];
    const prev = trace.hops[i - 1];
    // Crossing the physical network: down (or up) to the sender's tap, along the bar, to the receiver's.
    if (prev?.kind === 'link' && prev.where.ns !== hop.where.ns) {
      const from = machineOf(prev.where.ns);
      const to = machineOf(hop.where.ns);
      const a = from && positions(`tap:${from}`);
      const b = to && positions(`tap:${to}`);
      // Taps in two rows of the graph: along the bar to the trunk that joins the rows, and back.
      const trunk = positions(trunkId);
      const across = (p: Point, q: Point): Point[] =>
        trunk && Math.abs(p.y - q.y) > LAYOUT.physicalHeight ? [{ x: trunk.x, y: p.y }, { x: trunk.x, y: q.y }, q] : [q];
      // A packet to (or, the reply, from) a load balancer address goes by the load balancer.
      const lb = loadBalancerId(hop.direction === 'request' ? prev.after.dst : prev.after.src);
      const lbAt = positions(lb);
      const lbTap = positions(`tap:${lb}`);
      if (a && b && lbAt && lbTap) path.push(a, ...across(a, lbTap), lbAt, lbTap, ...across(lbTap, b));
      else if (a && b) path.push(a, ...across(a, b));
    }
    path.push(anchor);
    const moves = path.some((p) => p.x !== path[0]!.x || p.y !== path[0]!.y);
    steps.push({ hop: i, path, header: formatPacket(hop.after), rewrite: rewriteOf(hop), direction: hop.direction, moves });
    at = anchor;
  });
  return steps;
}
