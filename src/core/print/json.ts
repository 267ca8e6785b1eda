/** The JSON forms the CLI prints: the shapes other tools and the kernel tests read. Keep them stable. */
import type { Dataplane } from '../dataplane/model.ts';
import { ipsetSave } from './ipset.ts';
import { bridgeIp, podPrefix } from '../dataplane/addresses.ts';
import { indexOf } from '../dataplane/lookup.ts';
import { namespaceRef, nsId, type NamespaceId } from '../namespace-id.ts';
import type { ClusterState } from '../model.ts';
import { iptablesSave } from '../netfilter/ruleset.ts';
import { nftListRuleset } from '../nftables/print.ts';
import { fdbLine, neighbourLine, routeLine } from './ip.ts';
import type { Listener, NetNamespace } from '../dataplane/model.ts';
import type { Text } from '../message.ts';
import type { Trace } from '../trace/index.ts';

/** The JSON form of `state`: the shape other tools read. */
export function stateJson(state: ClusterState) {
  return {
    cluster: {
      name: state.cluster.name,
      serviceClusterIPRange: state.cluster.serviceClusterIPRange,
      clusterCIDR: state.cluster.clusterCIDR,
      kubeProxyMode: state.cluster.kubeProxyMode,
      // kube-proxy's own flags: null is no --cluster-cidr.
      kubeProxyClusterCIDR: state.cluster.kubeProxyClusterCIDR ?? null,
      ...(state.cluster.nodePortAddresses ? { nodePortAddresses: state.cluster.nodePortAddresses } : {}),
    },
    nodes: state.cluster.nodes.map((n) => ({ name: n.name, ip: n.ip, prefix: n.prefix, podSubnet: n.podSubnet, labels: n.labels })),
    hosts: state.cluster.hosts.map((h) => ({ name: h.name, ip: h.ip, prefix: h.prefix })),
    pods: state.pods.map((p) => ({
      namespace: p.namespace,
      name: p.name,
      node: p.node ?? null,
      phase: p.phase,
      ip: p.ip ?? null,
      hostNetwork: p.hostNetwork,
      labels: p.labels,
      ...(p.reason ? { reason: p.reason, message: p.message } : {}),
      containers: p.containers.map((c) => ({
        name: c.name,
        id: c.id,
        image: c.image,
        networkMode: c.networkMode,
        ports:
          c.role === 'pause'
            ? c.portMappings.map((m) => ({ hostIP: m.hostIP, hostPort: m.hostPort, containerPort: m.containerPort, protocol: m.protocol }))
            : c.ports.map((cp) => ({
                containerPort: cp.containerPort,
                protocol: cp.protocol,
                ...(cp.name ? { name: cp.name } : {}),
                ...(cp.hostPort ? { hostPort: cp.hostPort } : {}),
              })),
      })),
    })),
    services: state.services.map((s) => ({
      namespace: s.namespace,
      name: s.name,
      type: s.type,
      clusterIP: s.clusterIP,
      selector: s.selector ?? null,
      sessionAffinity: s.sessionAffinity,
      ...(s.externalTrafficPolicy ? { externalTrafficPolicy: s.externalTrafficPolicy } : {}),
      ...(s.internalTrafficPolicy ? { internalTrafficPolicy: s.internalTrafficPolicy } : {}),
      ...(s.externalIPs ? { externalIPs: s.externalIPs } : {}),
      ...(s.loadBalancerIngress ? { loadBalancerIngress: s.loadBalancerIngress } : {}),
      ...(s.loadBalancerSourceRanges ? { loadBalancerSourceRanges: s.loadBalancerSourceRanges } : {}),
      ports: s.ports.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        targetPort: p.targetPort,
        ...(p.nodePort ? { nodePort: p.nodePort } : {}),
        protocol: p.protocol,
      })),
    })),
    endpoints: state.endpoints,
    events: state.events,
  };
}

function listenersJson(listeners: readonly Listener[]) {
  return listeners.map((l) => ({
    protocol: l.protocol,
    ip: l.ip,
    port: l.port,
    process: l.owner.kind === 'pod' ? l.owner.container : l.owner.process,
    ...(l.proxy ? { proxy: { backends: l.proxy.backends, ...(l.proxy.sessionAffinity ? { sessionAffinity: true } : {}) } } : {}),
  }));
}

