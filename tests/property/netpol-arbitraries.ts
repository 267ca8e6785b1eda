/**
 * Generated clusters and NetworkPolicies for the property tests that hold the tracer's verdicts
 * against the reference evaluator (src/core/policy/reference.ts): pods in two namespaces on two
 * kind workers, policies of one type each, with selectors by label and by namespace, ipBlocks
 * with except, and numeric, ranged, named and UDP ports. tests/unit/network-policy-property.test.ts
 * says where kube-router departs from the spec and why the generator stays out of those places.
 */
import fc from 'fast-check';
import { cluster, scenario } from '../helpers.ts';

export const NODES = ['kind-worker', 'kind-worker2'];
const label = fc.constantFrom('a', 'b', 'c');
export const generatedPod = fc.record({ ns: fc.constantFrom('default', 'other'), app: label, node: fc.constantFrom(...NODES) });
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
export const generatedPolicy = fc.record({
  ns: fc.constantFrom('default', 'other'),
  podSelector: selector,
  type: fc.constantFrom('Ingress', 'Egress'),
  rules: fc.array(rule, { maxLength: 2 }),
});

/** A kind cluster of the generated pods (p0, p1, …, each serving TCP 80 named http) and policies (np0, np1, …). */
export function policyScenario(pods: readonly GeneratedPod[], policies: readonly GeneratedPolicy[]) {
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

export type GeneratedPod = { readonly ns: string; readonly app: string; readonly node: string };
export type GeneratedPolicy = {
  readonly ns: string;
  readonly podSelector: object;
  readonly type: string;
  readonly rules: readonly { readonly peers: readonly object[]; readonly ports: readonly object[] }[];
};
