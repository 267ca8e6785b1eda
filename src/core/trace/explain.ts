/** A plain-language line for each rule a packet matched, so a student can read the hop list. */
import { msg, type Message } from '../message.ts';
import type { Rule } from '../netfilter/rule.ts';
import { formatPacket, type Packet } from './packet.ts';

/** The service port a kube-proxy rule's comment names (`default/web:` in "default/web: external IP"), if any. */
function serviceOf(comment: string): string | undefined {
  const m =
    /^(?:masquerade LOCAL traffic for |route LOCAL traffic for |Balancing rule \d+ for )?(\S+\/\S*:\S*)(?: (?:cluster IP|external IP|has no endpoints|has no local endpoints|LB IP(?: to service chain)?))?$/.exec(
      comment,
    );
  return m?.[1];
}

function owner(rule: Rule): string {
  const c = rule.comment ?? '';
  const service = serviceOf(c);
  if (service) return `kube-proxy (${service})`;
  const onDocker0 = rule.matches.some((m) => (m.m === 'in' || m.m === 'out') && m.iface === 'docker0');
  if (rule.chain.startsWith('DOCKER') || onDocker0 || (rule.target.t === 'MASQUERADE' && c === '')) return 'Docker';
  return 'kube-proxy';
}

export function explainRule(rule: Rule, before: Packet, after: Packet): Message {
  const t = rule.target;
  const c = rule.comment ?? '';
  switch (t.t) {
    case 'jump':
      if (t.chain.startsWith('KUBE-SVC-')) {
        if (c.startsWith('Redirect pods')) return msg('rule.nodeport-from-pod');
        if (c.startsWith('route LOCAL')) return msg('rule.nodeport-local');
        return msg(c.endsWith(' external IP') ? 'rule.service-external' : 'rule.service', { service: serviceOf(c) ?? c });
      }
      if (t.chain.startsWith('KUBE-XLB-')) return msg('rule.local-policy', { service: serviceOf(c) ?? c });
      if (t.chain === 'KUBE-MARK-DROP' && c.endsWith('has no local endpoints'))
        return msg('rule.local-policy-drop', { service: serviceOf(c) ?? c });
      if (t.chain.startsWith('KUBE-SEP-')) {
        const p = rule.matches.find((m) => m.m === 'statistic');
        if (p && p.m === 'statistic') return msg('rule.probability', { probability: Number(p.probability).toFixed(4).replace(/0+$/, '') });
        if (rule.matches.some((m) => m.m === 'recent')) return msg('rule.affinity');
        return msg('rule.last-endpoint');
      }
      if (t.chain === 'KUBE-MARK-MASQ') return msg('rule.mark-masquerade', { owner: owner(rule) });
      if (t.chain.startsWith('KUBE-POD-FW-')) return msg('rule.pod-firewall', { pod: c.replace(/ (?:in|out)$/, '') });
      if (t.chain.startsWith('KUBE-NWPLCY-') && c.endsWith(' policy')) return msg('rule.policy', { policy: c.slice(0, -' policy'.length) });
      if (t.chain === 'DOCKER') return msg(rule.matches.some((m) => m.m === 'addrtype') ? 'rule.docker-local' : 'rule.docker-bridge');
      return msg('rule.jump', { chain: t.chain });
    case 'DNAT':
      return msg('rule.dnat', { owner: owner(rule), from: `${before.dst}:${before.dport}`, to: `${after.dst}:${after.dport}` });
    case 'SNAT':
      return msg('rule.snat', { to: after.src });
    case 'MASQUERADE':
      return t.randomFully
        ? msg('rule.masquerade-random', { from: `${before.src}:${before.sport}`, to: `${after.src}:${after.sport}` })
        : msg('rule.masquerade', { from: before.src, to: after.src });
    case 'REDIRECT':
      return msg('rule.redirect', { port: after.dport });
    case 'MARK':
      return msg('rule.mark', { mark: '0x' + after.mark.toString(16) });
    case 'REJECT':
      return c.endsWith('has no endpoints')
        ? msg('rule.no-endpoints', { service: serviceOf(c) ?? c })
        : msg('rule.reject', { with: t.with });
    case 'DROP':
      return c === 'block incoming localnet connections' ? msg('rule.localnet-drop') : msg('rule.drop');
    case 'ACCEPT':
      return msg('rule.accept');
    case 'RETURN':
      return msg('rule.return');
    case 'NFLOG':
      return msg('rule.nflog', { group: t.group });
    case 'none':
      return msg('rule.count-only');
  }
}

export { formatPacket };
