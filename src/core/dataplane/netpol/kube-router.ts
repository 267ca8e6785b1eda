/**
 * NetworkPolicy enforced as kube-router's network policy controller enforces it with iptables and
 * ipsets (v2.11.1, pkg/controllers/netpol, default flags: no --netpol-default-deny), written here
 * as `iptables-save` and `ipset list` show it on a node:
 *
 * - INPUT, FORWARD and OUTPUT jump first to KUBE-ROUTER-INPUT/-FORWARD/-OUTPUT; those send traffic
 *   to (`-d`) or from (`-s`) each pod of the node to the pod's KUBE-POD-FW-<hash> chain, then to
 *   KUBE-NWPLCY-TAIL, then accept what carries the netpol-ok mark 0x20000.
 * - A pod's chain: KUBE-NWPLCY-COMMON (conntrack RELATED,ESTABLISHED accepted), traffic from the
 *   node accepted, KUBE-NWPLCY-DEFAULT for a direction no policy isolates, else a jump to each
 *   selecting policy's KUBE-NWPLCY-<hash>; a packet no rule marked 0x10000 is logged and rejected.
 * - A policy's chain marks 0x10000 what one of its rules allows, matched through ipsets:
 *   KUBE-DST-/KUBE-SRC- hash:ip sets of the selected and the peer pods, hash:net sets of ipBlocks
 *   (each `except` a nomatch member), and a set per named port of the pods that serve it.
 *
 * The policy chains and ipsets are the same on every node; the pod chains are the node's own pods'.
 * Written only when the scenario has a NetworkPolicy (a cluster that runs the controller for them).
 */
import type { ClusterState, NetworkPolicyObject, PodState, PolicyPeer, PolicyPort } from '../../model.ts';
import { quote } from '../../netfilter/rule.ts';
import type { RuleWriter } from '../../netfilter/ruleset.ts';
import { selectorMatches } from '../../selectors.ts';
import type { IpSet, NetpolIndex } from '../model.ts';
import {
  namedPortSet,
  podFirewallChain,
  policyChain,
  positionedComment,
  rulePeerSet,
  targetDestinationSet,
  targetSourceSet,
} from './names.ts';

export const TOP_CHAINS = { INPUT: 'KUBE-ROUTER-INPUT', FORWARD: 'KUBE-ROUTER-FORWARD', OUTPUT: 'KUBE-ROUTER-OUTPUT' } as const;
const DEFAULT_CHAIN = 'KUBE-NWPLCY-DEFAULT';
const COMMON_CHAIN = 'KUBE-NWPLCY-COMMON';
const TAIL_CHAIN = 'KUBE-NWPLCY-TAIL';
/** Set by a policy rule (or the default chain) that allows the packet. */
const ALLOWED = '0x10000/0x10000';
/** Set by a pod's chain that let the packet through: the top-level chains accept it. */
const NETPOL_OK = '0x20000/0x20000';
/** kube-router's --service-node-port-range default, as it writes it for multiport. */
const NODE_PORTS = '30000:32767';

/** Pods kube-router acts for: running, with an address, not on the host's network. */
const actionable = (p: PodState) => p.phase === 'Running' && !!p.ip && !p.hostNetwork;
const id = (namespace: string, name: string) => `${namespace}/${name}`;

export interface KubeRouterPolicies {
  readonly policies: readonly NetworkPolicyObject[];
  /** Each policy's selected pods, by policy. */
  readonly targets: ReadonlyMap<NetworkPolicyObject, readonly PodState[]>;
  /** The policy chains' rules (the same on every node). */
  readonly lines: readonly string[];
  readonly ipsets: readonly IpSet[];
  readonly index: NetpolIndex;
}

