/**
 * NetworkPolicy lint: what a valid policy will do that its writer probably did not mean, at its
 * line and column, and marked there in the editor (the CodeMirror range the page draws).
 */
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { toLintDiagnostics } from '../../src/editor/marks.ts';
import { markWords } from '../../src/ui/editor-words.ts';
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

/** Each warning as the editor marks it: its line, its column, and the text under the mark. */
function marked(spec: object) {
  const text = scenario(pod, policy(spec));
  const warnings = simulate(text).diagnostics.filter((d) => d.code === 'network-lint');
  const doc = EditorState.create({ doc: text }).doc;
  return toLintDiagnostics(warnings, text.length, markWords('en')).map((mark, i) => {
    const line = doc.lineAt(mark.from);
    expect({ line: line.number, column: mark.from - line.from + 1 }).toEqual({ line: warnings[i]!.line, column: warnings[i]!.column });
    return {
      line: line.number,
      column: mark.from - line.from + 1,
      under: text.slice(mark.from, mark.to).split('\n')[0],
      severity: mark.severity,
    };
  });
}

/** Line and column (1-based) of the n-th occurrence of a key in the scenario text of `spec`. */
function at(spec: object, key: string, nth = 0) {
  const lines = scenario(pod, policy(spec)).split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(`${key}:`) ? [{ line: i + 1, column: l.indexOf(key) + 1 }] : []));
  return hits[nth]!;
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

  it('marks each warning in the editor at the key it is about', () => {
    const none = { podSelector: { matchLabels: { app: 'wbe' } } };
    // The policy's podSelector (the pod's own labels come first in the text).
    expect(marked(none)).toEqual([{ ...at(none, 'podSelector'), under: 'podSelector', severity: 'warning' }]);
    const team = { podSelector: {}, egress: [{ to: [{ podSelector: {} }, { namespaceSelector: { matchLabels: { team: 'a' } } }] }] };
    expect(marked(team)).toEqual([{ ...at(team, 'namespaceSelector'), under: 'namespaceSelector', severity: 'warning' }]);
    const deny = { podSelector: {}, policyTypes: ['Egress'] };
    expect(marked(deny)).toEqual([{ ...at(deny, 'policyTypes'), under: 'policyTypes', severity: 'warning' }]);
  });

  it('on a cluster that runs DNS pods, judges the query against them (policies see it after DNAT)', () => {
    const kind = { apiVersion: 'kube-netplay/v1', kind: 'Cluster', metadata: { name: 'dns' }, spec: { profile: 'kind' } };
    const warned = (spec: object) =>
      simulate(scenario(kind, pod, policy(spec))).diagnostics.filter((d) => d.code === 'network-lint' && d.message.includes('DNS'));
    // All ports, but only to the policy's own namespace: CoreDNS runs in kube-system.
    expect(warned({ podSelector: {}, egress: [{ to: [{ podSelector: {} }] }] })).toHaveLength(1);
    const toKubeSystem = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } };
    expect(warned({ podSelector: {}, egress: [{ to: [toKubeSystem], ports: [{ protocol: 'UDP', port: 53 }] }] })).toEqual([]);
    expect(warned({ podSelector: {}, egress: [{ to: [toKubeSystem], ports: [{ protocol: 'TCP', port: 53 }] }] })).toHaveLength(1);
    // The service's address is not what the policy sees: 10.96.0.10/32 lets no query through.
    expect(warned({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.96.0.10/32' } }] }] })).toHaveLength(1);
    expect(warned({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.244.0.0/16' } }] }] })).toEqual([]);
  });
});
