/** Where a node's pods plug in on the graph: the core's pod network, with interface names for labels. */
import { podNetworkOf, type PodNetworkKind } from '../core/dataplane/pod-network.ts';
import type { Interface, Route } from '../core/dataplane/model.ts';
import type { ClusterSpec, NodeSpec, PodState } from '../core/model.ts';

/**
 * The book's docker0 bridge, flannel's cni0 bridge (once a pod runs there), or kind's ptp veths
 * with no bridge at all (drawn as one box that says so); the routes it lists.
 */
export function podNetwork(
  cluster: ClusterSpec,
  node: NodeSpec,
  onNode: readonly PodState[],
): {
  device: string;
  kind: PodNetworkKind;
  bridge: boolean;
  routes: readonly Route[];
  vethOf: ReadonlyMap<string, string>;
  vtep?: Interface;
} {
  const net = podNetworkOf(cluster, node, onNode);
  return {
    device: net.bridge ?? net.kind,
    kind: net.kind,
    bridge: net.bridge !== undefined,
    routes: net.routes,
    vethOf: new Map([...net.vethOf].map(([pod, veth]) => [pod, veth.name])),
    ...(net.vtep ? { vtep: net.vtep } : {}),
  };
}