/** The cluster-wide half: policy chains and ipsets; undefined when there is no policy. */
export function kubeRouterPolicies(state: ClusterState): KubeRouterPolicies | undefined {
  if (state.networkPolicies.length === 0) return undefined;
  const pods = state.pods.filter(actionable);
  const sets = new SetWriter();
  const lines: string[] = [];
  const targets = new Map<NetworkPolicyObject, PodState[]>();
  const chains: Record<string, string> = {};
  for (const policy of state.networkPolicies) {
    const { namespace, name } = policy.metadata as { namespace: string; name: string };
    const selected = pods.filter((p) => p.namespace === namespace && selectorMatches(policy.podSelector, p.labels));
    targets.set(policy, selected);
    const chain = policyChain(namespace, name);
    chains[chain] = id(namespace, name);
    const ips = selected.map((p) => p.ip!);
    const peerPods = (peer: PolicyPeer) => peerPodsOf(state, pods, namespace, peer);
    const mark = (kind: string, src: string, dst: string, port?: ResolvedPort) =>
      lines.push(...markRules(chain, `${id(namespace, name)} ${kind}`, src, dst, port));
    if (policy.policyTypes.includes('Ingress')) {
      const dstSet = targetDestinationSet(namespace, name);
      sets.refresh(dstSet, 'hash:ip', ips);
      const servedBy = namedPorts(selected);
      policy.ingress.forEach((rule, i) => {
        const all = rule.peers.length === 0;
        const ports = resolvePorts(rule.ports, servedBy);
        const matchAllPorts = rule.ports.length === 0;
        const fromPods = rule.peers.flatMap((peer) => (peer.ipBlock ? [] : peerPods(peer)));
        const named = (kind: string, src: string, type: string) =>
          ports.named.forEach((ep, j) => {
            const set = namedPortSet(namespace, name, 'ingress', i, j);
            sets.refresh(set, type, ep.ips);
            mark(`${kind} np`, src, set, ep);
          });
        if (fromPods.length > 0) {
          const srcSet = rulePeerSet(namespace, name, 'ingress', i, 'pod');
          sets.refresh(
            srcSet,
            'hash:ip',
            fromPods.map((p) => p.ip!),
          );
          for (const port of ports.numeric) mark('ingress pods', srcSet, dstSet, port);
          named('ingress pods', srcSet, 'hash:ip');
          if (ports.numeric.length === 0 && ports.named.length === 0) mark('ingress pods', srcSet, dstSet);
        }
        if (all && !matchAllPorts) {
          for (const port of ports.numeric) mark('ingress any', '', dstSet, port);
          named('ingress any', '', 'hash:ip');
        }
        if (all && matchAllPorts) mark('ingress any', '', dstSet);
        const blocks = ipBlockEntries(rule.peers);
        if (blocks.length > 0) {
          const blockSet = rulePeerSet(namespace, name, 'ingress', i, 'ipblock');
          sets.refreshNet(blockSet, blocks);
          if (!matchAllPorts) {
            for (const port of ports.numeric) mark('ingress cidr', blockSet, dstSet, port);
            named('ingress cidr', blockSet, 'hash:net');
          } else mark('ingress cidr', blockSet, dstSet);
        }
      });
    }
    if (policy.policyTypes.includes('Egress')) {
      const srcSet = targetSourceSet(namespace, name);
      sets.refresh(srcSet, 'hash:ip', ips);
      policy.egress.forEach((rule, i) => {
        const all = rule.peers.length === 0;
        const matchAllPorts = rule.ports.length === 0;
        const toPods = rule.peers.flatMap((peer) => (peer.ipBlock ? [] : peerPods(peer)));
        // A named port resolves through the peer pods; with no peers, through the policy's namespace's pods.
        const ports = resolvePorts(rule.ports, namedPorts(all ? pods.filter((p) => p.namespace === namespace) : toPods));
        if (toPods.length > 0) {
          const dstSet = rulePeerSet(namespace, name, 'egress', i, 'pod');
          sets.refresh(
            dstSet,
            'hash:ip',
            toPods.map((p) => p.ip!),
          );
          for (const port of ports.numeric) mark('egress pods', srcSet, dstSet, port);
          ports.named.forEach((ep, j) => {
            const set = namedPortSet(namespace, name, 'egress', i, j);
            sets.refresh(set, 'hash:ip', ep.ips);
            mark('egress pods np', srcSet, set, ep);
          });
          if (ports.numeric.length === 0 && ports.named.length === 0) mark('egress pods', srcSet, dstSet);
        }
        if (all && !matchAllPorts) {
          for (const port of ports.numeric) mark('egress any', srcSet, '', port);
          for (const ep of ports.named) mark('egress any np', srcSet, '', ep);
        }
        if (all && matchAllPorts) mark('egress any', srcSet, '');
        const blocks = ipBlockEntries(rule.peers);
        if (blocks.length > 0) {
          const blockSet = rulePeerSet(namespace, name, 'egress', i, 'ipblock');
          sets.refreshNet(blockSet, blocks);
          if (!matchAllPorts) for (const port of ports.numeric) mark('egress cidr', srcSet, blockSet, port);
          else mark('egress cidr', srcSet, blockSet);
        }
      });
    }
  }
  const firewalls: Record<string, { pod: string; ip: string }> = {};
  const podsByIp: Record<string, string> = {};
  for (const p of pods) {
    firewalls[podFirewallChain(p.namespace, p.name)] = { pod: id(p.namespace, p.name), ip: p.ip! };
    podsByIp[p.ip!] = id(p.namespace, p.name);
  }
  return {
    policies: state.networkPolicies,
    targets,
    lines,
    ipsets: sets.list(),
    index: { policyChains: chains, podFirewalls: firewalls, pods: podsByIp },
  };
}

