/**
 * Runs one nftables base chain on a packet as the kernel does: a rule's expressions in order
 * (a match that fails ends the rule, a statement acts), a verdict-map lookup that finds no element
 * ends the rule, `jump` walks a chain and comes back, `goto` walks it in the caller's place,
 * `accept` ends this base chain only (the hook's later chains still run), `drop` and `reject` end
 * the packet, and a NAT statement (`dnat`, `masquerade`) is final. Each rule that acted is
 * recorded with its text and, for a lookup, the key and the element it found.
 */
import { hash53 } from '../hash.ts';
import { cidrContains, parseCidr, parseIp } from '../net/ipv4.ts';
import type { NftChain, NftElement, NftField, NftRule, NftSet, NftTable, NftVerdict } from '../nftables/model.ts';
import { printRule, printVerdict } from '../nftables/print.ts';
import type { Packet } from './packet.ts';

export type NftOutcome = 'ACCEPT' | 'DROP' | 'REJECT' | 'NAT';

/** What a rule did, for the hop list: a lookup's key and answer, numgen's draw. */
export type NftAction =
  | { readonly a: 'lookup'; readonly map: string; readonly key: string; readonly verdict: string }
  | { readonly a: 'numgen'; readonly mod: number; readonly index: number; readonly verdict: string }
  | { readonly a: 'numgen-dnat'; readonly mod: number; readonly index: number }
  | { readonly a: 'dnat' }
  | { readonly a: 'masquerade' }
  | { readonly a: 'mark' }
  | { readonly a: 'update'; readonly set: string }
  | { readonly a: 'reject' }
  | { readonly a: 'verdict'; readonly verdict: string };

export interface NftHit {
  readonly chain: string;
  readonly rule: NftRule;
  readonly text: string;
  readonly action: NftAction;
  readonly before: Packet;
  readonly after: Packet;
}

export interface NftContext {
  readonly ctstate: 'NEW' | 'ESTABLISHED';
  /** conntrack's status bit: the connection's destination was translated. */
  readonly dnatted: boolean;
  readonly random: () => number;
  /** `fib … type local`. */
  readonly isLocal: (ip: string) => boolean;
  /** The address masquerade takes (the way out's address). */
  readonly masqueradeAddress: () => string | undefined;
  /** Sets filled at run time (session affinity): name → addresses. */
  readonly dynamicSets: Map<string, Set<string>>;
}

export interface NftChainResult {
  readonly verdict: NftOutcome;
  readonly packet: Packet;
  readonly hits: NftHit[];
}

const MAX_DEPTH = 32;

function fieldValue(f: NftField, p: Packet): string {
  return f === 'saddr' ? p.src : f === 'daddr' ? p.dst : f === 'l4proto' ? p.proto : String(p.dport);
}

function keyText(key: readonly string[]): string {
  return key.join(' . ');
}

function find(set: NftSet | undefined, key: readonly string[]): NftElement | undefined {
  const text = keyText(key);
  return set?.elements.find((e) => keyText(e.key) === text);
}

/** `--random-fully`'s port, drawn from the connection's own tuple as the iptables walk does. */
function randomFullyPort(p: Packet): number {
  return 1024 + (hash53(`${p.proto} ${p.src}:${p.sport} ${p.dst}:${p.dport}`) % (65536 - 1024));
}

