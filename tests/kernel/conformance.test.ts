/**
 * Kernel conformance: the real Linux kernel judges the simulator. For each scenario and each
 * kube-proxy mode the kernel supports, the simulator's dataplane is built from network
 * namespaces (see netns.ts and README.md), then real connections are compared with the tracer.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { nsId } from '../../src/core/namespace-id.ts';
import { SCENARIOS as LESSONS } from '../../src/scenarios/index.ts';
import { WALLS_BUILT } from '../../src/scenarios/walls.ts';
import { compareFlow, iptablesDiff, kernelOutcomes, nftDiff, traceOutcomes } from './compare.ts';
import {
  removeScenarioFiles,
  ROOT,
  scenarioWithMode,
  statesAndDataplanes,
  tracesOf,
  type Dataplane,
  type Mode,
  type State,
  type Trace,
} from './dataplane.ts';
import { flowsFor, type Flow } from './flows.ts';
import {
  ipvsSupport,
  KernelCluster,
  kernelEnvironment,
  leftoverNamespaces,
  nftSupport,
  removeStaleNamespaces,
  routeAddArgs,
  withoutCounters,
} from './netns.ts';

/** A scenario is a file, or a lesson's text (`file` then names where it comes from). */
const SCENARIOS: readonly { id: string; file: string; text?: string; modes?: readonly Mode[] }[] = [
  { id: 'lab', file: 'src/scenarios/files/lab.yaml' },
  { id: 'three-replicas', file: 'tests/fixtures/three-replicas.yaml' },
  { id: 'external-traffic', file: 'tests/fixtures/external-traffic.yaml' },
  { id: 'traffic-policy', file: 'tests/fixtures/traffic-policy.yaml' },
  { id: 'load-balancer', file: 'tests/fixtures/load-balancer.yaml' },
  { id: 'kube-proxy-flags', file: 'tests/fixtures/kube-proxy-flags.yaml' },
  // Today's cluster: kind's kube-proxy v1.36 in iptables mode and in nftables mode (nft -f).
  { id: 'kind', file: 'tests/fixtures/kind.yaml', modes: ['iptables', 'nftables'] },
  // kind with flannel: cni0, flannel.1 VTEPs (real vxlan devices), FDB and neighbour entries.
  { id: 'flannel', file: 'tests/fixtures/flannel.yaml', modes: ['iptables'] },
  // NetworkPolicy as kube-router writes it (iptables and ipsets), on kind.
  { id: 'network-policy', file: 'tests/fixtures/network-policy.yaml', modes: ['iptables'] },
  // kube-router's own test inputs (its chains and ipsets, rule for rule, in kube-router-fidelity.test.ts).
  { id: 'kube-router-upstream', file: 'tests/fixtures/kube-router-upstream.yaml', modes: ['iptables'] },
  // The lesson "Walls" as it ends: default deny both ways in shop, two allow-lists and DNS let out.
  { id: 'walls', file: 'src/scenarios/walls.ts (WALLS_BUILT)', text: WALLS_BUILT, modes: ['iptables'] },
  // Its fourth step: egress walled in with no DNS let out, so the shop's lookups are rejected.
  { id: 'walls-no-dns', file: "src/scenarios/walls.ts (step 'deny-egress')", text: stepText('walls', 'deny-egress'), modes: ['iptables'] },
  // Inputs of kube-proxy's own iptables proxier test (TestOverallIPTablesRules): a load balancer's
  // KUBE-FW chain ends in a rule with no target, which iptables-save must print back as written.
  { id: 'kube-proxy-iptables-upstream', file: 'tests/fixtures/kube-proxy-iptables-upstream.yaml', modes: ['iptables'] },
];
function stepText(lesson: string, step: string): string {
  const text = LESSONS.find((l) => l.id === lesson)?.steps.find((s) => s.id === step)?.text;
  if (text === undefined) throw new Error(`no step ${step} in the lesson ${lesson}`);
  return text;
}
const modesOf = (s: { modes?: readonly Mode[] }): readonly Mode[] => s.modes ?? BOOK_MODES;
/** The book's kube-proxy (v1.18) has no nftables mode. */
const BOOK_MODES: Mode[] = ['iptables', 'userspace', 'ipvs'];
/** Connections the tracer simulates for a flow with several endpoints (cheap: no kernel). */
const TRACER_SAMPLE = 600;

const env = kernelEnvironment();
const ipvs = env.ok ? ipvsSupport() : env;
if (!env.ok) console.warn(`kernel suite: every test is skipped: ${env.reason}`);
if (env.ok && !ipvs.ok) console.warn(`kernel suite: kube-proxy ipvs mode is skipped: ${ipvs.reason}`);
const nft = env.ok ? nftSupport() : env;
if (env.ok && !nft.ok) console.warn(`kernel suite: kube-proxy nftables mode is skipped: ${nft.reason}`);
const unsupported = (m: Mode) => (m === 'ipvs' && !ipvs.ok ? ipvs : m === 'nftables' && !nft.ok ? nft : undefined);
if (env.ok) removeStaleNamespaces();

