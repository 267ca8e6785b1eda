/**
 * The network tools, each on the namespace the shell is in (the node's, or a pod's after
 * `docker exec`): ip, ifconfig, route, brctl, iptables, iptables-save, ipvsadm, conntrack.
 * They only look: the network is computed from the manifests, so changing it by hand
 * (`ip addr add`, `iptables -A`) is answered with a note instead.
 */
import type { NetNamespace } from '../../core/dataplane/model.ts';
import type { TableName } from '../../core/netfilter/rule.ts';
import { iptablesSave } from '../../core/netfilter/ruleset.ts';
import { conntrackLine, conntrackSummary } from '../../core/print/conntrack.ts';
import { fdbLine, ipAddr, ipRoute, neighbourLine } from '../../core/print/ip.ts';
import { chainsOf, iptablesList, iptablesRules, tableOf } from '../../core/print/iptables-list.ts';
import { ipvsadm as printIpvsadm } from '../../core/print/ipvsadm.ts';
import { ipsetList, ipsetSave } from '../../core/print/ipset.ts';
import { brctlShow, ifconfig as printIfconfig, ipLink, onlyDevice, peerIndexOf } from '../../core/print/netdev.ts';
import { formatIp, maskOf, parseIp } from '../../core/net/ipv4.ts';
import { lookup, sourceFor } from '../../core/trace/routing.ts';
import type { Command, CommandResult, Env } from '../types.ts';

/** The note for a change by hand, in the page's language. */
const computed = (env: Env) => env.session.words().computedNetwork;

