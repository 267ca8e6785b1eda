/** Where a node's pods plug in on the graph, per profile, from the topology alone (no rules). */
import { CNI_BRIDGE, cniBridge } from '../core/dataplane/flannel/bridge.ts';
import { remoteLeases } from '../core/dataplane/flannel/vxlan.ts';
import { ptpGateway, ptpNodeTopology } from '../core/dataplane/kind/ptp.ts';
import type { Interface, Route } from '../core/dataplane/model.ts';
import { nodeTopology } from '../core/dataplane/topology.ts';
import type { ClusterSpec, NodeSpec, PodState } from '../core/model.ts';

const names = (m: ReadonlyMap<string, Interface>) => new Map([...m].map(([k, v]) => [k, v.name]));

/**
 * Where a node's pods plug in, per profile: the book's docker0 bridge, flannel's cni0 bridge, or
 * kind's ptp veths with no bridge at all (drawn as one box that says so); the routes it lists.
 */
export function podNetwork(
  cluster: ClusterSpec,
  node: NodeSpec,
  onNode: readonly PodState[],
): { device: string; bridge: boolean; gateway: string; routes: readonly Route[]; vethOf: ReadonlyMap<string, string> } {
  if (cluster.profile === 'kind') {
    const t = ptpNodeTopology(cluster, node, onNode);
    return { device: 'ptp', bridge: false, gateway: ptpGateway(node), routes: t.routes, vethOf: names(t.vethOf) };
  }
  if (cluster.profile === 'flannel') {
    const ports = cniBridge(node, onNode, 4);
    return {
      device: CNI_BRIDGE,
      bridge: true,
      gateway: ptpGateway(node),
      routes: remoteLeases(cluster, node).routes,
      vethOf: names(ports.vethOf),
    };
  }
  const t = nodeTopology(cluster, node, onNode, []);
  return { device: 'docker0', bridge: true, gateway: node.podSubnet.replace(/\.0\/(\d+)$/, '.1'), routes: t.routes, vethOf: t.vethOf };
}