/** Skips the test (with the reason printed) when the kernel cannot be used; fails under CI. */
function needKernel(ctx: TestContext): void {
  if (env.ok) return;
  if (process.env.CI) throw new Error(`CI is set, so the kernel suite must run, but: ${env.reason}`);
  ctx.skip(env.reason); // the reporter prints the reason next to each skipped test
}

// ---------------------------------------------------------------------------------------------
// The simulator's side, computed while the tests are collected (no root needed).

interface Prepared {
  file: string;
  state: State;
  dp: Dataplane;
  flows: Flow[];
}

const prepared = new Map<string, Prepared | { error: string }>();
{
  const variants = SCENARIOS.flatMap((s) =>
    modesOf(s)
      .filter((m) => !unsupported(m))
      .map((mode) => ({
        key: `${s.id}/${mode}`,
        mode,
        file: scenarioWithMode(s.file, mode, s.id, s.text),
      })),
  );
  const sims = await statesAndDataplanes(variants.map((v) => v.file));
  variants.forEach((v, i) => {
    const sim = sims[i]!;
    if ('error' in sim) prepared.set(v.key, sim);
    else if (sim.state.cluster.kubeProxyMode !== v.mode)
      prepared.set(v.key, { error: `${v.file}: the simulator runs kube-proxy in ${sim.state.cluster.kubeProxyMode} mode, not ${v.mode}` });
    else prepared.set(v.key, { file: v.file, state: sim.state, dp: sim.dp, flows: flowsFor(sim.state, sim.dp) });
  });
}

// ---------------------------------------------------------------------------------------------
// What disagreed, for people: test-results/kernel-disagreements.txt

const disagreements: string[] = [];
function record(scenario: string, text: string): void {
  disagreements.push(`## ${scenario}\n${text}\n`);
}
/** Every flow, agreeing or not: test-results/kernel-flows.txt */
const flowReports: string[] = [];