/** ip's object names match by prefix, in ip.c's order. */
const IP_OBJECTS = ['address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'ntable', 'link', 'netns', 'help'];

function ipObject(word: string): string | undefined {
  return IP_OBJECTS.find((o) => o.startsWith(word));
}

const matches = (word: string | undefined, full: string) => word !== undefined && word.length > 0 && full.startsWith(word);

function deviceArg(args: readonly string[]): string | undefined {
  const dev = args.indexOf('dev');
  return dev >= 0 ? args[dev + 1] : args[0];
}

function showDevice(text: string, dev: string | undefined): CommandResult {
  if (!dev) return { out: text };
  const block = onlyDevice(text, dev);
  return block ? { out: block } : { err: `Device "${dev}" does not exist.`, code: 1 };
}

function routeGet(ns: NetNamespace, ip: string): CommandResult {
  if (parseIp(ip) === undefined) return { err: `Error: any valid prefix is expected rather than "${ip}".`, code: 1 };
  const r = lookup(ns, ip);
  if (!r) return { err: 'RTNETLINK answers: Network is unreachable', code: 2 };
  const src = sourceFor(ns, r);
  if (r.local) return { out: `local ${ip} dev lo src ${src ?? ip} \n    cache <local> ` };
  return { out: `${ip}${r.route.via ? ` via ${r.route.via}` : ''} dev ${r.route.dev} src ${src} \n    cache ` };
}

export const ip: Command = (args, env) => {
  const opts = args.filter((a) => a.startsWith('-'));
  const rest = args.filter((a) => !a.startsWith('-'));
  const bad = opts.find((o) => !['-4', '-s', '-d', '-o', '-c', '-br', '-brief', '-color', '-details', '-stats'].includes(o));
  if (bad) return { err: `Option "${bad}" is unknown, try "ip -help".`, code: 255 };
  const [word, sub, ...more] = rest;
  if (!word)
    return {
      err: 'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { link | address | addrlabel | route | rule | neigh | ntable |\n                   tunnel | tuntap | maddress | mroute | mrule | monitor | xfrm |\n                   netns | l2tp | fou | macsec | tcp_metrics | token | netconf | ila |\n                   vrf | sr | nexthop }\n       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |\n                    -h[uman-readable] | -iec | -j[son] | -p[retty] |\n                    -f[amily] { inet | inet6 | mpls | bridge | link } |\n                    -4 | -6 | -I | -D | -B | -0 |\n                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |\n                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |\n                    -rc[vbuf] [size] | -n[etns] name | -a[ll] | -c[olor]}',
      code: 255,
    };
  const object = ipObject(word);
  const ns = env.here.ns;
  const peers = peerIndexOf(env.data.dataplane);
  const showing = sub === undefined || ['list', 'show', 'lst'].some((s) => s.startsWith(sub));
  switch (object) {
    case 'address':
      if (!showing)
        return matches(sub, 'add') || matches(sub, 'delete') || matches(sub, 'flush')
          ? { err: computed(env), code: 2 }
          : { err: `Command "${sub}" is unknown, try "ip address help".`, code: 1 };
      return showDevice(ipAddr(ns, peers), deviceArg(more));
    case 'link':
      if (!showing)
        return matches(sub, 'set') || matches(sub, 'add') || matches(sub, 'delete')
          ? { err: computed(env), code: 2 }
          : { err: `Command "${sub}" is unknown, try "ip link help".`, code: 1 };
      return showDevice(ipLink(ns, peers, opts.includes('-d') || opts.includes('-details')), deviceArg(more));
    case 'route': {
      if (sub === 'get') return routeGet(ns, more[0] ?? '');
      if (!showing)
        return matches(sub, 'add') || matches(sub, 'delete') || matches(sub, 'replace') || matches(sub, 'flush')
          ? { err: computed(env), code: 2 }
          : { err: `Command "${sub}" is unknown, try "ip route help".`, code: 1 };
      const table = more[0] === 'table' ? more[1] : undefined;
      if (table !== undefined && table !== 'main' && table !== 'local' && table !== 'all')
        return { err: `Error: argument "${table}" is wrong: table id value is invalid`, code: 1 };
      const out = table === 'all' ? `${ipRoute(ns, 'main')}\n${ipRoute(ns, 'local')}` : ipRoute(ns, table === 'local' ? 'local' : 'main');
      return { out };
    }
    case 'neighbor':
      if (!showing)
        return matches(sub, 'add') || matches(sub, 'delete') || matches(sub, 'replace') || matches(sub, 'flush')
          ? { err: computed(env), code: 2 }
          : { err: `Command "${sub}" is unknown, try "ip neigh help".`, code: 1 };
      return byDevice((ns.neighbours ?? []).map(neighbourLine), ns, more.includes('dev') ? more[more.indexOf('dev') + 1] : undefined);
    case 'netns':
      return { out: '' };
    case 'rule':
      return { out: '0:\tfrom all lookup local \n32766:\tfrom all lookup main \n32767:\tfrom all lookup default ' };
    case 'help':
      return ip([], env);
    default:
      return { err: `Object "${word}" is unknown, try "ip help".`, code: 1 };
  }
};

/**
 * Lines that name their device (`… dev NAME …`), all or one device's; iproute2 leaves the
 * device out of each line when it was asked for one.
 */
function byDevice(lines: readonly string[], ns: NetNamespace, dev: string | undefined): CommandResult {
  if (dev === undefined) return { out: lines.join('\n') };
  if (!ns.interfaces.some((i) => i.name === dev)) return { err: `Cannot find device "${dev}"`, code: 1 };
  const mine = lines.filter((l) => l.includes(` dev ${dev} `)).map((l) => l.replace(` dev ${dev} `, ' '));
  return { out: mine.join('\n') };
}

/**
 * `bridge fdb show` (iproute2): each bridge port's own address, a permanent entry of its bridge
 * (vlan filtering off, so no vlan), and a VXLAN device's entries to its remote VTEPs. A real node
 * also lists what the bridge learned from traffic (the pods' addresses, once they have sent) and
 * the multicast entries each interface joins (33:33:… and 01:00:5e:…, IPv6 and IGMP), which the
 * simulation does not model. `bridge link show`: the ports of the node's bridges.
 */
export const bridge: Command = (args, env) => {
  const [object, sub, ...more] = args.filter((a) => !a.startsWith('-'));
  if (!object)
    return {
      err: 'Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { link | fdb | mdb | vlan | vni | monitor }\n       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |\n                    -o[neline] | -t[imestamp] | -n[etns] name |\n                    -com[pressvlans] -c[olor] -p[retty] -j[son] }',
      code: 255,
    };
  const what = 'fdb'.startsWith(object) ? 'fdb' : 'link'.startsWith(object) ? 'link' : undefined;
  if (!what) return { err: `Object "${object}" is unknown, try "bridge help".`, code: 1 };
  if (sub !== undefined && !['show', 'list', 'lst'].some((s) => s.startsWith(sub)))
    return ['add', 'append', 'del', 'delete', 'replace', 'flush', 'set'].includes(sub)
      ? { err: computed(env), code: 2 }
      : { err: `Command "${sub}" is unknown, try "bridge ${what} help".`, code: 1 };
  const ns = env.here.ns;
  const ports = ns.interfaces.filter((i) => i.master !== undefined);
  const dev = more.includes('dev') ? more[more.indexOf('dev') + 1] : undefined;
  if (what === 'link') {
    const links = ipLink(ns, peerIndexOf(env.data.dataplane)).split('\n');
    const lines = ports.map((p) => {
      const head = links.find((l) => new RegExp(`^\\d+: ${p.name}[@:]`).test(l))!.replace(/ qdisc .*$/, '');
      return `${head} master ${p.master} state forwarding priority 32 cost 2 `;
    });
    if (dev === undefined) return { out: lines.join('\n') };
    if (!ns.interfaces.some((i) => i.name === dev)) return { err: `Cannot find device "${dev}"`, code: 1 };
    return { out: lines.filter((l) => l.includes(` ${dev}@`) || l.includes(` ${dev}:`)).join('\n') };
  }
  // Listed device by device, in the order of their indexes, as the kernel dumps them.
  const indexOf = (line: string) => ns.interfaces.find((i) => line.includes(` dev ${i.name} `))?.index ?? 0;
  const lines = [...ports.map((p) => `${p.mac} dev ${p.name} master ${p.master} permanent`), ...(ns.fdb ?? []).map(fdbLine)];
  return byDevice(
    lines
      .map((line) => ({ line, at: indexOf(line) }))
      .sort((a, b) => a.at - b.at)
      .map((x) => x.line),
    ns,
    dev,
  );
};

export const ifconfig: Command = (args, env) => {
  const all = args.includes('-a');
  const dev = args.find((a) => !a.startsWith('-'));
  if (dev && !env.here.ns.interfaces.some((i) => i.name === dev))
    return { err: `${dev}: error fetching interface information: Device not found`, code: 1 };
  if (args.length > 2 || (dev && args.indexOf(dev) < args.length - 1)) return { err: 'SIOCSIFADDR: Operation not permitted', code: 1 };
  return { out: printIfconfig(env.here.ns, { all, ...(dev ? { only: dev } : {}) }) };
};

/** `route -n`: the main table in net-tools' columns. */
export const route: Command = (args, env) => {
  const numeric = args.some((a) => /^-[a-zA-Z]*n/.test(a));
  if (args.some((a) => a === 'add' || a === 'del')) return { err: computed(env), code: 2 };
  const names = new Map([
    ...env.data.state.cluster.nodes.map((n) => [n.ip, n.name] as const),
    ...env.data.state.cluster.hosts.map((h) => [h.ip, h.name] as const),
  ]);
  const rows = env.here.ns.routes
    .filter((r) => r.type !== 'local')
    .map((r) => {
      const [dst, len] = r.dst === 'default' ? ['0.0.0.0', '0'] : r.dst.includes('/') ? r.dst.split('/') : [r.dst, '32'];
      const flags = `U${r.via ? 'G' : ''}${len === '32' ? 'H' : ''}`;
      const dest = !numeric && r.dst === 'default' ? 'default' : dst!;
      const gw = r.via ? (numeric ? r.via : (names.get(r.via) ?? r.via)) : numeric ? '0.0.0.0' : '0.0.0.0';
      return `${dest.padEnd(15)} ${gw.padEnd(15)} ${formatIp(maskOf(Number(len))).padEnd(15)} ${flags.padEnd(5)} ${'0'.padEnd(6)} ${'0'.padEnd(3)} ${'0'.padStart(6)} ${r.dev}`;
    });
  return {
    out: ['Kernel IP routing table', 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface', ...rows].join('\n'),
  };
};

export const brctl: Command = (args, env) => {
  if (args.length === 0)
    return {
      err: 'Usage: brctl [commands]\ncommands:\n\taddbr     \t<bridge>\t\tadd bridge\n\tdelbr     \t<bridge>\t\tdelete bridge\n\taddif     \t<bridge> <device>\tadd interface to bridge\n\tdelif     \t<bridge> <device>\tdelete interface from bridge\n\tshow      \t[ <bridge> ]\t\tshow a list of bridges\n\tshowmacs  \t<bridge>\t\tshow a list of mac addrs\n\tshowstp   \t<bridge>\t\tshow bridge stp info',
      code: 1,
    };
  if (args[0] === 'show') {
    const text = brctlShow(env.here.ns);
    if (!args[1]) return { out: text };
    const lines = text.split('\n');
    const start = lines.findIndex((l) => l.startsWith(`${args[1]}\t`));
    if (start < 0) return { out: lines[0], err: `bridge ${args[1]} does not exist!` };
    let end = start + 1;
    while (end < lines.length && lines[end]!.startsWith('\t')) end++;
    return { out: [lines[0], ...lines.slice(start, end)].join('\n') };
  }
  if (['addbr', 'delbr', 'addif', 'delif', 'stp', 'setageing', 'hairpin'].includes(args[0]!)) return { err: computed(env), code: 1 };
  if (args[0] === 'showmacs') return { out: 'port no\tmac addr\t\tis local?\tageing timer' };
  return { err: `never heard of command [${args[0]}]`, code: 1 };
};

const TABLES: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter'];
const IPTABLES_VERSION = 'iptables v1.8.9 (legacy)';

function noTable(tool: string, table: string): CommandResult {
  return {
    err: `${tool === 'iptables' ? IPTABLES_VERSION : 'iptables-save v1.8.9 (legacy)'}: can't initialize iptables table \`${table}': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.`,
    code: tool === 'iptables' ? 3 : 1,
  };
}

function permissionDenied(table: string): CommandResult {
  return {
    err: `${IPTABLES_VERSION}: can't initialize iptables table \`${table}': Permission denied (you must be root)\nPerhaps iptables or your kernel needs to be upgraded.`,
    code: 3,
  };
}

/** /etc/hosts names for addresses, as iptables -L shows them without -n. */
function hostNames(env: Env): Map<string, string> {
  const { cluster } = env.data.state;
  return new Map([...cluster.nodes.map((n) => [n.ip, n.name] as const), ...cluster.hosts.map((h) => [h.ip, h.name] as const)]);
}

export const iptables: Command = (args, env) => {
  let table = 'filter';
  let command: 'L' | 'S' | 'modify' | undefined;
  let chain: string | undefined;
  const flags = { numeric: false, verbose: false, exact: false, lineNumbers: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const takeChain = () => {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        chain = next;
        i++;
      }
    };
    if (a === '-t' || a === '--table') table = args[++i] ?? '';
    else if (a.startsWith('--table=')) table = a.slice(8);
    else if (a === '--list' || a === '--list-rules') {
      command = a === '--list' ? 'L' : 'S';
      takeChain();
    } else if (a === '--numeric') flags.numeric = true;
    else if (a === '--verbose') flags.verbose = true;
    else if (a === '--exact') flags.exact = true;
    else if (a === '--line-numbers') flags.lineNumbers = true;
    else if (/^-[A-Za-z]+$/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j]!;
        if (f === 'n') flags.numeric = true;
        else if (f === 'v') flags.verbose = true;
        else if (f === 'x') flags.exact = true;
        else if (f === 'L' || f === 'S') {
          command = f;
          if (j === a.length - 1) takeChain();
        } else if (f === 't') {
          table = a.slice(j + 1) || args[++i] || '';
          break;
        } else if ('AIDRNXPFZE'.includes(f)) command = 'modify';
        else
          return {
            err: `${IPTABLES_VERSION}: unknown option "${a}"\nTry \`iptables -h' or 'iptables --help' for more information.`,
            code: 2,
          };
      }
    } else if (a.startsWith('--'))
      return { err: `${IPTABLES_VERSION}: unknown option "${a}"\nTry \`iptables -h' or 'iptables --help' for more information.`, code: 2 };
    else if (command === undefined)
      return { err: `Bad argument \`${a}'\nTry \`iptables -h' or 'iptables --help' for more information.`, code: 2 };
  }
  if (!TABLES.includes(table as TableName)) return noTable('iptables', table);
  if (env.here.ns.kind === 'pod') return permissionDenied(table);
  if (!command)
    return { err: `${IPTABLES_VERSION}: no command specified\nTry \`iptables -h' or 'iptables --help' for more information.`, code: 2 };
  if (command === 'modify') return { err: computed(env), code: 1 };
  const t = tableOf(env.here.ns.iptables, table as TableName);
  if (chain && !chainsOf(t).includes(chain)) return { err: 'iptables: No chain/target/match by that name.', code: 1 };
  if (command === 'S') return { out: iptablesRules(t, chain) };
  return { out: iptablesList(t, { ...flags, hostNames: hostNames(env) }, chain) };
};

