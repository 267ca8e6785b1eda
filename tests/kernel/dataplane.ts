/**
 * The simulator as the kernel suite sees it: its CLI (`dataplane`, `trace`, `state`), the JSON
 * they print, and the scenario files with the kube-proxy mode set.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nsId } from '../../src/core/namespace-id.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type Mode = 'iptables' | 'userspace' | 'ipvs' | 'nftables';
export type Proto = 'tcp' | 'udp';

export interface DpInterface {
  name: string;
  kind: 'loopback' | 'physical' | 'bridge' | 'veth' | 'dummy' | 'vxlan';
  addresses: string[];
  mac?: string;
  master?: string;
  hairpin?: boolean;
  peer?: { pod: string; ifname: string };
  /** A VXLAN device's network identifier, UDP port, own address and underlay device. */
  vni?: number;
  port?: number;
  local?: string;
  dev?: string;
}

export interface DpListener {
  protocol: 'TCP' | 'UDP';
  ip: string;
  port: number;
  process: string;
  proxy?: { backends: { ip: string; port: number }[]; sessionAffinity?: boolean };
}

export interface DpNode {
  name: string;
  interfaces: DpInterface[];
  routes: string[];
  /** FDB and permanent neighbour entries, as `bridge fdb show` and `ip neigh show` print them. */
  fdb?: string[];
  neighbours?: string[];
  iptablesSave: string;
  /** The node's ipsets as `ipset save` writes them (empty when it has none). */
  ipsets?: string;
  /** `nft list ruleset` of the node (kube-proxy's nftables mode); empty when it has no table. */
  nftRuleset?: string;
  listeners: DpListener[];
  /** Optional: sysctls the node sets beyond the suite's own (`net.ipv4.conf.all.route_localnet`: `1`). */
  sysctls?: Record<string, string>;
}

export interface DpPod {
  namespace: string;
  name: string;
  node: string;
  ip: string;
  prefix: number;
  gateway: string;
  /** The pod's main table as `ip route` prints it. */
  routes: string[];
  hostVeth: string;
  hostNetwork: boolean;
  ports: { containerPort: number; protocol: 'TCP' | 'UDP'; hostPort?: number }[];
}

export interface DpHost {
  name: string;
  addresses: string[];
  routes: string[];
  listeners: DpListener[];
}

export interface Dataplane {
  nodes: DpNode[];
  pods: DpPod[];
  hosts: DpHost[];
}

/** `kind:name` or `kind:ns/name`, as --from takes it and our servers answer. */
export interface Target {
  kind: 'pod' | 'node' | 'host';
  name: string;
  namespace?: string;
}

export interface Outcome {
  verdict: string;
  deliveredTo?: Target | null;
  serverSees?: { ip: string; port?: number | null } | null;
  count?: number;
}

export interface Trace extends Outcome {
  outcomes?: Outcome[];
  hops?: unknown[];
  [key: string]: unknown;
}

export interface StateService {
  namespace: string;
  name: string;
  type: string;
  clusterIP: string;
  selector: Record<string, string> | null;
  sessionAffinity: string;
  externalTrafficPolicy?: 'Cluster' | 'Local';
  internalTrafficPolicy?: 'Cluster' | 'Local';
  loadBalancerIngress?: string[];
  loadBalancerSourceRanges?: string[];
  externalIPs?: string[];
  ports: { name?: string; port: number; targetPort: number | string; nodePort?: number; protocol: 'TCP' | 'UDP' }[];
}

export interface StateEndpoints {
  namespace: string;
  name: string;
  subsets?: {
    addresses?: { ip: string; nodeName?: string; targetRef?: { kind: string; namespace: string; name: string } }[];
    ports?: { name?: string; port: number; protocol: string }[];
  }[];
}

export interface State {
  cluster: { kubeProxyMode: string };
  nodes: { name: string; ip: string }[];
  hosts: { name: string; ip: string }[];
  pods: { namespace: string; name: string; node: string | null; ip: string | null; hostNetwork: boolean; phase: string }[];
  services: StateService[];
  endpoints: StateEndpoints[];
}

export function targetId(t: Target | null | undefined): string {
  if (!t) return '-';
  return t.kind === 'pod' ? nsId.pod(t.namespace ?? 'default', t.name) : nsId[t.kind](t.name);
}

// ---------------------------------------------------------------------------------------------
// The CLI

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** At most two CLI processes at a time: the machine has two cores. */
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export function cli(...args: string[]): Promise<CliRun> {
  return slot(
    () =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
      }),
  );
}

