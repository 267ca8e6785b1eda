/**
 * One netfilter hook of one namespace: every chain the kernel runs there, in priority order,
 * whoever wrote it: iptables' tables (raw −300, mangle −150, nat −100 before routing and +100
 * after, filter 0) and the base chains of nftables tables (kube-proxy's nftables mode). At equal
 * priority the chain registered last runs first; kube-proxy's table is made after the node's
 * iptables, so its chains go first. NAT is set up once per connection: the hook's nat chains run
 * in turn until one translates the packet (a reply is un-NATed instead), as nf_nat does.
 */
import type { NetNamespace } from '../dataplane/model.ts';
import { msg, type Message } from '../message.ts';
import type { TableName } from '../netfilter/rule.ts';
import type { NftChain, NftTable } from '../nftables/model.ts';
import type { ConntrackEntry } from './conntrack.ts';
import { explainRule } from './explain.ts';
import { explainNft, nftTarget } from './explain-nft.ts';
import type { Hook, Hop, Where } from './model.ts';
import { runChain } from './netfilter.ts';
import type { Network } from './network.ts';
import { runNftChain } from './nft.ts';
import { policyDenial, type PolicyDenial } from './policy.ts';
import type { Packet } from './packet.ts';
import { iface, isLocal, primaryAddress } from './routing.ts';

export interface Ct {
  readonly entry: ConntrackEntry;
  readonly direction: 'original' | 'reply';
  readonly fresh: boolean;
}

type Slot =
  | { readonly kind: 'iptables'; readonly table: TableName; readonly priority: number; readonly nat: boolean }
  | { readonly kind: 'nft'; readonly table: NftTable; readonly chain: NftChain; readonly priority: number; readonly nat: boolean };

const IPTABLES_PRIORITY: Readonly<Record<TableName, number>> = { raw: -300, mangle: -150, nat: -100, filter: 0 };

const TABLES: Readonly<Record<Hook, readonly TableName[]>> = {
  PREROUTING: ['raw', 'mangle', 'nat'],
  // nat INPUT (SNAT of locally delivered packets) comes after IPVS; no component here writes it.
  INPUT: ['mangle', 'filter'],
  FORWARD: ['mangle', 'filter'],
  OUTPUT: ['raw', 'mangle', 'nat', 'filter'],
  POSTROUTING: ['mangle', 'nat'],
};

/** The chains a hook runs, in the kernel's order. */
function slots(ns: NetNamespace, hook: Hook): Slot[] {
  const nft: Slot[] = (ns.nftables ?? []).flatMap((table) =>
    table.chains
      .filter((c) => c.base?.hook === hook.toLowerCase())
      .map((chain) => ({ kind: 'nft' as const, table, chain, priority: chain.base!.priority, nat: chain.base!.type === 'nat' })),
  );
  const ipt: Slot[] = TABLES[hook].map((table) => ({
    kind: 'iptables' as const,
    table,
    priority: table === 'nat' && hook === 'POSTROUTING' ? 100 : IPTABLES_PRIORITY[table],
    nat: table === 'nat',
  }));
  // A stable sort keeps the nft chains (registered last) ahead of iptables' at the same priority.
  return [...nft, ...ipt].sort((a, b) => a.priority - b.priority);
}

export interface HookRun {
  readonly net: Network;
  readonly ns: NetNamespace;
  readonly hook: Hook;
  readonly ct: Ct | undefined;
  readonly ifs: { readonly in?: string; readonly out?: string };
  readonly phys: { readonly in?: boolean; readonly out?: boolean };
  readonly hop: (where: Where, explain: Message, before: Packet, after: Packet, extra: Partial<Hop>) => void;
  /** Un-NATs a reply (and records it). */
  readonly unnat: (p: Packet, dstSide: boolean) => Packet;
}

export interface HookResult {
  readonly packet: Packet;
  readonly stop?: {
    readonly kind: 'drop' | 'reject';
    readonly why: Message;
    readonly policy?: string;
    /** Where a policy's rejection happened: the pod's KUBE-POD-FW chain, in its hook and table. */
    readonly at?: Pick<Hop, 'hook' | 'table' | 'chain'>;
  };
}

