/**
 * Step 4 of the pipeline: the cluster's state → its dataplane, node by node, as Docker, kubelet
 * and kube-proxy would have set it up.
 */
import type { ClusterState, NodeSpec, PodState } from '../model.ts';
import { cidrContains, parseCidr, parseIp } from '../net/ipv4.ts';
import { nsId, type NamespaceId } from '../namespace-id.ts';
import { RuleRecording, RulesetBuilder, type RuleWriter } from '../netfilter/ruleset.ts';
import { dockerRules } from './docker.ts';
import { healthCheckListeners } from './kube-proxy/health.ts';
import { kubeletRules } from './kubelet.ts';
import { ipvsModeRules } from './kube-proxy/ipvs-mode.ts';
import { iptablesModeRules, localTrafficRules, nodePortAddressesOf } from './kube-proxy/iptables-mode.ts';
import { keepsInternalTrafficLocal, portsSeenBy, servicePorts, type ServicePortView } from './kube-proxy/service-ports.ts';
import { userspaceModeRules } from './kube-proxy/userspace-mode.ts';
import type { Dataplane, Listener, NetNamespace, NodeDataplane } from './model.ts';
import { loadBalancerRoutes, loadBalancerTargets } from './load-balancer.ts';
import { podNetworkKind } from './pod-network.ts';
import { byDestination, hostTopology, nodeTopology, podTopology } from './topology.ts';
import { KindRules, kindNode } from './kind/node.ts';
import { flannelNode } from './flannel/node.ts';
import { kubeRouterNodeRules, kubeRouterPolicies } from './netpol/kube-router.ts';

/** What the app containers of a pod listen on: the ports they declare. */
function podListeners(pod: PodState): Listener[] {
  return pod.spec.containers.flatMap((c) =>
    c.ports.map((p) => ({
      protocol: p.protocol,
      ip: '0.0.0.0',
      port: p.containerPort,
      owner: { kind: 'pod', namespace: pod.namespace, name: pod.name, container: c.name } as const,
    })),
  );
}

/** Docker's userland proxy listens on each published port, for traffic the DNAT does not see. */
function dockerProxies(pod: PodState, node: string): Listener[] {
  return (pod.containers[0]?.portMappings ?? []).map((m) => ({
    protocol: m.protocol,
    ip: m.hostIP,
    port: m.hostPort,
    owner: { kind: 'node', name: node, process: 'docker-proxy' },
    proxy: { kind: 'docker-proxy', backends: [{ ip: pod.ip!, port: m.containerPort }] },
  }));
}

export const API_SERVER_PORT = 6443;

/** A pod's or an external host's namespace: an end of the network, not a router, no rules of its own. */
function endpoint(
  id: NamespaceId,
  kind: 'pod' | 'host',
  name: string,
  interfaces: NetNamespace['interfaces'],
  routes: NetNamespace['routes'],
  listeners: Listener[],
): NetNamespace {
  return {
    id,
    kind,
    name,
    interfaces,
    routes,
    ipForward: false,
    routeLocalnet: false,
    bridgeNfCallIptables: false,
    iptables: new RulesetBuilder().build(),
    listeners,
  };
}