/** The pods a peer selects (a podSelector in the policy's namespace, or in the namespaces a namespaceSelector picks). */
function peerPodsOf(state: ClusterState, pods: readonly PodState[], namespace: string, peer: PolicyPeer): PodState[] {
  if (peer.namespaceSelector) {
    const namespaces = state.namespaces.filter((ns) => selectorMatches(peer.namespaceSelector!, state.namespaceLabels[ns] ?? {}));
    return namespaces.flatMap((ns) =>
      pods.filter((p) => p.namespace === ns && (!peer.podSelector || selectorMatches(peer.podSelector, p.labels))),
    );
  }
  if (peer.podSelector) return pods.filter((p) => p.namespace === namespace && selectorMatches(peer.podSelector!, p.labels));
  return [];
}

interface ResolvedPort {
  readonly protocol: string;
  readonly port?: number;
  readonly endPort?: number;
}

/** Named ports: name → protocol → port number → the addresses of the pods serving it. */
type NamedPorts = Map<string, Map<string, Map<number, string[]>>>;

function namedPorts(pods: readonly PodState[]): NamedPorts {
  const out: NamedPorts = new Map();
  for (const pod of pods)
    for (const c of pod.spec.containers)
      for (const port of c.ports) {
        const byProto = out.get(port.name ?? '') ?? new Map<string, Map<number, string[]>>();
        out.set(port.name ?? '', byProto);
        const byNumber = byProto.get(port.protocol) ?? new Map<number, string[]>();
        byProto.set(port.protocol, byNumber);
        byNumber.set(port.containerPort, [...(byNumber.get(port.containerPort) ?? []), pod.ip!]);
      }
  return out;
}

/** A rule's ports: numbers (or a protocol alone) as written; each name as the port numbers it resolves to. */
function resolvePorts(ports: readonly PolicyPort[], served: NamedPorts) {
  const numeric: ResolvedPort[] = [];
  const named: (ResolvedPort & { ips: readonly string[] })[] = [];
  for (const p of ports) {
    if (p.port === undefined) numeric.push({ protocol: p.protocol });
    else if (typeof p.port === 'number')
      numeric.push({
        protocol: p.protocol,
        port: p.port,
        ...(p.endPort !== undefined && p.endPort >= p.port ? { endPort: p.endPort } : {}),
      });
    else
      for (const [port, ips] of [...(served.get(p.port)?.get(p.protocol) ?? [])].sort((a, b) => a[0] - b[0]))
        named.push({ protocol: p.protocol, port, ips });
  }
  return { numeric, named };
}

/** An ipBlock as hash:net entries: the CIDR (a /0 as two /1s, which hash:net can hold) and each except as nomatch. */
function ipBlockEntries(peers: readonly PolicyPeer[]): { net: string; nomatch: boolean }[] {
  const halves = (cidr: string) => (cidr.endsWith('/0') ? ['0.0.0.0/1', '128.0.0.0/1'] : [cidr]);
  return peers.flatMap((peer) =>
    peer.ipBlock && !peer.podSelector && !peer.namespaceSelector
      ? [
          ...halves(peer.ipBlock.cidr).map((net) => ({ net, nomatch: false })),
          ...peer.ipBlock.except.flatMap(halves).map((net) => ({ net, nomatch: true })),
        ]
      : [],
  );
}

/** A policy rule as kube-router appends it: mark what matches, then return if marked. */
function markRules(chain: string, comment: string, src: string, dst: string, port?: ResolvedPort): string[] {
  const proto = port?.protocol.toLowerCase();
  const parts = [`-A ${chain}`, ...(proto ? [`-p ${proto}`] : []), `-m comment --comment ${quote(comment)}`];
  if (src) parts.push(`-m set --match-set ${src} src`);
  if (dst) parts.push(`-m set --match-set ${dst} dst`);
  if (port?.port !== undefined)
    parts.push(
      `-m ${proto} --dport ${port.endPort !== undefined && port.endPort !== port.port ? `${port.port}:${port.endPort}` : port.port}`,
    );
  const head = parts.join(' ');
  return [`${head} -j MARK --set-xmark ${ALLOWED}`, `${head} -m mark --mark ${ALLOWED} -j RETURN`];
}

