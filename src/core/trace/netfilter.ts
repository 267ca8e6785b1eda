/**
 * Runs one chain of one table on a packet, rule by rule, as the kernel does: every match of a
 * rule must hold; a jump walks the other chain and comes back; a built-in chain that runs out
 * of rules applies its policy. Each rule that matched is recorded, for the hop list.
 */
import type { NetNamespace } from '../dataplane/model.ts';
import { portIn, type Match, type Rule, type TableName, type Target } from '../netfilter/rule.ts';
import { hash53 } from '../hash.ts';
import { cidrContains, parseIp } from '../net/ipv4.ts';
import type { Packet } from './packet.ts';
import { isLocal } from './routing.ts';
import type { IpSetView } from './network.ts';

export type Verdict = 'ACCEPT' | 'DROP' | 'REJECT' | 'NAT';

export interface RuleHit {
  readonly table: TableName;
  readonly chain: string;
  readonly rule: Rule;
  readonly before: Packet;
  readonly after: Packet;
}

/** What a chain walk needs to know of the packet's surroundings. */
export interface HookContext {
  readonly ns: NetNamespace;
  readonly in?: string;
  readonly out?: string;
  /**
   * br_netfilter's record of the bridge ports: the packet came in by one (`--physdev-is-in`: from
   * a container, also when it is then routed), and it leaves by one (bridged, not routed).
   */
  readonly physIn: boolean;
  readonly physOut: boolean;
  readonly ctstate: 'NEW' | 'ESTABLISHED';
  /** The connection's NAT so far (conntrack's virtual states DNAT and SNAT). */
  readonly natted?: { readonly dst: boolean; readonly src: boolean };
  readonly random: () => number;
  /** `-m recent` lists of this namespace: name → source addresses. */
  readonly recent: Map<string, Set<string>>;
  /** The namespace's ipsets (kube-proxy's ipvs mode, kube-router's policies), by name. */
  readonly ipsets?: ReadonlyMap<string, IpSetView>;
  /** Resolves MASQUERADE's and REDIRECT's addresses. */
  readonly addressOf: (iface: string | undefined) => string | undefined;
}

export interface ChainResult {
  readonly verdict: Verdict;
  readonly packet: Packet;
  readonly hits: RuleHit[];
  /** The rule that decided, when one did (else the chain policy). */
  readonly decidedBy?: Rule;
}