/**
 * Many CLI commands in one process (tests/kernel/cli-batch.ts calls the CLI's own `main`): a
 * tsx start-up costs more than a trace. Each result is what `npx tsx src/cli.ts ARGS` prints.
 */
export function cliBatch(jobs: string[][]): Promise<CliRun[]> {
  return slot(
    () =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'tests/kernel/cli-batch.ts'], {
          cwd: ROOT,
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => {
          try {
            resolve(JSON.parse(stdout) as CliRun[]);
          } catch {
            reject(new Error(`tests/kernel/cli-batch.ts exited ${code}: ${stderr.trim() || stdout.slice(0, 2000)}`));
          }
        });
        child.stdin.end(JSON.stringify(jobs));
      }),
  );
}

function parseCli<T>(args: string[], r: CliRun): T {
  if (r.code !== 0) throw new Error(`\`npx tsx src/cli.ts ${args.join(' ')}\` exited ${r.code}:\n${r.stderr.trim() || r.stdout.trim()}`);
  try {
    return JSON.parse(r.stdout) as T;
  } catch (e) {
    throw new Error(`\`npx tsx src/cli.ts ${args.join(' ')}\` printed no JSON (${(e as Error).message}):\n${r.stdout.slice(0, 2000)}`, {
      cause: e,
    });
  }
}

async function cliJson<T>(...args: string[]): Promise<T> {
  return parseCli<T>(args, await cli(...args));
}

export const dataplaneOf = (file: string) => cliJson<Dataplane>('dataplane', file, '--json');

/** `state --json` and `dataplane --json` of several files, in one process. */
export async function statesAndDataplanes(files: string[]): Promise<({ state: State; dp: Dataplane } | { error: string })[]> {
  const jobs = files.flatMap((f) => [
    ['state', f, '--json'],
    ['dataplane', f, '--json'],
  ]);
  const runs = await cliBatch(jobs);
  return files.map((_, i) => {
    try {
      return { state: parseCli<State>(jobs[2 * i]!, runs[2 * i]!), dp: parseCli<Dataplane>(jobs[2 * i + 1]!, runs[2 * i + 1]!) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  });
}

export interface TraceJob {
  from: string;
  to: string;
  proto: Proto;
  count: number;
  via?: string;
}

function traceArgs(file: string, j: TraceJob, seed: number): string[] {
  const args = ['trace', file, '--from', j.from, '--to', j.to, '--proto', j.proto, '--seed', String(seed)];
  if (j.count > 1) args.push('--count', String(j.count));
  if (j.via) args.push('--via', j.via);
  return [...args, '--json'];
}

/** Many traces in one process; each promise fails alone if its trace does. */
export function tracesOf(file: string, jobs: TraceJob[], seed = 1): Promise<Trace>[] {
  const argv = jobs.map((j) => traceArgs(file, j, seed));
  const batch = cliBatch(argv);
  return argv.map((args, i) => batch.then((runs) => parseCli<Trace>(args, runs[i]!)));
}

// ---------------------------------------------------------------------------------------------
// Scenario files

let tmp: string | undefined;

/** Removes the scenario files (afterAll; vitest's workers do not always run exit handlers). */
export function removeScenarioFiles(): void {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
}

/** Writes the scenario with `spec.kubeProxyMode` set to `mode` and returns the file's path. */
export function scenarioWithMode(file: string, mode: Mode, id: string, given?: string): string {
  const text = given ?? readFileSync(join(ROOT, file), 'utf8');
  let out: string;
  if (/^kind:\s*Cluster\s*$/m.test(text)) {
    if (!/^\s+kubeProxyMode:\s*\S+/m.test(text)) throw new Error(`${file}: its Cluster document has no spec.kubeProxyMode line to set`);
    out = text.replace(/^(\s+kubeProxyMode:\s*)\S+/m, `$1${mode}`);
  } else {
    // The default cluster (the lab's), with only the mode set.
    out = `apiVersion: kube-netplay/v1\nkind: Cluster\nmetadata:\n  name: lab\nspec:\n  kubeProxyMode: ${mode}\n---\n${text}`;
  }
  if (!tmp) {
    tmp = mkdtempSync(join(tmpdir(), 'kube-netplay-kernel-'));
    process.on('exit', removeScenarioFiles);
  }
  const path = join(tmp, `${id}-${mode}.yaml`);
  writeFileSync(path, out);
  return path;
}
