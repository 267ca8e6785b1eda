/**
 * The pipeline from a terminal: `npm run cli -- <command> FILE [options]`.
 * Other tools and tests rely on these commands and their JSON: keep them stable.
 */
import { readFileSync } from 'node:fs';
import { simulate, type Diagnostic } from './core/index.ts';
import { escapeControls } from './core/print/escape.ts';
import { buildDataplane } from './core/dataplane/index.ts';
import { indexOf } from './core/dataplane/lookup.ts';
import { nsId } from './core/namespace-id.ts';
import { iptablesSave } from './core/netfilter/ruleset.ts';
import { ipRoute } from './core/print/ip.ts';
import { dataplaneJson, stateJson, traceJson } from './core/print/json.ts';
import { printState } from './core/print/state.ts';
import { ipsetList } from './core/print/ipset.ts';
import { printTrace } from './core/print/trace.ts';
import { tableOf } from './core/print/iptables-list.ts';
import { connect, Network, traceMany, type TraceRequest } from './core/trace/index.ts';
import { lookupFlow, type NameLookup } from './core/dns/lookup-flow.ts';
import { lookupJson, printLookup } from './core/print/dns.ts';
import { english } from './i18n/words.ts';
import { kindExport } from './core/export/kind.ts';
import { nftListRuleset } from './core/nftables/print.ts';
import {
  COMMANDS,
  dnsOptions,
  MAX_TRACE_COUNT,
  readOptions,
  RECORD_TYPES,
  table,
  TABLES,
  traceOptions,
  UsageError,
  type Options,
} from './cli-args.ts';

const USAGE = `usage: npm run cli -- <command> FILE [options]

commands:
  validate FILE                      print diagnostics as FILE:LINE:COL: message; exit 1 on errors
  state FILE [--json]                the reconciled cluster state (tables, or JSON with --json)
  dataplane FILE --json              every node's interfaces, routes, iptables and listeners
  iptables-save FILE --node NAME [-t ${TABLES.join('|')}]
  routes FILE --node NAME            the node's main routing table, as ip route prints it
  ipset FILE --node NAME             the node's ipsets, as ipset list prints them
  nft FILE --node NAME               the node's nftables ruleset, as nft list ruleset prints it
  export-kind FILE                   a bash script rebuilding the scenario on kind: its kind config, its
                                     manifests, and its flows with the outcomes the playground predicts
  trace FILE --from pod:NS/NAME|node:NAME|host:NAME --to IP:PORT|NAME:PORT [--proto tcp|udp] [--seed N] [--count N] [--via IP] [--json]
                                     --count: 1 to ${MAX_TRACE_COUNT} connections, grouped by outcome
                                     --via: hand the first packet to this neighbour, past the sender's routes
                                     NAME:PORT: the sender's resolver looks NAME up first (its DNS queries are traced too)
  dns FILE --from pod:NS/NAME|node:NAME --name NAME [--type ${RECORD_TYPES.join('|')}] [--seed N] [--json]
                                     the queries the resolver sends (search list, ndots) and the answers

A usage error exits with status 2.`;

/** A usage error on stderr, with the usage, and exit status 2. */
function usage(message: string): number {
  printError(`error: ${message}\n\n${USAGE}`);
  return 2;
}

