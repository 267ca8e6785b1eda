/**
 * The tracer's pod × pod reachability through kube-router's rules against the reference evaluator
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
import { endAt, policyVerdict } from '../../src/core/policy/reference.ts';
import { trace } from '../../src/core/trace/index.ts';
import { cluster, scenario } from '../helpers.ts';

const NODES = ['kind-worker', 'kind-worker2'];
const label = fc.constantFrom('a', 'b', 'c');
const pod = fc.record({ ns: fc.constantFrom('default', 'other'), app: label, node: fc.constantFrom(...NODES) });
const selector = fc.oneof(
  fc.constant({}),
  label.map((app) => ({ matchLabels: { app } })),
);
const peer = fc.oneof(
  selector.map((podSelector) => ({ podSelector })),
  fc.constantFrom('blue', 'red').map((team) => ({ namespaceSelector: { matchLabels: { team } } })),
  fc
    .tuple(selector, fc.constantFrom('blue', 'red'))
    .map(([podSelector, team]) => ({ podSelector, namespaceSelector: { matchLabels: { team } } })),
  fc.constantFrom('10.244.0.0/16', '10.244.1.0/24', '0.0.0.0/0').chain((cidr) =>
    fc.subarray(['10.244.1.0/24', '10.244.2.0/24'], { maxLength: 1 }).map((except) => ({
      ipBlock: cidr === '10.244.1.0/24' ? { cidr } : { cidr, except },
    })),
  ),
);
const port = fc.constantFrom({ port: 80 }, { port: 81 }, { port: 'http' }, { port: 79, endPort: 81 }, { protocol: 'UDP', port: 80 });
const rule = fc.record({
  peers: fc.array(peer, { maxLength: 2 }).filter((peers) => peers.filter((p) => 'ipBlock' in p).length <= 1),
  ports: fc.array(port, { maxLength: 2 }),
});
const policy = fc.record({
  ns: fc.constantFrom('default', 'other'),
  podSelector: selector,
  type: fc.constantFrom('Ingress', 'Egress'),
  rules: fc.array(rule, { maxLength: 2 }),
});

function text(
  pods: { ns: string; app: string; node: string }[],
  policies: { ns: string; podSelector: object; type: string; rules: { peers: object[]; ports: object[] }[] }[],
) {
  return scenario(
    cluster({ profile: 'kind' }),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other', labels: { team: 'blue' } } },
    ...pods.map((p, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: p.ns, labels: { app: p.app } },
      // Every pod serves the named port: kube-router lets a rule whose port name no pod has through on every port.
      spec: { nodeName: p.node, containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }] }] },
    })),
    ...policies.map((p, i) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `np${i}`, namespace: p.ns },
      spec: {
        podSelector: p.podSelector,
        policyTypes: [p.type],
        [p.type === 'Ingress' ? 'ingress' : 'egress']: p.rules.map((r) => ({
          ...(r.peers.length ? { [p.type === 'Ingress' ? 'from' : 'to']: r.peers } : {}),
          ...(r.ports.length ? { ports: r.ports } : {}),
        })),
      },
    })),
  );
}

/** Every pod to every other pod on TCP 80: the tracer's verdicts and the reference's, side by side. */
function matrices(yaml: string) {
  const sim = simulate(yaml);
  expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const dp = buildDataplane(sim.state);
  const world = { policies: sim.state.networkPolicies, namespaceLabels: sim.state.namespaceLabels };
  const pods = sim.state.pods.filter((p) => p.name.startsWith('p') && p.ip);
  const traced: string[] = [];
  const reference: string[] = [];
  for (const a of pods)
    for (const b of pods) {
      if (a === b) continue;
      const t = trace(dp, { from: `pod:${a.namespace}/${a.name}` as NamespaceId, to: { ip: b.ip!, port: 80 }, proto: 'tcp' });
      const v = policyVerdict(world, endAt(sim.state, a.ip!), endAt(sim.state, b.ip!), 80, 'TCP');
      traced.push(`${a.name}→${b.name} ${t.verdict === 'delivered' ? 'allowed' : t.verdict}`);
      reference.push(`${a.name}→${b.name} ${v.allowed ? 'allowed' : 'rejected'}`);
    }
  return { traced, reference };
}

describe('NetworkPolicy: the tracer through kube-router agrees with the reference evaluator', () => {
  it('on generated clusters and policies, for every pair of pods', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(pod, { minLength: 2, maxLength: 4 }), fc.array(policy, { minLength: 1, maxLength: 3 }), (pods, policies) => {
        const { traced, reference } = matrices(text(pods, policies));
        expect(traced).toEqual(reference);
        for (const line of traced) seen.add(line.split(' ')[1]!);
      }),
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
