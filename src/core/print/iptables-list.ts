/**
 * `iptables -L` and `iptables -S`: a table's chains and rules as iptables prints them when
 * listing (libxtables' print_firewall and each match's print function), computed from the same
 * iptables-save lines the tracer runs, so the listing and the behaviour cannot disagree.
 */
import { tokenize, type TableName } from '../netfilter/rule.ts';
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
const SERVICES: Readonly<Record<number, string>> = { 22: 'ssh', 53: 'domain', 80: 'http', 443: 'https', 2379: 'etcd-client', 6443: 'sun-sr-https', 8080: 'webcache' };

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

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

function markText(value: string): string {
  const [v, m] = value.split('/');
  const mark = Number(v);
  const mask = m === undefined ? 0xffffffff : Number(m);
  return mask === 0xffffffff ? hex(mark) : `${hex(mark)}/${hex(mask)}`;
}

function markTarget(opt: string, value: string): string {
  const [v, m] = value.split('/');
  const mark = Number(v) >>> 0;
  let mask = m === undefined ? 0xffffffff : Number(m) >>> 0;
  if (opt === '--set-mark') mask = (mark | mask) >>> 0;
  else if (opt === '--or-mark') mask = mark;
  else if (opt === '--xor-mark') mask = 0;
  else if (opt === '--and-mark') return ` MARK and ${hex(mark)}`;
  if (mark === 0) return ` MARK and ${hex(~mask)}`;
  if (mark === mask) return ` MARK or ${hex(mark)}`;
  if (mask === 0) return ` MARK xor ${hex(mark)}`;
  if (mask === 0xffffffff) return ` MARK set ${hex(mark)}`;
  return ` MARK xset ${hex(mark)}/${hex(mask)}`;
}

const STATE_ORDER = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];

