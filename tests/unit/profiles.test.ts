import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { words } from '../../src/i18n/words.ts';
import { cluster, errorsOf, LAB_TEXT, rc, scenario } from '../helpers.ts';

describe('spec.profile', () => {
  it('is the book when left out: the lab is the same cluster as before', () => {
    const c = simulate(LAB_TEXT).state.cluster;
    expect(c).toMatchObject({ profile: 'book', runtime: 'docker', serviceClusterIPRange: '10.254.0.0/16', clusterCIDR: '172.17.0.0/16' });
    expect(c.nodes.map((n) => n.podSubnet)).toEqual(['172.17.1.0/24', '172.17.2.0/24', '172.17.3.0/24']);
  });

  it("kind: containerd, kind's subnets, a /24 per node from 10.244.0.0, its node names and network", () => {
    const sim = simulate(scenario(cluster({ profile: 'kind' }), rc('web', 2)));
    expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const c = sim.state.cluster;
    expect(c).toMatchObject({
      profile: 'kind',
      runtime: 'containerd',
      kubeProxyVersion: 'v1.36.1',
      kubeProxyMode: 'iptables',
      serviceClusterIPRange: '10.96.0.0/16',
      clusterCIDR: '10.244.0.0/16',
      kubeProxyClusterCIDR: '10.244.0.0/16',
      pauseImage: 'registry.k8s.io/pause:3.10',
    });
    expect(c.nodes.map((n) => [n.name, n.ip, n.prefix, n.podSubnet])).toEqual([
      ['kind-control-plane', '172.18.0.2', 16, '10.244.0.0/24'],
      ['kind-worker', '172.18.0.3', 16, '10.244.1.0/24'],
      ['kind-worker2', '172.18.0.4', 16, '10.244.2.0/24'],
    ]);
    expect(c.hosts).toEqual([{ name: 'laptop', ip: '172.18.0.1', prefix: 16 }]);
    expect(sim.state.services.find((s) => s.name === 'kubernetes')?.clusterIP).toBe('10.96.0.1');
  });

  it("kind with the document's own nodes still numbers pod subnets from 10.244.0.0/24", () => {
    const c = simulate(
      scenario(
        cluster({
          profile: 'kind',
          nodes: [
            { name: 'a', ip: '172.18.0.2/16' },
            { name: 'b', ip: '172.18.0.3/16' },
          ],
        }),
      ),
    ).state.cluster;
    expect(c.nodes.map((n) => n.podSubnet)).toEqual(['10.244.0.0/24', '10.244.1.0/24']);
  });

  it("flannel: kind's cluster with flannel for its CNI, no error", () => {
    const sim = simulate(scenario(cluster({ profile: 'flannel' }), rc('web', 2)));
    expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(sim.state.cluster).toMatchObject({
      profile: 'flannel',
      runtime: 'containerd',
      kubeProxyVersion: 'v1.36.1',
      clusterCIDR: '10.244.0.0/16',
    });
  });

  it('refuses an unknown profile as an unsupported value', () => {
    const [d] = errorsOf('apiVersion: kube-netplay/v1\nkind: Cluster\nspec:\n  profile: minikube\n');
    expect(d).toMatchObject({ code: 'unsupported-value', line: 4 });
    expect(d!.message).toBe('spec.profile: Unsupported value: "minikube": supported values: "book", "kind", "flannel"');
  });

  it("refuses a kube-proxy mode the kind profile's kube-proxy is not simulated in", () => {
    const [d] = errorsOf(scenario(cluster({ profile: 'kind', kubeProxyMode: 'ipvs' })));
    expect(d).toMatchObject({ code: 'not-simulated' });
    expect(d!.message).toBe(
      'spec.kubeProxyMode: "ipvs" is not simulated yet in the kind profile: supported values: "iptables", "nftables"',
    );
  });

  it('takes nftables mode on the kind profile', () => {
    const sim = simulate(scenario(cluster({ profile: 'kind', kubeProxyMode: 'nftables' })));
    expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(sim.state.cluster.kubeProxyMode).toBe('nftables');
  });

  it('refuses nftables mode on the book profile at its line: kube-proxy v1.18 has no such mode, in every language', () => {
    const text = 'apiVersion: kube-netplay/v1\nkind: Cluster\nspec:\n  kubeProxyMode: nftables\n';
    const [d, ...rest] = errorsOf(text);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'unsupported-value', line: 4, column: 18 });
    expect(d!.message).toBe(
      'spec.kubeProxyMode: Unsupported value: "nftables": kube-proxy v1.18 has no such mode (nftables mode came in v1.29)',
    );
    expect(d!.hint).toBe('Choose spec.profile: kind (kube-proxy v1.36) to see nftables mode.');
    expect(words('zh').say(d!.says)).toContain('v1.18');
    expect(words('zh').say(d!.says)).not.toContain('Unsupported');
  });
});
