/**
 * A dataplane indexed by id, built once per dataplane and kept beside it: the tracer asks at
 * every hop for a namespace, a node's IPVS state or who answers for an address on the wire, and
 * none of these may cost a walk over the whole cluster.
 */
import { namespaceRef, type NamespaceId } from '../namespace-id.ts';
import type { Dataplane, Interface, NetNamespace, NodeDataplane } from './model.ts';

type HostNetworkPod = Dataplane['hostNetworkPods'][number];

/** An interface and the namespace it is in. */
export interface End {
  readonly ns: NetNamespace;
  readonly iface: Interface;
}

export interface DataplaneIndex {
  namespace(id: NamespaceId): NetNamespace | undefined;
  /** A node's IPVS state and ipsets, by node name. */
  node(name: string): NodeDataplane | undefined;
  /** A hostNetwork pod: it has no namespace of its own. */
  hostNetworkPod(id: NamespaceId): HostNetworkPod | undefined;
  /** The node a namespace is on: the node itself, or the node at the other end of a pod's veth. */
  nodeOf(id: NamespaceId): string | undefined;
  /** The interfaces on a physical segment that hold `ip`, in the dataplane's order. */
  onSegment(segment: string, ip: string): readonly End[];
  /** The other end of a veth pair. */
  peer(iface: Interface): End | undefined;
  /** The first port of bridge `bridge` in namespace `ns` whose other end holds `ip` (who answers ARP behind it). */
  bridgePort(ns: NetNamespace, bridge: string, ip: string): { readonly port: Interface; readonly peer: End } | undefined;
}

const built = new WeakMap<Dataplane, DataplaneIndex>();

export function indexOf(dp: Dataplane): DataplaneIndex {
  let index = built.get(dp);
  if (!index) built.set(dp, (index = build(dp)));
  return index;
}

function build(dp: Dataplane): DataplaneIndex {
  const namespaces = new Map<NamespaceId, NetNamespace>();
  const nodeOf = new Map<NamespaceId, string>();
  const wire = new Map<string, End[]>();
  for (const ns of dp.namespaces) if (!namespaces.has(ns.id)) namespaces.set(ns.id, ns);
  const byName = new Map<string, End>();
  for (const ns of namespaces.values())
    for (const iface of ns.interfaces) if (!byName.has(`${ns.id} ${iface.name}`)) byName.set(`${ns.id} ${iface.name}`, { ns, iface });
  const peers = new Map<Interface, End>();
  const bridgePorts = new Map<string, { port: Interface; peer: End }>();
  for (const ns of dp.namespaces) {
    const peer = ns.interfaces.find((i) => i.peer)?.peer;
    const peerRef = peer && namespaceRef(peer.ns);
    if (ns.kind === 'node') nodeOf.set(ns.id, ns.name);
    else if (ns.kind === 'pod' && peerRef?.kind === 'node') nodeOf.set(ns.id, peerRef.name);
    for (const iface of ns.interfaces) {
      const other = iface.peer && byName.get(`${iface.peer.ns} ${iface.peer.ifname}`);
      if (other) peers.set(iface, other);
      if (other && iface.master !== undefined)
        for (const a of other.iface.addresses) {
          const key = `${ns.id} ${iface.master} ${a.split('/')[0]}`;
          if (!bridgePorts.has(key)) bridgePorts.set(key, { port: iface, peer: other });
        }
      if (iface.segment === undefined) continue;
      for (const a of iface.addresses) {
        const key = `${iface.segment} ${a.split('/')[0]}`;
        const list = wire.get(key);
        if (list) list.push({ ns, iface });
        else wire.set(key, [{ ns, iface }]);
      }
    }
  }
  const nodes = new Map(dp.nodes.map((n) => [n.node, n]));
  const hostNetworkPods = new Map(dp.hostNetworkPods.map((p) => [p.id, p]));
  return {
    namespace: (id) => namespaces.get(id),
    node: (name) => nodes.get(name),
    hostNetworkPod: (id) => hostNetworkPods.get(id),
    nodeOf: (id) => nodeOf.get(id),
    onSegment: (segment, ip) => wire.get(`${segment} ${ip}`) ?? [],
    peer: (iface) => peers.get(iface),
    bridgePort: (ns, bridge, ip) => bridgePorts.get(`${ns.id} ${bridge} ${ip}`),
  };
}
