/**
 * `iptables -L` and `iptables -S`: a table's chains and rules as iptables prints them when
 * listing (libxtables' print_firewall and each match's print function), computed from the same
 * parsed rules the tracer runs, so the listing and the behaviour cannot disagree.
 */
import { formatIp, type Cidr } from '../net/ipv4.ts';
import { hex, markText, portsText } from '../netfilter/rule-print.ts';
import { WHOLE_ADDRESS, type MatchModule, type PortRange, type Rule, type TableName, type Target } from '../netfilter/rule.ts';
import { BUILTIN_CHAINS, type Ruleset, type Table } from '../netfilter/ruleset.ts';

export interface ListOptions {
  /** -n: addresses and ports as numbers. */
  readonly numeric?: boolean;
  /** -v: counters, interfaces. */
  readonly verbose?: boolean;
  /** -x: exact counters. */
  readonly exact?: boolean;
  readonly lineNumbers?: boolean;
  /** Host names for addresses (what /etc/hosts resolves), used without -n. */
  readonly hostNames?: ReadonlyMap<string, string>;
}

/** /etc/services names iptables prints for ports without -n. */
const SERVICES: Readonly<Record<number, string>> = {
  22: 'ssh',
  53: 'domain',
  80: 'http',
  443: 'https',
  2379: 'etcd-client',
  6443: 'sun-sr-https',
  8080: 'webcache',
};

/** An empty table as the kernel has it when nothing wrote to it (raw, mangle). */
export function emptyTable(name: TableName): Table {
  return { name, chains: new Map(BUILTIN_CHAINS[name].map((c) => [c, { name: c, policy: 'ACCEPT' as const, rules: [] }])) };
}

interface Listed {
  target: string;
  proto: string;
  protoInv: boolean;
  src: string;
  srcInv: boolean;
  dst: string;
  dstInv: boolean;
  in: string;
  inInv: boolean;
  out: string;
  outInv: boolean;
  extras: string;
}

/** MARK's action as libxt_MARK prints it: and, or, xor, set or xset. */
function markAction(value: number, mask: number): string {
  if (value === 0) return ` MARK and ${hex(~mask)}`;
  if (value === mask) return ` MARK or ${hex(value)}`;
  if (mask === 0) return ` MARK xor ${hex(value)}`;
  if (mask === 0xffffffff) return ` MARK set ${hex(value)}`;
  return ` MARK xset ${hex(value)}/${hex(mask)}`;
}

const STATE_ORDER = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];

function targetListed(t: Target): string {
  switch (t.t) {
    case 'DNAT':
    case 'SNAT':
      return ` to:${t.ip}${t.port === undefined ? '' : `:${t.port}`}`;
    case 'MASQUERADE':
      return `${t.toPorts ? ` masq ports: ${portsText([t.toPorts], '-')}` : ''}${t.random ? ' random' : ''}${t.randomFully ? ' random-fully' : ''}`;
    case 'REDIRECT':
      return ` redir ports ${t.port}`;
    case 'MARK':
      return markAction(t.value, t.mask);
    case 'REJECT':
      return ` reject-with ${t.with}`;
    default:
      return '';
  }
}

/** One match module as its print function shows it in `iptables -L`. */
function moduleListed(mod: MatchModule, port: (p: number) => string): string {
  const ports = (ranges: readonly PortRange[]) =>
    ranges.map((r) => (r.from === r.to ? port(r.from) : `${port(r.from)}:${port(r.to)}`)).join(',');
  const bang = (m: { not: boolean }, text: string) => (m.not ? text : '');
  switch (mod.name) {
    case 'tcp':
    case 'udp': {
      const side = (which: 'sport' | 'dport', name: string) =>
        mod.matches
          .flatMap((m) =>
            m.m === which ? [` ${name}${m.ports[0]!.from === m.ports[0]!.to ? '' : 's'}:${bang(m, '!')}${ports(m.ports)}`] : [],
          )
          .join('');
      return ` ${mod.name}${side('sport', 'spt')}${side('dport', 'dpt')}`;
    }
    case 'addrtype': {
      const side = (which: 'src' | 'dst') =>
        mod.matches.flatMap((m) => (m.m === 'addrtype' && m.which === which ? [` ${which}-type ${bang(m, '!')}${m.type}`] : [])).join('');
      return ` ADDRTYPE match${side('src')}${side('dst')}`;
    }
  }
  return mod.matches
    .map((m) => {
      switch (m.m) {
        case 'sport':
        case 'dport':
          return ` multiport ${m.m}s ${bang(m, '! ')}${ports(m.ports)}`;
        case 'comment':
          return ` /* ${m.text} */`;
        case 'mark':
          return ` mark match${bang(m, ' !')} ${markText(m)}`;
        case 'conntrack':
          return `${bang(m, ' !')} ${mod.name === 'state' ? 'state' : 'ctstate'} ${[...m.states].sort((a, b) => STATE_ORDER.indexOf(a) - STATE_ORDER.indexOf(b)).join(',')}`;
        case 'statistic':
          return ` statistic mode random probability ${(Math.round(m.probability * 0x80000000) / 0x80000000).toFixed(11)}`;
        case 'recent':
          return ` recent: ${{ set: 'SET', rcheck: 'CHECK', update: 'UPDATE' }[m.mode]}${m.seconds ? ` seconds: ${m.seconds}` : ''}${m.reap ? ' reap' : ''} name: ${m.name} side: ${m.source ? 'source' : 'dest'} mask: ${m.mask ?? WHOLE_ADDRESS}`;
        case 'physdev':
          return ` PHYSDEV match${bang(m, ' !')} --physdev-is-${m.flag}`;
        case 'set':
          return ` ${bang(m, '! ')}match-set ${m.name} ${m.flags.join(',')}`;
        default:
          return '';
      }
    })
    .join('');
}