/** ipsets as kube-router refreshes them: the first refresh fixes a set's type, the last its members. */
class SetWriter {
  private readonly sets = new Map<string, IpSet>();

  refresh(name: string, type: string, members: readonly string[]): void {
    this.sets.set(name, { name, type: this.sets.get(name)?.type ?? type, members: [...new Set(members)], timeout: 0 });
  }

  refreshNet(name: string, entries: readonly { net: string; nomatch: boolean }[]): void {
    // ipset keeps a /32 of hash:net as the bare address, and prints it so.
    const members = [...new Set(entries.map((e) => e.net.replace(/\/32$/, '')))];
    // Added in order with -exist, a network listed twice keeps the flag of its last entry.
    const nomatch = members.filter((m) => entries.findLast((e) => e.net.replace(/\/32$/, '') === m)!.nomatch);
    this.sets.set(name, { name, type: this.sets.get(name)?.type ?? 'hash:net', members, nomatch, timeout: 0 });
  }

  /** In name order, as kube-router's ipset restore creates them. */
  list(): IpSet[] {
    return [...this.sets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** One node's rules: the top-level and shared chains, the policy chains, and a chain for each of its pods. */
export function kubeRouterNodeRules(rules: RuleWriter, plan: KubeRouterPolicies, state: ClusterState, onNode: readonly PodState[]): void {
  const serviceRange = state.cluster.serviceClusterIPRange;
  for (const [builtin, chain] of Object.entries(TOP_CHAINS)) {
    rules.chain('filter', chain);
    const args = ['-m', 'comment', '--comment', 'kube-router netpol', '-j', chain];
    rules.prepend(
      'filter',
      `-A ${builtin} -m comment --comment ${quote(positionedComment(builtin, args, 'kube-router netpol'))} -j ${chain}`,
    );
  }
  const input = TOP_CHAINS.INPUT;
  const rangeComment = 'allow traffic to primary/secondary cluster IP range';
  rules.add(
    'filter',
    `-A ${input} -d ${serviceRange} -m comment --comment ${quote(positionedComment(input, ['-m', 'comment', '--comment', rangeComment, '-d', serviceRange, '-j', 'RETURN'], rangeComment))} -j RETURN`,
  );
  for (const proto of ['tcp', 'udp', 'sctp']) {
    const c = `allow LOCAL ${proto.toUpperCase()} traffic to node ports`;
    const args = [
      '-p',
      proto,
      '-m',
      'comment',
      '--comment',
      c,
      '-m',
      'addrtype',
      '--dst-type',
      'LOCAL',
      '-m',
      'multiport',
      '--dports',
      NODE_PORTS,
      '-j',
      'RETURN',
    ];
    rules.add(
      'filter',
      `-A ${input} -p ${proto} -m comment --comment ${quote(positionedComment(input, args, c))} -m addrtype --dst-type LOCAL -m multiport --dports ${NODE_PORTS} -j RETURN`,
    );
  }
  rules.chain('filter', DEFAULT_CHAIN);
  rules.add(
    'filter',
    `-A ${DEFAULT_CHAIN} -m comment --comment "rule to mark traffic matching a network policy" -j MARK --set-xmark ${ALLOWED}`,
  );
  rules.chain('filter', COMMON_CHAIN);
  // These two go through go-iptables (one argv, no shell), and kube-router's Go strings carry
  // their own quotes: the comment is `"rule to drop invalid state for pod"`, quotes and all, and
  // iptables-save escapes them (npc_iptables.go ensureCommonPolicyChain, lines 767-781).
  rules.add(
    'filter',
    `-A ${COMMON_CHAIN} -m comment --comment ${quote('"rule to drop invalid state for pod"')} -m conntrack --ctstate INVALID -j DROP`,
    `-A ${COMMON_CHAIN} -m comment --comment ${quote('"rule for stateful firewall for pod"')} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
    `-A ${COMMON_CHAIN} -p icmp -m comment --comment "allow icmp echo requests" -m icmp --icmp-type 8 -j ACCEPT`,
    `-A ${COMMON_CHAIN} -p icmp -m comment --comment "allow icmp destination unreachable messages" -m icmp --icmp-type 3 -j ACCEPT`,
    `-A ${COMMON_CHAIN} -p icmp -m comment --comment "allow icmp time exceeded messages" -m icmp --icmp-type 11 -j ACCEPT`,
  );
  rules.chain('filter', TAIL_CHAIN);
  rules.add('filter', `-A ${TAIL_CHAIN} -m comment --comment "accept netpol-ok" -m mark --mark ${NETPOL_OK} -j ACCEPT`);
  for (const policy of plan.policies) rules.chain('filter', policyChain(policy.metadata.namespace!, policy.metadata.name));
  rules.add('filter', ...plan.lines);
  for (const pod of [...onNode].filter(actionable).sort((a, b) => id(a.namespace, a.name).localeCompare(id(b.namespace, b.name))))
    podFirewall(rules, plan, pod);
  for (const chain of Object.values(TOP_CHAINS))
    rules.add(
      'filter',
      `-A ${chain} -m comment --comment "rule to explicitly handle traffic for network policies ACCEPT/REJECT decision" -j ${TAIL_CHAIN}`,
      `-A ${chain} -m comment --comment "rule to explicitly ACCEPT traffic that comply to network policies" -m mark --mark ${NETPOL_OK} -j ACCEPT`,
    );
}

/** A pod's chain, and the top-level jumps to it for traffic to and from the pod. */
function podFirewall(rules: RuleWriter, plan: KubeRouterPolicies, pod: PodState): void {
  const fw = podFirewallChain(pod.namespace, pod.name);
  const ip = `${pod.ip}/32`;
  const who = id(pod.namespace, pod.name);
  rules.chain('filter', fw);
  const selecting = plan.policies.filter((p) => plan.targets.get(p)!.includes(pod));
  const ingress = selecting.some((p) => p.policyTypes.includes('Ingress'));
  const egress = selecting.some((p) => p.policyTypes.includes('Egress'));
  const jumps = selecting.map((p) => {
    const scope = p.policyTypes.length === 2 ? '' : p.policyTypes[0] === 'Ingress' ? `-d ${ip} ` : `-s ${ip} `;
    const { namespace, name } = p.metadata as { namespace: string; name: string };
    return `-A ${fw} ${scope}-m comment --comment ${quote(`${namespace}/${name} policy`)} -j ${policyChain(namespace, name)}`;
  });
  rules.add(
    'filter',
    `-A ${fw} -m comment --comment "common netpol rules" -j ${COMMON_CHAIN}`,
    `-A ${fw} -d ${ip} -m comment --comment "from local node" -m addrtype --src-type LOCAL -j ACCEPT`,
    ...(egress ? [] : [`-A ${fw} -s ${ip} -m comment --comment "default egress" -j ${DEFAULT_CHAIN}`]),
    ...(ingress ? [] : [`-A ${fw} -d ${ip} -m comment --comment "default ingress" -j ${DEFAULT_CHAIN}`]),
    // Each policy's jump is inserted at the top, so the last policy's comes first.
    ...jumps.reverse(),
    `-A ${fw} -m comment --comment ${quote(`${who} log-drop`)} -m mark ! --mark ${ALLOWED} -m limit --limit 10/min --limit-burst 10 -j NFLOG --nflog-group 100`,
    `-A ${fw} -m comment --comment ${quote(`${who} reject`)} -m mark ! --mark ${ALLOWED} -j REJECT --reject-with icmp-port-unreachable`,
    `-A ${fw} -j MARK --set-xmark 0x0/0x10000`,
    `-A ${fw} -m comment --comment "set netpol-ok mark" -j MARK --set-xmark ${NETPOL_OK}`,
  );
  const into = quote(`${who} in`);
  const out = quote(`${who} out`);
  rules.add(
    'filter',
    `-A ${TOP_CHAINS.FORWARD} -d ${ip} -m comment --comment ${into} -j ${fw}`,
    `-A ${TOP_CHAINS.OUTPUT} -d ${ip} -m comment --comment ${into} -j ${fw}`,
    `-A ${TOP_CHAINS.FORWARD} -d ${ip} -m physdev --physdev-is-bridged -m comment --comment ${into} -j ${fw}`,
    `-A ${TOP_CHAINS.INPUT} -s ${ip} -m comment --comment ${out} -j ${fw}`,
    `-A ${TOP_CHAINS.FORWARD} -s ${ip} -m comment --comment ${out} -j ${fw}`,
    `-A ${TOP_CHAINS.OUTPUT} -s ${ip} -m comment --comment ${out} -j ${fw}`,
    `-A ${TOP_CHAINS.FORWARD} -s ${ip} -m physdev --physdev-is-bridged -m comment --comment ${out} -j ${fw}`,
  );
}
