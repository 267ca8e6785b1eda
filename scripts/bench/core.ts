/**
 * The core's part of the benchmark, in Node: the pipeline (text → dataplane) and the tracer's
 * throughput, on the lab and on generated clusters.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import type { Dataplane } from '../../src/core/dataplane/model.ts';
import { quickFlows } from '../../src/core/flows.ts';
import { nsId } from '../../src/core/namespace-id.ts';
import { simulate, type Simulation } from '../../src/core/index.ts';
import { trace, traceMany, type TraceRequest } from '../../src/core/trace/index.ts';
import { english } from '../../src/i18n/words.ts';
import { generateScenario, NODE_PORT, appName } from './scenario.ts';
import { round, summary, type Summary } from './stats.ts';

export interface Workload {
  readonly name: string;
  readonly text: string;
  readonly nodes: number;
  /** Pods the text asks for (all of them run). */
  readonly pods: number;
  /** Services of the text (not counting the built-in `kubernetes` one). */
  readonly services: number;
  readonly generated: boolean;
}

export interface PipelineResult {
  readonly name: string;
  readonly nodes: number;
  readonly pods: number;
  readonly services: number;
  readonly textChars: number;
  /** iptables rules in the dataplane, over every namespace: its output size. */
  readonly rules: number;
  readonly total: Summary;
  /** simulate(text) on a text none of whose documents were read before. */
  readonly simulate: Summary;
  /** simulate(text) after an edit of one document: the other documents' reading is reused. */
  readonly simulateEdit: Summary;
  readonly dataplane: Summary;
  readonly microsPerPod: number;
  /** buildDataplane's median time per iptables rule it writes. */
  readonly dataplaneMicrosPerRule: number;
}

export interface GrowthStep {
  readonly from: string;
  readonly to: string;
  readonly podsRatio: number;
  readonly timeRatio: number;
  /** timeRatio / podsRatio: 1 is linear. */
  readonly perPodRatio: number;
  /** k in time ∝ pods^k between the two sizes: 1 is linear, 2 quadratic. */
  readonly exponent: number;
  readonly simulateExponent: number;
  readonly dataplaneExponent: number;
  readonly rulesExponent: number;
}

export interface TraceResult {
  readonly scenario: string;
  readonly flow: string;
  readonly request: TraceRequest;
  readonly verdict: string;
  readonly hops: number;
  /** `trace()` on a fresh Network each time. */
  readonly trace: { readonly runs: number; readonly perSecond: number; readonly median: number; readonly p95: number };
  /** `traceMany(dp, request, 1000)`. */
  readonly burst: {
    readonly count: number;
    readonly ms: number;
    readonly perSecond: number;
    readonly delivered: number;
    readonly endpoints: number;
  };
}

/** The lab's manifests, wherever the scenarios folder keeps them. */
export function findLab(root: string): string {
  const dir = join(root, 'src', 'scenarios');
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) stack.push(p);
      else if (entry === 'lab.yaml') return readFileSync(p, 'utf8');
    }
  }
  throw new Error(`bench: no lab.yaml under ${dir}`);
}

export const SIZES = [3, 10, 50, 100] as const;

export function workloads(root: string): Workload[] {
  const lab = findLab(root);
  const labSim = simulate(lab);
  const out: Workload[] = [
    {
      name: 'lab',
      text: lab,
      nodes: labSim.state.cluster.nodes.length,
      pods: labSim.state.pods.length,
      services: labSim.state.services.filter((s) => !s.builtin).length,
      generated: false,
    },
  ];
  for (const n of SIZES) {
    const g = generateScenario(n);
    out.push({ name: `${n} nodes`, text: g.text, nodes: n, pods: g.pods, services: g.services, generated: true });
  }
  return out;
}

/**
 * A second series with the node count fixed: pods and services grow, nodes do not, so the
 * dataplane's size grows only with the services. It tells the cost of the pipeline per pod and
 * service apart from the nodes × services size of the kube-proxy rules.
 */
