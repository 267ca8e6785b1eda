/** A plain-language line for each rule a packet matched, so a student can read the hop list. */
import type { Rule } from '../netfilter/rule.ts';
import { formatPacket, type Packet } from './packet.ts';

function owner(rule: Rule): string {
  const c = rule.comment ?? '';
  if (/^(handle |kubernetes |Kubernetes |Ensure )/.test(c) || c === '') {
    if (/^(DOCKER)/.test(rule.chain) || /docker0/.test(rule.text) || (/MASQUERADE/.test(rule.text) && c === '')) return 'Docker';
    return 'kube-proxy';
  }
  return `kube-proxy (${c.replace(/ (cluster IP|has no endpoints)$/, '')})`;
}

export function explainRule(rule: Rule, before: Packet, after: Packet): string {
  const t = rule.target;
  const c = rule.comment ?? '';
  switch (t.t) {
    case 'jump':
      if (t.chain.startsWith('KUBE-SVC-')) return `Traffic for service ${c.replace(/ cluster IP$/, '')} goes to its load-balancing chain.`;
      if (t.chain.startsWith('KUBE-SEP-')) {
        const p = rule.matches.find((m) => m.m === 'statistic');
        if (p && p.m === 'statistic') return `Picked this endpoint with probability ${Number(p.probability).toFixed(4).replace(/0+$/, '')} (the rest fall through to the next rule).`;
        if (rule.matches.some((m) => m.m === 'recent')) return 'Session affinity: this client was sent to this endpoint before, so it goes there again.';
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
      return `Masquerade: the source becomes the outgoing interface's address, ${before.src} → ${after.src}.`;
    case 'REDIRECT':
      return `kube-proxy's portal redirects the packet to port ${after.dport} on this node, where kube-proxy listens.`;
    case 'MARK':
      return `Sets mark ${'0x' + after.mark.toString(16)} on the packet.`;
    case 'REJECT':
      return c.endsWith('has no endpoints')
        ? `Service ${c.replace(/ has no endpoints$/, '')} has no endpoints: the node answers "port unreachable".`
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