export function buildDataplane(state: ClusterState): Dataplane {
  const { cluster } = state;
  const ports = servicePorts(state);
  const running = state.pods.filter((p) => p.phase === 'Running' && p.ip);
  const namespaces: NetNamespace[] = [];
  const nodes: NodeDataplane[] = [];
  // In iptables mode kube-proxy writes the same rules on every node, except where a node keeps
  // traffic to its own endpoints: write and parse each distinct set once.
  const recordings = new Map<string, RuleRecording>();
  const kubeProxyRules = (node: NodeSpec, seen: readonly ServicePortView[]) => {
    const key = JSON.stringify([
      seen === ports ? [] : seen.filter(keepsInternalTrafficLocal).map((sp) => sp.endpoints),
      nodePortAddressesOf(cluster, node),
      ports.map((sp) => sp.service.loadBalancerSourceRanges?.some((r) => cidrContains(parseCidr(r)!, parseIp(node.ip)!)) ?? false),
    ]);
    let recording = recordings.get(key);
    if (!recording) {
      recording = new RuleRecording();
      iptablesModeRules(recording, cluster, node, seen);
      recordings.set(key, recording);
    }
    return recording;
  };

  const podNetwork = podNetworkKind(cluster);
  const kindRules = podNetwork !== 'docker0' ? new KindRules(cluster, ports) : undefined;
  // NetworkPolicy, enforced by kube-router's controller: its rules go in last (it starts after
  // kube-proxy and puts its jumps first), its ipsets join the node's.
  const netpol = kubeRouterPolicies(state);
  const policyRules = netpol
    ? (rules: RuleWriter, onNode: readonly PodState[]) => kubeRouterNodeRules(rules, netpol, state, onNode)
    : undefined;
  const nodeSets = (node: string, own?: Omit<NodeDataplane, 'node'>) => {
    if (netpol) nodes.push({ node, ipvs: own?.ipvs ?? [], ipsets: [...(own?.ipsets ?? []), ...netpol.ipsets], netpol: netpol.index });
    else if (own) nodes.push({ node, ...own });
  };
  const apiServer = (node: NodeSpec): Listener => ({
    protocol: 'TCP',
    ip: '0.0.0.0',
    port: API_SERVER_PORT,
    owner: { kind: 'node', name: node.name, process: 'kube-apiserver' },
  });

  cluster.nodes.forEach((node, i) => {
    const onNode = running.filter((p) => p.node === node.name);
    if (kindRules) {
      // containerd and CNI: no docker-proxy, so a hostPort has no listener of its own.
      const flannel = podNetwork === 'cni0' ? flannelNode(cluster, node, onNode, kindRules, policyRules) : undefined;
      const kind = flannel ?? kindNode(cluster, node, onNode, kindRules, policyRules);
      nodeSets(node.name);
      const listeners = [
        ...healthCheckListeners(node, ports),
        ...(i === 0 ? [apiServer(node)] : []),
        ...onNode.filter((p) => p.hostNetwork).flatMap(podListeners),
      ];
      namespaces.push({
        id: nsId.node(node.name),
        kind: 'node',
        name: node.name,
        interfaces: kind.interfaces,
        routes: kind.routes,
        ipForward: true,
        // kind's node image turns route_localnet on (its sysctl.d), kube-proxy wants it too.
        routeLocalnet: true,
        bridgeNfCallIptables: true,
        iptables: kind.iptables,
        ...(kind.nftables?.length ? { nftables: kind.nftables } : {}),
        listeners,
        ...(flannel ? { neighbours: flannel.neighbours, fdb: flannel.fdb } : {}),
      });
      for (const { pod, interfaces, routes } of kind.pods)
        namespaces.push({
          ...endpoint(nsId.pod(pod.namespace, pod.name), 'pod', `${pod.namespace}/${pod.name}`, interfaces, routes, podListeners(pod)),
          containers: pod.spec.containers.map((c) => c.name),
        });
      return;
    }
    const rules = new RulesetBuilder();
    rules.table('filter');
    rules.table('nat');
    dockerRules(rules, cluster, node, onNode);
    // kubelet's, whatever kube-proxy's mode: written before kube-proxy puts its jumps in front.
    kubeletRules(rules);
    const listeners: Listener[] = [];
    let ipvsAddresses: string[] = [];
    let ownSets: Omit<NodeDataplane, 'node'> | undefined;
    const seen = portsSeenBy(node.name, ports);
    if (cluster.kubeProxyMode === 'iptables') {
      kubeProxyRules(node, seen).replay(rules);
      localTrafficRules(rules, cluster, node, seen);
    } else if (cluster.kubeProxyMode === 'userspace') listeners.push(...userspaceModeRules(rules, cluster, node, ports));
    else {
      const { ipvs, ipsets } = ipvsModeRules(rules, cluster, node, seen);
      ownSets = { ipvs, ipsets };
      ipvsAddresses = [...new Set(ports.map((p) => p.service.clusterIP))];
    }
    if (cluster.kubeProxyMode !== 'userspace') listeners.push(...healthCheckListeners(node, ports));
    if (i === 0) listeners.push(apiServer(node));
    for (const pod of onNode) listeners.push(...(pod.hostNetwork ? podListeners(pod) : dockerProxies(pod, node.name)));
    policyRules?.(rules, onNode);
    nodeSets(node.name, ownSets);
    const topo = nodeTopology(cluster, node, onNode, ipvsAddresses);
    namespaces.push({
      id: nsId.node(node.name),
      kind: 'node',
      name: node.name,
      interfaces: topo.interfaces,
      routes: topo.routes,
      ipForward: true,
      routeLocalnet: cluster.kubeProxyMode !== 'userspace',
      bridgeNfCallIptables: true,
      iptables: rules.build(),
      listeners,
    });
    for (const pod of onNode) {
      if (pod.hostNetwork) continue;
      const veth = topo.interfaces.find((x) => x.name === topo.vethOf.get(`${pod.namespace}/${pod.name}`))!;
      const { interfaces, routes } = podTopology(node, pod, veth);
      namespaces.push({
        ...endpoint(nsId.pod(pod.namespace, pod.name), 'pod', `${pod.namespace}/${pod.name}`, interfaces, routes, podListeners(pod)),
        containers: pod.spec.containers.map((c) => c.name),
      });
    }
  });

  const lbRoutes = loadBalancerRoutes(loadBalancerTargets(state, ports));
  for (const host of cluster.hosts) {
    const topo = hostTopology(cluster, host);
    const interfaces = topo.interfaces;
    // The main table lists by destination, as the kernel does: 5.6.7.8/32 before 172.18.0.0/16.
    const local = topo.routes.filter((r) => r.type === 'local');
    const routes = [...byDestination([...topo.routes.filter((r) => r.type !== 'local'), ...lbRoutes]), ...local];
    namespaces.push(
      endpoint(nsId.host(host.name), 'host', host.name, interfaces, routes, [
        { protocol: 'TCP', ip: '0.0.0.0', port: 80, owner: { kind: 'host', name: host.name, process: 'httpd' } },
        { protocol: 'UDP', ip: '0.0.0.0', port: 53, owner: { kind: 'host', name: host.name, process: 'dnsmasq' } },
      ]),
    );
  }
  const hostNetworkPods = running
    .filter((p) => p.hostNetwork)
    .map((p) => ({ id: nsId.pod(p.namespace, p.name), node: p.node!, containers: p.spec.containers.map((c) => c.name) }));
  return { namespaces, nodes, hostNetworkPods };
}