export function formatDiagnostic(file: string, d: Diagnostic): string {
  const head = `${file}:${d.line}:${d.column}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

// Everything the CLI prints passes here: a manifest's control characters are shown, never obeyed.
const print = (text: string) => process.stdout.write(`${escapeControls(text)}\n`);
const printError = (text: string) => process.stderr.write(`${escapeControls(text)}\n`);

function main(argv: readonly string[]): number {
  const [command, file, ...rest] = argv;
  if (command === 'help' || command === '--help') {
    print(USAGE);
    return 0;
  }
  if (!command) return usage('no command given');
  if (!COMMANDS.includes(command)) return usage(`unknown command "${command}"`);
  if (!file) return usage(`${command} needs a FILE`);
  try {
    return run(command, file, readOptions(command, rest));
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
}

function run(command: string, file: string, options: Options): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    printError(`error: cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  const sim = simulate(text);
  const json = options.flags.has('--json');
  switch (command) {
    case 'validate': {
      for (const d of sim.diagnostics) print(formatDiagnostic(file, d));
      const errors = sim.diagnostics.filter((d) => d.severity === 'error').length;
      if (sim.diagnostics.length === 0) print(`${file}: valid`);
      return errors > 0 ? 1 : 0;
    }
    case 'state':
      for (const d of sim.diagnostics) printError(formatDiagnostic(file, d));
      print(json ? JSON.stringify(stateJson(sim.state), null, 2) : printState(sim.state));
      return 0;
    case 'dataplane':
      print(JSON.stringify(dataplaneJson(sim.state, buildDataplane(sim.state)), null, 2));
      return 0;
    case 'iptables-save':
    case 'ipset':
    case 'nft':
    case 'routes': {
      const only = options.values.has('-t') ? table(options.values.get('-t')!) : undefined;
      const nodes = sim.state.cluster.nodes.map((n) => n.name);
      const node = options.values.get('--node') ?? nodes[0];
      const ns = node === undefined ? undefined : indexOf(buildDataplane(sim.state)).namespace(nsId.node(node));
      if (!ns) return usage(`no node named "${node}": the nodes are ${nodes.join(', ') || 'none'}`);
      if (command === 'routes') print(ipRoute(ns));
      else if (command === 'ipset') {
        const sets = buildDataplane(sim.state).nodes.find((n) => n.node === node)?.ipsets ?? [];
        if (sets.length > 0) print(ipsetList(sets, ns.iptables));
      } else if (command === 'nft') process.stdout.write(escapeControls(nftListRuleset(ns.nftables ?? [])));
      // Asked for one table, iptables-save prints it even with no rule in it: the kernel has its
      // built-in chains.
      else
        process.stdout.write(
          escapeControls(only ? iptablesSave(new Map([[only, tableOf(ns.iptables, only)]]), only) : iptablesSave(ns.iptables)),
        );
      return 0;
    }
    case 'export-kind': {
      for (const d of sim.diagnostics) printError(formatDiagnostic(file, d));
      process.stdout.write(escapeControls(kindExport(text, sim.state, buildDataplane(sim.state), english).script));
      return 0;
    }
    case 'trace': {
      const { request: asked, seed, count } = traceOptions(options);
      const dp = buildDataplane(sim.state);
      try {
        const net = new Network(dp, seed);
        let request: TraceRequest;
        let lookup: NameLookup | undefined;
        if ('name' in asked.to) {
          lookup = lookupFlow(sim.state, net, asked.from, asked.to.name, 'A');
          if (!lookup.address) {
            if (json) print(JSON.stringify({ lookup: lookupTracesJson(lookup), verdict: 'unresolved' }, null, 2));
            else
              print(`${printLookupTraces(lookup)}
== ${asked.to.name} does not resolve: no connection is opened`);
            return 1;
          }
          request = { ...asked, to: { ip: lookup.address, port: asked.to.port } };
        } else request = { ...asked, to: asked.to };
        const withLookup = <T extends object>(o: T) => (lookup ? { lookup: lookupTracesJson(lookup), ...o } : o);
        const lookupText = lookup ? `${printLookupTraces(lookup)}\n== connection to ${request.to.ip}:${request.to.port}\n` : '';
        if (count !== undefined) {
          const { traces, outcomes } = traceMany(dp, request, count, seed);
          if (json) print(JSON.stringify(withLookup({ ...traceJson(traces[0]!, english), outcomes }), null, 2));
          else {
            if (lookupText) print(lookupText.replace(/\n$/, ''));
            for (const o of outcomes)
              print(
                `${String(o.count).padStart(5)}  ${o.verdict}${o.deliveredTo ? ` → ${o.deliveredTo.kind} ${o.deliveredTo.namespace ? `${o.deliveredTo.namespace}/` : ''}${o.deliveredTo.name}` : ''}${o.serverSees ? `, sees client ${o.serverSees.ip}` : ''}`,
              );
          }
        } else {
          const t = connect(lookup ? net : new Network(dp, seed), request);
          print(json ? JSON.stringify(withLookup(traceJson(t, english)), null, 2) : lookupText + printTrace(t, english));
        }
      } catch (e) {
        printError(`error: ${(e as Error).message}`);
        return 2;
      }
      return 0;
    }
    case 'dns': {
      const { from, name, type, seed } = dnsOptions(options);
      try {
        const lookup = lookupFlow(sim.state, new Network(buildDataplane(sim.state), seed), from, name, type);
        print(json ? JSON.stringify(lookupJson(lookup), null, 2) : printLookup(lookup));
      } catch (e) {
        printError(`error: ${(e as Error).message}`);
        return 2;
      }
      return 0;
    }
    default:
      return usage(`unknown command "${command}"`);
  }
}

/** A lookup's queries with the trace of each question's packet. */
function lookupTracesJson(l: NameLookup) {
  return {
    queries: lookupJson(l).queries.map((q, i) => {
      const flow = l.queries[i]!;
      const forward = q.forward && flow.forward && { ...q.forward, trace: traceJson(flow.forward.trace, english) };
      return { ...q, ...(forward ? { forward } : {}), trace: traceJson(flow.trace, english) };
    }),
  };
}

function printLookupTraces(l: NameLookup): string {
  if (l.queries.length === 0) return printLookup(l);
  return l.queries
    .map((q) => {
      const head = `== DNS query ${q.name} ${q.type} @${q.server}: ${q.rcode}\n${printTrace(q.trace, english)}`;
      const f = q.forward;
      return f ? `${head}\n== forwarded by ${f.from} to ${f.server}: ${f.rcode}\n${printTrace(f.trace, english)}` : head;
    })
    .join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
export { main };
