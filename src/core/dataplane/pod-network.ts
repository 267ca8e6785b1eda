/**
 * A node's pod network, decided in one place for the dataplane and the graph: the book's Docker
 * puts pods on docker0; kindnet's ptp plugin gives each pod a point-to-point veth and no bridge;
 * flannel delegates to the CNI bridge plugin, which makes cni0 at the node's first pod (CNI ADD),
 * so a node without pods has no cni0 yet; flanneld's flannel.1 VTEP is there from the start.
 */
import type { ClusterSpec, NodeSpec, PodState } from '../model.ts';
import { cniBridge, CNI_BRIDGE } from './flannel/bridge.ts';
import { remoteLeases, vtep } from './flannel/vxlan.ts';
import { ptpGateway, ptpNodeTopology } from './kind/ptp.ts';
import type { Interface, Route } from './model.ts';
import { nodeTopology } from './topology.ts';
import { bridgeIp } from './addresses.ts';

export type PodNetworkKind = 'docker0' | 'ptp' | 'cni0';

/** Which pod network a cluster's nodes have: by runtime (Docker's docker0) and CNI (flannel's cni0, kindnet's ptp). */
export function podNetworkKind(cluster: Pick<ClusterSpec, 'runtime' | 'profile'>): PodNetworkKind {
  if (cluster.runtime === 'docker') return 'docker0';
  return cluster.profile === 'flannel' ? 'cni0' : 'ptp';
}

/** Interface indexes on a flannel node: lo 1, eth0 2, flannel.1 3 (flanneld, at start), then cni0 and the veths. */
export const FLANNEL_VTEP_INDEX = 3;
export const FLANNEL_FIRST_POD_LINK_INDEX = 4;

export interface PodNetwork {
  readonly kind: PodNetworkKind;
  /** The bridge pods plug into, or none (ptp, or cni0 before the node's first pod). */
  readonly bridge?: string;
  /** The address every pod of the node routes through. */
  readonly gateway: string;
  /** The node's routes to pod subnets: its own, and the other nodes' (via them, or via flannel.1). */
  readonly routes: readonly Route[];
  /** The node end of each pod's veth, by `namespace/name`. */
  readonly vethOf: ReadonlyMap<string, Interface>;
  /** flannel.1, the node's VXLAN tunnel endpoint, on a flannel node. */
  readonly vtep?: Interface;
}

export function podNetworkOf(cluster: ClusterSpec, node: NodeSpec, onNode: readonly PodState[]): PodNetwork {
  const kind = podNetworkKind(cluster);
  if (kind === 'ptp') {
    const t = ptpNodeTopology(cluster, node, onNode);
    return { kind, gateway: ptpGateway(node), routes: t.routes, vethOf: t.vethOf };
  }
  if (kind === 'cni0') {
    const ports = cniBridge(node, onNode, FLANNEL_FIRST_POD_LINK_INDEX);
    return {
      kind,
      ...(ports.interfaces.length > 0 ? { bridge: CNI_BRIDGE } : {}),
      gateway: bridgeIp(node),
      routes: [...ports.routes, ...remoteLeases(cluster, node).routes],
      vethOf: ports.vethOf,
      vtep: vtep(node, FLANNEL_VTEP_INDEX),
    };
  }
  const t = nodeTopology(cluster, node, onNode, []);
  const byName = new Map(t.interfaces.map((i) => [i.name, i]));
  const vethOf = new Map([...t.vethOf].flatMap(([pod, name]) => (byName.has(name) ? [[pod, byName.get(name)!] as const] : [])));
  return { kind, bridge: 'docker0', gateway: bridgeIp(node), routes: t.routes, vethOf };
}
