/**
 * kube-proxy in iptables mode, the current layout (v1.28 and later; we follow v1.36.1, kind
 * v0.32.0's): KUBE-SVC (Cluster policy) and KUBE-SVL (Local policy) chains pick an endpoint,
 * KUBE-EXT is the door for every external destination (node ports, external IPs, load balancer
 * addresses), KUBE-FW admits a load balancer's source ranges and KUBE-PROXY-FIREWALL drops the
 * rest, services without endpoints are refused in the filter table, and KUBE-POSTROUTING returns
 * at once for unmarked packets and clears the mark (`--xor-mark`) before it masquerades. Written
 * in iptables-save form, as a node prints it. Not written: the nfacct counting matches (kube-proxy
 * adds them only where it could make the kernel's nfacct counters; see
 * tests/unit/iptables-upstream.test.ts).
 */
import type { ClusterSpec, NodeSpec } from '../../model.ts';
import { sha256Bytes } from '../../hash.ts';
import { cidrContains, parseCidr, parseIp } from '../../net/ipv4.ts';
import type { RuleWriter } from '../../netfilter/ruleset.ts';
import { base32, endpointChain, MASQ_MARK, savedProbability } from '../kube-proxy/names.ts';
import { comment, type ServicePortView } from '../kube-proxy/service-ports.ts';

/** `ns/name:port`, or `ns/name` for an unnamed port (kube-proxy's ServicePortName since v1.19). */
export function currentPortName(sp: ServicePortView): string {
  const base = `${sp.service.namespace}/${sp.service.name}`;
  return sp.port.name ? `${base}:${sp.port.name}` : base;
}

/** The chain of a service port with one of the prefixes that share its hash (SVC, SVL, EXT, FW). */
export function portChain(prefix: 'SVC' | 'SVL' | 'EXT' | 'FW', spn: string, proto: string): string {
  return `KUBE-${prefix}-${base32(sha256Bytes(spn + proto)).slice(0, 16)}`;
}

const LB_FIREWALL = 'kubernetes load balancer firewall';

