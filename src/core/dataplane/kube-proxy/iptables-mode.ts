/**
 * kube-proxy in iptables mode (the layout of v1.8–v1.18): every service port gets a KUBE-SVC
 * chain that picks an endpoint at random with `-m statistic`, and every endpoint a KUBE-SEP
 * chain that DNATs to it. Traffic from outside the cluster's pod range is marked for masquerade.
 */
import type { ClusterSpec } from '../../model.ts';
import type { RuleWriter } from '../../netfilter/ruleset.ts';
import { DROP_MARK, endpointChain, MASQ_MARK, savedProbability, serviceChain } from './names.ts';
import { comment, type ServicePortView } from './service-ports.ts';

export function iptablesModeRules(rules: RuleWriter, cluster: ClusterSpec, ports: readonly ServicePortView[]): void {
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ', 'KUBE-MARK-DROP']) rules.chain('nat', c);
  for (const c of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FIREWALL', 'KUBE-FORWARD']) rules.chain('filter', c);
  // kube-proxy inserts its jumps in front of what Docker wrote.
  rules.prepend('nat', `-A PREROUTING ${comment('kubernetes service portals')} -j KUBE-SERVICES`);
  rules.prepend('nat', `-A OUTPUT ${comment('kubernetes service portals')} -j KUBE-SERVICES`);
  rules.prepend('nat', `-A POSTROUTING ${comment('kubernetes postrouting rules')} -j KUBE-POSTROUTING`);
  rules.prepend('filter', `-A INPUT -m conntrack --ctstate NEW ${comment('kubernetes externally-visible service portals')} -j KUBE-EXTERNAL-SERVICES`, '-A INPUT -j KUBE-FIREWALL');
  rules.prepend(
    'filter',
    `-A FORWARD ${comment('kubernetes forwarding rules')} -j KUBE-FORWARD`,
    `-A FORWARD -m conntrack --ctstate NEW ${comment('kubernetes service portals')} -j KUBE-SERVICES`,
  );
  rules.prepend('filter', `-A OUTPUT -m conntrack --ctstate NEW ${comment('kubernetes service portals')} -j KUBE-SERVICES`, '-A OUTPUT -j KUBE-FIREWALL');

  rules.add('nat', `-A KUBE-MARK-DROP -j MARK --set-xmark ${DROP_MARK}/${DROP_MARK}`);
  rules.add('nat', `-A KUBE-MARK-MASQ -j MARK --set-xmark ${MASQ_MARK}/${MASQ_MARK}`);
  rules.add('nat', `-A KUBE-POSTROUTING ${comment('kubernetes service traffic requiring SNAT')} -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j MASQUERADE`);
  rules.add('filter', `-A KUBE-FIREWALL ${comment('kubernetes firewall for dropping marked packets')} -m mark --mark ${DROP_MARK}/${DROP_MARK} -j DROP`);
  rules.add(
    'filter',
    `-A KUBE-FORWARD ${comment('kubernetes forwarding rules')} -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j ACCEPT`,
    `-A KUBE-FORWARD -s ${cluster.clusterCIDR} ${comment('kubernetes forwarding conntrack pod source rule')} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
    `-A KUBE-FORWARD -d ${cluster.clusterCIDR} ${comment('kubernetes forwarding conntrack pod destination rule')} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
  );

  for (const sp of ports) {
    const { spn, proto } = sp;
    const svcChain = serviceChain(spn, proto);
    const dport = `-m ${proto} --dport ${sp.port.port}`;
    const dst = `-d ${sp.service.clusterIP}/32 -p ${proto}`;
    if (sp.endpoints.length === 0) {
      rules.add('filter', `-A KUBE-SERVICES ${dst} ${comment(`${spn} has no endpoints`)} ${dport} -j REJECT --reject-with icmp-port-unreachable`);
      if (sp.port.nodePort)
        rules.add('filter', `-A KUBE-EXTERNAL-SERVICES -p ${proto} ${comment(`${spn} has no endpoints`)} -m addrtype --dst-type LOCAL -m ${proto} --dport ${sp.port.nodePort} -j REJECT --reject-with icmp-port-unreachable`);
      continue;
    }
    rules.chain('nat', svcChain);
    rules.add(
      'nat',
      `-A KUBE-SERVICES ! -s ${cluster.clusterCIDR} ${dst} ${comment(`${spn} cluster IP`)} ${dport} -j KUBE-MARK-MASQ`,
      `-A KUBE-SERVICES ${dst} ${comment(`${spn} cluster IP`)} ${dport} -j ${svcChain}`,
    );
    if (sp.port.nodePort) {
      const np = `-p ${proto} ${comment(spn)} -m ${proto} --dport ${sp.port.nodePort}`;
      rules.add('nat', `-A KUBE-NODEPORTS ${np} -j KUBE-MARK-MASQ`, `-A KUBE-NODEPORTS ${np} -j ${svcChain}`);
    }
    const affinity = sp.service.sessionAffinity === 'ClientIP';
    const seps = sp.endpoints.map((e) => ({ ...e, chain: endpointChain(spn, proto, `${e.ip}:${e.port}`) }));
    if (affinity)
      for (const e of seps)
        rules.add('nat', `-A ${svcChain} ${comment(spn)} -m recent --rcheck --seconds ${sp.service.affinityTimeoutSeconds} --reap --name ${e.chain} --mask 255.255.255.255 --rsource -j ${e.chain}`);
    seps.forEach((e, i) => {
      const left = seps.length - i;
      const statistic = left > 1 ? ` -m statistic --mode random --probability ${savedProbability(left)}` : '';
      rules.add('nat', `-A ${svcChain} ${comment(spn)}${statistic} -j ${e.chain}`);
    });
    for (const e of seps) {
      const recent = affinity ? ` -m recent --set --name ${e.chain} --mask 255.255.255.255 --rsource` : '';
      rules.add(
        'nat',
        `-A ${e.chain} -s ${e.ip}/32 ${comment(spn)} -j KUBE-MARK-MASQ`,
        `-A ${e.chain} -p ${proto} ${comment(spn)}${recent} -m ${proto} -j DNAT --to-destination ${e.ip}:${e.port}`,
      );
    }
  }
  rules.add('nat', `-A KUBE-SERVICES ${comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain')} -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`);
}