function mainRoutes(ns: NetNamespace): string[] {
  return ns.routes.filter((r) => r.type !== 'local').map(routeLine);
}

/** A pod's namespace as `NS/NAME` (the peer of a node's veth). */
function podPath(id: NamespaceId): string {
  const ref = namespaceRef(id);
  return ref.kind === 'pod' ? `${ref.namespace}/${ref.name}` : id;
}

/** The JSON form of `dataplane`. */
export function dataplaneJson(state: ClusterState, dp: Dataplane) {
  const index = indexOf(dp);
  return {
    nodes: state.cluster.nodes.map((node) => {
      const ns = index.namespace(nsId.node(node.name))!;
      return {
        name: node.name,
        interfaces: ns.interfaces.map((i) => ({
          name: i.name,
          kind: i.kind,
          addresses: i.addresses,
          mac: i.mac,
          ...(i.master ? { master: i.master } : {}),
          ...(i.hairpin ? { hairpin: true } : {}),
          ...(i.peer ? { peer: { pod: podPath(i.peer.ns), ifname: i.peer.ifname } } : {}),
          ...(i.vxlan ? { vni: i.vxlan.vni, port: i.vxlan.port, local: i.vxlan.local, dev: i.vxlan.dev } : {}),
        })),
        routes: mainRoutes(ns),
        // The entries a CNI wrote (flannel's for its VTEP), as `bridge fdb show` and `ip neigh show` print them.
        fdb: (ns.fdb ?? []).map(fdbLine),
        neighbours: (ns.neighbours ?? []).map(neighbourLine),
        iptablesSave: iptablesSave(ns.iptables),
        ipsets: ipsetSave(dp.nodes.find((n) => n.node === node.name)?.ipsets ?? []),
        nftRuleset: nftListRuleset(ns.nftables ?? []),
        listeners: listenersJson(ns.listeners),
        sysctls: {
          'net.ipv4.ip_forward': ns.ipForward ? '1' : '0',
          'net.bridge.bridge-nf-call-iptables': ns.bridgeNfCallIptables ? '1' : '0',
          'net.ipv4.conf.all.route_localnet': ns.routeLocalnet ? '1' : '0',
        },
      };
    }),
    pods: state.pods
      .filter((p) => p.phase === 'Running' && p.ip)
      .map((p) => {
        const node = state.cluster.nodes.find((n) => n.name === p.node)!;
        const veth = index.namespace(nsId.node(node.name))!.interfaces.find((i) => i.peer?.ns === nsId.pod(p.namespace, p.name));
        return {
          namespace: p.namespace,
          name: p.name,
          node: p.node,
          ip: p.ip,
          prefix: p.hostNetwork ? node.prefix : podPrefix(node),
          gateway: p.hostNetwork ? null : bridgeIp(node),
          // The pod's own main table (ptp's subnet route goes via the gateway, not on-link).
          routes: p.hostNetwork ? [] : mainRoutes(index.namespace(nsId.pod(p.namespace, p.name))!),
          hostVeth: veth?.name ?? null,
          hostNetwork: p.hostNetwork,
          ports: p.spec.containers.flatMap((c) =>
            c.ports.map((cp) => ({
              containerPort: cp.containerPort,
              protocol: cp.protocol,
              ...(cp.hostPort ? { hostPort: cp.hostPort } : {}),
            })),
          ),
        };
      }),
    hosts: state.cluster.hosts.map((h) => {
      const ns = index.namespace(nsId.host(h.name))!;
      return {
        name: h.name,
        addresses: ns.interfaces.filter((i) => i.kind === 'physical').flatMap((i) => i.addresses),
        routes: mainRoutes(ns),
        listeners: listenersJson(ns.listeners),
      };
    }),
  };
}

/**
 * The JSON form of `trace`: each hop's explanation and the reason said by `say` (the command line
 * says them in English), each beside its message (code and values) for tools that read the codes.
 */
export function traceJson(t: Trace, say: (text: Text) => string) {
  return {
    verdict: t.verdict,
    ...(t.reason ? { reason: say(t.reason), reasonMessage: t.reason } : {}),
    ...(t.policy ? { policy: t.policy } : {}),
    deliveredTo: t.deliveredTo ?? null,
    serverSees: t.serverSees ?? null,
    request: t.request,
    hops: t.hops.map((h) => ({ ...h, explain: say(h.explain), message: h.explain })),
    conntrack: t.conntrack,
  };
}
