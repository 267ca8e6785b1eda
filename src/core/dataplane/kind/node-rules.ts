/**
 * The rules of a kind node besides kube-proxy's (kind v0.32.0): kubelet's (v1.28 and later: its
 * canaries, the iptables hint and KUBE-FIREWALL's localnet rule, nothing for kube-proxy's marks),
 * kindnetd's masquerade agent, and the CNI portmap plugin's hostPort DNAT (containernetworking
 * plugins v1.9.1, iptables backend) for each pod sandbox that publishes ports.
 */
import { sha512Hex } from '../../hash.ts';
import type { ClusterSpec, PodState } from '../../model.ts';
import { formatCidr, parseCidr } from '../../net/ipv4.ts';
import type { RuleWriter } from '../../netfilter/ruleset.ts';
import { comment } from '../kube-proxy/service-ports.ts';

/** kindnet's CNI network name (its conflist's "name"), which portmap hashes into chain names. */
export const KINDNET_NETWORK = 'kindnet';
/** portmap's masquerade mark: bit 13. */
const PORTMAP_MARK = '0x2000';

export function kubeletRules(rules: RuleWriter): void {
  rules.chain('mangle', 'KUBE-IPTABLES-HINT');
  for (const table of ['mangle', 'nat', 'filter'] as const) rules.chain(table, 'KUBE-KUBELET-CANARY');
  rules.chain('filter', 'KUBE-FIREWALL');
  rules.add('filter', '-A INPUT -j KUBE-FIREWALL', '-A OUTPUT -j KUBE-FIREWALL');
  rules.add(
    'filter',
    `-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 ${comment('block incoming localnet connections')} -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP`,
  );
}

/**
 * kindnetd's ip-masq-agent: traffic to the pod range keeps its source, anything else leaving the
 * node (to another node's address, to the laptop, to the internet) is masqueraded.
 */
export function kindnetMasqueradeRules(rules: RuleWriter, cluster: ClusterSpec): void {
  rules.chain('nat', 'KIND-MASQ-AGENT');
  rules.add(
    'nat',
    `-A POSTROUTING -m addrtype ! --dst-type LOCAL ${comment('kind-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom KIND-MASQ-AGENT chain')} -j KIND-MASQ-AGENT`,
    `-A KIND-MASQ-AGENT -d ${cluster.clusterCIDR} ${comment('kind-masq-agent: local traffic is not subject to MASQUERADE')} -j RETURN`,
    `-A KIND-MASQ-AGENT ${comment('kind-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)')} -j MASQUERADE`,
  );
}

/** portmap's chain for one sandbox: "CNI-DN-" and SHA-512 of network name and sandbox ID, 28 characters in all. */
export function portmapChain(sandboxId: string, network = KINDNET_NETWORK): string {
  return `CNI-DN-${sha512Hex(network + sandboxId)}`.slice(0, 28);
}

/** The pod's address with the mask ptp gave it (its node's pod subnet), as iptables normalises it. */
function podNetwork(pod: PodState, podSubnet: string): string {
  return formatCidr(parseCidr(`${pod.ip}/${parseCidr(podSubnet)!.prefix}`)!);
}

/** `network`: the CNI conflist's name, which portmap hashes and names in its comments. */
export function portmapRules(rules: RuleWriter, pods: readonly PodState[], podSubnet: string, network = KINDNET_NETWORK): void {
  const published = pods.filter((p) => p.ip && !p.hostNetwork && (p.containers[0]?.portMappings.length ?? 0) > 0);
  if (published.length === 0) return;
  for (const c of ['CNI-HOSTPORT-DNAT', 'CNI-HOSTPORT-SETMARK', 'CNI-HOSTPORT-MASQ']) rules.chain('nat', c);
  rules.add(
    'nat',
    '-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT',
    '-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT',
  );
  rules.prepend('nat', `-A POSTROUTING ${comment('CNI portfwd requiring masquerade')} -j CNI-HOSTPORT-MASQ`);
  rules.add(
    'nat',
    `-A CNI-HOSTPORT-MASQ -m mark --mark ${PORTMAP_MARK}/${PORTMAP_MARK} -j MASQUERADE`,
    `-A CNI-HOSTPORT-SETMARK ${comment('CNI portfwd masquerade mark')} -j MARK --set-xmark ${PORTMAP_MARK}/${PORTMAP_MARK}`,
  );
  for (const pod of published) {
    const sandbox = pod.containers[0]!;
    const chain = portmapChain(sandbox.id, network);
    const mappings = sandbox.portMappings;
    rules.chain('nat', chain);
    const entry = comment(`dnat name: "${network}" id: "${sandbox.id}"`);
    for (const proto of [...new Set(mappings.map((m) => m.protocol.toLowerCase()))].sort()) {
      const ports = mappings.filter((m) => m.protocol.toLowerCase() === proto).map((m) => m.hostPort);
      // multiport takes at most 15 ports a rule.
      for (let i = 0; i < ports.length; i += 15)
        rules.add('nat', `-A CNI-HOSTPORT-DNAT -p ${proto} ${entry} -m multiport --dports ${ports.slice(i, i + 15).join(',')} -j ${chain}`);
    }
    for (const m of mappings) {
      const proto = m.protocol.toLowerCase();
      const match = `-p ${proto} -m ${proto} --dport ${m.hostPort}`;
      const dst = m.hostIP === '0.0.0.0' ? '' : `-d ${m.hostIP}/32 `;
      rules.add(
        'nat',
        `-A ${chain} -s ${podNetwork(pod, podSubnet)} ${match} -j CNI-HOSTPORT-SETMARK`,
        `-A ${chain} -s 127.0.0.1/32 ${match} -j CNI-HOSTPORT-SETMARK`,
        `-A ${chain} ${dst}${match} -j DNAT --to-destination ${pod.ip}:${m.containerPort}`,
      );
    }
  }
}
