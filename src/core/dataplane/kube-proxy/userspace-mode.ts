/**
 * kube-proxy in userspace mode (the lab's "portal network"): the node's iptables only redirect a
 * service's cluster IP:port to a port where kube-proxy itself listens; kube-proxy then opens a
 * new connection, from the node, to a backend picked round robin. The portals exist for every
 * service, with or without endpoints.
 */
import { hash53 } from '../../hash.ts';
import type { ClusterSpec, NodeSpec } from '../../model.ts';
import type { RuleWriter } from '../../netfilter/ruleset.ts';
import { HashAllocator } from '../../reconcile/allocator.ts';
import type { Listener } from '../model.ts';
import { comment, type ServicePortView } from './service-ports.ts';

/** With no --proxy-port-range, the kernel picks an ephemeral port (net.ipv4.ip_local_port_range). */
const EPHEMERAL = { first: 32768, last: 60999 };

const CLUSTER_IPS_FIRST = 'handle ClusterIPs; NOTE: this must be before the NodePort rules';
const NODEPORTS_LAST = 'handle service NodePorts; NOTE: this must be the last rule in the chain';

/** kube-proxy shuffles each service's endpoint list, then takes turns through it. */
function shuffled<T>(items: readonly T[], key: string): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = hash53(`${key}/${i}`) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function userspaceModeRules(rules: RuleWriter, cluster: ClusterSpec, node: NodeSpec, ports: readonly ServicePortView[]): Listener[] {
  for (const c of ['KUBE-PORTALS-CONTAINER', 'KUBE-PORTALS-HOST', 'KUBE-NODEPORT-CONTAINER', 'KUBE-NODEPORT-HOST']) rules.chain('nat', c);
  rules.chain('filter', 'KUBE-NODEPORT-NON-LOCAL');
  rules.prepend('nat', `-A PREROUTING ${comment(CLUSTER_IPS_FIRST)} -j KUBE-PORTALS-CONTAINER`);
  rules.prepend('nat', `-A OUTPUT ${comment(CLUSTER_IPS_FIRST)} -j KUBE-PORTALS-HOST`);
  rules.add('nat', `-A PREROUTING -m addrtype --dst-type LOCAL ${comment(NODEPORTS_LAST)} -j KUBE-NODEPORT-CONTAINER`);
  rules.add('nat', `-A OUTPUT -m addrtype --dst-type LOCAL ${comment(NODEPORTS_LAST)} -j KUBE-NODEPORT-HOST`);
  rules.prepend('filter', `-A INPUT ${comment('Ensure that non-local NodePort traffic can flow')} -j KUBE-NODEPORT-NON-LOCAL`);

  const allocator = new HashAllocator(EPHEMERAL.first, EPHEMERAL.last, cluster.seed);
  const listeners: Listener[] = [];
  for (const sp of ports) {
    const { spn, proto } = sp;
    const proxyPort = allocator.allocate(`${node.name}/${spn}/${proto}`)!;
    const match = `-p ${proto} ${comment(spn)} -m ${proto} --dport`;
    rules.add(
      'nat',
      `-A KUBE-PORTALS-CONTAINER -d ${sp.service.clusterIP}/32 ${match} ${sp.port.port} -j REDIRECT --to-ports ${proxyPort}`,
      `-A KUBE-PORTALS-HOST -d ${sp.service.clusterIP}/32 ${match} ${sp.port.port} -j DNAT --to-destination ${node.ip}:${proxyPort}`,
    );
    // An external IP's portal takes packets from off the machine (not from a container's bridge
    // port) and, from anywhere, those for an address of this node's own.
    for (const ip of sp.service.externalIPs ?? [])
      rules.add(
        'nat',
        `-A KUBE-PORTALS-CONTAINER -d ${ip}/32 ${match} ${sp.port.port} -m physdev ! --physdev-is-in -j REDIRECT --to-ports ${proxyPort}`,
        `-A KUBE-PORTALS-CONTAINER -d ${ip}/32 ${match} ${sp.port.port} -m addrtype --dst-type LOCAL -j REDIRECT --to-ports ${proxyPort}`,
        `-A KUBE-PORTALS-HOST -d ${ip}/32 ${match} ${sp.port.port} -m addrtype --dst-type LOCAL -j DNAT --to-destination ${node.ip}:${proxyPort}`,
      );
    if (sp.port.nodePort) {
      rules.add(
        'nat',
        `-A KUBE-NODEPORT-CONTAINER ${match} ${sp.port.nodePort} -j REDIRECT --to-ports ${proxyPort}`,
        `-A KUBE-NODEPORT-HOST ${match} ${sp.port.nodePort} -j DNAT --to-destination ${node.ip}:${proxyPort}`,
      );
      rules.add('filter', `-A KUBE-NODEPORT-NON-LOCAL ${match} ${proxyPort} -m state --state NEW -j ACCEPT`);
    }
    listeners.push({
      protocol: sp.port.protocol,
      ip: '0.0.0.0',
      port: proxyPort,
      owner: { kind: 'node', name: node.name, process: 'kube-proxy' },
      proxy: {
        kind: 'kube-proxy',
        service: spn,
        backends: shuffled(
          sp.endpoints.map((e) => ({ ip: e.ip, port: e.port })),
          `${cluster.seed}/${node.name}/${spn}`,
        ),
        ...(sp.service.sessionAffinity === 'ClientIP' ? { sessionAffinity: true } : {}),
      },
    });
  }
  return listeners;
}