/** A parsed rule in the listing's columns, with its modules' and target's texts. */
function listed(rule: Rule, options: ListOptions): Listed {
  const r: Listed = {
    target: '',
    proto: 'all',
    protoInv: false,
    src: '',
    srcInv: false,
    dst: '',
    dstInv: false,
    in: '',
    inInv: false,
    out: '',
    outInv: false,
    extras: '',
  };
  const port = (p: number) => (options.numeric ? String(p) : (SERVICES[p] ?? String(p)));
  const address = (c: Cidr) => {
    if (c.prefix === 0 && !options.numeric) return 'anywhere';
    const ip = formatIp(c.base);
    return `${options.numeric ? ip : (options.hostNames?.get(ip) ?? ip)}${c.prefix === 32 ? '' : `/${c.prefix}`}`;
  };
  for (const m of rule.matches) {
    if (m.m === 'src') [r.src, r.srcInv] = [address(m.cidr), m.not];
    else if (m.m === 'dst') [r.dst, r.dstInv] = [address(m.cidr), m.not];
    else if (m.m === 'in') [r.in, r.inInv] = [m.iface, m.not];
    else if (m.m === 'out') [r.out, r.outInv] = [m.iface, m.not];
    else if (m.m === 'proto') [r.proto, r.protoInv] = [m.proto, m.not];
  }
  // A rule without -j (a counter) has no target: iptables -L leaves the column blank.
  r.target = rule.target.t === 'jump' ? rule.target.chain : rule.target.t === 'none' ? '' : rule.target.t;
  r.extras = rule.modules.map((mod) => moduleListed(mod, port)).join('') + targetListed(rule.target);
  return r;
}

function references(table: Table, chain: string): number {
  let n = 0;
  for (const c of table.chains.values()) for (const rule of c.rules) if (rule.target.t === 'jump' && rule.target.chain === chain) n++;
  return n;
}

function chainNames(table: Table): string[] {
  const builtins = BUILTIN_CHAINS[table.name].filter((c) => table.chains.has(c));
  const users = [...table.chains.keys()].filter((c) => !BUILTIN_CHAINS[table.name].includes(c)).sort();
  return [...builtins, ...users];
}

/** The chains a table has, built-in ones first: for `-L CHAIN` and completion. */
export function chainsOf(table: Table): string[] {
  return chainNames(table);
}

/** `iptables [-t TABLE] -L [CHAIN] [-n] [-v] [-x] [--line-numbers]` of one table. */
export function iptablesList(table: Table, options: ListOptions = {}, only?: string): string {
  const pad = (s: string, n: number) => s.padEnd(n);
  const count = (n: number) =>
    options.exact ? String(n).padStart(8) + ' ' + String(n).padStart(10) + ' ' : `${String(n).padStart(5)} ${String(n).padStart(5)} `;
  const blocks: string[] = [];
  for (const name of chainNames(table)) {
    if (only && name !== only) continue;
    const chain = table.chains.get(name)!;
    const lines: string[] = [];
    if (chain.policy) lines.push(`Chain ${name} (policy ${chain.policy}${options.verbose ? ' 0 packets, 0 bytes' : ''})`);
    else lines.push(`Chain ${name} (${references(table, name)} references)`);
    let header = '';
    if (options.lineNumbers) header += 'num  ';
    if (options.verbose) header += options.exact ? `${'pkts'.padStart(8)} ${'bytes'.padStart(10)} ` : ' pkts bytes ';
    header += `${pad('target', 9)}  prot opt`;
    if (options.verbose) header += ` ${pad('in', 6)} ${pad('out', 6)} `;
    header += ` ${pad('source', 19)}  ${pad('destination', 19)} `;
    lines.push(header);
    chain.rules.forEach((rule, i) => {
      const l = listed(rule, options);
      let line = '';
      if (options.lineNumbers) line += `${String(i + 1).padEnd(4)} `;
      if (options.verbose) line += count(0);
      line += `${pad(l.target, 9)} `;
      line += `${l.protoInv ? '!' : ' '}${pad(l.proto, 5)}-- `;
      if (options.verbose) {
        const any = options.numeric ? '*' : 'any';
        line += ` ${pad(`${l.inInv ? '!' : ''}${l.in || any}`, 6)} ${pad(`${l.outInv ? '!' : ''}${l.out || any}`, 6)} `;
      }
      const anywhere = options.numeric ? '0.0.0.0/0' : 'anywhere';
      line += `${l.srcInv ? '!' : ' '}${pad(l.src || anywhere, 19)} `;
      line += `${l.dstInv ? '!' : ' '}${pad(l.dst || anywhere, 19)} `;
      line += l.extras;
      lines.push(line);
    });
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

/** `iptables [-t TABLE] -S [CHAIN]`: the chains and rules as commands. */
export function iptablesRules(table: Table, only?: string): string {
  const names = chainNames(table).filter((c) => !only || c === only);
  const decl = names.map((c) => {
    const chain = table.chains.get(c)!;
    return chain.policy ? `-P ${c} ${chain.policy}` : `-N ${c}`;
  });
  const rules = names.flatMap((c) => table.chains.get(c)!.rules.map((r) => r.text));
  return [...decl, ...rules].join('\n');
}

export function tableOf(rules: Ruleset, name: TableName): Table {
  return rules.get(name) ?? emptyTable(name);
}
