/**
 * The cluster DNS add-on in the simulation: the Cluster document's spec.dns, the kube-dns Service
 * at the 10th address of the service range with its pods, kube-proxy's rules for it, and kubelet's
 * --cluster-dns.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { simulate } from '../../src/core/index.ts';
import { printRule } from '../../src/core/netfilter/rule-print.ts';
import { nodeFiles } from '../../src/core/print/node-files.ts';
import { cluster, errorsOf, rc, scenario, svc } from '../helpers.ts';

const web = rc('web', 1);
const kubeDns = (text: string) => simulate(text).state.services.find((s) => s.namespace === 'kube-system' && s.name === 'kube-dns');
const dnsPods = (text: string) => simulate(text).state.pods.filter((p) => p.labels['k8s-app'] === 'kube-dns');

describe('spec.dns', () => {
  it('book runs no DNS add-on by default: no kube-dns service, no DNS pod, no --cluster-dns', () => {
    const text = scenario(cluster({}), web);
    expect(kubeDns(text)).toBeUndefined();
    expect(dnsPods(text)).toEqual([]);
    const state = simulate(text).state;
    expect(nodeFiles(state.cluster, state.cluster.nodes[0]!, undefined).get('/etc/systemd/system/kubelet.service')).not.toContain(
      '--cluster-dns',
    );
  });

  it('kind runs CoreDNS: kube-dns at 10.96.0.10 with dns, dns-tcp and metrics, two coredns pods as its endpoints', () => {
    const text = scenario(cluster({ profile: 'kind' }), web);
    expect(kubeDns(text)).toMatchObject({
      clusterIP: '10.96.0.10',
      type: 'ClusterIP',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        { name: 'metrics', port: 9153, protocol: 'TCP' },
      ],
    });
    const pods = dnsPods(text);
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      expect(p).toMatchObject({ namespace: 'kube-system', phase: 'Running', node: 'kind-control-plane', owner: { kind: 'ReplicaSet' } });
      expect(p.name).toMatch(/^coredns-[a-z0-9]+-[a-z0-9]+$/);
      expect(p.containers.map((c) => c.image)).toContain('registry.k8s.io/coredns/coredns:v1.12.1');
    }
    const ep = simulate(text).state.endpoints.find((e) => e.namespace === 'kube-system' && e.name === 'kube-dns')!;
    expect(ep.subsets.flatMap((s) => s.addresses.map((a) => a.ip)).sort()).toEqual(pods.map((p) => p.ip).sort());
  });

  it('book with dns: kube-dns runs the 2016 add-on at 10.254.0.10, dnsmasq serving port 53', () => {
    const text = scenario(cluster({ dns: 'kube-dns' }), web);
    expect(kubeDns(text)?.clusterIP).toBe('10.254.0.10');
    expect(kubeDns(text)?.ports.map((p) => p.name)).toEqual(['dns', 'dns-tcp']);
    const [pod, ...more] = dnsPods(text);
    expect(more).toEqual([]);
    expect(pod!.name).toMatch(/^kube-dns-v20-/);
    expect(pod!.containers.map((c) => c.name)).toEqual(['POD', 'kubedns', 'dnsmasq', 'healthz']);
    const state = simulate(text).state;
    expect(nodeFiles(state.cluster, state.cluster.nodes[1]!, undefined).get('/etc/systemd/system/kubelet.service')).toContain(
      '--cluster-dns=10.254.0.10 \\\n  --cluster-domain=cluster.local',
    );
  });

  it('none turns kind off; an unknown value is an error at its line naming the choices', () => {
    expect(kubeDns(scenario(cluster({ profile: 'kind', dns: 'none' }), web))).toBeUndefined();
    const [error] = errorsOf(scenario(cluster({ dns: 'skydns' }), web));
    expect(error).toMatchObject({ line: 6, code: 'unsupported-value' });
    expect(error!.message).toContain('"none", "kube-dns", "coredns"');
  });

  it('adding DNS moves no pod or service of the text', () => {
    const off = simulate(
      scenario(cluster({ profile: 'kind', dns: 'none' }), rc('web', 4), svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] })),
    );
    const on = simulate(
      scenario(cluster({ profile: 'kind' }), rc('web', 4), svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] })),
    );
    const mine = (s: typeof on) => s.state.pods.filter((p) => p.namespace === 'default').map((p) => [p.name, p.node, p.ip]);
    expect(mine(on)).toEqual(mine(off));
    expect(on.state.services.find((s) => s.name === 'web')!.clusterIP).toBe(off.state.services.find((s) => s.name === 'web')!.clusterIP);
  });

  it('a kube-dns Service written in the text replaces the add-on', () => {
    const own = {
      ...svc('kube-dns', { clusterIP: '10.96.0.20', ports: [{ port: 53, protocol: 'UDP' }] }),
      metadata: { name: 'kube-dns', namespace: 'kube-system' },
    };
    const text = scenario(cluster({ profile: 'kind' }), own);
    expect(kubeDns(text)?.clusterIP).toBe('10.96.0.20');
    expect(dnsPods(text)).toEqual([]);
  });

  it('kube-proxy load-balances the kube-dns service like any other: UDP and TCP 53 to both pods, on every node', () => {
    const sim = simulate(scenario(cluster({ profile: 'kind' }), web));
    const dp = buildDataplane(sim.state);
    for (const node of sim.state.cluster.nodes) {
      const nat = dp.namespaces.find((n) => n.id === `node:${node.name}`)!.iptables.get('nat')!;
      const services = nat.chains.get('KUBE-SERVICES')!.rules.map(printRule);
      expect(services.some((r) => r.includes('-d 10.96.0.10/32 -p udp') && r.includes('kube-system/kube-dns:dns cluster IP'))).toBe(true);
      expect(services.some((r) => r.includes('-d 10.96.0.10/32 -p tcp') && r.includes('kube-system/kube-dns:dns-tcp cluster IP'))).toBe(
        true,
      );
    }
  });
});
