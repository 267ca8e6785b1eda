/**
 * kube-proxy in iptables mode (the layout of v1.8–v1.18): every service port gets a KUBE-SVC
 * chain that picks an endpoint at random with `-m statistic`, and every endpoint a KUBE-SEP
 * chain that DNATs to it. Traffic from outside the cluster's pod range is marked for masquerade.
 * A node port with externalTrafficPolicy: Local goes through a KUBE-XLB chain that only this
 * node's endpoints are in, so those rules differ from node to node (`localTrafficRules`). A
 * LoadBalancer's address goes through a KUBE-FW chain that lets only its source ranges on.
 */
import type { ClusterSpec, NodeSpec } from '../../model.ts';
import type { RuleWriter } from '../../netfilter/ruleset.ts';
import { bridgeIp } from '../addresses.ts';
import { kubeForwardRules } from './shared-rules.ts';
import { cidrContains, parseCidr, parseIp } from '../../net/ipv4.ts';
import { endpointChain, firewallChain, localTrafficChain, savedProbability, serviceChain } from './names.ts';
import { comment, keepsTrafficLocal, type ServicePortView } from './service-ports.ts';

export function iptablesModeRules(rules: RuleWriter, cluster: ClusterSpec, node: NodeSpec, ports: readonly ServicePortView[]): void {
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS']) rules.chain('nat', c);
  for (const c of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES']) rules.chain('filter', c);
  // kube-proxy inserts its jumps in front of what Docker and kubelet wrote.
  rules.prepend('nat', `-A PREROUTING ${comment('kubernetes service portals')} -j KUBE-SERVICES`);
  rules.prepend('nat', `-A OUTPUT ${comment('kubernetes service portals')} -j KUBE-SERVICES`);
  rules.prepend(
    'filter',
    `-A INPUT -m conntrack --ctstate NEW ${comment('kubernetes externally-visible service portals')} -j KUBE-EXTERNAL-SERVICES`,
  );
  rules.prepend('filter', `-A FORWARD -m conntrack --ctstate NEW ${comment('kubernetes service portals')} -j KUBE-SERVICES`);
  kubeForwardRules(rules, cluster, { dropInvalid: true });
  rules.prepend('filter', `-A OUTPUT -m conntrack --ctstate NEW ${comment('kubernetes service portals')} -j KUBE-SERVICES`);

  for (const sp of ports) {
    const { spn, proto } = sp;
    const svcChain = serviceChain(spn, proto);
    const dport = `-m ${proto} --dport ${sp.port.port}`;
    const dst = `-d ${sp.service.clusterIP}/32 -p ${proto}`;
    if (sp.endpoints.length === 0) {
      rules.add(
        'filter',
        `-A KUBE-SERVICES ${dst} ${comment(`${spn} has no endpoints`)} ${dport} -j REJECT --reject-with icmp-port-unreachable`,
      );
      for (const ip of sp.service.externalIPs ?? [])
        rules.add(
          'filter',
          `-A KUBE-EXTERNAL-SERVICES -d ${ip}/32 -p ${proto} ${comment(`${spn} has no endpoints`)} ${dport} -j REJECT --reject-with icmp-port-unreachable`,
        );
      // kube-proxy declares a Local service's chain whether or not it has endpoints; it stays empty.
      if (keepsTrafficLocal(sp)) rules.chain('nat', localTrafficChain(spn, proto));
      for (const ip of sp.service.loadBalancerIngress ?? [])
        rules.add(
          'filter',
          `-A KUBE-SERVICES -d ${ip}/32 -p ${proto} ${comment(`${spn} has no endpoints`)} ${dport} -j REJECT --reject-with icmp-port-unreachable`,
        );
      if (sp.port.nodePort)
        rules.add(
          'filter',
          `-A KUBE-EXTERNAL-SERVICES -p ${proto} ${comment(`${spn} has no endpoints`)} -m addrtype --dst-type LOCAL -m ${proto} --dport ${sp.port.nodePort} -j REJECT --reject-with icmp-port-unreachable`,
        );
      continue;
    }
    rules.chain('nat', svcChain);
    // Without --cluster-cidr kube-proxy cannot tell a pod from any other client: it marks none.
    if (cluster.kubeProxyClusterCIDR)
      rules.add(
        'nat',
        `-A KUBE-SERVICES ! -s ${cluster.kubeProxyClusterCIDR} ${dst} ${comment(`${spn} cluster IP`)} ${dport} -j KUBE-MARK-MASQ`,
      );
    rules.add('nat', `-A KUBE-SERVICES ${dst} ${comment(`${spn} cluster IP`)} ${dport} -j ${svcChain}`);
    for (const ip of sp.service.externalIPs ?? []) {
      // Always masqueraded; taken from off the machine (not a local process, not a bridged
      // container) or when the address is one of the node's own.
      const ext = `-d ${ip}/32 -p ${proto} ${comment(`${spn} external IP`)} ${dport}`;
      rules.add(
        'nat',
        `-A KUBE-SERVICES ${ext} -j KUBE-MARK-MASQ`,
        `-A KUBE-SERVICES ${ext} -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ${svcChain}`,
        `-A KUBE-SERVICES ${ext} -m addrtype --dst-type LOCAL -j ${svcChain}`,
      );
    }
    loadBalancerRules(rules, node, sp);
    if (sp.port.nodePort) {
      const np = `-p ${proto} ${comment(spn)} -m ${proto} --dport ${sp.port.nodePort}`;
      if (keepsTrafficLocal(sp)) {
        rules.chain('nat', localTrafficChain(spn, proto));
        // Only a loopback source is masqueraded (a martian on the way out otherwise): the rest keep their address.
        rules.add(
          'nat',
          `-A KUBE-NODEPORTS -s 127.0.0.0/8 ${np} -j KUBE-MARK-MASQ`,
          `-A KUBE-NODEPORTS ${np} -j ${localTrafficChain(spn, proto)}`,
        );
      } else rules.add('nat', `-A KUBE-NODEPORTS ${np} -j KUBE-MARK-MASQ`, `-A KUBE-NODEPORTS ${np} -j ${svcChain}`);
    }
    const affinity = sp.service.sessionAffinity === 'ClientIP';
    const seps = sp.endpoints.map((e) => ({ ...e, chain: endpointChain(spn, proto, `${e.ip}:${e.port}`) }));
    balancingRules(
      rules,
      sp,
      svcChain,
      seps.map((e) => e.chain),
      () => spn,
    );
    for (const e of seps) {
      const recent = affinity ? ` -m recent --set --name ${e.chain} --mask 255.255.255.255 --rsource` : '';
      rules.add(
        'nat',
        `-A ${e.chain} -s ${e.ip}/32 ${comment(spn)} -j KUBE-MARK-MASQ`,
        `-A ${e.chain} -p ${proto} ${comment(spn)}${recent} -m ${proto} -j DNAT --to-destination ${e.ip}:${e.port}`,
      );
    }
  }
  const last = comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain');
  const addresses = nodePortAddressesOf(cluster, node);
  if (addresses === 'all') rules.add('nat', `-A KUBE-SERVICES ${last} -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`);
  else for (const ip of addresses) rules.add('nat', `-A KUBE-SERVICES -d ${ip}/32 ${last} -j KUBE-NODEPORTS`);
}

/**
 * Where node ports answer: every local address, or (--nodeport-addresses) the node's own
 * addresses in those ranges, each by its own rule: lo's, eth0's and docker0's, in that order.
 */
export function nodePortAddressesOf(cluster: ClusterSpec, node: NodeSpec): 'all' | string[] {
  const ranges = (cluster.nodePortAddresses ?? []).map((r) => parseCidr(r)!);
  if (ranges.length === 0 || ranges.some((r) => r.prefix === 0)) return 'all';
  return ['127.0.0.1', node.ip, bridgeIp(node)].filter((ip) => ranges.some((r) => cidrContains(r, parseIp(ip)!)));
}

/**
 * A LoadBalancer's addresses: each goes through the port's KUBE-FW chain, which sends the allowed
 * sources on (masqueraded under the Cluster policy, which may cross nodes; the client kept under
 * Local) and marks the rest for dropping. With no source ranges every source is allowed; a range
 * holding the node's own address also allows the load balancer address as a source (a node that
 * reaches the address through a local route).
 */
function loadBalancerRules(rules: RuleWriter, node: NodeSpec, sp: ServicePortView): void {
  const ingress = sp.service.loadBalancerIngress ?? [];
  if (ingress.length === 0) return;
  const { spn, proto } = sp;
  const fw = firewallChain(spn, proto);
  const local = keepsTrafficLocal(sp);
  const chosen = local ? localTrafficChain(spn, proto) : serviceChain(spn, proto);
  const note = comment(`${spn} loadbalancer IP`);
  rules.chain('nat', fw);
  const ranges = sp.service.loadBalancerSourceRanges ?? [];
  const nodeIp = parseIp(node.ip)!;
  const allowFromNode = ranges.some((r) => cidrContains(parseCidr(r)!, nodeIp));
  for (const ip of ingress) {
    rules.add('nat', `-A KUBE-SERVICES -d ${ip}/32 -p ${proto} ${note} -m ${proto} --dport ${sp.port.port} -j ${fw}`);
    if (!local) rules.add('nat', `-A ${fw} ${note} -j KUBE-MARK-MASQ`);
    if (ranges.length === 0) rules.add('nat', `-A ${fw} ${note} -j ${chosen}`);
    for (const r of ranges) rules.add('nat', `-A ${fw} -s ${r} ${note} -j ${chosen}`);
    if (allowFromNode) rules.add('nat', `-A ${fw} -s ${ip}/32 ${note} -j ${chosen}`);
    rules.add('nat', `-A ${fw} ${note} -j KUBE-MARK-DROP`);
  }
}

/**
 * A node's KUBE-XLB chains (externalTrafficPolicy: Local): pods and the node itself go on to the
 * whole service; other clients reach only this node's endpoints, and are dropped where it has none.
 */
export function localTrafficRules(rules: RuleWriter, cluster: ClusterSpec, node: NodeSpec, ports: readonly ServicePortView[]): void {
  for (const sp of ports) {
    if (!keepsTrafficLocal(sp) || sp.endpoints.length === 0) continue;
    const { spn, proto } = sp;
    const xlb = localTrafficChain(spn, proto);
    const svcChain = serviceChain(spn, proto);
    // Only with --cluster-cidr can kube-proxy send pods on to the whole service.
    if (cluster.kubeProxyClusterCIDR)
      rules.add(
        'nat',
        `-A ${xlb} -s ${cluster.kubeProxyClusterCIDR} ${comment('Redirect pods trying to reach external loadbalancer VIP to clusterIP')} -j ${svcChain}`,
      );
    rules.add(
      'nat',
      `-A ${xlb} ${comment(`masquerade LOCAL traffic for ${spn} LB IP`)} -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
      `-A ${xlb} ${comment(`route LOCAL traffic for ${spn} LB IP to service chain`)} -m addrtype --src-type LOCAL -j ${svcChain}`,
    );
    const local = sp.endpoints.filter((e) => e.node === node.name).map((e) => endpointChain(spn, proto, `${e.ip}:${e.port}`));
    if (local.length === 0) rules.add('nat', `-A ${xlb} ${comment(`${spn} has no local endpoints`)} -j KUBE-MARK-DROP`);
    else balancingRules(rules, sp, xlb, local, (i) => `Balancing rule ${i} for ${spn}`);
  }
}

/**
 * A chain's pick among endpoint chains: a client with affinity goes back to its endpoint
 * (`-m recent --rcheck`), the rest fall through a cascade of `-m statistic` rules, 1/n, then
 * 1/(n-1) of what is left, …, so each endpoint gets an equal share. `label(i)` is rule i's comment.
 */
function balancingRules(
  rules: RuleWriter,
  sp: ServicePortView,
  chain: string,
  endpoints: readonly string[],
  label: (i: number) => string,
): void {
  if (sp.service.sessionAffinity === 'ClientIP')
    for (const sep of endpoints)
      rules.add(
        'nat',
        `-A ${chain} ${comment(sp.spn)} -m recent --rcheck --seconds ${sp.service.affinityTimeoutSeconds} --reap --name ${sep} --mask 255.255.255.255 --rsource -j ${sep}`,
      );
  endpoints.forEach((sep, i) => {
    const left = endpoints.length - i;
    const statistic = left > 1 ? ` -m statistic --mode random --probability ${savedProbability(left)}` : '';
    rules.add('nat', `-A ${chain} ${comment(label(i))}${statistic} -j ${sep}`);
  });
}
