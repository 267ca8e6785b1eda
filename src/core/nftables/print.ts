/**
 * `nft list ruleset` (nftables v1.0.x): tables, their sets and maps, then their chains, each rule
 * in the canonical form nft prints back (`meta mark set meta mark | 0x00004000` for what was
 * written `mark set mark or 0x4000`, `dnat ip to numgen …` for `dnat ip addr . port to numgen …`),
 * set elements in the order nft sorts them and wrapped where nft wraps them.
 */
import { parseIp } from '../net/ipv4.ts';
import type {
  NftBaseChain,
  NftChain,
  NftElement,
  NftExpr,
  NftField,
  NftHook,
  NftRule,
  NftRuleset,
  NftSet,
  NftTable,
  NftVerdict,
} from './model.ts';

const FIELD: Readonly<Record<NftField, string>> = {
  saddr: 'ip saddr',
  daddr: 'ip daddr',
  l4proto: 'meta l4proto',
  dport: 'th dport',
};

const PROTO_NUMBER: Readonly<Record<string, number>> = { tcp: 6, udp: 17, sctp: 132 };

export function printVerdict(v: NftVerdict): string {
  return v.v === 'jump' || v.v === 'goto' ? `${v.v} ${v.chain}` : v.v;
}

const hex8 = (n: number) => '0x' + n.toString(16).padStart(8, '0');

/** An address or prefix as nft prints it: a /32 is the bare address. */
function cidrText(cidr: string): string {
  return cidr.endsWith('/32') ? cidr.slice(0, -3) : cidr;
}

function fields(fs: readonly NftField[]): string {
  return fs.map((f) => FIELD[f]).join(' . ');
}

export function printExpr(x: NftExpr): string {
  switch (x.e) {
    case 'ct-state':
      return `ct state ${x.states.join(',')}`;
    case 'ct-status':
      return `ct status ${x.status}`;
    case 'addr':
      return `${FIELD[x.field]}${x.not ? ' !=' : ''} ${cidrText(x.cidr)}`;
    case 'addr-in-set':
      return `${FIELD[x.field]} @${x.set}`;
    case 'l4proto':
      return `meta l4proto ${x.proto}`;
    case 'fib-local':
      return `fib ${x.field} type local`;
    case 'mark-set-bits':
      return `meta mark & ${hex8(x.mask)} != ${hex8(0)}`;
    case 'tuple-in-set':
      return `${fields(x.fields)} @${x.set}`;
    case 'mark-or':
      return `meta mark set meta mark | ${hex8(x.value)}`;
    case 'mark-xor':
      return `meta mark set meta mark ^ ${hex8(x.value)}`;
    case 'update-set':
      return `update @${x.set} { ${FIELD[x.field]} }`;
    case 'vmap':
      return `${fields(x.fields)} vmap @${x.map}`;
    case 'numgen-vmap':
      return `numgen random mod ${x.mod} vmap { ${x.verdicts.map((v, i) => `${i} : ${printVerdict(v)}`).join(', ')} }`;
    case 'dnat':
      return `dnat to ${x.ip}:${x.port}`;
    case 'numgen-dnat':
      return `dnat ip to numgen random mod ${x.mod} map { ${x.targets.map((t, i) => `${i} : ${t.ip} . ${t.port}`).join(', ')} }`;
    case 'masquerade':
      return x.fullyRandom ? 'masquerade fully-random' : 'masquerade';
    case 'reject':
      return 'reject';
    case 'verdict':
      return printVerdict(x.verdict);
  }
}

export function printRule(r: NftRule): string {
  const text = r.exprs.map(printExpr).join(' ');
  return r.comment === undefined ? text : `${text} comment ${JSON.stringify(r.comment)}`;
}

/** nft's standard priority names, and the hooks where it prints them (dstnat and srcnat only at their own hook). */
const STANDARD_PRIORITIES: readonly { name: string; value: number; hooks?: readonly NftHook[] }[] = [
  { name: 'raw', value: -300 },
  { name: 'mangle', value: -150 },
  { name: 'dstnat', value: -100, hooks: ['prerouting'] },
  { name: 'filter', value: 0 },
  { name: 'security', value: 50 },
  { name: 'srcnat', value: 100, hooks: ['postrouting'] },
];

function priorityText(hook: NftHook, priority: number): string {
  for (const s of STANDARD_PRIORITIES) {
    if (s.hooks && !s.hooks.includes(hook)) continue;
    const offset = priority - s.value;
    if (offset === 0) return s.name;
    if (Math.abs(offset) <= 10) return `${s.name} ${offset < 0 ? '-' : '+'} ${Math.abs(offset)}`;
  }
  return String(priority);
}

