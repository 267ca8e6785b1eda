/**
 * The pipeline from a terminal: `npm run cli -- <command> FILE [options]`.
 * Other tools and tests rely on these commands and their JSON: keep them stable.
 */
import { readFileSync } from 'node:fs';
import { simulate, type ClusterState, type Diagnostic } from './core/index.ts';
import { printState } from './core/print/state.ts';

const USAGE = `usage: npm run cli -- <command> FILE [options]

commands:
  validate FILE          print diagnostics as FILE:LINE:COL: message; exit 1 on errors
  state FILE [--json]    the reconciled cluster state (tables, or JSON with --json)`;

export function formatDiagnostic(file: string, d: Diagnostic): string {
  const head = `${file}:${d.line}:${d.column}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** The JSON form of `state`: the shape other tools read. */
export function stateJson(state: ClusterState) {
  return {
    cluster: {
      name: state.cluster.name,
      serviceClusterIPRange: state.cluster.serviceClusterIPRange,
      clusterCIDR: state.cluster.clusterCIDR,
      kubeProxyMode: state.cluster.kubeProxyMode,
    },
    nodes: state.cluster.nodes.map((n) => ({ name: n.name, ip: n.ip, prefix: n.prefix, podSubnet: n.podSubnet, labels: n.labels })),
    hosts: state.cluster.hosts.map((h) => ({ name: h.name, ip: h.ip, prefix: h.prefix })),
    pods: state.pods.map((p) => ({
      namespace: p.namespace,
      name: p.name,
      node: p.node ?? null,
      phase: p.phase,
      ip: p.ip ?? null,
      hostNetwork: p.hostNetwork,
      labels: p.labels,
      ...(p.reason ? { reason: p.reason, message: p.message } : {}),
      containers: p.containers.map((c) => ({
        name: c.name,
        id: c.id,
        image: c.image,
        networkMode: c.networkMode,
        ports: c.role === 'pause'
          ? c.portMappings.map((m) => ({ hostIP: m.hostIP, hostPort: m.hostPort, containerPort: m.containerPort, protocol: m.protocol }))
          : c.ports.map((cp) => ({ containerPort: cp.containerPort, protocol: cp.protocol, ...(cp.name ? { name: cp.name } : {}), ...(cp.hostPort ? { hostPort: cp.hostPort } : {}) })),
      })),
    })),
    services: state.services.map((s) => ({
      namespace: s.namespace,
      name: s.name,
      type: s.type,
      clusterIP: s.clusterIP,
      selector: s.selector ?? null,
      sessionAffinity: s.sessionAffinity,
      ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, targetPort: p.targetPort, ...(p.nodePort ? { nodePort: p.nodePort } : {}), protocol: p.protocol })),
    })),
    endpoints: state.endpoints,
    events: state.events,
  };
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
    default:
      console.error(`error: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
export { main };
