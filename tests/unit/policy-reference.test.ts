/**
 * The reference evaluator of NetworkPolicy against our own cases, modelled on the reachability
 * cases of Kubernetes' e2e netpol suite and Cyclonus: namespaces x, y, z with pods a, b, c each
 * (labels pod=<name>, namespaces ns=<name>), every pod serving TCP and UDP 80 and 81 under names
 * serve-<port>-<proto>. Each case is a policy set and the matrix it must give, rows the client,
 * columns the server, in the order x/a x/b x/c y/a … z/c: `.` connects, `X` is refused, `-` a pod
 * talking to itself (which never leaves the pod, so no policy sees it).
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { simulate } from '../../src/core/index.ts';
import type { Protocol } from '../../src/core/model.ts';
import { endAt, policyVerdict } from '../../src/core/policy/reference.ts';

const NAMESPACES = ['x', 'y', 'z'];
const PODS = NAMESPACES.flatMap((ns) => ['a', 'b', 'c'].map((name) => `${ns}/${name}`));

function world(policies: readonly object[]) {
  const docs: object[] = NAMESPACES.map((ns) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { ns } } }));
  for (const id of PODS) {
    const [namespace, name] = id.split('/');
    const ports = [80, 81].flatMap((port) =>
      ['TCP', 'UDP'].map((protocol) => ({ name: `serve-${port}-${protocol.toLowerCase()}`, containerPort: port, protocol })),
    );
    docs.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels: { pod: name } },
      spec: { containers: [{ name: 'c', image: 'agnhost', ports }] },
    });
  }
  policies.forEach((spec, i) =>
    docs.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `p${i}`, namespace: 'x' }, ...spec }),
  );
  const sim = simulate(docs.map((d) => stringify(d)).join('---\n'));
  expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return sim.state;
}

function ipOf(state: ReturnType<typeof world>, id: string): string {
  return state.pods.find((p) => `${p.namespace}/${p.name}` === id)!.ip!;
}

function matrix(policies: readonly object[], port = 80, protocol: Protocol = 'TCP'): string[] {
  const state = world(policies);
  return PODS.map(
    (from) =>
      `${from} ` +
      PODS.map((to) => {
        if (from === to) return '-';
        const w = { policies: state.networkPolicies, namespaceLabels: state.namespaceLabels };
        return policyVerdict(w, endAt(state, ipOf(state, from)), endAt(state, ipOf(state, to)), port, protocol).allowed ? '.' : 'X';
      }).join(''),
  );
}

/** The rows of a matrix where only the servers of x marked in `toX` (3 characters) differ from all-allowed. */
const ingressToX = (rows: Record<string, string>) => PODS.map((from) => `${from} ${fill(from, `${rows[from] ?? '...'}......`)}`);
const fill = (from: string, row: string) => [...row].map((c, i) => (PODS[i] === from ? '-' : c)).join('');
const rows = (all: string, except: Record<string, string> = {}) => PODS.map((from) => `${from} ${fill(from, except[from] ?? all)}`);

const onA = { podSelector: { matchLabels: { pod: 'a' } } };

