/**
 * One flannel node: the kind node of kind.ts with flannel instead of kindnet. containerd runs
 * the pods; cni0 and its veths wire them (bridge.ts); flannel.1 carries pod traffic to other
 * nodes inside VXLAN (vxlan.ts); the iptables are kubelet's, kube-proxy's (the current layout),
 * flanneld's and the portmap plugin's.
 */
import type { ClusterSpec, NodeSpec, PodState } from '../../model.ts';
import { RulesetBuilder, type RuleWriter } from '../../netfilter/ruleset.ts';
import { macFor } from '../addresses.ts';
import type { FdbEntry, Interface, Neighbour, Route } from '../model.ts';
import type { KindNode, KindRules } from '../kind/node.ts';
import { kubeletRules, portmapRules } from '../kind/node-rules.ts';
import { byDestination, connected, LO, localRoutes, PHYSICAL_SEGMENT } from '../topology.ts';
import { bridgePodTopology, cniBridge } from './bridge.ts';
import { flannelRules } from './rules.ts';
import { FLANNEL_FIRST_POD_LINK_INDEX, FLANNEL_VTEP_INDEX } from '../pod-network.ts';
import { remoteLeases, vtep } from './vxlan.ts';

/** The name of flannel's CNI conflist (10-flannel.conflist), which portmap hashes into its chains. */
export const FLANNEL_NETWORK = 'cbr0';

export interface FlannelNode extends KindNode {
  readonly neighbours: readonly Neighbour[];
  readonly fdb: readonly FdbEntry[];
}

export function flannelNode(
  cluster: ClusterSpec,
  node: NodeSpec,
  onNode: readonly PodState[],
  kindRules: KindRules,
  policyRules?: (rules: RuleWriter, onNode: readonly PodState[]) => void,
): FlannelNode {
  const rules = new RulesetBuilder();
  rules.table('filter');
  rules.table('nat');
  rules.table('mangle');
  // In the order the node starts them: kubelet, kube-proxy (its jumps go first), flanneld (its
  // jumps are appended), then portmap as each pod with a hostPort starts.
  kubeletRules(rules);
  kindRules.kubeProxy(node).replay(rules);
  flannelRules(rules, cluster.clusterCIDR, node);
  portmapRules(rules, onNode, node.podSubnet, FLANNEL_NETWORK);
  policyRules?.(rules, onNode);

  const eth0: Interface = {
    name: 'eth0',
    index: 2,
    kind: 'physical',
    addresses: [`${node.ip}/${node.prefix}`],
    mac: macFor(`eth0/${node.name}`, '02:42:ac'),
    up: true,
    segment: PHYSICAL_SEGMENT,
    mtu: 1500,
  };
  // flanneld makes flannel.1 when it starts, before any pod: cni0 comes with the first pod.
  const bridge = cniBridge(node, onNode, FLANNEL_FIRST_POD_LINK_INDEX);
  const interfaces: Interface[] = [LO, eth0, vtep(node, FLANNEL_VTEP_INDEX), ...bridge.interfaces];
  const remote = remoteLeases(cluster, node);
  const routes: Route[] = [connected(eth0.addresses[0]!, 'eth0'), ...bridge.routes, ...remote.routes];
  // Docker's network for the nodes: its gateway is the machine running Docker (the laptop).
  const dockerHost = cluster.hosts[0]?.ip;
  if (dockerHost) routes.push({ dst: 'default', via: dockerHost, dev: 'eth0' });
  const pods = onNode.flatMap((pod) => {
    const veth = bridge.vethOf.get(`${pod.namespace}/${pod.name}`);
    return veth ? [{ pod, ...bridgePodTopology(node, cluster.clusterCIDR, pod, veth) }] : [];
  });
  return {
    interfaces,
    routes: [...byDestination(routes), ...localRoutes(interfaces)],
    iptables: rules.build(),
    pods,
    neighbours: remote.neighbours,
    fdb: remote.fdb,
  };
}
