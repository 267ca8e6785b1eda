/**
 * The reachability matrix (src/core/policy/reachability.ts): every running pod to every running
 * pod's address on one port, traced through kube-router's rules. A default-deny, an allow from one
 * app and an allow by namespace give the cells the NetworkPolicy spec says; pods come in a stable
 * order; a cluster past the cap gets a reason, not 1,600 traces and more.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { simulate } from '../../src/core/index.ts';
import { cellBetween, matrixPods, MAX_MATRIX_PODS, reachability, type MatrixPort } from '../../src/core/policy/reachability.ts';
import { english } from '../../src/i18n/words.ts';
import { servedPorts } from '../../src/ui/ReachabilityPanel.tsx';
import { cluster, fixture, scenario } from '../helpers.ts';

const pod = (name: string, node: string, namespace = 'default') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels: { app: name } },
  spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] },
});
const policy = (name: string, spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec });
const DENY_ALL = policy('deny-all', { podSelector: {}, policyTypes: ['Ingress'] });

/** web, client and stranger in default, probe in namespace other (team: blue), on two nodes. */
function walls(...policies: object[]): string {
  return scenario(
    cluster({ profile: 'kind' }),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other', labels: { team: 'blue' } } },
    pod('web', 'kind-worker'),
    pod('client', 'kind-worker2'),
    pod('stranger', 'kind-worker'),
    pod('probe', 'kind-worker2', 'other'),
    ...policies,
  );
}

const TCP80: MatrixPort = { port: 80, protocol: 'TCP' };

/** The matrix as lines `from → to: outcome [policy direction]`, for the pods named. */
function cells(text: string, port = TCP80, only = ['web', 'client', 'stranger', 'probe']) {
  const sim = simulate(text);
  expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const m = reachability(sim.state, buildDataplane(sim.state), port);
  if (m.kind !== 'matrix') throw new Error(english(m.reason));
  const out: Record<string, string> = {};
  m.pods.forEach((a, i) =>
    m.pods.forEach((b, j) => {
      if (!only.includes(a.name) || !only.includes(b.name)) return;
      const c = m.cells[i]![j]!;
      out[`${a.name}→${b.name}`] =
        c.outcome === 'delivered' ? 'delivered' : c.outcome === 'rejected' ? `rejected ${c.policy} ${c.direction}` : c.verdict;
    }),
  );
  return out;
}

describe('the reachability matrix', () => {
  it('with no policy, every pod reaches every pod on a port it serves, and is refused on one it does not', () => {
    const open = cells(walls());
    expect(Object.values(open)).toHaveLength(16);
    expect(new Set(Object.values(open))).toEqual(new Set(['delivered']));
    const closed = cells(walls(), { port: 81, protocol: 'TCP' });
    expect(new Set(Object.values(closed))).toEqual(new Set(['refused']));
  });

  it('a default-deny ingress policy rejects every connection into its namespace, naming itself, and none out of it', () => {
    const m = cells(walls(DENY_ALL));
    for (const to of ['web', 'client', 'stranger'])
      for (const from of ['web', 'client', 'stranger', 'probe'])
        if (from !== to) expect(m[`${from}→${to}`]).toBe('rejected default/deny-all ingress');
    // A pod reaching its own address never leaves it: no policy sees the packet.
    expect(m['web→web']).toBe('delivered');
    for (const from of ['web', 'client', 'stranger']) expect(m[`${from}→probe`]).toBe('delivered');
  });

  it('an allow from one app lets that app through on the allowed port only', () => {
    const allow = policy('web-from-client', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 80 }] }],
    });
    const m = cells(walls(DENY_ALL, allow));
    expect(m['client→web']).toBe('delivered');
    // Both policies isolate web and neither allows the stranger: the first, in the documents' order, is named.
    expect(m['stranger→web']).toBe('rejected default/deny-all ingress');
    expect(m['probe→web']).toBe('rejected default/deny-all ingress');
    expect(m['web→client']).toBe('rejected default/deny-all ingress');
    // The same pair on a port the rule does not list: rejected, not refused (the policy stops it first).
    const other = cells(walls(DENY_ALL, allow), { port: 8080, protocol: 'TCP' });
    expect(other['client→web']).toBe('rejected default/deny-all ingress');
  });

  it('a namespaceSelector admits every pod of the namespaces it matches, and no pod of its own namespace', () => {
    const byTeam = policy('web-from-blue', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'blue' } } }] }],
    });
    const m = cells(walls(byTeam));
    expect(m['probe→web']).toBe('delivered');
    expect(m['client→web']).toBe('rejected default/web-from-blue ingress');
    expect(m['stranger→web']).toBe('rejected default/web-from-blue ingress');
    expect(m['client→stranger']).toBe('delivered');
  });

  it('an egress policy rejects at the source and says so', () => {
    const out = policy('client-out', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [] });
    const sim = simulate(walls(out));
    const m = reachability(sim.state, buildDataplane(sim.state), TCP80);
    if (m.kind !== 'matrix') throw new Error('small cluster');
    const cell = cellBetween(m, 'default/client', 'default/web')!;
    expect(cell).toMatchObject({ outcome: 'rejected', policy: 'default/client-out', direction: 'egress' });
    if (cell.outcome === 'rejected') expect(english(cell.reason)).toContain('No egress rule of default/client-out');
    expect(cellBetween(m, 'default/web', 'default/client')).toEqual({ outcome: 'delivered' });
    expect(cellBetween(m, 'default/web', 'default/nobody')).toBeUndefined();
  });

  it('orders pods by namespace then name, whatever the order of the documents', () => {
    const sim = simulate(walls());
    const names = matrixPods(sim.state).map((p) => `${p.namespace}/${p.name}`);
    expect(names.filter((n) => !n.startsWith('kube-system/'))).toEqual([
      'default/client',
      'default/stranger',
      'default/web',
      'other/probe',
    ]);
    expect(names).toEqual([...names].sort());
  });

  it('past the cap, says how many pods there are instead of tracing every pair', () => {
    const many = scenario(
      cluster({ profile: 'kind' }),
      ...Array.from({ length: MAX_MATRIX_PODS + 1 }, (_, i) => pod(`p${i}`, i % 2 ? 'kind-worker' : 'kind-worker2')),
    );
    const sim = simulate(many);
    const m = reachability(sim.state, buildDataplane(sim.state), TCP80);
    expect(m).toMatchObject({ kind: 'too-many', reason: { code: 'reachability.too-many', params: { max: MAX_MATRIX_PODS } } });
    if (m.kind === 'too-many') expect(m.pods).toBeGreaterThan(MAX_MATRIX_PODS);
  });
});

describe("the Reachability tab's ports", () => {
  it('offers the ports the running pods serve, the most served first (the tab opens on it)', () => {
    const served = servedPorts(simulate(fixture('network-policy.yaml')).state).map((p) => `${p.port}/${p.protocol}`);
    // web, client, stranger and probe serve 80; web also 8080, db 5432; the two CoreDNS pods 53 (both protocols) and 9153.
    expect(served[0]).toBe('80/TCP');
    expect(served).toEqual(expect.arrayContaining(['53/UDP', '53/TCP', '9153/TCP', '5432/TCP', '8080/TCP']));
    expect(served).toHaveLength(6);
  });
});
