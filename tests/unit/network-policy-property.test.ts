/**
 * The tracer's pod × pod reachability (src/core/policy/reachability.ts) through kube-router's rules against the reference evaluator
 * of the NetworkPolicy spec (src/core/policy/reference.ts), on small generated clusters and
 * policies: selectors by label and by namespace, ipBlocks with except, numeric and named ports,
 * ingress and egress. Where kube-router v2.11.1 differs from the spec the generator stays out:
 * each policy has one policy type (kube-router guards both directions of a policy of both types
 * with one chain, so its egress rules also admit ingress between the pods it selects: pinned
 * below), a rule has at most one ipBlock (a rule's ipBlocks share one hash:net set, where a network
 * one block allows and another's except names keeps only the flag of the later), and every pod
 * serves the named port (a rule whose port name no pod has lets every port through).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { simulate } from '../../src/core/index.ts';
import type { NamespaceId } from '../../src/core/namespace-id.ts';
import { reachability } from '../../src/core/policy/reachability.ts';
import { endAt, policyVerdict } from '../../src/core/policy/reference.ts';
import { trace } from '../../src/core/trace/index.ts';
import { cluster, scenario } from '../helpers.ts';
import { generatedPod, generatedPolicy, NODES, policyScenario } from '../property/netpol-arbitraries.ts';

/**
 * Every pod to every other pod on TCP 80: the reachability matrix's traced outcomes and the
 * reference's verdicts, side by side; a rejection names a policy the reference says isolates the
 * pod in the direction that failed.
 */
function matrices(yaml: string) {
  const sim = simulate(yaml);
  expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const m = reachability(sim.state, buildDataplane(sim.state), { port: 80, protocol: 'TCP' });
  if (m.kind !== 'matrix') throw new Error('a generated cluster is small enough for a matrix');
  const world = { policies: sim.state.networkPolicies, namespaceLabels: sim.state.namespaceLabels };
  const traced: string[] = [];
  const reference: string[] = [];
  m.pods.forEach((a, i) =>
    m.pods.forEach((b, j) => {
      if (i === j || !a.name.startsWith('p') || !b.name.startsWith('p')) return;
      const cell = m.cells[i]![j]!;
      const v = policyVerdict(world, endAt(sim.state, a.ip), endAt(sim.state, b.ip), 80, 'TCP');
      traced.push(`${a.name}→${b.name} ${cell.outcome === 'delivered' ? 'allowed' : cell.outcome}`);
      reference.push(`${a.name}→${b.name} ${v.allowed ? 'allowed' : 'rejected'}`);
      if (cell.outcome === 'rejected') {
        const failed = cell.direction === 'ingress' ? v.ingress : v.egress;
        expect(failed.isolated && failed.policies).toContain(cell.policy);
      }
    }),
  );
  return { traced, reference };
}

describe('NetworkPolicy: the tracer through kube-router agrees with the reference evaluator', () => {
  it('on generated clusters and policies, for every pair of pods', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(generatedPod, { minLength: 2, maxLength: 4 }),
        fc.array(generatedPolicy, { minLength: 1, maxLength: 3 }),
        (pods, policies) => {
          const { traced, reference } = matrices(policyScenario(pods, policies));
          expect(traced).toEqual(reference);
          for (const line of traced) seen.add(line.split(' ')[1]!);
        },
      ),
      { seed: 16, numRuns: 60 },
    );
    // The generated cases reach both outcomes, so the agreement says something.
    expect([...seen].sort()).toEqual(['allowed', 'rejected']);
  });

  it('differs where kube-router does: a policy of both types lets its egress rules admit ingress between its own pods', () => {
    const yaml = scenario(
      cluster({ profile: 'kind' }),
      ...['a', 'b'].map((name, i) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: { app: name } },
        spec: { nodeName: NODES[i], containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] },
      })),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'both' },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [{}] },
      },
    );
    const sim = simulate(yaml);
    const [a, b] = sim.state.pods;
    const world = { policies: sim.state.networkPolicies, namespaceLabels: sim.state.namespaceLabels };
    expect(policyVerdict(world, endAt(sim.state, a!.ip!), endAt(sim.state, b!.ip!), 80, 'TCP').allowed).toBe(false);
    expect(
      trace(buildDataplane(sim.state), { from: 'pod:default/a' as NamespaceId, to: { ip: b!.ip!, port: 80 }, proto: 'tcp' }).verdict,
    ).toBe('delivered');
  });
});
