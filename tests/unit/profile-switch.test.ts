/**
 * The cluster profile picker's edit (spec.profile of the Cluster document, added when missing,
 * the manifests left as written) and what "What changed" lists after a switch: the first nodes'
 * interfaces, routes and iptables chains, compared line by line.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { simulate } from '../../src/core/index.ts';
import { diffStates, type Change } from '../../src/core/diff.ts';
import { setKubeProxyMode, setProfile, switchProfile } from '../../src/core/edit.ts';
import { fixture, LAB_TEXT } from '../helpers.ts';
import { describeChange } from '../../src/ui/ChangesPanel.tsx';
import { words } from '../../src/i18n/words.ts';

const changes = (a: string, b: string): Change[] => {
  const x = simulate(a).state;
  const y = simulate(b).state;
  return diffStates(x, y, buildDataplane(x), buildDataplane(y));
};
const lines = (cs: Change[], part: string, sign: string) =>
  cs.flatMap((c) => (c.kind === 'profile-line' && c.part === part && c.sign === sign ? [c.line] : []));

describe('setProfile', () => {
  it('adds a Cluster document in front of manifests that have none, leaving them as written', () => {
    const text = setProfile(LAB_TEXT, 'kind');
    expect(text.endsWith(LAB_TEXT)).toBe(true);
    expect(text.slice(0, text.length - LAB_TEXT.length)).toBe(
      'apiVersion: kube-netplay/v1\nkind: Cluster\nmetadata:\n  name: lab\nspec:\n  profile: kind\n---\n',
    );
    expect(simulate(text).state.cluster.profile).toBe('kind');
  });

  it('replaces the field in place, or adds it as a line of spec, changing nothing else', () => {
    const kind = fixture('kind.yaml');
    const book = setProfile(kind, 'book');
    expect(book).toBe(kind.replace('profile: kind', 'profile: book'));
    const modeOnly = setKubeProxyMode(LAB_TEXT, 'ipvs');
    expect(setProfile(modeOnly, 'kind')).toBe(
      modeOnly.replace('spec:\n  kubeProxyMode: ipvs', 'spec:\n  profile: kind\n  kubeProxyMode: ipvs'),
    );
  });
});

describe('switchProfile (the picker)', () => {
  it('keeps the lab running on kind: its Service pins 10.254.176.53, so the range it was valid in comes along', () => {
    expect(simulate(setProfile(LAB_TEXT, 'kind')).diagnostics.filter((d) => d.severity === 'error')).toHaveLength(1);
    const text = switchProfile(LAB_TEXT, 'kind', '10.254.0.0/16');
    expect(text.endsWith(LAB_TEXT)).toBe(true);
    expect(text).toContain('spec:\n  serviceClusterIPRange: 10.254.0.0/16\n  profile: kind\n');
    const sim = simulate(text);
    expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(sim.state.cluster.nodes.map((n) => n.name)).toEqual(['kind-control-plane', 'kind-worker', 'kind-worker2']);
    expect(sim.state.services.find((s) => s.name === 'frontend')?.clusterIP).toBe('10.254.176.53');
  });

  it('changes only the profile when nothing is pinned, or the pins fit the new range', () => {
    const kind = fixture('kind.yaml');
    expect(switchProfile(kind, 'book', '10.96.0.0/16')).toBe(setProfile(kind, 'book'));
  });
});

describe('What changed after a profile switch', () => {
  const kind = fixture('kind.yaml');
  const bookOfKind = setProfile(kind, 'book');

  it('book → kind: docker0 and the veths on it go, ptp veths with the gateway /32 come, routes and chains follow', () => {
    const cs = changes(bookOfKind, kind);
    expect(cs[0]).toEqual({ kind: 'profile', from: 'book', to: 'kind', fromNode: 'k8smaster01', toNode: 'kind-worker' });
    expect(lines(cs, 'interface', 'gone')).toEqual(['docker0 bridge inet 172.17.1.1/24', 'veth… master docker0']);
    expect(lines(cs, 'interface', 'added')).toEqual(['veth… inet 10.244.1.1/32']);
    expect(lines(cs, 'route', 'gone')).toContain('172.17.1.0/24 dev docker0 proto kernel scope link src 172.17.1.1');
    expect(lines(cs, 'route', 'added')).toEqual(
      expect.arrayContaining(['10.244.0.0/24 via 172.18.0.2 dev eth0', '10.244.2.0/24 via 172.18.0.4 dev eth0']),
    );
    expect(lines(cs, 'chain', 'gone')).toEqual(expect.arrayContaining(['nat DOCKER', 'filter DOCKER']));
    expect(lines(cs, 'chain', 'added')).toEqual(
      expect.arrayContaining(['nat CNI-HOSTPORT-DNAT', 'nat CNI-DN-…', 'nat KIND-MASQ-AGENT', 'filter KUBE-PROXY-FIREWALL']),
    );
    // A route to each pod, without its address (the words say "<pod IP>" in each language).
    expect(lines(cs, 'pod-route', 'added')).toEqual(['dev veth… scope host']);
    expect(cs).toContainEqual({ kind: 'profile-runtime', from: 'docker', to: 'containerd' });
    expect(cs).toContainEqual({ kind: 'profile-pod-network', from: 'docker0', to: 'ptp' });
    expect(cs).toContainEqual({
      kind: 'profile-kube-proxy',
      fromVersion: 'v1.18',
      fromMode: 'iptables',
      toVersion: 'v1.36.1',
      toMode: 'iptables',
    });
    const said = (language: 'en' | 'zh') => cs.map((c) => words(language).say(describeChange(c)));
    expect(said('en')).toContain(
      "~ pods attach: to Docker's docker0 bridge, whose subnet the other nodes route to → by point-to-point veths (kindnet's ptp plugin), no bridge, a route to each pod",
    );
    expect(said('en')).toContain('+ route to each pod: <pod IP> dev veth… scope host');
    expect(said('zh')).toContain('+ 到每个 Pod 的路由：<Pod 的 IP> dev veth… scope host');
    // The node comparison stands for every endpoint and rule, which all differ between two clusters.
    expect(cs.some((c) => c.kind === 'rules-changed' || c.kind === 'endpoint-added')).toBe(false);
    expect(cs.filter((c) => c.kind === 'pod-moved')).toHaveLength(2);
  });

  it('kind → flannel: cni0 and flannel.1 come with their FDB and neighbour entries, onlink routes replace the routes via nodes', () => {
    const cs = changes(kind, setProfile(kind, 'flannel'));
    expect(cs).toContainEqual({ kind: 'profile-pod-network', from: 'ptp', to: 'cni0' });
    expect(cs.some((c) => c.kind === 'profile-runtime' || c.kind === 'profile-kube-proxy')).toBe(false);
    expect(lines(cs, 'interface', 'added')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^flannel\.1 vxlan inet 10\.244\.1\.0\/32$/), 'cni0 bridge inet 10.244.1.1/24']),
    );
    expect(lines(cs, 'route', 'added')).toContain('10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink');
    expect(lines(cs, 'fdb', 'added')).toHaveLength(2);
    expect(lines(cs, 'fdb', 'added')[0]).toMatch(/^[0-9a-f:]{17} dev flannel\.1 dst 172\.18\.0\.2 self permanent$/);
    expect(lines(cs, 'neighbour', 'added')[0]).toMatch(/^10\.244\.0\.0 dev flannel\.1 lladdr [0-9a-f:]{17} PERMANENT$/);
    expect(lines(cs, 'chain', 'added')).toEqual(expect.arrayContaining(['nat FLANNEL-POSTRTG', 'filter FLANNEL-FWD']));
  });

  it('kind in iptables mode → nftables mode: the kube-proxy table comes, its iptables chains go', () => {
    const cs = changes(kind, setKubeProxyMode(kind, 'nftables'));
    expect(cs).toContainEqual({
      kind: 'profile-kube-proxy',
      fromVersion: 'v1.36.1',
      fromMode: 'iptables',
      toVersion: 'v1.36.1',
      toMode: 'nftables',
    });
    expect(lines(cs, 'nft', 'added')).toEqual(
      expect.arrayContaining([
        'table ip kube-proxy',
        'map ip kube-proxy service-ips',
        'chain ip kube-proxy services',
        'chain ip kube-proxy service-…',
      ]),
    );
    expect(lines(cs, 'chain', 'gone')).toEqual(expect.arrayContaining(['nat KUBE-SERVICES', 'nat KUBE-SVC-…']));
    expect(words('en').say(describeChange(cs.find((c) => c.kind === 'profile-kube-proxy')!))).toBe(
      '~ kube-proxy v1.36.1 in iptables mode → v1.36.1 in nftables mode',
    );
  });

  it('kind → book lists the same lines the other way round', () => {
    const there = changes(bookOfKind, kind);
    const back = changes(kind, bookOfKind);
    for (const part of ['interface', 'route', 'pod-route', 'chain', 'nft', 'fdb', 'neighbour'])
      expect(new Set(lines(back, part, 'added'))).toEqual(new Set(lines(there, part, 'gone')));
  });

  it('an edit within one profile lists no profile lines', () => {
    const cs = changes(kind, kind.replace('replicas: 2', 'replicas: 3'));
    expect(cs.some((c) => c.kind === 'profile' || c.kind === 'profile-line')).toBe(false);
    expect(cs.some((c) => c.kind === 'pod-added')).toBe(true);
  });
});

describe('switchProfile and the kube-proxy mode', () => {
  const errors = (text: string) => simulate(text).diagnostics.filter((d) => d.severity === 'error');
  it("keeps a mode the new profile simulates and swaps one it does not for the profile's default, so the text still runs", () => {
    const ipvsLab = setKubeProxyMode(LAB_TEXT, 'ipvs');
    const onKind = switchProfile(ipvsLab, 'kind', '10.254.0.0/16');
    expect(errors(onKind)).toEqual([]);
    expect(simulate(onKind).state.cluster.kubeProxyMode).toBe('iptables');
    const nftKind = setKubeProxyMode(setProfile(LAB_TEXT.replace(/^\s*clusterIP: .*\n/m, ''), 'kind'), 'nftables');
    expect(simulate(nftKind).state.cluster.kubeProxyMode).toBe('nftables');
    for (const to of ['book', 'flannel'] as const) {
      const switched = switchProfile(nftKind, to, '10.96.0.0/16');
      expect(errors(switched), to).toEqual([]);
      expect(simulate(switched).state.cluster.kubeProxyMode, to).toBe('iptables');
    }
    // A mode both profiles simulate stays as written.
    const userspace = setKubeProxyMode(setProfile(LAB_TEXT, 'kind'), 'iptables');
    expect(switchProfile(userspace, 'book', '10.96.0.0/16')).toContain('kubeProxyMode: iptables');
    expect(simulate(switchProfile(setKubeProxyMode(ipvsLab, 'userspace'), 'book', '10.254.0.0/16')).state.cluster.kubeProxyMode).toBe(
      'userspace',
    );
  });
});
