/**
 * iptables rules as data: the one grammar of a rule. Rules are written as iptables-save lines (the
 * form a real node prints and `iptables-restore` loads) and parsed here into matches, the match
 * modules that hold them and a target; `printRule` (rule-print.ts) writes a parsed rule back as
 * iptables-save prints it. The tracer, the listings and the explanations all read the parsed rule, so the text
 * a student reads and the rule the tracer runs can never disagree.
 */
import { parseCidr, type Cidr } from '../net/ipv4.ts';

export type TableName = 'raw' | 'mangle' | 'nat' | 'filter';
export type AddrType = 'LOCAL' | 'UNICAST' | 'BROADCAST' | 'MULTICAST';
export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED' | 'DNAT' | 'SNAT';

/** A port or a range of ports, both ends included. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export type Match =
  | { readonly m: 'src' | 'dst'; readonly cidr: Cidr; readonly not: boolean }
  | { readonly m: 'in' | 'out'; readonly iface: string; readonly not: boolean }
  | { readonly m: 'proto'; readonly proto: string; readonly not: boolean }
  | { readonly m: 'sport' | 'dport'; readonly ports: readonly PortRange[]; readonly not: boolean }
  | { readonly m: 'addrtype'; readonly which: 'src' | 'dst'; readonly type: AddrType; readonly not: boolean }
  | { readonly m: 'mark'; readonly value: number; readonly mask: number; readonly not: boolean }
  | { readonly m: 'statistic'; readonly probability: number }
  | {
      readonly m: 'recent';
      readonly mode: 'set' | 'rcheck' | 'update';
      readonly name: string;
      readonly seconds?: number;
      /** --reap: forget entries older than `seconds`. */
      readonly reap?: true;
      /** --mask, when it is not the whole address. */
      readonly mask?: string;
      readonly source: boolean;
    }
  | { readonly m: 'conntrack'; readonly states: readonly CtState[]; readonly not: boolean }
  | { readonly m: 'physdev'; readonly flag: 'in' | 'out' | 'bridged'; readonly not: boolean }
  | { readonly m: 'set'; readonly name: string; readonly flags: readonly ('src' | 'dst')[]; readonly not: boolean }
  | { readonly m: 'comment'; readonly text: string }
  /** `-m limit`: a rate (`10/min`) and its burst; the first packets of a burst always pass. */
  | { readonly m: 'limit'; readonly rate: string; readonly burst: number }
  | { readonly m: 'icmp'; readonly type: number; readonly not: boolean };

export type Target =
  | { readonly t: 'jump'; readonly chain: string }
  | { readonly t: 'ACCEPT' | 'DROP' | 'RETURN' }
  | { readonly t: 'MASQUERADE'; readonly randomFully: boolean; readonly random?: true; readonly toPorts?: PortRange }
  | { readonly t: 'DNAT' | 'SNAT'; readonly ip: string; readonly port?: number }
  | { readonly t: 'REDIRECT'; readonly port: number }
  | { readonly t: 'MARK'; readonly value: number; readonly mask: number }
  | { readonly t: 'REJECT'; readonly with: string }
  /** Hands a copy to a logging daemon (kube-router's denied-traffic log); the packet walks on. */
  | { readonly t: 'NFLOG'; readonly group: number }
  /** No -j at all: the rule only counts what matches it, and the packet walks on. */
  | { readonly t: 'none' };

/** One `-m NAME` and the matches its options made (the same objects as in `Rule.matches`). */
export interface MatchModule {
  readonly name: string;
  readonly matches: readonly Match[];
}

export interface Rule {
  readonly chain: string;
  /** Every match in the order written: -s, -d, -i, -o, -p, then the modules' options. */
  readonly matches: readonly Match[];
  /**
   * The match modules in the order loaded. A port option with no `-m tcp`/`-m udp` before it
   * loads its protocol's module, as iptables does (and iptables-save then prints it).
   */
  readonly modules: readonly MatchModule[];
  readonly target: Target;
  /** The rule as iptables-save prints it, starting with `-A`. */
  readonly text: string;
  readonly comment?: string;
}

/** The recent match's default --mask: the whole address. */
export const WHOLE_ADDRESS = '255.255.255.255';

const BUILTIN_TARGETS = new Set(['ACCEPT', 'DROP', 'RETURN', 'MASQUERADE', 'DNAT', 'SNAT', 'REDIRECT', 'MARK', 'REJECT', 'NFLOG']);

