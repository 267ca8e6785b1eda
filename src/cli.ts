/**
 * The pipeline from a terminal: `npm run cli -- <command> FILE [options]`.
 * Other tools and tests rely on these commands and their JSON: keep them stable.
 */
import { readFileSync } from 'node:fs';
import { simulate, type Diagnostic } from './core/index.ts';
import { buildDataplane } from './core/dataplane/index.ts';
import { indexOf } from './core/dataplane/lookup.ts';
import { isNamespaceId, nsId } from './core/namespace-id.ts';
import { iptablesSave } from './core/netfilter/ruleset.ts';
import { ipRoute } from './core/print/ip.ts';
import { dataplaneJson, stateJson, traceJson } from './core/print/json.ts';
import { printState } from './core/print/state.ts';
import { printTrace } from './core/print/trace.ts';
import { trace, traceMany, type TraceRequest } from './core/trace/index.ts';

const USAGE = `usage: npm run cli -- <command> FILE [options]

commands:
  validate FILE                      print diagnostics as FILE:LINE:COL: message; exit 1 on errors
  state FILE [--json]                the reconciled cluster state (tables, or JSON with --json)
  dataplane FILE --json              every node's interfaces, routes, iptables and listeners
  iptables-save FILE --node NAME [-t TABLE]
  routes FILE --node NAME            the node's main routing table, as ip route prints it
  trace FILE --from pod:NS/NAME|node:NAME|host:NAME --to IP:PORT [--proto tcp|udp] [--seed N] [--count N] [--json]`;

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export function formatDiagnostic(file: string, d: Diagnostic): string {
  const head = `${file}:${d.line}:${d.column}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

function main(argv: readonly string[]): number {
  const [command, file, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || !file) {
    console.log(USAGE);
    return command && command !== 'help' && command !== '--help' ? 2 : 0;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    console.error(`error: cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  const sim = simulate(text);
  switch (command) {
    case 'validate': {
      for (const d of sim.diagnostics) console.log(formatDiagnostic(file, d));
      const errors = sim.diagnostics.filter((d) => d.severity === 'error').length;
      if (sim.diagnostics.length === 0) console.log(`${file}: valid`);
      return errors > 0 ? 1 : 0;
    }
    case 'state':
      for (const d of sim.diagnostics) console.error(formatDiagnostic(file, d));
      console.log(rest.includes('--json') ? JSON.stringify(stateJson(sim.state), null, 2) : printState(sim.state));
      return 0;
    case 'dataplane':
      console.log(JSON.stringify(dataplaneJson(sim.state, buildDataplane(sim.state)), null, 2));
      return 0;
    case 'iptables-save':
    case 'routes': {
      const node = option(rest, '--node') ?? sim.state.cluster.nodes[0]?.name;
      const ns = node === undefined ? undefined : indexOf(buildDataplane(sim.state)).namespace(nsId.node(node));
      if (!ns) {
        console.error(`error: no node named "${node}"`);
        return 2;
      }
      const table = option(rest, '-t');
      if (command === 'routes') console.log(ipRoute(ns));
      else process.stdout.write(iptablesSave(ns.iptables, table as 'nat' | 'filter' | undefined));
      return 0;
    }
    case 'trace': {
      const from = option(rest, '--from');
      const to = option(rest, '--to');
      const proto = (option(rest, '--proto') ?? 'tcp').toLowerCase();
      const [ip, port] = (to ?? '').split(':');
      if (!from || !ip || !port || (proto !== 'tcp' && proto !== 'udp')) {
        console.error(`error: trace needs --from and --to IP:PORT\n\n${USAGE}`);
        return 2;
      }
      if (!isNamespaceId(from)) {
        console.error(`error: --from ${from}: expected pod:NAMESPACE/NAME, node:NAME or host:NAME`);
        return 2;
      }
      const request: TraceRequest = { from, to: { ip, port: Number(port) }, proto };
      const seed = Number(option(rest, '--seed') ?? 1);
      const count = option(rest, '--count');
      const dp = buildDataplane(sim.state);
      try {
        if (count) {
          const { traces, outcomes } = traceMany(dp, request, Number(count), seed);
          if (rest.includes('--json')) console.log(JSON.stringify({ ...traceJson(traces[0]!), outcomes }, null, 2));
          else for (const o of outcomes) console.log(`${String(o.count).padStart(5)}  ${o.verdict}${o.deliveredTo ? ` → ${o.deliveredTo.kind} ${o.deliveredTo.namespace ? `${o.deliveredTo.namespace}/` : ''}${o.deliveredTo.name}` : ''}${o.serverSees ? `, sees client ${o.serverSees.ip}` : ''}`);
        } else {
          const t = trace(dp, request, seed);
          console.log(rest.includes('--json') ? JSON.stringify(traceJson(t), null, 2) : printTrace(t));
        }
      } catch (e) {
        console.error(`error: ${(e as Error).message}`);
        return 2;
      }
      return 0;
    }
    default:
      console.error(`error: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
export { main };