export function runHook(r: HookRun, p: Packet): HookResult {
  const { ns, hook, ct, ifs } = r;
  const dstSide = hook === 'PREROUTING' || hook === 'OUTPUT';
  let packet = p;
  let nat: 'undecided' | 'run' | 'skip' = 'undecided';
  const at = r.net.where(ns.id, ifs.in ? { iface: ifs.in } : ifs.out ? { iface: ifs.out } : {});
  const ctstate = ct && !(ct.direction === 'original' && ct.fresh) ? ('ESTABLISHED' as const) : ('NEW' as const);
  for (const slot of slots(ns, hook)) {
    if (slot.nat) {
      if (!ct || nat === 'skip') continue;
      if (nat === 'undecided') {
        nat = 'skip';
        if (ct.direction === 'reply') {
          packet = r.unnat(packet, dstSide);
          continue;
        }
        if (!ct.fresh || (dstSide ? ct.entry.dstNatDone : ct.entry.srcNatDone)) continue;
        if (dstSide) ct.entry.dstNatDone = true;
        else ct.entry.srcNatDone = true;
        nat = 'run';
      }
    }
    let result: { verdict: string; packet: Packet; byRule: boolean; denial?: PolicyDenial; at?: Pick<Hop, 'hook' | 'table' | 'chain'> };
    if (slot.kind === 'iptables') {
      if (!ns.iptables.get(slot.table)) continue;
      const run = runChain(slot.table, hook, packet, {
        ns,
        ...ifs,
        physIn: r.phys.in ?? false,
        physOut: r.phys.out ?? false,
        ctstate,
        ...(ct ? { natted: { dst: ct.entry.dstNatted, src: ct.entry.srcNatted } } : {}),
        random: r.net.random,
        recent: r.net.recentLists(ns.id),
        addressOf: (name) => masqueradeAddress(ns, name),
        ipsets: r.net.ipsets(ns),
      });
      for (const h of run.hits)
        r.hop(at, explainRule(h.rule, h.before, h.after), h.before, h.after, {
          hook,
          table: h.table,
          chain: h.chain,
          rule: h.rule.text,
          target: h.rule.target,
        });
      const denial = run.verdict === 'REJECT' ? policyDenial(r.net.index.node(ns.name)?.netpol, run.hits, run.packet) : undefined;
      const last = run.hits.at(-1);
      result = {
        verdict: run.verdict,
        packet: run.packet,
        byRule: run.decidedBy !== undefined,
        ...(denial && last ? { denial, at: { hook, table: last.table, chain: last.chain } } : {}),
      };
    } else {
      const run = runNftChain(slot.table, slot.chain, packet, {
        ctstate,
        dnatted: ct?.entry.dstNatted ?? false,
        random: r.net.random,
        isLocal: (ip) => isLocal(ns, ip),
        masqueradeAddress: () => masqueradeAddress(ns, ifs.out),
        dynamicSets: r.net.recentLists(ns.id),
      });
      for (const h of run.hits) {
        const target = nftTarget(h);
        r.hop(at, explainNft(h), h.before, h.after, {
          hook,
          table: `${slot.table.family} ${slot.table.name}`,
          chain: h.chain,
          rule: h.text,
          ...(target ? { target } : {}),
        });
      }
      result = { verdict: run.verdict, packet: run.packet, byRule: true };
    }
    if (slot.nat && ct) {
      if (result.packet.dst !== packet.dst || result.packet.dport !== packet.dport) ct.entry.dstNatted = true;
      if (result.packet.src !== packet.src || result.packet.sport !== packet.sport) ct.entry.srcNatted = true;
      // The connection's NAT is set up: the hook's later nat chains do not run.
      if (result.verdict === 'NAT') nat = 'skip';
    }
    packet = result.packet;
    if (result.verdict === 'DROP')
      return { packet, stop: { kind: 'drop', why: result.byRule ? msg('fail.dropped-by-rule') : msg('fail.dropped-by-policy', { hook }) } };
    if (result.verdict === 'REJECT') {
      const d = result.denial;
      return {
        packet,
        stop: {
          kind: 'reject',
          why: d?.reason ?? msg('fail.rejected-at-node'),
          ...(d?.policy ? { policy: d.policy } : {}),
          ...(result.at ? { at: result.at } : {}),
        },
      };
    }
  }
  return { packet };
}

/**
 * The address MASQUERADE (and REDIRECT) use: the interface's first address; for lo, whose
 * address is host-scoped, the kernel takes the first global address of the namespace.
 */
export function masqueradeAddress(ns: NetNamespace, name: string | undefined): string | undefined {
  if (name !== 'lo') return primaryAddress(name ? iface(ns, name) : undefined);
  return primaryAddress(ns.interfaces.find((i) => i.kind !== 'loopback' && i.addresses.length > 0));
}
