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
import { printTrace } from './core/print/trace.ts';
import { tableOf } from './core/print/iptables-list.ts';
import { trace, traceMany } from './core/trace/index.ts';
import { english } from './i18n/words.ts';
import { nftListRuleset } from './core/nftables/print.ts';
import { COMMANDS, MAX_TRACE_COUNT, readOptions, table, TABLES, traceOptions, UsageError, type Options } from './cli-args.ts';

const USAGE = `usage: npm run cli -- <command> FILE [options]

commands:
  validate FILE                      print diagnostics as FILE:LINE:COL: message; exit 1 on errors
  state FILE [--json]                the reconciled cluster state (tables, or JSON with --json)
  dataplane FILE --json              every node's interfaces, routes, iptables and listeners
  iptables-save FILE --node NAME [-t ${TABLES.join('|')}]
  routes FILE --node NAME            the node's main routing table, as ip route prints it
  nft FILE --node NAME               the node's nftables ruleset, as nft list ruleset prints it
  trace FILE --from pod:NS/NAME|node:NAME|host:NAME --to IP:PORT [--proto tcp|udp] [--seed N] [--count N] [--via IP] [--json]
                                     --count: 1 to ${MAX_TRACE_COUNT} connections, grouped by outcome
                                     --via: hand the first packet to this neighbour, past the sender's routes

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
    case 'nft':
    case 'routes': {
      const only = options.values.has('-t') ? table(options.values.get('-t')!) : undefined;
      const nodes = sim.state.cluster.nodes.map((n) => n.name);
      const node = options.values.get('--node') ?? nodes[0];
      const ns = node === undefined ? undefined : indexOf(buildDataplane(sim.state)).namespace(nsId.node(node));
      if (!ns) return usage(`no node named "${node}": the nodes are ${nodes.join(', ') || 'none'}`);
      if (command === 'routes') print(ipRoute(ns));
      else if (command === 'nft') process.stdout.write(escapeControls(nftListRuleset(ns.nftables ?? [])));
      // Asked for one table, iptables-save prints it even with no rule in it: the kernel has its
      // built-in chains.
      else
        process.stdout.write(
          escapeControls(only ? iptablesSave(new Map([[only, tableOf(ns.iptables, only)]]), only) : iptablesSave(ns.iptables)),
        );
      return 0;
    }
    case 'trace': {
      const { request, seed, count } = traceOptions(options);
      const dp = buildDataplane(sim.state);
      try {
        if (count !== undefined) {
          const { traces, outcomes } = traceMany(dp, request, count, seed);
          if (json) print(JSON.stringify({ ...traceJson(traces[0]!, english), outcomes }, null, 2));
          else
            for (const o of outcomes)
              print(
                `${String(o.count).padStart(5)}  ${o.verdict}${o.deliveredTo ? ` → ${o.deliveredTo.kind} ${o.deliveredTo.namespace ? `${o.deliveredTo.namespace}/` : ''}${o.deliveredTo.name}` : ''}${o.serverSees ? `, sees client ${o.serverSees.ip}` : ''}`,
              );
        } else {
          const t = trace(dp, request, seed);
          print(json ? JSON.stringify(traceJson(t, english), null, 2) : printTrace(t, english));
        }
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

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
export { main };