afterAll(() => {
  removeScenarioFiles();
  if (env.ok) {
    const dir = join(ROOT, 'test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'kernel-disagreements.txt'), disagreements.length ? disagreements.join('\n') : 'none\n');
    writeFileSync(join(dir, 'kernel-flows.txt'), flowReports.join('\n'));
  }
  if (!env.ok) return;
  const left = leftoverNamespaces(`kn${process.pid.toString(36)}x`);
  expect(left, 'network namespaces left behind').toEqual([]);
});

// ---------------------------------------------------------------------------------------------

for (const scenario of SCENARIOS)
  for (const mode of modesOf(scenario))
    describe(`${scenario.id}, kube-proxy ${mode}`, () => {
      const name = `${scenario.id}/${mode}`;
      const lacking = unsupported(mode);
      if (lacking && !lacking.ok) {
        it(`kube-proxy ${mode} mode`, (ctx) => {
          needKernel(ctx);
          console.warn(`skipped ${name}: ${lacking.reason}`);
          ctx.skip(`kube-proxy ${mode} mode cannot run here: ${lacking.reason}`);
        });
        return;
      }
      const p = prepared.get(name)!;
      if ('error' in p) {
        it('the simulator gives a dataplane', () => {
          throw new Error(p.error);
        });
        return;
      }

      let cluster: KernelCluster | undefined;
      let setupError: Error | undefined;
      const traces = new Map<string, Promise<Trace>>();

      beforeAll(async () => {
        if (!env.ok) return;
        // The tracer runs (one CLI process for all flows) while the namespaces are built. Over
        // many connections its shares approach the rules' probabilities.
        const jobs = p.flows.map((f) => ({
          from: f.from,
          to: f.to,
          proto: f.proto,
          count: f.count >= 20 ? TRACER_SAMPLE : f.count,
          ...(f.via ? { via: f.via } : {}),
        }));
        tracesOf(p.file, jobs).forEach((promise, i) => {
          promise.catch(() => {}); // awaited by its test
          traces.set(p.flows[i]!.title, promise);
        });
        try {
          cluster = await KernelCluster.build(p.dp);
          await cluster.startServers();
        } catch (e) {
          setupError = e as Error;
          record(name, `setup failed: ${setupError.message}`);
        }
      }, 120_000);

      afterAll(async () => {
        await cluster?.destroy();
      });

      const ready = (ctx: TestContext): KernelCluster => {
        needKernel(ctx);
        if (setupError) throw setupError;
        return cluster!;
      };

      for (const node of p.dp.nodes)
        it(`iptables-save round trip on ${node.name}`, async (ctx) => {
          const c = ready(ctx);
          const diff = iptablesDiff(node.iptablesSave, await c.iptablesSave(node.name));
          if (diff) record(name, `iptables-save round trip on ${node.name}:\n${diff}`);
          expect(diff, `iptables-restore then iptables-save on ${node.name} changed the rules`).toBe('');
        });

      for (const node of p.dp.nodes.filter((n) => n.ipsets))
        it(`ipset save on ${node.name} is the simulator's`, async (ctx) => {
          const c = ready(ctx);
          // Members come out in hash order, and a set's initval is the kernel's own draw.
          const norm = (text: string) =>
            text
              .split('\n')
              .filter(Boolean)
              .map((l) => l.replace(/ initval 0x[0-9a-f]+/, ''))
              .sort();
          expect(norm(await c.ipsetSave(node.name))).toEqual(norm(node.ipsets!));
        });

      for (const node of p.dp.nodes.filter((n) => n.nftRuleset))
        it(`nft list ruleset round trip on ${node.name}`, async (ctx) => {
          const c = ready(ctx);
          const diff = nftDiff(node.nftRuleset!, withoutCounters(await c.nftList(node.name)));
          if (diff) record(name, `nft list ruleset round trip on ${node.name}:\n${diff}`);
          expect(diff, `nft -f then nft list ruleset on ${node.name} changed the ruleset`).toBe('');
        });

      for (const who of [
        ...p.dp.nodes.map((n) => ({ id: nsId.node(n.name), routes: n.routes })),
        ...p.dp.hosts.map((h) => ({ id: nsId.host(h.name), routes: h.routes })),
      ])
        it(`ip route on ${who.id} is the simulator's`, async (ctx) => {
          const c = ready(ctx);
          const kernel = await c.routes(who.id);
          const norm = (l: string) => l.trim().replace(/\s+/g, ' ');
          const sim = who.routes.map(norm);
          if (JSON.stringify(kernel.map(norm)) !== JSON.stringify(sim)) {
            const text = `ip route on ${who.id}:\n  simulator: ${sim.join('\n             ')}\n  kernel:    ${kernel.join('\n             ')}`;
            record(name, text);
            expect.fail(text);
          }
          // Every route the simulator lists was either added or made by the kernel itself.
          expect(who.routes.filter((r) => routeAddArgs(r) === undefined).length).toBeLessThanOrEqual(who.routes.length);
        });

      for (const node of p.dp.nodes.filter((n) => (n.fdb?.length ?? 0) + (n.neighbours?.length ?? 0) > 0))
        it(`FDB and neighbour entries on ${node.name} are the simulator's`, async (ctx) => {
          const c = ready(ctx);
          const norm = (lines: readonly string[]) => lines.map((l) => l.trim().replace(/\s+/g, ' ')).sort();
          const kernel = { fdb: norm(await c.fdb(node.name)), neighbours: norm(await c.neighbours(node.name)) };
          const sim = { fdb: norm(node.fdb ?? []), neighbours: norm(node.neighbours ?? []) };
          if (JSON.stringify(kernel) !== JSON.stringify(sim))
            record(
              name,
              `FDB and neighbours on ${node.name}:\n  simulator: ${JSON.stringify(sim)}\n  kernel:    ${JSON.stringify(kernel)}`,
            );
          expect(kernel).toEqual(sim);
        });

      for (const flow of p.flows)
        it(flow.title, async (ctx) => {
          const c = ready(ctx);
          const many = await traces.get(flow.title)!;
          // Refused or rejected? The REJECT rules' counters tell, when the tracer expects either.
          const refusal = traceOutcomes(many).some((o) => o.verdict === 'refused' || o.verdict === 'rejected');
          const before = refusal ? await c.rejectCount() : 0;
          // With session affinity one at a time, so the first connection's choice is recorded
          // (xt_recent, the proxy's table) before the next one asks.
          const results = await c.connect(flow.from, flow.to, flow.proto, flow.count, flow.timeoutMs, flow.affinity ? 1 : 30, flow.via);
          const rejected = refusal ? (await c.rejectCount()) - before : undefined;
          const kernel = kernelOutcomes(results, rejected);
          const v = compareFlow(flow, many, kernel);
          flowReports.push(
            `## ${name}: ${v.problems.length ? 'DISAGREE' : 'agree'}\n${v.report}\n${v.notes.map((n) => `note: ${n}\n`).join('')}`,
          );
          if (v.notes.length)
            record(name, `note on ${flow.title}:\n  ${v.notes[0]}${v.notes.length > 1 ? ` (and ${v.notes.length - 1} more)` : ''}`);
          if (v.problems.length) {
            const text = `${v.problems.map((x) => `  - ${x}`).join('\n')}\n${v.report}`;
            record(name, `${flow.title}\n${text}`);
            expect.fail(`the kernel and the simulator disagree:\n${text}`);
          }
        });
    });