/** The match modules the rules here use; anything else is refused rather than ignored. */
const MODULES = new Set([
  'tcp',
  'udp',
  'comment',
  'statistic',
  'recent',
  'addrtype',
  'mark',
  'conntrack',
  'state',
  'physdev',
  'set',
  'multiport',
  'limit',
  'icmp',
  'sctp',
]);

/** The options each target takes. */
const TARGET_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  ACCEPT: [],
  DROP: [],
  RETURN: [],
  MASQUERADE: ['--random-fully', '--random', '--to-ports'],
  DNAT: ['--to-destination'],
  SNAT: ['--to-source'],
  REDIRECT: ['--to-ports'],
  MARK: ['--set-xmark', '--set-mark', '--or-mark', '--xor-mark', '--and-mark'],
  REJECT: ['--reject-with'],
  NFLOG: ['--nflog-group'],
};

/** Splits a line as the shell would: double quotes group, backslash escapes. */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inToken = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inToken = true;
    } else if (ch === '"') {
      quoted = !quoted;
      inToken = true;
    } else if (!quoted && (ch === ' ' || ch === '\t')) {
      if (inToken) out.push(cur);
      cur = '';
      inToken = false;
    } else {
      cur += ch;
      inToken = true;
    }
  }
  if (quoted) throw new Error(`unterminated quote in: ${line}`);
  if (inToken) out.push(cur);
  return out;
}

function num(text: string | undefined, what: string): number {
  const value = text === undefined ? NaN : Number(text);
  if (!Number.isFinite(value)) throw new Error(`bad ${what}: ${text}`);
  return value;
}

function cidr(text: string | undefined): Cidr {
  const c = parseCidr(text?.includes('/') ? text : `${text}/32`);
  if (!c) throw new Error(`bad address: ${text}`);
  return c;
}

function markPair(text: string | undefined): { value: number; mask: number } {
  const [v, m] = (text ?? '').split('/');
  return { value: num(v, 'mark'), mask: m === undefined ? 0xffffffff : num(m, 'mask') };
}

function ports(text: string | undefined, separator = ':'): PortRange[] {
  return (text ?? '').split(',').map((part) => {
    const [lo, hi] = part.split(separator);
    return { from: num(lo, 'port'), to: num(hi ?? lo, 'port') };
  });
}

/** Whether a port option's ports hold `port`. */
export function portIn(ranges: readonly PortRange[], port: number): boolean {
  return ranges.some((r) => port >= r.from && port <= r.to);
}

/**
 * MARK as value/mask with the kernel's meaning, mark = (mark & ~mask) ^ value; the short forms
 * are what iptables-save prints them as (libxt_MARK): --set-mark X/M = X/(X|M),
 * --or-mark X = X/X, --xor-mark X = X/0, --and-mark X = 0/~X.
 */
function markTarget(opts: ReadonlyMap<string, string>): { value: number; mask: number } {
  const only = (opt: string) => num(opts.get(opt), 'mark');
  if (opts.has('--set-xmark')) return markPair(opts.get('--set-xmark'));
  if (opts.has('--set-mark')) {
    // "Zeroes out the bits given by mask and ORs value in": the value's bits join the mask.
    const { value, mask } = markPair(opts.get('--set-mark'));
    return { value, mask: (value | mask) >>> 0 };
  }
  if (opts.has('--or-mark')) return { value: only('--or-mark'), mask: only('--or-mark') };
  if (opts.has('--xor-mark')) return { value: only('--xor-mark'), mask: 0 };
  if (opts.has('--and-mark')) return { value: 0, mask: ~only('--and-mark') >>> 0 };
  throw new Error('MARK needs --set-xmark, --set-mark, --or-mark, --xor-mark or --and-mark');
}

function hostPort(text: string | undefined): { ip: string; port?: number } {
  const [ip, port] = (text ?? '').split(':');
  return port === undefined ? { ip: ip! } : { ip: ip!, port: num(port, 'port') };
}