export const iptablesSaveCommand: Command = (args, env) => {
  let table: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-t' || a === '--table') table = args[++i];
    else if (a.startsWith('--table=')) table = a.slice(8);
    else if (a.startsWith('-t') && a.length > 2) table = a.slice(2);
    else if (a === '-c' || a === '--counters') continue;
    else return { err: `iptables-save v1.8.9 (legacy): unknown option "${a}"`, code: 1 };
  }
  if (table !== undefined && !TABLES.includes(table as TableName)) return noTable('iptables-save', table);
  if (env.here.ns.kind === 'pod')
    return { err: 'iptables-save v1.8.9 (legacy): Cannot initialize: Permission denied (you must be root)', code: 1 };
  const rules = table ? new Map([[table as TableName, tableOf(env.here.ns.iptables, table as TableName)]]) : env.here.ns.iptables;
  return { out: iptablesSave(rules, table as TableName | undefined) };
};

/** `ipset list [-n] [NAME]` and `ipset save [NAME]`; anything that would change a set is refused. */
export const ipset: Command = (args, env) => {
  const namesOnly = args.some((a) => a === '-n' || a === '-name');
  const [verb = 'list', name, ...more] = args.filter((a) => a !== '-n' && a !== '-name' && a !== '-o' && a !== 'plain');
  const node = env.data.dataplane.nodes.find((n) => n.node === env.here.node.name);
  const sets = (node?.ipsets ?? []).filter((s) => name === undefined || s.name === name);
  if (verb !== 'list' && verb !== 'save' && verb !== '-L' && verb !== '-S')
    return /^(create|add|del|destroy|flush|rename|swap|restore|-[NADXFEWR])$/.test(verb)
      ? { err: computed(env), code: 1 }
      : { err: `ipset v7.17: No command specified: unknown argument ${verb}\nTry \`ipset help' for more information.`, code: 1 };
  if (more.length > 0) return { err: `ipset v7.17: Unknown argument: \`${more[0]}'`, code: 1 };
  if (name !== undefined && sets.length === 0) return { err: 'ipset v7.17: The set with the given name does not exist', code: 1 };
  if (verb === 'save' || verb === '-S') return { out: ipsetSave(sets) };
  // -n: the sets' names only, one a line, as ipset prints them.
  const text = namesOnly ? sets.map((s) => `${s.name}\n`).join('') : ipsetList(sets, env.here.nodeNs.iptables);
  return { out: text };
};

