/**
 * How the kernel's answers are compared with the simulator's: iptables-save texts, route
 * tables, and the outcomes of many connections against the tracer's `--count` outcomes.
 */
import type { NamespaceId } from '../../src/core/namespace-id.ts';
import type { ClientResult } from './netns.ts';
import { targetId, type Outcome, type Proto, type Trace } from './dataplane.ts';

// ---------------------------------------------------------------------------------------------
// iptables-save

const BUILTIN: Record<string, string[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

interface Table {
  /** chain -> policy (`-` for user chains) */
  chains: Map<string, string>;
  /** chain -> its rules, in order */
  rules: Map<string, string[]>;
}

/**
 * The rules of an iptables-save text: per table, its chains (with policies) and each chain's
 * `-A` lines in order. Comments, COMMIT, counters and the order of tables and chains do not count.
 */
export function parseIptablesSave(text: string): Map<string, Table> {
  const tables = new Map<string, Table>();
  let cur: Table | undefined;
  for (const raw of text.split('\n')) {
    const line = raw
      .trim()
      .replace(/^\[\d+:\d+\]\s+/, '')
      .replace(/\s+/g, ' ');
    if (!line || line.startsWith('#') || line === 'COMMIT') continue;
    if (line.startsWith('*')) {
      const name = line.slice(1);
      cur = tables.get(name) ?? { chains: new Map(), rules: new Map() };
      tables.set(name, cur);
      continue;
    }
    if (!cur) continue;
    if (line.startsWith(':')) {
      const [name = '', policy = '-'] = line.slice(1).split(' ');
      cur.chains.set(name, policy);
    } else if (line.startsWith('-A ')) {
      const chain = line.split(' ')[1]!;
      if (!cur.rules.has(chain)) cur.rules.set(chain, []);
      cur.rules.get(chain)!.push(line);
    }
  }
  return tables;
}

/** The canonical text of one table: built-in chains in their order, then user chains by name. */
function canonicalTable(name: string, t: Table | undefined): string[] {
  if (!t) return [];
  const builtin = BUILTIN[name] ?? [];
  const chains = [...new Set([...t.chains.keys(), ...t.rules.keys()])];
  // A built-in chain with policy ACCEPT and no rules is the same as no chain at all.
  const shown = chains.filter((c) => !(builtin.includes(c) && (t.chains.get(c) ?? 'ACCEPT') === 'ACCEPT' && !t.rules.get(c)?.length));
  shown.sort((a, b) => {
    const ia = builtin.indexOf(a);
    const ib = builtin.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const out = shown.map((c) => `:${c} ${t.chains.get(c) ?? '(undeclared)'}`);
  for (const c of shown) out.push(...(t.rules.get(c) ?? []));
  return out.length ? [`*${name}`, ...out] : [];
}

/** A line diff (`-` only in a, `+` only in b, with 2 lines of context); empty when equal. */
export function lineDiff(a: string[], b: string[]): string {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: [' ' | '-' | '+', string][] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push([' ', a[i]!]);
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) ops.push(['+', b[j++]!]);
    else ops.push(['-', a[i++]!]);
  }
  if (ops.every(([op]) => op === ' ')) return '';
  const keep = ops.map(([op], k) => op !== ' ' || ops.slice(Math.max(0, k - 2), k + 3).some(([o]) => o !== ' '));
  const out: string[] = [];
  ops.forEach(([op, text], k) => {
    if (keep[k]) out.push(`${op} ${text}`);
    else if (keep[k - 1]) out.push('  ...');
  });
  return out.join('\n');
}

/** Differences between the simulator's iptables-save text and the kernel's, or '' if none. */
export function iptablesDiff(simulator: string, kernel: string): string {
  const a = parseIptablesSave(simulator);
  const b = parseIptablesSave(kernel);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  const diffs: string[] = [];
  for (const name of names) {
    const d = lineDiff(canonicalTable(name, a.get(name)), canonicalTable(name, b.get(name)));
    if (d) diffs.push(d);
  }
  return diffs.length ? `--- simulator's iptablesSave\n+++ kernel's iptables-save after iptables-restore\n${diffs.join('\n')}` : '';
}

/**
 * The simulator's `nft list ruleset` against the kernel's after `nft -f`: the kernel's listing
 * also has iptables-nft's tables (the node's iptables rules), so only the tables the simulator
 * wrote are compared, line by line and exactly.
 */
export function nftDiff(simulator: string, kernel: string): string {
  const tables = (text: string) => {
    const out = new Map<string, string[]>();
    let current: string[] | undefined;
    for (const line of text.split('\n')) {
      if (/^table /.test(line)) out.set(line, (current = [line]));
      else if (current) current.push(line);
      if (line === '}') current = undefined;
    }
    return out;
  };
  const a = tables(simulator);
  const b = tables(kernel);
  const diffs = [...a.keys()].map((name) => lineDiff(a.get(name)!, b.get(name) ?? [])).filter(Boolean);
  return diffs.length ? `--- simulator's nftRuleset\n+++ kernel's nft list ruleset after nft -f\n${diffs.join('\n')}` : '';
}

// ---------------------------------------------------------------------------------------------
// Connections

export interface KernelOutcome {
  verdict: string;
  target?: string;
  sees?: { ip: string; port: number };
  /** The client's own address, as its socket saw it. */
  local: string | null;
  detail?: string;
}

/**
 * What each connection came to, in the tracer's words. A refused connection (ECONNREFUSED) is
 * `rejected` when an iptables REJECT rule counted it and `refused` (RST or ICMP port unreachable
 * from a socketless port) when none did; `rejectedPackets` is how many REJECTs the flow caused
 * (undefined: not counted, either verdict).
 */
export function kernelOutcomes(results: ClientResult[], rejectedPackets: number | undefined): KernelOutcome[] {
  const refusedCount = results.filter((r) => r.kind === 'refused').length;
  const refusedVerdict =
    rejectedPackets === undefined
      ? 'refused|rejected'
      : rejectedPackets === 0
        ? 'refused'
        : rejectedPackets >= refusedCount
          ? 'rejected'
          : 'refused|rejected';
  return results.map((r) => {
    switch (r.kind) {
      case 'answer': {
        const m = /^(\S+) (\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(r.answer ?? '');
        if (!m) return { verdict: 'garbled', local: r.local, detail: r.answer };
        return { verdict: 'delivered', target: m[1]!, sees: { ip: m[2]!, port: Number(m[3]) }, local: r.local };
      }
      case 'refused':
        return { verdict: refusedVerdict, local: r.local, detail: r.code };
      case 'timeout':
        return { verdict: 'dropped', local: r.local };
      case 'unreachable':
        return { verdict: 'unreachable', local: r.local, detail: r.code };
      case 'reset':
        return { verdict: 'reset', local: r.local, detail: 'connection reset after it was set up' };
      case 'closed':
        return { verdict: 'closed', local: r.local, detail: 'accepted, then closed without an answer' };
      default:
        return { verdict: `error`, local: r.local, detail: r.code };
    }
  });
}

export interface FlowSpec {
  /** What the flow is, for messages: `host → NodePort`. */
  kind: string;
  from: NamespaceId;
  to: string;
  proto: Proto;
  count: number;
  timeoutMs: number;
  /** The service has sessionAffinity: ClientIP: all connections must reach ONE of `endpoints`. */
  affinity?: { endpoints: string[] };
  /** The client hands its packets to this neighbour whatever its routes say (the tracer's --via). */
  via?: string;
}

/** The tracer's outcomes of a `--count` (or single) trace, with counts. */
export function traceOutcomes(t: Trace): (Outcome & { count: number })[] {
  const list = t.outcomes && t.outcomes.length ? t.outcomes : [t];
  return list.map((o) => ({ ...o, count: o.count ?? 1 }));
}

function summarizeTrace(t: Trace): string {
  return traceOutcomes(t)
    .map(
      (o) =>
        `${String(o.count).padStart(3)} × ${o.verdict}${o.deliveredTo ? ` to ${targetId(o.deliveredTo)}` : ''}${o.serverSees ? `, server sees ${o.serverSees.ip}${o.serverSees.port != null ? `:${o.serverSees.port}` : ''}` : ''}`,
    )
    .join('\n');
}

function summarizeKernel(k: KernelOutcome[]): string {
  const groups = new Map<string, { n: number; example: KernelOutcome }>();
  for (const o of k) {
    const key = `${o.verdict}${o.target ? ` to ${o.target}` : ''}${o.sees ? `, server sees ${o.sees.ip}` : ''}${o.detail ? ` (${o.detail})` : ''}`;
    const g = groups.get(key) ?? { n: 0, example: o };
    g.n++;
    groups.set(key, g);
  }
  return [...groups]
    .map(
      ([key, g]) =>
        `${String(g.n).padStart(3)} × ${key}${g.example.sees ? `   e.g. client ${g.example.local} → server saw ${g.example.sees.ip}:${g.example.sees.port}` : ''}`,
    )
    .join('\n');
}

/** Verdicts that the client cannot tell apart count as the same. */
function verdictMatches(kernel: string, simulator: string): boolean {
  if (kernel === simulator) return true;
  if (kernel === 'refused|rejected') return simulator === 'refused' || simulator === 'rejected';
  return false;
}

/**
 * Does the tracer keep the client's source port all the way to the server? The tracer picks its
 * own source port (`request.sport`); its first connection keeps it when `serverSees.port` is that
 * port. Returns where that holds (the first connection's endpoint and the address it sees), so
 * the kernel's port is checked only for connections that went the same way.
 */
export function tracerPort(t: Trace): { target: string; ip: string; preserved: boolean } | undefined {
  const req = t.request as { sport?: number } | undefined;
  if (t.verdict !== 'delivered' || !t.serverSees || t.serverSees.port == null || req?.sport == null) return undefined;
  return { target: targetId(t.deliveredTo), ip: t.serverSees.ip, preserved: t.serverSees.port === req.sport };
}

/**
 * How many of n kernel connections an outcome may get without the test failing, when the tracer
 * gave it a share p of its m connections: the wider of 0.45p–1.65p and p ± 4 standard
 * deviations of the difference of the two samples (a false alarm about 1 in 16000 per check, and
 * a suite makes dozens of checks; about 5–35 of 60 for p = 1/3). A rule that sends everything to
 * one endpoint, or skips one, still fails by far.
 */
export function shareBounds(p: number, n: number, m = Infinity): [number, number] {
  const mean = n * p;
  const sd = Math.sqrt(n * p * (1 - p) + (n * n * p * (1 - p)) / m);
  return [Math.max(0, Math.min(0.45 * mean, mean - 4 * sd)), Math.min(n, Math.max(1.65 * mean, mean + 4 * sd))];
}

export interface FlowVerdict {
  problems: string[];
  notes: string[];
  report: string;
}

/**
 * Compares N kernel connections with the tracer's outcomes of N connections:
 *   - every kernel outcome must be one the tracer allows (verdict, and where it was delivered);
 *   - the server must see the peer IP the tracer says, and the client's own port where the tracer
 *     keeps it (on at least three quarters of the connections: conntrack remaps a port whose reply
 *     tuple an earlier connection holds);
 *   - when the tracer spreads connections over several endpoints, each must get a share close to
 *     the tracer's (between 0.45× and 1.65× + 5 points, loose enough never to flake);
 *   - with session affinity, every connection must reach one single endpoint.
 */
export function compareFlow(flow: FlowSpec, trace: Trace, kernel: KernelOutcome[]): FlowVerdict {
  const problems: string[] = [];
  const notes: string[] = [];
  const sim = traceOutcomes(trace);
  const simTotal = sim.reduce((s, o) => s + o.count, 0) || 1;
  const port = tracerPort(trace);
  let portChecked = 0;
  const remapped: string[] = [];

  for (const k of kernel) {
    const same = sim.filter((o) => verdictMatches(k.verdict, o.verdict));
    if (same.length === 0) {
      problems.push(
        `the kernel's ${k.verdict}${k.detail ? ` (${k.detail})` : ''} is not among the tracer's verdicts (${[...new Set(sim.map((o) => o.verdict))].join(', ')})`,
      );
      continue;
    }
    if (k.verdict !== 'delivered') continue;
    const allowed = flow.affinity ? flow.affinity.endpoints : same.map((o) => targetId(o.deliveredTo));
    if (!allowed.includes(k.target!)) {
      problems.push(
        `the kernel delivered to ${k.target}, which the tracer never does (it delivers to ${[...new Set(allowed)].join(', ')})`,
      );
      continue;
    }
    const sameTarget = same.filter((o) => targetId(o.deliveredTo) === k.target);
    const ips = [...new Set((flow.affinity ? same : sameTarget).map((o) => o.serverSees?.ip).filter((x): x is string => !!x))];
    if (ips.length && !ips.includes(k.sees!.ip))
      problems.push(`${k.target} saw the client as ${k.sees!.ip}; the tracer says it sees ${ips.join(' or ')}`);
    const localPort = k.local ? Number(k.local.split(':')[1]) : NaN;
    if (!port || port.target !== k.target || port.ip !== k.sees!.ip || !Number.isFinite(localPort)) continue;
    portChecked++;
    if (port.preserved && k.sees!.port !== localPort) remapped.push(`${k.target} saw port ${k.sees!.port} for client port ${localPort}`);
    if (!port.preserved && k.sees!.port === localPort)
      notes.push(
        `the tracer changes the client's source port (${trace.request && (trace.request as { sport?: number }).sport} → ${trace.serverSees!.port}), the kernel kept it (${k.local} → ${k.target} saw ${k.sees!.ip}:${k.sees!.port})`,
      );
  }
  // Conntrack keeps the source port unless an earlier connection's entry (kept 120 s in TIME_WAIT)
  // says otherwise: MASQUERADE reuses the mapping an earlier connection from the same ip:port got
  // (nf_nat's find_appropriate_src: a port --random-fully had changed comes back changed), and a
  // reply tuple taken by a connection DNATed to the same endpoint forces a new port. The tracer
  // traces each flow on a fresh network, so the harness gives each flow source ports no earlier
  // flow used (KernelCluster.connect); should that fail, a few remapped ports are the kernel's
  // right, more than a quarter a model that is wrong.
  if (remapped.length * 4 > portChecked)
    problems.push(
      `the tracer keeps the client's source port, but ${remapped.length} of ${portChecked} connections had it changed: ${remapped.slice(0, 3).join('; ')}`,
    );
  else if (remapped.length > 0)
    notes.push(`the kernel remapped ${remapped.length} of ${portChecked} source ports (a taken tuple): ${remapped[0]}`);

  const delivered = kernel.filter((k) => k.verdict === 'delivered');
  if (flow.affinity) {
    const targets = new Set(delivered.map((k) => k.target));
    if (targets.size > 1) problems.push(`session affinity: the kernel spread one client over ${[...targets].join(', ')}`);
    const simTargets = new Set(sim.filter((o) => o.verdict === 'delivered').map((o) => targetId(o.deliveredTo)));
    if (simTargets.size > 1) problems.push(`session affinity: the tracer spread one client over ${[...simTargets].join(', ')}`);
  } else if (kernel.length >= 20) {
    // Shares: the tracer's shares over many connections are the rules' probabilities, sampled.
    const shares = new Map<string, number>();
    for (const o of sim) {
      const key = o.verdict === 'delivered' ? targetId(o.deliveredTo) : o.verdict;
      shares.set(key, (shares.get(key) ?? 0) + o.count / simTotal);
    }
    if (shares.size > 1)
      for (const [key, p] of shares) {
        const got = kernel.filter((k) => (k.verdict === 'delivered' ? k.target === key : verdictMatches(k.verdict, key))).length;
        const [lo, hi] = shareBounds(p, kernel.length, simTotal);
        if (got < lo || got > hi)
          problems.push(
            `share of ${key}: the kernel gave it ${got} of ${kernel.length} connections (${((100 * got) / kernel.length).toFixed(0)}%), ` +
              `the tracer ${(100 * p).toFixed(0)}% (allowed ${Math.ceil(lo)}–${Math.floor(hi)})`,
          );
      }
  }

  const report =
    `flow: ${flow.kind}: ${flow.from} → ${flow.to}/${flow.proto}, ${kernel.length} connections\n` +
    `simulator (trace --count ${simTotal}):\n${summarizeTrace(trace)}\n` +
    `kernel:\n${summarizeKernel(kernel)}`;
  return { problems: [...new Set(problems)], notes: [...new Set(notes)], report };
}