/** The jumps from the built-in chains, top to bottom as iptables-save shows them on a node. */
function jumpRules(rules: RuleWriter): void {
  const fresh = '-m conntrack --ctstate NEW';
  for (const c of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL', 'KUBE-PROXY-CANARY'])
    rules.chain('filter', c);
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ', 'KUBE-PROXY-CANARY']) rules.chain('nat', c);
  rules.chain('mangle', 'KUBE-PROXY-CANARY');
  // Each jump is put first (EnsureRule Prepend): kubelet's -j KUBE-FIREWALL, already there, ends last.
  rules.prepend(
    'filter',
    `-A INPUT ${fresh} ${comment(LB_FIREWALL)} -j KUBE-PROXY-FIREWALL`,
    `-A INPUT ${comment('kubernetes health check service ports')} -j KUBE-NODEPORTS`,
    `-A INPUT ${fresh} ${comment('kubernetes externally-visible service portals')} -j KUBE-EXTERNAL-SERVICES`,
    `-A FORWARD ${fresh} ${comment(LB_FIREWALL)} -j KUBE-PROXY-FIREWALL`,
    `-A FORWARD ${comment('kubernetes forwarding rules')} -j KUBE-FORWARD`,
    `-A FORWARD ${fresh} ${comment('kubernetes service portals')} -j KUBE-SERVICES`,
    `-A FORWARD ${fresh} ${comment('kubernetes externally-visible service portals')} -j KUBE-EXTERNAL-SERVICES`,
    `-A OUTPUT ${fresh} ${comment(LB_FIREWALL)} -j KUBE-PROXY-FIREWALL`,
    `-A OUTPUT ${fresh} ${comment('kubernetes service portals')} -j KUBE-SERVICES`,
  );
  rules.prepend(
    'nat',
    `-A PREROUTING ${comment('kubernetes service portals')} -j KUBE-SERVICES`,
    `-A OUTPUT ${comment('kubernetes service portals')} -j KUBE-SERVICES`,
    `-A POSTROUTING ${comment('kubernetes postrouting rules')} -j KUBE-POSTROUTING`,
  );
}

/** The rules written on every sync whatever the services. */
function fixedRules(rules: RuleWriter): void {
  rules.add(
    'nat',
    `-A KUBE-POSTROUTING -m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`,
    // Cleared so a packet that passes the stack again is not masqueraded twice.
    `-A KUBE-POSTROUTING -j MARK --set-xmark ${MASQ_MARK}/0x0`,
    `-A KUBE-POSTROUTING ${comment('kubernetes service traffic requiring SNAT')} -j MASQUERADE --random-fully`,
    `-A KUBE-MARK-MASQ -j MARK --set-xmark ${MASQ_MARK}/${MASQ_MARK}`,
  );
  rules.add(
    'filter',
    '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
    `-A KUBE-FORWARD ${comment('kubernetes forwarding rules')} -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j ACCEPT`,
    `-A KUBE-FORWARD ${comment('kubernetes forwarding conntrack rule')} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
  );
}

export function currentIptablesRules(rules: RuleWriter, cluster: ClusterSpec, node: NodeSpec, ports: readonly ServicePortView[]): void {
  jumpRules(rules);
  fixedRules(rules);
  for (const sp of ports) servicePortRules(rules, cluster, node, sp);
  rules.add(
    'nat',
    `-A KUBE-SERVICES ${comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain')} -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`,
  );
}

function servicePortRules(rules: RuleWriter, cluster: ClusterSpec, node: NodeSpec, sp: ServicePortView): void {
  const { proto, service, port } = sp;
  const spn = currentPortName(sp);
  const svc = portChain('SVC', spn, proto);
  const svl = portChain('SVL', spn, proto);
  const ext = portChain('EXT', spn, proto);
  const fw = portChain('FW', spn, proto);
  const lbIps = service.loadBalancerIngress ?? [];
  const externallyAccessible = port.nodePort !== undefined || !!service.externalIPs?.length || lbIps.length > 0;
  const externalLocal = externallyAccessible && service.externalTrafficPolicy === 'Local';
  const internalLocal = service.internalTrafficPolicy === 'Local';
  const all = sp.endpoints.map((e) => ({ ...e, chain: endpointChain(spn, proto, `${e.ip}:${e.port}`) }));
  const local = all.filter((e) => e.node === node.name);
  const hasEndpoints = all.length > 0;
  const usesCluster = !externalLocal || !internalLocal;
  const usesLocal = externalLocal || internalLocal;
  const hasInternal = hasEndpoints && (!internalLocal || local.length > 0);
  const hasExternal = hasEndpoints && (!externalLocal || local.length > 0);
  const internalChain = internalLocal ? svl : svc;
  const externalPolicyChain = externalLocal ? svl : svc;
  const ranges = service.loadBalancerSourceRanges ?? [];
  const usesFw = hasEndpoints && lbIps.length > 0 && ranges.length > 0;
  const why = hasEndpoints ? `${spn} has no local endpoints` : `${spn} has no endpoints`;
  const refuse = hasEndpoints ? 'DROP' : 'REJECT --reject-with icmp-port-unreachable';
  const dst = (ip: string) => `-d ${ip}/32 -p ${proto}`;
  const dport = `-m ${proto} --dport ${port.port}`;

  if (hasInternal)
    rules.add('nat', `-A KUBE-SERVICES ${dst(service.clusterIP)} ${comment(`${spn} cluster IP`)} ${dport} -j ${internalChain}`);
  else rules.add('filter', `-A KUBE-SERVICES ${dst(service.clusterIP)} ${comment(why)} ${dport} -j ${refuse}`);
  for (const ip of service.externalIPs ?? []) {
    if (hasEndpoints) rules.add('nat', `-A KUBE-SERVICES ${dst(ip)} ${comment(`${spn} external IP`)} ${dport} -j ${ext}`);
    if (!hasExternal) rules.add('filter', `-A KUBE-EXTERNAL-SERVICES ${dst(ip)} ${comment(why)} ${dport} -j ${refuse}`);
  }
  for (const ip of lbIps) {
    if (hasEndpoints) rules.add('nat', `-A KUBE-SERVICES ${dst(ip)} ${comment(`${spn} loadbalancer IP`)} ${dport} -j ${usesFw ? fw : ext}`);
    if (usesFw)
      rules.add('filter', `-A KUBE-PROXY-FIREWALL ${dst(ip)} ${comment(`${spn} traffic not accepted by ${fw}`)} ${dport} -j DROP`);
  }
  if (!hasExternal)
    for (const ip of lbIps) rules.add('filter', `-A KUBE-EXTERNAL-SERVICES ${dst(ip)} ${comment(why)} ${dport} -j ${refuse}`);
  if (port.nodePort !== undefined) {
    const np = `-p ${proto} ${comment(spn)} -m ${proto} --dport ${port.nodePort}`;
    if (hasEndpoints) rules.add('nat', `-A KUBE-NODEPORTS ${np} -j ${ext}`);
    if (!hasExternal)
      rules.add(
        'filter',
        `-A KUBE-EXTERNAL-SERVICES -p ${proto} ${comment(why)} -m addrtype --dst-type LOCAL -m ${proto} --dport ${port.nodePort} -j ${refuse}`,
      );
  }
  if (service.healthCheckNodePort !== undefined)
    rules.add(
      'filter',
      `-A KUBE-NODEPORTS -p tcp ${comment(`${spn} health check node port`)} -m tcp --dport ${service.healthCheckNodePort} -j ACCEPT`,
    );

  if (hasInternal && cluster.kubeProxyClusterCIDR)
    rules.add(
      'nat',
      `-A ${internalChain} ! -s ${cluster.kubeProxyClusterCIDR} ${dst(service.clusterIP)} ${comment(`${spn} cluster IP`)} ${dport} -j KUBE-MARK-MASQ`,
    );
  if (hasEndpoints && externallyAccessible) {
    rules.chain('nat', ext);
    if (!externalLocal) rules.add('nat', `-A ${ext} ${comment(`masquerade traffic for ${spn} external destinations`)} -j KUBE-MARK-MASQ`);
    else {
      if (cluster.kubeProxyClusterCIDR)
        rules.add(
          'nat',
          `-A ${ext} -s ${cluster.kubeProxyClusterCIDR} ${comment(`pod traffic for ${spn} external destinations`)} -j ${svc}`,
        );
      rules.add(
        'nat',
        `-A ${ext} ${comment(`masquerade LOCAL traffic for ${spn} external destinations`)} -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
        `-A ${ext} ${comment(`route LOCAL traffic for ${spn} external destinations`)} -m addrtype --src-type LOCAL -j ${svc}`,
      );
    }
    if (hasExternal) rules.add('nat', `-A ${ext} -j ${externalPolicyChain}`);
  }
  if (usesFw) {
    rules.chain('nat', fw);
    const nodeIp = parseIp(node.ip)!;
    const note = comment(`${spn} loadbalancer IP`);
    for (const r of ranges) rules.add('nat', `-A ${fw} -s ${r} ${note} -j ${ext}`);
    if (ranges.some((r) => cidrContains(parseCidr(r)!, nodeIp)))
      for (const ip of lbIps) rules.add('nat', `-A ${fw} -s ${ip}/32 ${note} -j ${ext}`);
    // A rule with no target: it counts what KUBE-PROXY-FIREWALL will drop.
    rules.add('nat', `-A ${fw} ${comment(`other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL`)}`);
  }
  const affinity = service.sessionAffinity === 'ClientIP';
  const pick = (chain: string, eps: typeof all) => {
    rules.chain('nat', chain);
    if (affinity)
      for (const e of eps)
        rules.add(
          'nat',
          `-A ${chain} ${comment(`${spn} -> ${e.ip}:${e.port}`)} -m recent --rcheck --seconds ${service.affinityTimeoutSeconds} --reap --name ${e.chain} --mask 255.255.255.255 --rsource -j ${e.chain}`,
        );
    eps.forEach((e, i) => {
      const left = eps.length - i;
      const statistic = left > 1 ? ` -m statistic --mode random --probability ${savedProbability(left)}` : '';
      rules.add('nat', `-A ${chain} ${comment(`${spn} -> ${e.ip}:${e.port}`)}${statistic} -j ${e.chain}`);
    });
  };
  if (hasEndpoints && usesCluster) pick(svc, all);
  if (local.length > 0 && usesLocal) pick(svl, local);
  for (const e of usesCluster ? all : local) {
    const recent = affinity ? ` -m recent --set --name ${e.chain} --mask 255.255.255.255 --rsource` : '';
    rules.chain('nat', e.chain);
    rules.add(
      'nat',
      `-A ${e.chain} -s ${e.ip}/32 ${comment(spn)} -j KUBE-MARK-MASQ`,
      `-A ${e.chain} -p ${proto} ${comment(spn)}${recent} -m ${proto} -j DNAT --to-destination ${e.ip}:${e.port}`,
    );
  }
}
