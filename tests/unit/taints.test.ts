/**
 * Taints and tolerations: kind's control plane carries kubeadm's
 * node-role.kubernetes.io/control-plane:NoSchedule (kind takes it off a one-node cluster,
 * pkg/cluster/internal/create/actions/kubeadminit), the scheduler keeps a pod off a node whose
 * NoSchedule and NoExecute taints it does not tolerate (the TaintToleration filter) and avoids a
 * PreferNoSchedule one while another node will do; CoreDNS tolerates the control plane's taint.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { tolerates } from '../../src/core/reconcile/scheduler.ts';
import { textShell } from '../../src/terminal/index.ts';
import { cluster, errorsOf, rc, scenario } from '../helpers.ts';

const CONTROL_PLANE = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' } as const;
const nodesOf = (text: string, app = 'web') =>
  simulate(text)
    .state.pods.filter((p) => p.labels.app === app)
    .map((p) => p.node ?? 'Pending');

describe('the control plane taint', () => {
  it("is on kind's and flannel's first node only, and not on the book's nodes", () => {
    for (const profile of ['kind', 'flannel'] as const) {
      const nodes = simulate(scenario(cluster({ profile }))).state.cluster.nodes;
      expect(nodes.map((n) => n.taints)).toEqual([[CONTROL_PLANE], [], []]);
    }
    expect(simulate(scenario(cluster({ profile: 'book' }))).state.cluster.nodes.every((n) => n.taints.length === 0)).toBe(true);
  });

  it('keeps pods without a toleration on the workers', () => {
    expect(nodesOf(scenario(cluster({ profile: 'kind' }), rc('web', 3)))).toEqual(['kind-worker', 'kind-worker2', 'kind-worker']);
  });

  it('is taken off a one-node kind cluster, as kind does, so its pods run there', () => {
    const one = cluster({ profile: 'kind', nodes: [{ name: 'kind-control-plane', ip: '172.18.0.2/16' }] });
    expect(simulate(scenario(one)).state.cluster.nodes[0]!.taints).toEqual([]);
    expect(nodesOf(scenario(one, rc('web', 2)))).toEqual(['kind-control-plane', 'kind-control-plane']);
  });

  it('lets a pod that tolerates it run there too', () => {
    const tolerant = rc('web', 3, {}, { tolerations: [{ key: CONTROL_PLANE.key, operator: 'Exists', effect: 'NoSchedule' }] });
    expect(nodesOf(scenario(cluster({ profile: 'kind' }), tolerant))).toEqual(['kind-control-plane', 'kind-worker', 'kind-worker2']);
  });

  it('is tolerated by CoreDNS, as kubeadm deploys it', () => {
    const dns = simulate(scenario(cluster({ profile: 'kind' }))).state.pods.filter((p) => p.labels['k8s-app'] === 'kube-dns');
    expect(dns.map((p) => p.node)).toEqual(['kind-control-plane', 'kind-control-plane']);
    expect(dns.every((p) => p.spec.tolerations!.some((t) => tolerates(t, CONTROL_PLANE)))).toBe(true);
  });
});

describe('tolerations', () => {
  const taint = (key: string, effect: string, value?: string) => ({ key, effect, ...(value ? { value } : {}) });
  const tainted = (taints: object[]) =>
    cluster({
      profile: 'kind',
      nodes: [
        { name: 'a', ip: '172.18.0.2/16', taints },
        { name: 'b', ip: '172.18.0.3/16', taints: [taint('dedicated', 'NoSchedule', 'gpu')] },
      ],
    });

  it('match by key, value and effect: an empty effect any effect, Exists any value, an empty key with Exists any taint', () => {
    const t = { key: 'k', effect: 'NoSchedule', value: 'v' } as const;
    expect(tolerates({ key: 'k', operator: 'Equal', value: 'v' }, t)).toBe(true);
    expect(tolerates({ key: 'k', operator: 'Equal', value: 'w' }, t)).toBe(false);
    expect(tolerates({ key: 'k', operator: 'Equal', value: 'v', effect: 'NoExecute' }, t)).toBe(false);
    expect(tolerates({ key: 'k', operator: 'Exists' }, t)).toBe(true);
    expect(tolerates({ operator: 'Exists' }, t)).toBe(true);
    expect(tolerates({ key: 'other', operator: 'Exists' }, t)).toBe(false);
    // An Equal toleration without a value matches only a taint without one.
    expect(tolerates({ key: 'k', operator: 'Equal' }, t)).toBe(false);
    expect(tolerates({ key: 'k', operator: 'Equal' }, { key: 'k', effect: 'NoSchedule' })).toBe(true);
  });

  it('a pod no node tolerates stays Pending with the scheduler’s count', () => {
    const sim = simulate(scenario(tainted([taint('x', 'NoExecute')]), rc('web', 1)));
    expect(sim.state.pods[0]).toMatchObject({ phase: 'Pending', message: '0/2 nodes are available: 2 node(s) had untolerated taint(s).' });
  });

  it('a PreferNoSchedule taint is avoided while another node will do, and used when none will', () => {
    const soft = tainted([taint('x', 'PreferNoSchedule')]);
    const gpu = { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] };
    expect(nodesOf(scenario(soft, rc('web', 2, {}, gpu)))).toEqual(['b', 'b']);
    expect(nodesOf(scenario(soft, rc('web', 1)))).toEqual(['a']);
  });

  it('a Cluster document can take the control plane’s taint off with taints: []', () => {
    const text = scenario(
      cluster({
        profile: 'kind',
        nodes: [
          { name: 'kind-control-plane', ip: '172.18.0.2/16', taints: [] },
          { name: 'kind-worker', ip: '172.18.0.3/16' },
        ],
      }),
      rc('web', 2),
    );
    expect(errorsOf(text)).toEqual([]);
    expect(nodesOf(text)).toEqual(['kind-control-plane', 'kind-worker']);
  });

  it('kubectl shows the node’s taints and the pod’s tolerations as kubectl prints them', () => {
    const text = scenario(
      cluster({ profile: 'kind' }),
      rc(
        'web',
        1,
        {},
        {
          tolerations: [
            { key: 'k', operator: 'Exists' },
            { key: 'd', value: 'gpu', effect: 'NoExecute', tolerationSeconds: 30 },
          ],
        },
      ),
    );
    const pod = simulate(text).state.pods.find((p) => p.labels.app === 'web')!;
    const describe = textShell(text).run(`kubectl describe pod ${pod.name}`);
    expect(describe).toMatch(/^Tolerations: +k op=Exists\n +d=gpu:NoExecute for 30s$/m);
    const node = textShell(text).run('kubectl get node kind-control-plane -o yaml');
    expect(node).toContain('  taints:\n  - effect: NoSchedule\n    key: node-role.kubernetes.io/control-plane\n');
  });
});
