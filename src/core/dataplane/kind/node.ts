/**
 * One kind node's network namespace and its pods' links: containerd runs the pods (no docker0,
 * no docker-proxy), kindnet's ptp veths wire them, and the node's iptables are kubelet's, kube-proxy's
 * (the current layout), kindnetd's masquerade and the portmap plugin's hostPort rules.
 */
import type { ClusterSpec, NodeSpec, PodState } from '../../model.ts';
import { cidrContains, parseCidr, parseIp } from '../../net/ipv4.ts';
import { RuleRecording, RulesetBuilder, type RuleWriter } from '../../netfilter/ruleset.ts';
import type { ServicePortView } from '../kube-proxy/service-ports.ts';
import type { Interface, Route } from '../model.ts';
import { currentIptablesRules } from './kube-proxy.ts';
import { kubeProxyNftTable } from './kube-proxy-nft.ts';
import type { NftRuleset } from '../../nftables/model.ts';
import { kindnetMasqueradeRules, kubeletRules, portmapRules } from './node-rules.ts';
import { ptpNodeTopology, ptpPodTopology } from './ptp.ts';

export interface KindNode {
  readonly interfaces: readonly Interface[];
  readonly routes: readonly Route[];
  readonly iptables: ReturnType<RulesetBuilder['build']>;
  /** kube-proxy's table in nftables mode (the node's other rules stay in iptables). */
  readonly nftables?: NftRuleset;
  readonly pods: readonly { readonly pod: PodState; readonly interfaces: Interface[]; readonly routes: Route[] }[];
}

/**
 * kube-proxy's rules differ between nodes only where a service keeps traffic on the node's own
 * endpoints, or a load balancer's source range holds the node: written once per distinct case.
 */
export class KindRules {
  private readonly recordings = new Map<string, RuleRecording>();
  constructor(
    private readonly cluster: ClusterSpec,
    private readonly ports: readonly ServicePortView[],
  ) {}

  /** In nftables mode kube-proxy's table names the node's own address (nodeport-ips): one per node. */
  nftables(node: NodeSpec): NftRuleset {
    return this.cluster.kubeProxyMode === 'nftables' ? [kubeProxyNftTable(this.cluster, node, this.ports)] : [];
  }

  kubeProxy(node: NodeSpec): RuleRecording {
    const nodeIp = parseIp(node.ip)!;
    const key = JSON.stringify(
      this.ports.map((sp) =>
        sp.service.externalTrafficPolicy === 'Local' || sp.service.internalTrafficPolicy === 'Local'
          ? sp.endpoints.filter((e) => e.node === node.name).map((e) => `${e.ip}:${e.port}`)
          : (sp.service.loadBalancerSourceRanges?.some((r) => cidrContains(parseCidr(r)!, nodeIp)) ?? false),
      ),
    );
    let recording = this.recordings.get(key);
    if (!recording) {
      recording = new RuleRecording();
      currentIptablesRules(recording, this.cluster, node, this.ports);
      this.recordings.set(key, recording);
    }
    return recording;
  }
}

export function kindNode(
  cluster: ClusterSpec,
  node: NodeSpec,
  onNode: readonly PodState[],
  kindRules: KindRules,
  policyRules?: (rules: RuleWriter, onNode: readonly PodState[]) => void,
): KindNode {
  const rules = new RulesetBuilder();
  rules.table('filter');
  rules.table('nat');
  rules.table('mangle');
  // In the order the node starts them: kubelet, kube-proxy (its jumps go first), kindnetd, then
  // portmap as each pod with a hostPort starts.
  kubeletRules(rules);
  if (cluster.kubeProxyMode !== 'nftables') kindRules.kubeProxy(node).replay(rules);
  kindnetMasqueradeRules(rules, cluster);
  portmapRules(rules, onNode, node.podSubnet);
  policyRules?.(rules, onNode);
  const topo = ptpNodeTopology(cluster, node, onNode);
  const pods = onNode.flatMap((pod) => {
    const veth = topo.vethOf.get(`${pod.namespace}/${pod.name}`);
    return veth ? [{ pod, ...ptpPodTopology(node, pod, veth) }] : [];
  });
  return { interfaces: topo.interfaces, routes: topo.routes, iptables: rules.build(), nftables: kindRules.nftables(node), pods };
}