export const ipvsadm: Command = (args, env) => {
  const known = /^-(-list|-numeric|[Lln]+)$/;
  const bad = args.find((a) => !known.test(a));
  if (bad)
    return {
      err: bad.startsWith('-') && /^-[ACEDaedZS]/.test(bad) ? computed(env) : `ipvsadm: invalid option -- '${bad.replace(/^-+/, '')}'`,
      code: 1,
    };
  const node = env.data.dataplane.nodes.find((n) => n.node === env.here.node.name) ?? { node: env.here.node.name, ipvs: [], ipsets: [] };
  return { out: printIpvsadm(node) };
};

function tupleKey(p: { proto: string; src: string; sport: number; dst: string; dport: number }): string {
  return `${p.proto} ${p.src}:${p.sport} ${p.dst}:${p.dport}`;
}

export { tupleKey };

export const conntrack: Command = (args, env) => {
  let list = false;
  let flush = false;
  let count = false;
  let proto: string | undefined;
  let src: string | undefined;
  let dst: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-L' || a === '--dump') list = true;
    else if (a === '-F' || a === '--flush') flush = true;
    else if (a === '-C' || a === '--count') count = true;
    else if (a === '-p' || a === '--proto') proto = args[++i];
    else if (a === '-s' || a === '--orig-src' || a === '--src') src = args[++i];
    else if (a === '-d' || a === '--orig-dst' || a === '--dst') dst = args[++i];
    else if (a === '-n' || a === '-o') i += a === '-o' ? 1 : 0;
    else
      return {
        err: `conntrack v1.4.4 (conntrack-tools): unknown option \`${a}'\nTry \`conntrack -h' or 'conntrack --help' for more information.`,
        code: 2,
      };
  }
  const nsId = env.here.nodeNs.id;
  const net = env.session.network();
  if (flush) {
    net.conntrack.delete(nsId);
    return { err: 'conntrack v1.4.4 (conntrack-tools): connection tracking table has been emptied.' };
  }
  if (!list && !count)
    return {
      err: "conntrack v1.4.4 (conntrack-tools): no command specified\nTry `conntrack -h' or 'conntrack --help' for more information.",
      code: 2,
    };
  const entries = (net.conntrack.get(nsId)?.entries ?? []).filter(
    (e) => (!proto || e.original.proto === proto) && (!src || e.original.src === src) && (!dst || e.original.dst === dst),
  );
  if (count) return { out: String(entries.length) };
  const lines = entries.map((e) =>
    conntrackLine({ original: e.original, reply: e.reply, replied: env.session.replied.get(`${nsId}|${tupleKey(e.original)}`) ?? false }),
  );
  return { out: lines.join('\n'), err: conntrackSummary(lines.length) };
};
