/**
 * An nftables ruleset as data: tables of sets, verdict maps and chains whose rules are lists of
 * expressions (matches that must hold, statements that act), in the order `nft` writes them. The
 * printer (print.ts) shows it as `nft list ruleset` does, the tracer (trace/nft.ts) evaluates it
 * at the hooks and priorities its base chains name.
 */

export type NftHook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';

/** A verdict as a rule or a map element gives it. */
export type NftVerdict = { readonly v: 'jump' | 'goto'; readonly chain: string } | { readonly v: 'accept' | 'drop' | 'return' };

/** The header fields a concatenated key (`ip daddr . meta l4proto . th dport`) is made of. */
export type NftField = 'saddr' | 'daddr' | 'l4proto' | 'dport';

export type NftExpr =
  // Matches.
  | { readonly e: 'ct-state'; readonly states: readonly ('new' | 'established' | 'related')[] }
  | { readonly e: 'ct-status'; readonly status: 'dnat' }
  | { readonly e: 'addr'; readonly field: 'saddr' | 'daddr'; readonly cidr: string; readonly not?: boolean }
  | { readonly e: 'addr-in-set'; readonly field: 'saddr' | 'daddr'; readonly set: string }
  | { readonly e: 'l4proto'; readonly proto: 'tcp' | 'udp' | 'sctp' }
  | { readonly e: 'fib-local'; readonly field: 'saddr' | 'daddr' }
  | { readonly e: 'mark-set-bits'; readonly mask: number }
  | { readonly e: 'tuple-in-set'; readonly fields: readonly NftField[]; readonly set: string }
  // Statements.
  | { readonly e: 'mark-or'; readonly value: number }
  | { readonly e: 'mark-xor'; readonly value: number }
  | { readonly e: 'update-set'; readonly set: string; readonly field: 'saddr' }
  | { readonly e: 'vmap'; readonly fields: readonly NftField[]; readonly map: string }
  | { readonly e: 'numgen-vmap'; readonly mod: number; readonly verdicts: readonly NftVerdict[] }
  | { readonly e: 'dnat'; readonly ip: string; readonly port: number }
  | { readonly e: 'numgen-dnat'; readonly mod: number; readonly targets: readonly { readonly ip: string; readonly port: number }[] }
  | { readonly e: 'masquerade'; readonly fullyRandom: boolean }
  | { readonly e: 'reject' }
  | { readonly e: 'verdict'; readonly verdict: NftVerdict };

export interface NftRule {
  readonly exprs: readonly NftExpr[];
  readonly comment?: string;
}

export interface NftBaseChain {
  readonly type: 'filter' | 'nat';
  readonly hook: NftHook;
  /** The number the kernel orders a hook's chains by (iptables' nat table is -100 at prerouting). */
  readonly priority: number;
  readonly policy: 'accept' | 'drop';
}

export interface NftChain {
  readonly name: string;
  readonly base?: NftBaseChain;
  readonly comment?: string;
  readonly rules: readonly NftRule[];
}

/** The key types of kube-proxy's sets and maps, as `nft` names them. */
export type NftKeyType = 'ipv4_addr' | 'inet_proto' | 'inet_service';

export interface NftElement {
  /** One value per key type: an address, a protocol name, a port. */
  readonly key: readonly string[];
  readonly comment?: string;
  /** A verdict map's value. */
  readonly verdict?: NftVerdict;
}

export interface NftSet {
  readonly name: string;
  /** A verdict map (`map … : verdict`) rather than a set. */
  readonly map: boolean;
  readonly key: readonly NftKeyType[];
  readonly comment?: string;
  /** An affinity set: addresses added by `update` that expire. */
  readonly timeoutSeconds?: number;
  readonly elements: readonly NftElement[];
}

export interface NftTable {
  readonly family: 'ip';
  readonly name: string;
  readonly comment?: string;
  /** Sets and maps in the order they were made (the order `nft list` shows them). */
  readonly sets: readonly NftSet[];
  readonly chains: readonly NftChain[];
}

export type NftRuleset = readonly NftTable[];