function ifaceMatches(pattern: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

function matches(m: Match, p: Packet, ctx: HookContext): boolean {
  const holds = (value: boolean, not: boolean) => value !== not;
  switch (m.m) {
    case 'src':
      return holds(cidrContains(m.cidr, parseIp(p.src)!), m.not);
    case 'dst':
      return holds(cidrContains(m.cidr, parseIp(p.dst)!), m.not);
    case 'in':
      return holds(ifaceMatches(m.iface, ctx.in), m.not);
    case 'out':
      return holds(ifaceMatches(m.iface, ctx.out), m.not);
    case 'proto':
      return holds(m.proto === p.proto, m.not);
    case 'dport':
      return holds(portIn(m.ports, p.dport), m.not);
    case 'sport':
      return holds(portIn(m.ports, p.sport), m.not);
    case 'addrtype':
      return holds(m.type === 'LOCAL' && isLocal(ctx.ns, m.which === 'dst' ? p.dst : p.src), m.not);
    case 'mark':
      return holds((p.mark & m.mask) >>> 0 === m.value, m.not);
    case 'statistic':
      return ctx.random() < m.probability;
    case 'recent': {
      const ip = m.source ? p.src : p.dst;
      const list = ctx.recent.get(m.name) ?? new Set<string>();
      ctx.recent.set(m.name, list);
      if (m.mode === 'set') {
        list.add(ip);
        return true;
      }
      return list.has(ip);
    }
    case 'conntrack':
      return holds(
        m.states.some((s) => s === ctx.ctstate || (s === 'DNAT' && ctx.natted?.dst) || (s === 'SNAT' && ctx.natted?.src)),
        m.not,
      );
    case 'physdev':
      return holds(m.flag === 'in' ? ctx.physIn : ctx.physOut, m.not);
    case 'set':
      return holds(inSet(m.name, m.flags, p, ctx), m.not);
    case 'comment':
    case 'limit':
      return true;
    case 'icmp':
      return false;
  }
}

/**
 * An ipset member is written `ip,proto:port[,ip]`, a bare port or address, or a network (hash:net,
 * where the most specific network holding the address decides, and a `nomatch` one excludes it);
 * the flags say which header fields make the key.
 */
function inSet(name: string, flags: readonly ('src' | 'dst')[], p: Packet, ctx: HookContext): boolean {
  const set = ctx.ipsets?.get(name);
  if (!set) return false;
  const members = set.members;
  const ip = (f: 'src' | 'dst' | undefined) => (f === 'src' ? p.src : p.dst);
  if (set.type === 'hash:net') {
    const addr = parseIp(ip(flags[0]))!;
    const holding = set.nets.filter((n) => cidrContains(n.cidr, addr));
    const best = holding.reduce<(typeof holding)[number] | undefined>((a, n) => (!a || n.cidr.prefix > a.cidr.prefix ? n : a), undefined);
    return best !== undefined && !best.nomatch;
  }
  if (set.type === 'hash:ip') return members.has(ip(flags[0]));
  const port = (f: 'src' | 'dst' | undefined) => (f === 'src' ? p.sport : p.dport);
  const key =
    flags.length === 1
      ? String(port(flags[0]))
      : flags.length === 2
        ? `${ip(flags[0])},${p.proto}:${port(flags[1])}`
        : `${ip(flags[0])},${p.proto}:${port(flags[1])},${ip(flags[2])}`;
  return members.has(key);
}

function applyTarget(t: Target, p: Packet, ctx: HookContext): Packet {
  switch (t.t) {
    case 'DNAT':
      return { ...p, dst: t.ip, dport: t.port ?? p.dport };
    case 'SNAT':
      return { ...p, src: t.ip, sport: t.port ?? p.sport };
    case 'MASQUERADE':
      return { ...p, src: ctx.addressOf(ctx.out) ?? p.src, ...(t.randomFully ? { sport: randomFullyPort(p) } : {}) };
    case 'REDIRECT':
      return { ...p, dst: ctx.in === undefined ? '127.0.0.1' : (ctx.addressOf(ctx.in) ?? p.dst), dport: t.port };
    case 'MARK':
      return { ...p, mark: ((p.mark & ~t.mask) ^ t.value) >>> 0 };
    default:
      return p;
  }
}

/**
 * `--random-fully`: the kernel draws the new source port at random from 1024-65535 rather than
 * keep the client's. Drawn here from the connection's own tuple: the same connection gets the same
 * port, and the network's random stream (which endpoints -m statistic picks) is left alone.
 */
function randomFullyPort(p: Packet): number {
  return 1024 + (hash53(`${p.proto} ${p.src}:${p.sport} ${p.dst}:${p.dport}`) % (65536 - 1024));
}

const MAX_DEPTH = 32;

export function runChain(table: TableName, chain: string, packet: Packet, ctx: HookContext): ChainResult {
  const hits: RuleHit[] = [];
  const t = ctx.ns.iptables.get(table);
  const builtin = t?.chains.get(chain);
  if (!t || !builtin) return { verdict: 'ACCEPT', packet, hits };

  // Returns a terminal result, or undefined when the chain ran out or RETURNed.
  const walk = (name: string, p: Packet, depth: number): { result?: ChainResult; packet: Packet } => {
    const c = t.chains.get(name);
    if (!c || depth > MAX_DEPTH) return { packet: p };
    let current = p;
    for (const rule of c.rules) {
      if (!rule.matches.every((m) => matches(m, current, ctx))) continue;
      const target = rule.target;
      const after = applyTarget(target, current, ctx);
      hits.push({ table, chain: name, rule, before: current, after });
      switch (target.t) {
        case 'jump': {
          const inner = walk(target.chain, current, depth + 1);
          if (inner.result) return inner;
          current = inner.packet;
          continue;
        }
        case 'MARK':
          current = after;
          continue;
        case 'NFLOG':
        case 'none':
          continue;
        case 'RETURN':
          return { packet: current };
        case 'ACCEPT':
          return { result: { verdict: 'ACCEPT', packet: current, hits, decidedBy: rule }, packet: current };
        case 'DROP':
          return { result: { verdict: 'DROP', packet: current, hits, decidedBy: rule }, packet: current };
        case 'REJECT':
          return { result: { verdict: 'REJECT', packet: current, hits, decidedBy: rule }, packet: current };
        default:
          return { result: { verdict: 'NAT', packet: after, hits, decidedBy: rule }, packet: after };
      }
    }
    return { packet: current };
  };

  const { result, packet: out } = walk(chain, packet, 0);
  if (result) return result;
  return { verdict: builtin.policy === 'DROP' ? 'DROP' : 'ACCEPT', packet: out, hits };
}