export const FIXED_NODES = 10;
export const FIXED_PODS_PER_NODE = [10, 50] as const;

export function fixedNodeWorkloads(): Workload[] {
  return FIXED_PODS_PER_NODE.map((perNode) => {
    const g = generateScenario(FIXED_NODES, perNode);
    return { name: `${FIXED_NODES}×${perNode}`, text: g.text, nodes: FIXED_NODES, pods: g.pods, services: g.services, generated: true };
  });
}

/** The generated scenarios must simulate cleanly, or the figures would measure error paths. */
export function assertClean(w: Workload, sim: Simulation): void {
  const errors = sim.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !sim.ok)
    throw new Error(
      `bench: ${w.name}: simulate() reported errors:\n${errors.map((d) => `  ${d.line}:${d.column} ${d.message}`).join('\n')}`,
    );
  const running = sim.state.pods.filter((p) => p.phase === 'Running').length;
  if (w.generated && (sim.state.pods.length !== w.pods || running !== w.pods))
    throw new Error(`bench: ${w.name}: expected ${w.pods} running pods, got ${running} running of ${sim.state.pods.length}`);
}

function countRules(dp: Dataplane): number {
  let n = 0;
  for (const ns of dp.namespaces)
    for (const table of ns.iptables?.values() ?? []) for (const chain of table.chains.values()) n += chain.rules.length;
  return n;
}

export interface Budget {
  /** Time to spend per workload, roughly. */
  readonly msPerWorkload: number;
  readonly minRuns: number;
}

/**
 * The text with every document new to the parser (a comment on each document's first line), so
 * a run reads all of it, as on opening a scenario, rather than reusing the last run's reading.
 */
function fresh(text: string, run: number): string {
  return `# run ${run}\n${text.replace(/^---(?=\s)/gm, `--- # run ${run}`)}`;
}

/** The same text with only its last document changed, as after a typical edit. */
function edited(text: string, run: number): string {
  return `${text}\n# edit ${run}\n`;
}

export function benchPipeline(w: Workload, budget: Budget, log: (s: string) => void): PipelineResult {
  // Warm-up: at least one full run, more for the small ones (the JIT needs a few).
  let run = 0;
  const first = performance.now();
  let sim = simulate(fresh(w.text, run++));
  assertClean(w, sim);
  buildDataplane(sim.state);
  const once = performance.now() - first;
  const warmups = Math.max(0, Math.min(20, Math.floor(budget.msPerWorkload / 4 / Math.max(once, 0.1))) - 1);
  for (let i = 0; i < warmups; i++) buildDataplane(simulate(fresh(w.text, run++)).state);

  let dp: Dataplane | undefined;
  const totals: number[] = [];
  const sims: number[] = [];
  const edits: number[] = [];
  const dps: number[] = [];
  const start = performance.now();
  for (;;) {
    const text = fresh(w.text, run++);
    const t0 = performance.now();
    sim = simulate(text);
    const t1 = performance.now();
    dp = buildDataplane(sim.state);
    const t2 = performance.now();
    simulate(edited(text, run));
    edits.push(performance.now() - t2);
    sims.push(t1 - t0);
    dps.push(t2 - t1);
    totals.push(t2 - t0);
    const spent = performance.now() - start;
    if (totals.length >= 200) break;
    if (totals.length >= budget.minRuns && spent >= budget.msPerWorkload) break;
  }
  const total = summary(totals);
  const dataplane = summary(dps);
  const rules = countRules(dp!);
  log(`  pipeline ${w.name.padEnd(9)} ${total.n} runs (+${warmups + 1} warm-up), median ${total.median} ms`);
  return {
    name: w.name,
    nodes: w.nodes,
    pods: w.pods,
    services: w.services,
    textChars: w.text.length,
    rules,
    total,
    simulate: summary(sims),
    simulateEdit: summary(edits),
    dataplane,
    microsPerPod: round((total.median * 1000) / Math.max(1, w.pods), 1),
    dataplaneMicrosPerRule: round((dataplane.median * 1000) / Math.max(1, rules), 2),
  };
}

