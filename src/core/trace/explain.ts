/** A plain-language line for each rule a packet matched, so a student can read the hop list. */
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

export function explainRule(rule: Rule, before: Packet, after: Packet): string {
  const t = rule.target;
  const c = rule.comment ?? '';
  switch (t.t) {
    case 'jump':
      if (t.chain.startsWith('KUBE-SVC-')) {
        if (c.startsWith('Redirect pods'))
          return "A pod's packet to the node port is not kept on this node: it goes to the service's load-balancing chain, like traffic to the cluster IP.";
        if (c.startsWith('route LOCAL'))
          return "This node's own packet to the node port goes to the service's load-balancing chain (it was marked for masquerade just before).";
        const via = c.endsWith(' external IP') ? ' (sent to its external IP)' : '';
        return `Traffic for service ${serviceOf(c) ?? c}${via} goes to its load-balancing chain.`;
      }
      if (t.chain.startsWith('KUBE-XLB-'))
        return `Service ${serviceOf(c) ?? c} has externalTrafficPolicy: Local: from outside, only this node's own endpoints may answer, and the client's address is kept.`;
      if (t.chain === 'KUBE-MARK-DROP' && c.endsWith('has no local endpoints'))
        return `Service ${serviceOf(c)} keeps external traffic on the node it reached (externalTrafficPolicy: Local), and this node runs none of its endpoints: the packet is marked to be dropped.`;
      if (t.chain.startsWith('KUBE-SEP-')) {
        const p = rule.matches.find((m) => m.m === 'statistic');
        if (p && p.m === 'statistic')
          return `Picked this endpoint with probability ${Number(p.probability).toFixed(4).replace(/0+$/, '')} (the rest fall through to the next rule).`;
        if (rule.matches.some((m) => m.m === 'recent'))
          return 'Session affinity: this client was sent to this endpoint before, so it goes there again.';
        return 'The last endpoint takes everything that reached this rule.';
      }
      if (t.chain === 'KUBE-MARK-MASQ') return `${owner(rule)} marks the packet to be masqueraded on its way out.`;
      if (t.chain === 'DOCKER')
        return rule.matches.some((m) => m.m === 'addrtype')
          ? "Packets to one of this node's own addresses go to Docker's port-mapping chain."
          : "Traffic into docker0 goes to Docker's chain, which lets published ports in.";
      return `Jump to ${t.chain}.`;
    case 'DNAT':
      return `${owner(rule)} rewrites the destination: ${before.dst}:${before.dport} → ${after.dst}:${after.dport}.`;
    case 'SNAT':
      return `Rewrites the source to ${after.src}.`;
    case 'MASQUERADE':
      return t.randomFully
        ? `Masquerade with --random-fully: the source becomes the outgoing interface's address and a random port, ${before.src}:${before.sport} → ${after.src}:${after.sport}.`
        : `Masquerade: the source becomes the outgoing interface's address, ${before.src} → ${after.src}.`;
    case 'REDIRECT':
      return `kube-proxy's portal redirects the packet to port ${after.dport} on this node, where kube-proxy listens.`;
    case 'MARK':
      return `Sets mark ${'0x' + after.mark.toString(16)} on the packet.`;
    case 'REJECT':
      return c.endsWith('has no endpoints')
        ? `Service ${serviceOf(c)} has no endpoints: the node answers "port unreachable".`
        : `Rejected (${t.with}).`;
    case 'DROP':
      return 'Dropped.';
    case 'ACCEPT':
      return 'Accepted.';
    case 'RETURN':
      return `Back to the calling chain.`;
  }
}

export { formatPacket };