/** The module each match option belongs to; the port options' is the protocol's or multiport. */
const OPTION_MODULE: Readonly<Record<string, string>> = {
  '--dst-type': 'addrtype',
  '--src-type': 'addrtype',
  '--mark': 'mark',
  '--mode': 'statistic',
  '--probability': 'statistic',
  '--set': 'recent',
  '--rcheck': 'recent',
  '--update': 'recent',
  '--seconds': 'recent',
  '--name': 'recent',
  '--reap': 'recent',
  '--mask': 'recent',
  '--rsource': 'recent',
  '--rdest': 'recent',
  '--ctstate': 'conntrack',
  '--state': 'state',
  '--physdev-is-in': 'physdev',
  '--physdev-is-out': 'physdev',
  '--physdev-is-bridged': 'physdev',
  '--match-set': 'set',
  '--comment': 'comment',
  '--limit': 'limit',
  '--limit-burst': 'limit',
  '--icmp-type': 'icmp',
  '--dports': 'multiport',
  '--sports': 'multiport',
  '--destination-ports': 'multiport',
  '--source-ports': 'multiport',
};

/** Protocols whose match module (loaded by `-p` alone) takes --dport and --sport. */
const PORT_PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp', 'sctp']);

type Recent = { -readonly [K in keyof Extract<Match, { m: 'recent' }>]?: Extract<Match, { m: 'recent' }>[K] };

/** Parses one `-A CHAIN …` line. Throws on an option it does not know: rules are ours. */
export function parseRule(line: string): Rule {
  const tokens = tokenize(line);
  if (tokens[0] !== '-A' || !tokens[1]) throw new Error(`not a rule: ${line}`);
  const chain = tokens[1];
  const matches: Match[] = [];
  const modules: { name: string; matches: Match[] }[] = [];
  let target: Target | undefined;
  let not = false;
  let comment: string | undefined;
  let proto: string | undefined;
  // A recent match is read over several options: it is placed where its module is, and filled in.
  const recents = new Map<Match[], Recent>();
  /** The module an option belongs to: the last one loaded, or the protocol's, loaded implicitly. */
  const moduleFor = (tok: string): Match[] => {
    const wanted = OPTION_MODULE[tok] ?? (proto !== undefined && PORT_PROTOCOLS.has(proto) ? proto : '');
    const last = modules.at(-1);
    if (last && (last.name === wanted || (!OPTION_MODULE[tok] && PORT_PROTOCOLS.has(last.name)))) return last.matches;
    if (!PORT_PROTOCOLS.has(wanted) && wanted !== 'multiport')
      throw new Error(`option ${tok} outside -m ${wanted || 'tcp/udp'} in: ${line}`);
    modules.push({ name: wanted, matches: [] });
    return modules.at(-1)!.matches;
  };
  const add = (into: Match[] | undefined, m: Match) => {
    matches.push(m);
    into?.push(m);
  };
  for (let i = 2; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const arg = () => tokens[++i];
    if (tok === '!') {
      not = true;
      continue;
    }
    switch (tok) {
      case '-s':
      case '-d':
        add(undefined, { m: tok === '-s' ? 'src' : 'dst', cidr: cidr(arg()), not });
        break;
      case '-i':
      case '-o':
        add(undefined, { m: tok === '-i' ? 'in' : 'out', iface: arg()!, not });
        break;
      case '-p':
        proto = arg()!;
        add(undefined, { m: 'proto', proto, not });
        break;
      case '-m': {
        const mod = arg() ?? '';
        if (!MODULES.has(mod)) throw new Error(`unknown match module ${mod} in: ${line}`);
        modules.push({ name: mod, matches: [] });
        if (mod === 'recent') {
          const recent: Recent = { m: 'recent', name: 'DEFAULT', source: true };
          recents.set(modules.at(-1)!.matches, recent);
          add(modules.at(-1)!.matches, recent as Match);
        }
        break;
      }
      case '--dport':
      case '--sport':
      case '--dports':
      case '--sports':
      case '--destination-ports':
      case '--source-ports':
        add(moduleFor(tok), { m: tok.startsWith('--s') ? 'sport' : 'dport', ports: ports(arg()), not });
        break;
      case '--dst-type':
      case '--src-type':
        add(moduleFor(tok), { m: 'addrtype', which: tok === '--dst-type' ? 'dst' : 'src', type: arg() as AddrType, not });
        break;
      case '--mark':
        add(moduleFor(tok), { m: 'mark', ...markPair(arg()), not });
        break;
      case '--mode':
        moduleFor(tok);
        if (arg() !== 'random') throw new Error(`unsupported statistic mode in: ${line}`);
        break;
      case '--probability':
        add(moduleFor(tok), { m: 'statistic', probability: num(arg(), 'probability') });
        break;
      case '--set':
      case '--rcheck':
      case '--update':
        recents.get(moduleFor(tok))!.mode = tok.slice(2) as 'set' | 'rcheck' | 'update';
        break;
      case '--seconds':
        recents.get(moduleFor(tok))!.seconds = num(arg(), 'seconds');
        break;
      case '--name':
        recents.get(moduleFor(tok))!.name = arg()!;
        break;
      case '--reap':
        recents.get(moduleFor(tok))!.reap = true;
        break;
      case '--mask': {
        const recent = recents.get(moduleFor(tok))!;
        const mask = arg()!;
        if (mask !== WHOLE_ADDRESS) recent.mask = mask;
        break;
      }
      case '--rsource':
      case '--rdest':
        recents.get(moduleFor(tok))!.source = tok === '--rsource';
        break;
      case '--ctstate':
      case '--state':
        add(moduleFor(tok), { m: 'conntrack', states: arg()!.split(',') as CtState[], not });
        break;
      case '--physdev-is-in':
      case '--physdev-is-out':
      case '--physdev-is-bridged':
        add(moduleFor(tok), { m: 'physdev', flag: tok.slice('--physdev-is-'.length) as 'in' | 'out' | 'bridged', not });
        break;
      case '--match-set': {
        const into = moduleFor(tok);
        const name = arg()!;
        add(into, { m: 'set', name, flags: arg()!.split(',') as ('src' | 'dst')[], not });
        break;
      }
      case '--limit':
        add(moduleFor(tok), { m: 'limit', rate: arg()!, burst: 5 });
        break;
      case '--limit-burst': {
        const into = moduleFor(tok);
        const at = into.findIndex((m) => m.m === 'limit');
        const burst = num(arg(), 'limit-burst');
        const limit = { ...(into[at] as Extract<Match, { m: 'limit' }>), burst };
        matches[matches.indexOf(into[at]!)] = limit;
        into[at] = limit;
        break;
      }
      case '--icmp-type':
        add(moduleFor(tok), { m: 'icmp', type: num(arg(), 'icmp-type'), not });
        break;
      case '--comment':
        comment = arg();
        add(moduleFor(tok), { m: 'comment', text: comment! });
        break;
      case '-j': {
        const name = arg()!;
        target = BUILTIN_TARGETS.has(name) ? targetOf(name, tokens, i) : { t: 'jump', chain: name };
        i = tokens.length; // target options were read by targetOf
        break;
      }
      default:
        throw new Error(`unknown option ${tok} in: ${line}`);
    }
    not = false;
  }
  for (const recent of recents.values()) if (!recent.mode) throw new Error(`recent without a mode in: ${line}`);
  return { chain, matches, modules, target: target ?? { t: 'none' }, text: line, ...(comment === undefined ? {} : { comment }) };
}