export function runNftChain(table: NftTable, base: NftChain, packet: Packet, ctx: NftContext): NftChainResult {
  const hits: NftHit[] = [];
  const sets = new Map(table.sets.map((s) => [s.name, s]));
  const chains = new Map(table.chains.map((c) => [c.name, c]));
  const inSet = (name: string, key: readonly string[]) =>
    key.length === 1 && ctx.dynamicSets.get(name)?.has(key[0]!) ? true : find(sets.get(name), key) !== undefined;

  type Step = { stop?: NftOutcome; ret?: boolean; packet: Packet };

  const verdict = (v: NftVerdict, p: Packet, depth: number): Step => {
    switch (v.v) {
      case 'accept':
        return { stop: 'ACCEPT', packet: p };
      case 'drop':
        return { stop: 'DROP', packet: p };
      case 'return':
        return { ret: true, packet: p };
      case 'jump':
        return { ...walk(v.chain, p, depth + 1), ret: false };
      case 'goto': {
        const inner = walk(v.chain, p, depth + 1);
        return inner.stop ? inner : { ret: true, packet: inner.packet };
      }
    }
  };

  // One rule: undefined when it did not apply (a match failed, a lookup found nothing). The rule
  // is recorded once, with what it did last that mattered, before any chain it sends the packet to.
  const runRule = (chain: string, rule: NftRule, p: Packet, depth: number): Step | undefined => {
    let current = p;
    let did: NftAction | undefined;
    const record = (action: NftAction, after: Packet) => hits.push({ chain, rule, text: printRule(rule), action, before: p, after });
    const then = (action: NftAction, step: () => Step): Step => {
      record(action, current);
      return step();
    };
    const final = (action: NftAction, stop: NftOutcome, after: Packet): Step => {
      record(action, after);
      return { stop, packet: after };
    };
    for (const x of rule.exprs) {
      switch (x.e) {
        case 'ct-state':
          if (!x.states.some((s) => (s === 'new') === (ctx.ctstate === 'NEW'))) return undefined;
          continue;
        case 'ct-status':
          if (!ctx.dnatted) return undefined;
          continue;
        case 'addr': {
          const inside = cidrContains(parseCidr(x.cidr.includes('/') ? x.cidr : `${x.cidr}/32`)!, parseIp(fieldValue(x.field, current))!);
          if (inside === !!x.not) return undefined;
          continue;
        }
        case 'addr-in-set':
          if (!inSet(x.set, [fieldValue(x.field, current)])) return undefined;
          continue;
        case 'l4proto':
          if (current.proto !== x.proto) return undefined;
          continue;
        case 'fib-local':
          if (!ctx.isLocal(fieldValue(x.field, current))) return undefined;
          continue;
        case 'mark-set-bits':
          if ((current.mark & x.mask) === 0) return undefined;
          continue;
        case 'tuple-in-set':
          if (
            !inSet(
              x.set,
              x.fields.map((f) => fieldValue(f, current)),
            )
          )
            return undefined;
          continue;
        case 'mark-or':
        case 'mark-xor':
          current = { ...current, mark: (x.e === 'mark-or' ? current.mark | x.value : current.mark ^ x.value) >>> 0 };
          did = { a: 'mark' };
          continue;
        case 'update-set': {
          const set = ctx.dynamicSets.get(x.set) ?? new Set<string>();
          ctx.dynamicSets.set(x.set, set);
          set.add(current.src);
          did = { a: 'update', set: x.set };
          continue;
        }
        case 'vmap': {
          const key = x.fields.map((f) => fieldValue(f, current));
          const found = find(sets.get(x.map), key);
          if (!found?.verdict) return undefined;
          const v = found.verdict;
          return then({ a: 'lookup', map: x.map, key: keyText(key), verdict: printVerdict(v) }, () => verdict(v, current, depth));
        }
        case 'numgen-vmap': {
          const index = Math.min(x.mod - 1, Math.floor(ctx.random() * x.mod));
          const v = x.verdicts[index]!;
          return then({ a: 'numgen', mod: x.mod, index, verdict: printVerdict(v) }, () => verdict(v, current, depth));
        }
        case 'dnat':
          return final({ a: 'dnat' }, 'NAT', { ...current, dst: x.ip, dport: x.port });
        case 'numgen-dnat': {
          const index = Math.min(x.mod - 1, Math.floor(ctx.random() * x.mod));
          const t = x.targets[index]!;
          return final({ a: 'numgen-dnat', mod: x.mod, index }, 'NAT', { ...current, dst: t.ip, dport: t.port });
        }
        case 'masquerade': {
          const src = ctx.masqueradeAddress() ?? current.src;
          return final({ a: 'masquerade' }, 'NAT', { ...current, src, ...(x.fullyRandom ? { sport: randomFullyPort(current) } : {}) });
        }
        case 'reject':
          return final({ a: 'reject' }, 'REJECT', current);
        case 'verdict': {
          const v = x.verdict;
          return then({ a: 'verdict', verdict: printVerdict(v) }, () => verdict(v, current, depth));
        }
      }
    }
    if (did) record(did, current);
    return { packet: current };
  };

  const walk = (name: string, p: Packet, depth: number): Step => {
    const chain = chains.get(name);
    if (!chain || depth > MAX_DEPTH) return { packet: p };
    let current = p;
    for (const rule of chain.rules) {
      const step = runRule(name, rule, current, depth);
      if (!step) continue;
      if (step.stop) return step;
      current = step.packet;
      if (step.ret) return { packet: current };
    }
    return { packet: current };
  };

  const out = walk(base.name, packet, 0);
  if (out.stop) return { verdict: out.stop, packet: out.packet, hits };
  return { verdict: base.base?.policy === 'drop' ? 'DROP' : 'ACCEPT', packet: out.packet, hits };
}
