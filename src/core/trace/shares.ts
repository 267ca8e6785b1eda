/**
 * The share of new connections each endpoint of a service should get, read from the rules that
 * decide it: in iptables mode the `-m statistic --probability` cascade of the KUBE-SVC chain
 * (rule i catches p_i of what reaches it), in nftables mode `numgen random mod N` (1/N each),
 * in the other modes round robin.
 */
import { indexOf } from '../dataplane/lookup.ts';
import type { Dataplane } from '../dataplane/model.ts';
import { nsId } from '../namespace-id.ts';
import { portIn, type Rule } from '../netfilter/rule.ts';
import { cidrContains, parseIp } from '../net/ipv4.ts';
import type { NftRuleset } from '../nftables/model.ts';
import { printRule } from '../nftables/print.ts';

export interface Share {
  /** `ip:port` of the endpoint. */
  readonly endpoint: string;
  readonly share: number;
  /** The rule that picks it, when a rule does. */
  readonly rule?: string;
}

function dnatOf(rules: readonly Rule[]): string | undefined {
  for (const r of rules) if (r.target.t === 'DNAT') return `${r.target.ip}:${r.target.port}`;
  return undefined;
}

/** Shares for connections to `ip:port` made from node `node`; undefined when no service owns it. */
export function serviceShares(dp: Dataplane, node: string, ip: string, port: number, proto: 'tcp' | 'udp'): Share[] | undefined {
  const index = indexOf(dp);
  const ns = index.namespace(nsId.node(node));
  if (ns?.nftables?.length) return nftShares(ns.nftables, ip, port, proto);
  const nat = ns?.iptables.get('nat');
  const target = parseIp(ip);
  if (!ns || !nat || target === undefined) return undefined;
  const services = nat.chains.get('KUBE-SERVICES')?.rules ?? [];
  const jump = services.find(
    (r) =>
      r.target.t === 'jump' &&
      r.target.chain.startsWith('KUBE-SVC-') &&
      r.matches.some((m) => m.m === 'dst' && !m.not && cidrContains(m.cidr, target)) &&
      r.matches.some((m) => m.m === 'dport' && portIn(m.ports, port)) &&
      r.matches.some((m) => m.m === 'proto' && m.proto === proto),
  );
  if (jump && jump.target.t === 'jump') {
    const out: Share[] = [];
    let remaining = 1;
    for (const r of nat.chains.get(jump.target.chain)?.rules ?? []) {
      if (r.target.t !== 'jump' || r.matches.some((m) => m.m === 'recent')) continue;
      const stat = r.matches.find((m) => m.m === 'statistic');
      const p = stat && stat.m === 'statistic' ? stat.probability : 1;
      const endpoint = dnatOf(nat.chains.get(r.target.chain)?.rules ?? []);
      if (endpoint) out.push({ endpoint, share: remaining * p, rule: r.text });
      remaining *= 1 - p;
    }
    return out;
  }
  // userspace (kube-proxy's own round robin) and ipvs (rr): equal turns.
  const proxied = ns.listeners.find((l) => l.proxy?.kind === 'kube-proxy' && proxiesFor(dp, node, l.port, ip, port));
  const backends =
    proxied?.proxy?.backends ??
    index.node(node)?.ipvs.find((v) => v.ip === ip && v.port === port && v.protocol.toLowerCase() === proto)?.realServers;
  if (!backends) return undefined;
  return backends.map((b) => ({ endpoint: `${b.ip}:${b.port}`, share: 1 / backends.length }));
}

/** nftables mode: the service's chain (found in @service-ips) draws numgen random mod N, 1/N to each endpoint. */
function nftShares(tables: NftRuleset, ip: string, port: number, proto: 'tcp' | 'udp'): Share[] | undefined {
  for (const t of tables) {
    const chains = new Map(t.chains.map((c) => [c.name, c]));
    const element = t.sets.find((s) => s.name === 'service-ips')?.elements.find((e) => e.key.join(' ') === `${ip} ${proto} ${port}`);
    const chain = element?.verdict && 'chain' in element.verdict ? chains.get(element.verdict.chain) : undefined;
    for (const r of chain?.rules ?? [])
      for (const x of r.exprs) {
        if (x.e === 'numgen-dnat') return x.targets.map((e) => ({ endpoint: `${e.ip}:${e.port}`, share: 1 / x.mod, rule: printRule(r) }));
        if (x.e === 'numgen-vmap')
          return x.verdicts.flatMap((v) => {
            const dnat =
              'chain' in v
                ? chains
                    .get(v.chain)
                    ?.rules.flatMap((q) => q.exprs)
                    .find((y) => y.e === 'dnat')
                : undefined;
            return dnat && dnat.e === 'dnat' ? [{ endpoint: `${dnat.ip}:${dnat.port}`, share: 1 / x.mod, rule: printRule(r) }] : [];
          });
      }
  }
  return undefined;
}

/** True when the node's userspace portal for `ip:port` redirects to `proxyPort`. */
function proxiesFor(dp: Dataplane, node: string, proxyPort: number, ip: string, port: number): boolean {
  const nat = indexOf(dp).namespace(nsId.node(node))?.iptables.get('nat');
  const target = parseIp(ip)!;
  return (nat?.chains.get('KUBE-PORTALS-CONTAINER')?.rules ?? []).some(
    (r) =>
      r.target.t === 'REDIRECT' &&
      r.target.port === proxyPort &&
      r.matches.some((m) => m.m === 'dst' && cidrContains(m.cidr, target)) &&
      r.matches.some((m) => m.m === 'dport' && portIn(m.ports, port)),
  );
}