function targetOf(name: string, tokens: readonly string[], at: number): Target {
  const opts = new Map<string, string>();
  for (let i = at + 1; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const next = tokens[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      opts.set(tok, next);
      i++;
    } else opts.set(tok, '');
  }
  for (const opt of opts.keys()) if (!TARGET_OPTIONS[name]!.includes(opt)) throw new Error(`unknown option ${opt} for target ${name}`);
  const need = (opt: string) => {
    const value = opts.get(opt);
    if (!value) throw new Error(`${name} needs ${opt}`);
    return value;
  };
  switch (name) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return { t: name };
    case 'MASQUERADE':
      return {
        t: 'MASQUERADE',
        randomFully: opts.has('--random-fully'),
        ...(opts.has('--random') ? { random: true } : {}),
        ...(opts.has('--to-ports') ? { toPorts: ports(need('--to-ports'), '-')[0]! } : {}),
      };
    case 'DNAT':
      return { t: 'DNAT', ...hostPort(need('--to-destination')) };
    case 'SNAT':
      return { t: 'SNAT', ...hostPort(need('--to-source')) };
    case 'REDIRECT':
      return { t: 'REDIRECT', port: num(need('--to-ports'), 'port') };
    case 'MARK':
      return { t: 'MARK', ...markTarget(opts) };
    case 'REJECT':
      return { t: 'REJECT', with: opts.get('--reject-with') ?? 'icmp-port-unreachable' };
    case 'NFLOG':
      return { t: 'NFLOG', group: num(opts.get('--nflog-group') ?? '0', 'nflog-group') };
  }
  throw new Error(`unknown target ${name}`);
}

/** Quotes a value as iptables-save does: bare only when entirely [A-Za-z0-9_-]. */
export function quote(value: string): string {
  return /^[A-Za-z0-9_-]+$/.test(value) ? value : `"${value.replace(/(["\\'])/g, '\\$1')}"`;
}