describe('the NetworkPolicy reference evaluator', () => {
  it('lets everything through when no policy selects a pod', () => {
    expect(matrix([])).toEqual(rows('.........'));
  });

  it('default-deny ingress isolates every pod of the namespace, from everywhere', () => {
    expect(matrix([{ spec: { podSelector: {}, policyTypes: ['Ingress'] } }])).toEqual(ingressToX({ ...allRows('XXX') }));
  });

  it('a podSelector peer alone means pods of the policy namespace only', () => {
    const m = matrix([{ spec: { ...onA, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] } }]);
    expect(m).toEqual(ingressToX({ ...allRows('X..'), 'x/b': '...' }));
  });

  it('a namespaceSelector peer alone means every pod of the matching namespaces', () => {
    const m = matrix([{ spec: { ...onA, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] } }]);
    expect(m).toEqual(ingressToX({ ...allRows('X..'), 'y/a': '...', 'y/b': '...', 'y/c': '...' }));
  });

  it('both selectors in one peer are AND; in two peers OR', () => {
    const ns = { namespaceSelector: { matchLabels: { ns: 'y' } } };
    const pod = { podSelector: { matchLabels: { pod: 'b' } } };
    expect(matrix([{ spec: { ...onA, ingress: [{ from: [{ ...ns, ...pod }] }] } }])).toEqual(
      ingressToX({ ...allRows('X..'), 'y/b': '...' }),
    );
    expect(matrix([{ spec: { ...onA, ingress: [{ from: [ns, pod] }] } }])).toEqual(
      ingressToX({ ...allRows('X..'), 'x/b': '...', 'y/a': '...', 'y/b': '...', 'y/c': '...' }),
    );
  });

  it('the namespace name label the API server sets selects that namespace', () => {
    const m = matrix([
      { spec: { ...onA, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'z' } } }] }] } },
    ]);
    expect(m).toEqual(ingressToX({ ...allRows('X..'), 'z/a': '...', 'z/b': '...', 'z/c': '...' }));
  });

  it('a named port is the server pod’s port of that name and protocol', () => {
    const policy = [{ spec: { ...onA, ingress: [{ ports: [{ port: 'serve-81-tcp' }] }] } }];
    expect(matrix(policy, 81)).toEqual(rows('.........'));
    expect(matrix(policy, 80)).toEqual(ingressToX(allRows('X..')));
    expect(matrix(policy, 81, 'UDP')).toEqual(ingressToX(allRows('X..')));
  });

  it('endPort opens the inclusive range, per protocol', () => {
    const policy = [{ spec: { ...onA, ingress: [{ ports: [{ port: 79, endPort: 80 }] }] } }];
    expect(matrix(policy, 80)).toEqual(rows('.........'));
    expect(matrix(policy, 81)).toEqual(ingressToX(allRows('X..')));
    expect(matrix(policy, 80, 'UDP')).toEqual(ingressToX(allRows('X..')));
  });

  it('a UDP rule does not let TCP through', () => {
    const policy = [{ spec: { ...onA, ingress: [{ ports: [{ protocol: 'UDP', port: 80 }] }] } }];
    expect(matrix(policy, 80, 'UDP')).toEqual(rows('.........'));
    expect(matrix(policy, 80, 'TCP')).toEqual(ingressToX(allRows('X..')));
  });

  it('default-deny egress keeps the selected pods from sending anywhere; they still receive', () => {
    expect(matrix([{ spec: { ...onA, policyTypes: ['Egress'] } }])).toEqual(rows('.........', { 'x/a': 'XXXXXXXXX' }));
  });

  it('stacked policies allow the union; an allow-all rule beside a deny-all allows all', () => {
    const deny = { spec: { podSelector: {}, policyTypes: ['Ingress'] } };
    const fromY = { spec: { ...onA, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] } };
    expect(matrix([deny, fromY])).toEqual(ingressToX({ ...allRows('XXX'), 'y/a': '.XX', 'y/b': '.XX', 'y/c': '.XX' }));
    expect(matrix([deny, { spec: { ...onA, ingress: [{}] } }])).toEqual(ingressToX(allRows('.XX')));
  });

  it('ipBlock with except narrows only its own peer', () => {
    const state = world([]);
    const yb = `${ipOf(state, 'y/b')}/32`;
    const block = { ipBlock: { cidr: '172.17.0.0/16', except: [yb] } };
    const egress = (to: object[]) => [{ spec: { ...onA, policyTypes: ['Egress'], egress: [{ to }] } }];
    const yIndex = PODS.indexOf('y/b');
    const without = [...'.........'].map((c, i) => (i === yIndex ? 'X' : c)).join('');
    expect(matrix(egress([block]))).toEqual(rows('.........', { 'x/a': without }));
    // The except'd address, allowed by another peer, is allowed.
    expect(matrix(egress([block, { namespaceSelector: { matchLabels: { ns: 'y' } } }]))).toEqual(rows('.........'));
  });

  it("lets the pod's own node in, and says which policy isolates a refused one", () => {
    const state = world([{ spec: { ...onA, ingress: [] } }]);
    const w = { policies: state.networkPolicies, namespaceLabels: state.namespaceLabels };
    const xa = state.pods.find((p) => p.namespace === 'x' && p.name === 'a')!;
    const own = state.cluster.nodes.find((n) => n.name === xa.node)!;
    const other = state.cluster.nodes.find((n) => n.name !== xa.node)!;
    expect(policyVerdict(w, endAt(state, own.ip), endAt(state, xa.ip!), 80, 'TCP').allowed).toBe(true);
    const refused = policyVerdict(w, endAt(state, other.ip), endAt(state, xa.ip!), 80, 'TCP');
    expect(refused).toEqual({ allowed: false, egress: { isolated: false }, ingress: { isolated: true, policies: ['x/p0'] } });
  });
});

/** Every client row with the same three characters for the servers of x. */
function allRows(xs: string): Record<string, string> {
  return Object.fromEntries(PODS.map((p) => [p, xs]));
}