function baseText(b: NftBaseChain): string {
  return `type ${b.type} hook ${b.hook} priority ${priorityText(b.hook, b.priority)}; policy ${b.policy};`;
}

/** A duration as nft prints it: 10800 s is `3h`, 90 s is `1m30s`. */
function durationText(seconds: number): string {
  const parts: string[] = [];
  let left = seconds;
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(left / size);
    if (n > 0) parts.push(`${n}${unit}`);
    left -= n * size;
  }
  return parts.join('') || '0s';
}

/** The bytes of one key value as nft holds it: addresses and ports big-endian, a protocol one byte. */
function keyBytes(type: string, value: string): number[] {
  if (type === 'ipv4_addr') {
    const n = parseIp(value) ?? 0;
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  }
  if (type === 'inet_proto') return [PROTO_NUMBER[value] ?? Number(value)];
  const port = Number(value);
  return [port >>> 8, port & 255];
}

/**
 * The order nft lists elements in (its mergesort): a single value numerically; a concatenation
 * by its bytes read as one little-endian number, so the last byte counts most.
 */
function compareElements(set: NftSet, a: NftElement, b: NftElement): number {
  const bytes = (e: NftElement) => e.key.flatMap((v, i) => keyBytes(set.key[i]!, v));
  const x = bytes(a);
  const y = bytes(b);
  if (set.key.length === 1) {
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return 0;
  }
  for (let i = x.length - 1; i >= 0; i--) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

function elementText(e: NftElement): string {
  const comment = e.comment === undefined ? '' : ` comment ${JSON.stringify(e.comment)}`;
  const verdict = e.verdict ? ` : ${printVerdict(e.verdict)}` : '';
  return `${e.key.join(' . ')}${comment}${verdict}`;
}

/** How many elements nft puts on a line: two addresses, ten ports or protocols, one concatenation. */
function perLine(set: NftSet): number {
  if (set.key.length > 1) return 1;
  return set.key[0] === 'ipv4_addr' ? 2 : 10;
}

function printSet(s: NftSet): string[] {
  const lines = [`\t${s.map ? 'map' : 'set'} ${s.name} {`, `\t\ttype ${s.key.join(' . ')}${s.map ? ' : verdict' : ''}`];
  if (s.timeoutSeconds !== undefined)
    lines.push('\t\tsize 65535', '\t\tflags dynamic,timeout', `\t\ttimeout ${durationText(s.timeoutSeconds)}`);
  if (s.comment !== undefined) lines.push(`\t\tcomment ${JSON.stringify(s.comment)}`);
  if (s.elements.length > 0) {
    const sorted = [...s.elements].sort((a, b) => compareElements(s, a, b)).map(elementText);
    const n = perLine(s);
    const rows: string[] = [];
    for (let i = 0; i < sorted.length; i += n) rows.push(sorted.slice(i, i + n).join(', '));
    lines.push(`\t\telements = { ${rows.join(',\n\t\t\t     ')} }`);
  }
  lines.push('\t}');
  return lines;
}

function printChain(c: NftChain): string[] {
  const lines = [`\tchain ${c.name} {`];
  if (c.base) lines.push(`\t\t${baseText(c.base)}`);
  if (c.comment !== undefined) lines.push(`\t\tcomment ${JSON.stringify(c.comment)}`);
  for (const r of c.rules) lines.push(`\t\t${printRule(r)}`);
  lines.push('\t}');
  return lines;
}

/** One table as `nft list table` prints it; with `only`, just that chain or set (`nft list chain|set|map`). */
export function nftListTable(t: NftTable, only?: { readonly chain?: string; readonly set?: string }): string {
  const sets = t.sets.filter((s) => (only ? s.name === only.set : true));
  const chains = t.chains.filter((c) => (only ? c.name === only.chain : true));
  const blocks = [...sets.map(printSet), ...chains.map(printChain)].map((b) => b.join('\n'));
  const head = [`table ${t.family} ${t.name} {`, ...(t.comment !== undefined && !only ? [`\tcomment ${JSON.stringify(t.comment)}`] : [])];
  return [...head, blocks.join('\n\n'), '}'].join('\n') + '\n';
}

/** The ruleset as `nft list ruleset` prints it (empty when there is none). */
export function nftListRuleset(ruleset: NftRuleset): string {
  return ruleset.map((t) => nftListTable(t)).join('');
}