/** Reads one iptables-save rule into the listing's columns and its match and target texts. */
function listed(text: string, options: ListOptions): Listed {
  const t = tokenize(text);
  const r: Listed = { target: '', proto: 'all', protoInv: false, src: '', srcInv: false, dst: '', dstInv: false, in: '', inInv: false, out: '', outInv: false, extras: '' };
  const port = (p: string) => {
    if (options.numeric) return p;
    return p
      .split(':')
      .map((x) => SERVICES[Number(x)] ?? x)
      .join(':');
  };
  let inv = false;
  let module = '';
  let target = '';
  let targetText = '';
  const parts: string[] = [];
  // Per module, its pieces in the order the module prints them.
  let tcp: { spt?: string; dpt?: string } | undefined;
  let recent: { mode?: string; seconds?: string; reap?: boolean; name?: string; side?: string; mask?: string } | undefined;
  let addrtype: { src?: string; dst?: string } | undefined;
  let statistic: { probability?: string; inv?: boolean } | undefined;
  const flush = () => {
    if (tcp) {
      parts.push(` ${module}${tcp.spt ?? ''}${tcp.dpt ?? ''}`);
      tcp = undefined;
    }
    if (recent) {
      parts.push(` recent:${recent.mode ? ` ${recent.mode}` : ''}${recent.seconds ? ` seconds: ${recent.seconds}` : ''}${recent.reap ? ' reap' : ''} name: ${recent.name ?? 'DEFAULT'} side: ${recent.side ?? 'source'} mask: ${recent.mask ?? '255.255.255.255'}`);
      recent = undefined;
    }
    if (addrtype) {
      parts.push(` ADDRTYPE match${addrtype.src ? ` src-type ${addrtype.src}` : ''}${addrtype.dst ? ` dst-type ${addrtype.dst}` : ''}`);
      addrtype = undefined;
    }
    if (statistic) {
      const p = Math.round(Number(statistic.probability ?? 0) * 0x80000000) / 0x80000000;
      parts.push(` statistic mode random${statistic.inv ? ' !' : ''} probability ${p.toFixed(11)}`);
      statistic = undefined;
    }
  };
  for (let i = 2; i < t.length; i++) {
    const tok = t[i]!;
    const arg = () => t[++i] ?? '';
    if (tok === '!') {
      inv = true;
      continue;
    }
    if (target) {
      // Target options: everything after -j.
      const value = t[i + 1] !== undefined && !t[i + 1]!.startsWith('--') ? arg() : '';
      switch (target) {
        case 'DNAT':
        case 'SNAT':
          if (tok === '--to-destination' || tok === '--to-source') targetText += ` to:${value}`;
          break;
        case 'MASQUERADE':
          if (tok === '--random-fully') targetText += ' random-fully';
          else if (tok === '--random') targetText += ' random';
          else if (tok === '--to-ports') targetText += ` masq ports: ${value}`;
          break;
        case 'REDIRECT':
          if (tok === '--to-ports') targetText += ` redir ports ${value}`;
          break;
        case 'MARK':
          targetText += markTarget(tok, value);
          break;
        case 'REJECT':
          if (tok === '--reject-with') targetText = ` reject-with ${value}`;
          break;
      }
      continue;
    }
    const not = inv;
    inv = false;
    switch (tok) {
      case '-s':
      case '-d': {
        const a = arg();
        const [ip, len] = a.includes('/') ? a.split('/') : [a, '32'];
        const shown = len === '0' && !options.numeric ? 'anywhere' : `${options.numeric ? ip : (options.hostNames?.get(ip!) ?? ip)}${len === '32' ? '' : `/${len}`}`;
        if (tok === '-s') [r.src, r.srcInv] = [shown, not];
        else [r.dst, r.dstInv] = [shown, not];
        break;
      }
      case '-i':
        [r.in, r.inInv] = [arg(), not];
        break;
      case '-o':
        [r.out, r.outInv] = [arg(), not];
        break;
      case '-p':
        [r.proto, r.protoInv] = [arg(), not];
        break;
      case '-m':
        flush();
        module = arg();
        if (module === 'tcp' || module === 'udp') tcp = {};
        if (module === 'recent') recent = {};
        if (module === 'addrtype') addrtype = {};
        if (module === 'statistic') statistic = {};
        break;
      case '-j':
        flush();
        target = arg();
        if (target === 'REJECT') targetText = ' reject-with icmp-port-unreachable';
        break;
      case '--sport':
      case '--dport': {
        if (!tcp) {
          // An implicit match of the protocol's module.
          flush();
          module = r.proto;
          tcp = {};
        }
        const p = arg();
        const name = tok === '--sport' ? 'spt' : 'dpt';
        const text = p.includes(':') ? ` ${name}s:${not ? '!' : ''}${port(p)}` : ` ${name}:${not ? '!' : ''}${port(p)}`;
        if (name === 'spt') tcp!.spt = text;
        else tcp!.dpt = text;
        break;
      }
      case '--dports':
      case '--sports':
      case '--destination-ports':
      case '--ports':
        parts.push(` multiport ${tok === '--sports' ? 'sports' : tok === '--ports' ? 'ports' : 'dports'} ${not ? '! ' : ''}${arg().split(',').map(port).join(',')}`);
        break;
      case '--comment':
        parts.push(` /* ${arg()} */`);
        break;
      case '--src-type':
      case '--dst-type':
        addrtype ??= {};
        addrtype[tok === '--src-type' ? 'src' : 'dst'] = `${not ? '!' : ''}${arg()}`;
        break;
      case '--mark':
        parts.push(` mark match${not ? ' !' : ''} ${markText(arg())}`);
        break;
      case '--ctstate':
      case '--state': {
        const states = arg()
          .split(',')
          .sort((a, b) => STATE_ORDER.indexOf(a) - STATE_ORDER.indexOf(b))
          .join(',');
        parts.push(`${not ? ' !' : ''} ${tok === '--state' ? 'state' : 'ctstate'} ${states}`);
        break;
      }
      case '--mode':
        arg();
        if (statistic) statistic.inv = not;
        break;
      case '--probability':
        if (statistic) statistic.probability = arg();
        break;
      case '--set':
      case '--rcheck':
      case '--update':
      case '--remove':
        if (recent) recent.mode = { '--set': 'SET', '--rcheck': 'CHECK', '--update': 'UPDATE', '--remove': 'REMOVE' }[tok];
        break;
      case '--seconds':
        if (recent) recent.seconds = arg();
        break;
      case '--reap':
        if (recent) recent.reap = true;
        break;
      case '--name':
        if (recent) recent.name = arg();
        break;
      case '--mask':
        if (recent) recent.mask = arg();
        break;
      case '--rsource':
      case '--rdest':
        if (recent) recent.side = tok === '--rsource' ? 'source' : 'dest';
        break;
      case '--physdev-is-in':
      case '--physdev-is-out':
      case '--physdev-is-bridged':
        parts.push(` PHYSDEV match${not ? ' !' : ''} ${tok}`);
        break;
      case '--match-set': {
        const name = arg();
        parts.push(` ${not ? '! ' : ''}match-set ${name} ${arg()}`);
        break;
      }
      default:
        break;
    }
  }
  flush();
  r.target = target;
  r.extras = parts.join('') + targetText;
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
  const count = (n: number) => (options.exact ? String(n).padStart(8) + ' ' + String(n).padStart(10) + ' ' : `${String(n).padStart(5)} ${String(n).padStart(5)} `);
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
      const l = listed(rule.text, options);
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
