/** A plain-language line for each nftables rule a packet met, and the iptables-like target it amounts to (for the graph's rewrite colours). */
import { msg, type Message } from '../message.ts';
import type { Target } from '../netfilter/rule.ts';
import type { NftHit } from './nft.ts';

export function explainNft(h: NftHit): Message {
  const a = h.action;
  const from = `${h.before.dst}:${h.before.dport}`;
  const to = `${h.after.dst}:${h.after.dport}`;
  switch (a.a) {
    case 'lookup':
      return msg('nft.lookup', { key: a.key, map: `@${a.map}`, verdict: a.verdict });
    case 'numgen':
      return msg('nft.numgen', { mod: a.mod, index: a.index, verdict: a.verdict });
    case 'numgen-dnat':
      return msg('nft.numgen-dnat', { mod: a.mod, index: a.index, from, to });
    case 'dnat':
      return msg('rule.dnat', { owner: 'kube-proxy', from, to });
    case 'masquerade': {
      const hairpin = h.rule.exprs.some((x) => x.e === 'tuple-in-set');
      const moved = { from: `${h.before.src}:${h.before.sport}`, to: `${h.after.src}:${h.after.sport}` };
      return hairpin ? msg('nft.hairpin-masquerade', moved) : msg('nft.masquerade', moved);
    }
    case 'mark':
      return h.rule.comment === 'masquerade clusterIP traffic from outside cluster'
        ? msg('nft.mark-outside', { mark: '0x' + h.after.mark.toString(16) })
        : msg('rule.mark-masquerade', { owner: 'kube-proxy' });
    case 'update':
      return msg('nft.affinity-remember', { set: `@${a.set}`, client: h.before.src });
    case 'reject':
      return h.chain === 'cluster-ips-check'
        ? msg('nft.reject-port', { dst: from })
        : msg('rule.reject', { with: 'icmp port-unreachable' });
    case 'verdict':
      if (a.verdict === 'drop')
        return h.chain === 'cluster-ips-check' ? msg('nft.drop-unallocated', { dst: h.before.dst }) : msg('rule.drop');
      if (a.verdict === 'accept') return msg('rule.accept');
      if (a.verdict === 'return') return msg('rule.return');
      if (h.rule.exprs.some((x) => x.e === 'addr-in-set' && x.field === 'saddr')) return msg('rule.affinity');
      return msg('nft.chain', { verdict: a.verdict });
  }
}

/** What the rule did to the packet, in the terms the graph colours rewrites by. */
export function nftTarget(h: NftHit): Target | undefined {
  switch (h.action.a) {
    case 'dnat':
    case 'numgen-dnat':
      return { t: 'DNAT', ip: h.after.dst, port: h.after.dport };
    case 'masquerade':
      return { t: 'MASQUERADE', randomFully: true };
    case 'reject':
      return { t: 'REJECT', with: 'icmp-port-unreachable' };
    default:
      return undefined;
  }
}