export function growth(results: readonly PipelineResult[]): GrowthStep[] {
  const steps: GrowthStep[] = [];
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1]!;
    const b = results[i]!;
    const podsRatio = b.pods / a.pods;
    const k = (x: number, y: number) => round(Math.log(y / x) / Math.log(podsRatio), 2);
    const timeRatio = b.total.median / a.total.median;
    steps.push({
      from: a.name,
      to: b.name,
      podsRatio: round(podsRatio, 2),
      timeRatio: round(timeRatio, 2),
      perPodRatio: round(timeRatio / podsRatio, 2),
      exponent: k(a.total.median, b.total.median),
      simulateExponent: k(a.simulate.median, b.simulate.median),
      dataplaneExponent: k(a.dataplane.median, b.dataplane.median),
      rulesExponent: k(a.rules, b.rules),
    });
  }
  return steps;
}

/** The flows to trace on a scenario: pod → a service's cluster IP, and outside → NodePort or hostPort. */
export function flowsOf(w: Workload, sim: Simulation): { flow: string; request: TraceRequest }[] {
  const state = sim.state;
  if (!w.generated) {
    const quick = quickFlows(state);
    return quick
      .filter((q) => q.request && (q.id === 'service' || q.id === 'hostport'))
      .map((q) => ({ flow: english(q.label), request: q.request! }));
  }
  const target = state.services.find((s) => s.name === appName(0))!;
  const client = state.pods.find((p) => p.phase === 'Running' && p.labels.app === appName(1))!;
  const lastNode = state.cluster.nodes[state.cluster.nodes.length - 1]!;
  return [
    {
      flow: `pod → ${target.name} service`,
      request: { from: nsId.pod(client.namespace, client.name), to: { ip: target.clusterIP, port: 80 }, proto: 'tcp' },
    },
    {
      flow: `laptop → NodePort ${NODE_PORT} on ${lastNode.name}`,
      request: { from: nsId.host('laptop'), to: { ip: lastNode.ip, port: NODE_PORT }, proto: 'tcp' },
    },
  ];
}

export function benchTracer(w: Workload, sim: Simulation, dp: Dataplane, msPerFlow: number, log: (s: string) => void): TraceResult[] {
  const out: TraceResult[] = [];
  for (const { flow, request } of flowsOf(w, sim)) {
    const first = trace(dp, request);
    for (let i = 0; i < 5; i++) trace(dp, request);
    const samples: number[] = [];
    const start = performance.now();
    while (samples.length < 20 || (performance.now() - start < msPerFlow && samples.length < 5000)) {
      const t0 = performance.now();
      trace(dp, request);
      samples.push(performance.now() - t0);
    }
    const spent = performance.now() - start;
    const t0 = performance.now();
    const many = traceMany(dp, request, 1000);
    const burstMs = performance.now() - t0;
    const s = summary(samples);
    const delivered = many.outcomes.filter((o) => o.verdict === 'delivered').reduce((a, o) => a + o.count, 0);
    out.push({
      scenario: w.name,
      flow,
      request,
      verdict: first.verdict,
      hops: first.hops.length,
      trace: { runs: samples.length, perSecond: round((samples.length * 1000) / spent, 0), median: s.median, p95: s.p95 },
      burst: { count: 1000, ms: round(burstMs, 1), perSecond: round(1000_000 / burstMs, 0), delivered, endpoints: many.outcomes.length },
    });
    log(
      `  tracer   ${w.name.padEnd(9)} ${flow}: ${first.verdict}, ${out.at(-1)!.trace.perSecond}/s, traceMany(1000) ${round(burstMs, 0)} ms`,
    );
  }
  return out;
}
