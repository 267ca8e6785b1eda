/** NetworkPolicy lint: what a valid policy will do that its writer probably did not mean, at its line. */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { scenario } from '../helpers.ts';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
};
const policy = (spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec });

function lint(spec: object) {
  const text = scenario(pod, policy(spec));
  const warnings = simulate(text).diagnostics.filter((d) => d.code === 'network-lint');
  // Policies are enforced (kube-router's rules): no warning says they are not simulated.
  expect(simulate(text).diagnostics.filter((d) => d.code === 'not-simulated')).toEqual([]);
  return warnings.map((w) => ({ message: w.message, line: text.split('\n')[w.line - 1]!.trim() }));
}

describe('NetworkPolicy lint', () => {
  it('warns at spec.podSelector when the policy selects no pod', () => {
    expect(lint({ podSelector: { matchLabels: { app: 'wbe' } } })).toEqual([
      { message: 'NetworkPolicy "p" selects no pod of namespace default (app=wbe): it isolates nothing.', line: 'podSelector:' },
    ]);
    expect(lint({ podSelector: { matchLabels: { app: 'web' } } })).toEqual([]);
  });

  it('warns at a namespaceSelector that no namespace matches, and not at the name label every namespace has', () => {
    const from = (labels: object) => ({ podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: labels } }] }] });
    expect(lint(from({ team: 'a' }))).toEqual([
      { message: 'namespaceSelector team=a matches no namespace: this peer allows nothing.', line: '- namespaceSelector:' },
    ]);
    expect(lint(from({ 'kubernetes.io/metadata.name': 'kube-system' }))).toEqual([]);
  });

  it('warns when an egress policy lets no DNS query out, and not once UDP 53 is allowed', () => {
    const blocked = lint({ podSelector: {}, policyTypes: ['Egress'] });
    expect(blocked).toEqual([
      {
        message: 'NetworkPolicy "p" isolates egress but no rule lets a DNS query (UDP 53) out: default/web cannot resolve a name.',
        line: 'policyTypes:',
      },
    ]);
    expect(lint({ podSelector: {}, egress: [{ ports: [{ protocol: 'TCP', port: 53 }] }] })).toHaveLength(1);
    expect(lint({ podSelector: {}, egress: [{ ports: [{ protocol: 'UDP', port: 50, endPort: 60 }] }] })).toEqual([]);
    expect(lint({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] })).toEqual([]);
  });
});
