/**
 * The dataplane a node would really have: kube-proxy's chain names and probabilities (fidelity
 * §1.1, §1.2), the lab's interfaces and routes (the routed docker0 model), Docker's rules (§4),
 * and kube-proxy's rules in iptables (§1.5), userspace (§2, §6) and ipvs (§3) modes.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { setKubeProxyMode } from '../../src/core/edit.ts';
import { endpointChain, savedProbability, serviceChain, servicePortName } from '../../src/core/dataplane/kube-proxy/names.ts';
import type { Dataplane, NetNamespace } from '../../src/core/dataplane/model.ts';
import { simulate, type ClusterState } from '../../src/core/index.ts';
import { quote, tokenize } from '../../src/core/netfilter/rule.ts';
import { iptablesSave } from '../../src/core/netfilter/ruleset.ts';
import { ipRoute } from '../../src/core/print/ip.ts';
import { ipvsadm } from '../../src/core/print/ipvsadm.ts';
import { cluster, fixture, LAB_TEXT, scenario, svc } from '../helpers.ts';

function load(text: string): { state: ClusterState; dp: Dataplane } {
  const sim = simulate(text);
  expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { state: sim.state, dp: buildDataplane(sim.state) };
}

const threeReplicas = (mode: 'iptables' | 'userspace' | 'ipvs') => {
  const text = fixture('three-replicas.yaml');
  expect(text).toContain('kubeProxyMode: iptables\n');
  return text.replace('kubeProxyMode: iptables', `kubeProxyMode: ${mode}`);
};

const ns = (dp: Dataplane, id: string): NetNamespace => {
  const found = dp.namespaces.find((n) => n.id === id);
  if (!found) throw new Error(`no namespace ${id}`);
  return found;
};

/** The `-A` lines of one table of a node's iptables-save, in order. */
function rules(dp: Dataplane, node: string, table: 'nat' | 'filter', chain?: string): string[] {
  const text = iptablesSave(ns(dp, `node:${node}`).iptables, table);
  return text.split('\n').filter((l) => l.startsWith(chain ? `-A ${chain} ` : '-A '));
}

const NODES = [
  { name: 'k8smaster01', ip: '172.24.8.71', subnet: '172.17.1.0/24', bridge: '172.17.1.1' },
  { name: 'k8smaster02', ip: '172.24.8.72', subnet: '172.17.2.0/24', bridge: '172.17.2.1' },
  { name: 'k8smaster03', ip: '172.24.8.73', subnet: '172.17.3.0/24', bridge: '172.17.3.1' },
];

const svcIp = (state: ClusterState, name: string) => state.services.find((s) => s.name === name)!.clusterIP;
const podsOn = (state: ClusterState, node: string) => state.pods.filter((p) => p.node === node && p.phase === 'Running');

describe("kube-proxy's names (fidelity §1.1, verified vectors)", () => {
  it.each([
    ['ns1/svc1:p80', 'tcp', 'KUBE-SVC-XPGD46QRK7WJZT7O'],
    ['ns1/svc1', 'tcp', 'KUBE-SVC-AQI2S6QIMU7PVVRP'],
    ['kube-system/kube-dns:dns', 'udp', 'KUBE-SVC-TCOU7JCQXEZGVUNU'],
    ['default/kubernetes:https', 'tcp', 'KUBE-SVC-NPX46M4PTMTKRN6Y'],
    ['default/frontend:', 'tcp', 'KUBE-SVC-GYQQTB6TY565JPRW'],
    ['default/frontend', 'tcp', 'KUBE-SVC-ENODL3HWJ5BZY56Q'],
    ['ns3/svc3:p80', 'tcp', 'KUBE-SVC-X27LE4BHSL4DOUIK'],
  ])('serviceChain(%s, %s) = %s', (spn, proto, chain) => {
    expect(serviceChain(spn, proto)).toBe(chain);
    expect(serviceChain(spn, proto.toUpperCase())).toBe(chain); // the protocol is hashed lower-case
  });

  it.each([
    ['ns1/svc1:p80', '10.180.0.1:80', 'KUBE-SEP-SXIVWICOYRO3J4NJ'],
    ['ns1/svc1', '10.0.1.1:80', 'KUBE-SEP-3JOIVZTXZZRGORX4'],
    ['ns1/svc1', '10.0.1.2:80', 'KUBE-SEP-IO5XOSKPAXIFQXAJ'],
    ['ns1/svc1', '10.0.1.3:80', 'KUBE-SEP-XGJFVO3L2O5SRFNT'],
    ['default/frontend:', '10.1.10.5:80', 'KUBE-SEP-EJ4DIQM557CFAQY3'],
    ['default/frontend:', '10.1.20.6:80', 'KUBE-SEP-FUVCAGOUVK3ZLD24'],
    ['default/frontend:', '10.1.30.8:80', 'KUBE-SEP-MVFNNO4FVQEWOGXS'],
    ['default/frontend', '10.1.10.5:80', 'KUBE-SEP-AY5SHDHRJOQIT2EP'],
    ['default/frontend', '10.1.20.6:80', 'KUBE-SEP-VHPINBCSBFLV33O4'],
    ['default/frontend', '10.1.30.8:80', 'KUBE-SEP-2YHWLXARPEIJ34EL'],
  ])('endpointChain(%s, tcp, %s) = %s', (spn, ep, chain) => {
    expect(endpointChain(spn, 'tcp', ep)).toBe(chain);
  });

  it('names an unnamed port with the trailing colon of the lab era, a named one with its name', () => {
    expect(servicePortName('default', 'frontend')).toBe('default/frontend:');
    expect(servicePortName('default', 'kubernetes', 'https')).toBe('default/kubernetes:https');
  });

  it.each([
    [2, '0.50000000000'],
    [3, '0.33333333349'],
    [4, '0.25000000000'],
    [5, '0.20000000019'],
  ])("savedProbability(%i): iptables-save prints kube-proxy's 1/n as %s (fidelity §1.2 table)", (n, text) => {
    expect(savedProbability(n)).toBe(text);
  });
});

describe("the lab's interfaces and routes (routed docker0 per node)", () => {
  const { state, dp } = load(LAB_TEXT);

  it.each(NODES)('$name has lo, eth0 with its address, docker0 with the first address of its pod subnet', (node) => {
    const n = ns(dp, `node:${node.name}`);
    expect(n.kind).toBe('node');
    expect(n.ipForward).toBe(true);
    expect(n.bridgeNfCallIptables).toBe(true);
    const byName = new Map(n.interfaces.map((i) => [i.name, i]));
    expect(byName.get('lo')).toMatchObject({ kind: 'loopback', addresses: ['127.0.0.1/8'] });
    expect(byName.get('eth0')).toMatchObject({ kind: 'physical', addresses: [`${node.ip}/24`], up: true });
    expect(byName.get('docker0')).toMatchObject({ kind: 'bridge', addresses: [`${node.bridge}/24`], up: true });
    const others = n.interfaces.filter((i) => !['lo', 'eth0', 'docker0'].includes(i.name));
    expect(others.every((i) => i.kind === 'veth')).toBe(true);
    expect(others).toHaveLength(podsOn(state, node.name).length);
    expect(new Set(n.interfaces.map((i) => i.index)).size).toBe(n.interfaces.length);
  });

  it('gives every running pod one veth on its node, a port of docker0 in hairpin mode, peered with the pod eth0', () => {
    expect(state.pods.filter((p) => p.phase === 'Running')).toHaveLength(1);
    for (const pod of state.pods.filter((p) => p.phase === 'Running')) {
      const node = NODES.find((n) => n.name === pod.node)!;
      const nodeNs = ns(dp, `node:${node.name}`);
      const veths = nodeNs.interfaces.filter((i) => i.peer?.ns === `pod:${pod.namespace}/${pod.name}`);
      expect(veths).toHaveLength(1);
      const veth = veths[0]!;
      expect(veth).toMatchObject({ kind: 'veth', master: 'docker0', hairpin: true, addresses: [], peer: { ifname: 'eth0' } });
      expect(veth.name).toMatch(/^veth[0-9a-f]{7}$/);

      const podNs = ns(dp, `pod:${pod.namespace}/${pod.name}`);
      expect(podNs.kind).toBe('pod');
      expect(podNs.interfaces.map((i) => i.name)).toEqual(['lo', 'eth0']);
      const eth0 = podNs.interfaces[1]!;
      expect(eth0).toMatchObject({ kind: 'veth', addresses: [`${pod.ip}/24`], peer: { ns: `node:${node.name}`, ifname: veth.name } });
      // Docker derives the container MAC from its IP: 02:42 + the four bytes.
      expect(eth0.mac).toBe(['02', '42', ...pod.ip!.split('.').map((o) => Number(o).toString(16).padStart(2, '0'))].join(':'));
      expect(ipRoute(podNs).split('\n')).toEqual([
        `default via ${node.bridge} dev eth0`,
        `${node.subnet} dev eth0 proto kernel scope link src ${pod.ip}`,
      ]);
      // No other node has a veth for it.
      for (const other of NODES.filter((n) => n.name !== node.name))
        expect(ns(dp, `node:${other.name}`).interfaces.some((i) => i.peer?.ns === `pod:${pod.namespace}/${pod.name}`)).toBe(false);
    }
  });

  it.each(NODES)('$name routes: connected eth0 and docker0, every other pod subnet via its node, a default route', (node) => {
    const lines = ipRoute(ns(dp, `node:${node.name}`)).split('\n');
    // docker0 has no carrier until a pod's veth joins it: the kernel marks its route linkdown
    // (seen on the real kernel by the kernel suite). Only k8smaster01 runs the lab's pod.
    const linkdown = node.name === 'k8smaster01' ? '' : ' linkdown';
    const expected = [
      ...NODES.map((n) =>
        n === node ? `${n.subnet} dev docker0 proto kernel scope link src ${n.bridge}${linkdown}` : `${n.subnet} via ${n.ip} dev eth0`,
      ),
      `172.24.8.0/24 dev eth0 proto kernel scope link src ${node.ip}`,
    ];
    // `ip route` lists the main table by destination, default first.
    expect(lines.slice(1)).toEqual(expected);
    const gw = /^default via (172\.24\.8\.\d+) dev eth0$/.exec(lines[0]!);
    expect(gw, lines[0]).not.toBeNull();
    expect(['172.24.8.71', '172.24.8.72', '172.24.8.73', '172.24.8.10']).not.toContain(gw![1]);
  });

  it('`ip route show table local` prints what iproute2 prints (proto kernel, no "table local" when that table is asked for)', () => {
    // iproute2 omits "table X" when the listing is filtered by table, and the kernel's local routes
    // are RTPROT_KERNEL: `local 172.24.8.71 dev eth0 proto kernel scope host src 172.24.8.71`.
    const local = ipRoute(ns(dp, 'node:k8smaster01'), 'local').split('\n');
    expect(local).toContain('local 172.24.8.71 dev eth0 proto kernel scope host src 172.24.8.71');
    expect(local).toContain('local 172.17.1.1 dev docker0 proto kernel scope host src 172.17.1.1');
  });

  it('gives the laptop eth0 on the physical network and no route to the pod subnets or the service range', () => {
    const laptop = ns(dp, 'host:laptop');
    expect(laptop.interfaces.find((i) => i.name === 'eth0')).toMatchObject({ kind: 'physical', addresses: ['172.24.8.10/24'] });
    const lines = ipRoute(laptop).split('\n');
    expect(lines).toContain('172.24.8.0/24 dev eth0 proto kernel scope link src 172.24.8.10');
    expect(lines.some((l) => l.startsWith('172.17.') || l.startsWith('10.254.'))).toBe(false);
  });
});

describe("Docker's rules on the lab's nodes (fidelity §4)", () => {
  const { state, dp } = load(LAB_TEXT);
  const pod = state.pods[0]!;

  it('DNATs the hostPort to the pod only on the node the pod runs on', () => {
    expect(pod.node).toBe('k8smaster01');
    const dnat = `-A DOCKER ! -i docker0 -p tcp -m tcp --dport 80 -j DNAT --to-destination ${pod.ip}:80`;
    expect(rules(dp, 'k8smaster01', 'nat', 'DOCKER')).toEqual(['-A DOCKER -i docker0 -j RETURN', dnat]);
    expect(rules(dp, 'k8smaster01', 'filter', 'DOCKER')).toEqual([
      `-A DOCKER -d ${pod.ip}/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT`,
    ]);
    expect(rules(dp, 'k8smaster01', 'nat', 'POSTROUTING')).toContain(
      `-A POSTROUTING -s ${pod.ip}/32 -d ${pod.ip}/32 -p tcp -m tcp --dport 80 -j MASQUERADE`,
    );
    for (const other of ['k8smaster02', 'k8smaster03']) {
      expect(rules(dp, other, 'nat', 'DOCKER')).toEqual(['-A DOCKER -i docker0 -j RETURN']);
      expect(rules(dp, other, 'filter', 'DOCKER')).toEqual([]);
    }
  });

  it("jumps to DOCKER for the node's own addresses (with the userland-proxy `! -d 127.0.0.0/8` on OUTPUT)", () => {
    expect(rules(dp, 'k8smaster01', 'nat', 'PREROUTING')).toContain('-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER');
    expect(rules(dp, 'k8smaster01', 'nat', 'OUTPUT')).toContain('-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER');
  });

  it.each(NODES)('$name masquerades pod traffic leaving the cluster range only (outsideClusterCIDR)', (node) => {
    const post = rules(dp, node.name, 'nat', 'POSTROUTING');
    expect(post).toContain(`-A POSTROUTING -s ${node.subnet} ! -d 172.17.0.0/16 -j MASQUERADE`);
    expect(post.filter((l) => l.includes('! -o docker0'))).toEqual([]);
  });

  it("with podMasquerade: dockerDefault, writes Docker's own rule instead: everything not leaving by docker0", () => {
    const docker = load(scenario(LAB_TEXT, cluster({ podMasquerade: 'dockerDefault' }))).dp;
    for (const node of NODES) {
      const post = rules(docker, node.name, 'nat', 'POSTROUTING');
      expect(post).toContain(`-A POSTROUTING -s ${node.subnet} ! -o docker0 -j MASQUERADE`);
      expect(post.filter((l) => l.includes('! -d 172.17.0.0/16'))).toEqual([]);
    }
  });

  it("writes Docker's FORWARD rules of the lab's era (DOCKER jump first, no isolation chains)", () => {
    expect(rules(dp, 'k8smaster02', 'filter', 'FORWARD').filter((l) => l.includes('docker0'))).toEqual([
      '-A FORWARD -o docker0 -j DOCKER',
      '-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A FORWARD -i docker0 ! -o docker0 -j ACCEPT',
      '-A FORWARD -i docker0 -o docker0 -j ACCEPT',
    ]);
  });
});

describe('kube-proxy in iptables mode (legacy layout, fidelity §1.5)', () => {
  const lab = load(LAB_TEXT);
  const three = load(threeReplicas('iptables'));

  it("puts kube-proxy's jumps in front of Docker's", () => {
    const pre = rules(lab.dp, 'k8smaster01', 'nat', 'PREROUTING');
    expect(pre[0]).toBe('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(pre.indexOf('-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER')).toBeGreaterThan(0);
    expect(rules(lab.dp, 'k8smaster01', 'nat', 'OUTPUT')[0]).toBe(
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    );
    expect(rules(lab.dp, 'k8smaster01', 'nat', 'POSTROUTING')[0]).toBe(
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    );
  });

  it('marks with --set-xmark 0x4000/0x4000 and masquerades marked traffic in one KUBE-POSTROUTING rule (§1.3)', () => {
    expect(rules(lab.dp, 'k8smaster01', 'nat', 'KUBE-MARK-MASQ')).toEqual(['-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000']);
    expect(rules(lab.dp, 'k8smaster01', 'nat', 'KUBE-POSTROUTING')).toEqual([
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -m mark --mark 0x4000/0x4000 -j MASQUERADE --random-fully',
    ]);
  });

  it('forwards marked traffic and pod connections in KUBE-FORWARD, after dropping INVALID packets', () => {
    expect(rules(lab.dp, 'k8smaster01', 'filter', 'KUBE-FORWARD')).toEqual([
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
      '-A KUBE-FORWARD -s 172.17.0.0/16 -m comment --comment "kubernetes forwarding conntrack pod source rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A KUBE-FORWARD -d 172.17.0.0/16 -m comment --comment "kubernetes forwarding conntrack pod destination rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    ]);
  });

  it("writes the lab's frontend service: MARK-MASQ for off-cluster sources first, then the SVC and SEP chains", () => {
    const pod = lab.state.pods[0]!;
    const ip = svcIp(lab.state, 'frontend');
    const svc = 'KUBE-SVC-GYQQTB6TY565JPRW'; // default/frontend: + tcp, fidelity §1.1
    const sep = endpointChain('default/frontend:', 'tcp', `${pod.ip}:80`);
    const services = rules(lab.dp, 'k8smaster01', 'nat', 'KUBE-SERVICES');
    const mine = services.filter((l) => l.includes(`-d ${ip}/32`));
    expect(mine).toEqual([
      `-A KUBE-SERVICES ! -s 172.17.0.0/16 -d ${ip}/32 -p tcp -m comment --comment "default/frontend: cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ`,
      `-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "default/frontend: cluster IP" -m tcp --dport 80 -j ${svc}`,
    ]);
    expect(rules(lab.dp, 'k8smaster01', 'nat', svc)).toEqual([`-A ${svc} -m comment --comment "default/frontend:" -j ${sep}`]);
    expect(rules(lab.dp, 'k8smaster01', 'nat', sep)).toEqual([
      `-A ${sep} -s ${pod.ip}/32 -m comment --comment "default/frontend:" -j KUBE-MARK-MASQ`,
      `-A ${sep} -p tcp -m comment --comment "default/frontend:" -m tcp -j DNAT --to-destination ${pod.ip}:80`,
    ]);
    expect(services.at(-1)).toBe(
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    );
  });

  it('balances 3 endpoints with --probability 0.33333333349, 0.50000000000, then no statistic', () => {
    const svc = serviceChain('default/echo:http', 'tcp');
    const lines = rules(three.dp, 'k8smaster01', 'nat', svc);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      new RegExp(
        `^-A ${svc} -m comment --comment "default/echo:http" -m statistic --mode random --probability 0\\.33333333349 -j KUBE-SEP-[A-Z2-7]{16}$`,
      ),
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^-A ${svc} -m comment --comment "default/echo:http" -m statistic --mode random --probability 0\\.50000000000 -j KUBE-SEP-[A-Z2-7]{16}$`,
      ),
    );
    expect(lines[2]).toMatch(new RegExp(`^-A ${svc} -m comment --comment "default/echo:http" -j KUBE-SEP-[A-Z2-7]{16}$`));
    const echoPods = three.state.pods.filter((p) => p.labels.app === 'echo');
    expect(echoPods).toHaveLength(3);
    const seps = lines.map((l) => l.split(' -j ')[1]!);
    expect(new Set(seps)).toEqual(new Set(echoPods.map((p) => endpointChain('default/echo:http', 'tcp', `${p.ip}:8080`))));
    for (const p of echoPods) {
      const sep = endpointChain('default/echo:http', 'tcp', `${p.ip}:8080`);
      expect(rules(three.dp, 'k8smaster01', 'nat', sep)).toEqual([
        `-A ${sep} -s ${p.ip}/32 -m comment --comment "default/echo:http" -j KUBE-MARK-MASQ`,
        `-A ${sep} -p tcp -m comment --comment "default/echo:http" -m tcp -j DNAT --to-destination ${p.ip}:8080`,
      ]);
    }
    // The UDP port of the same service has its own chains, hashed with "udp".
    const udp = serviceChain('default/echo:echo-udp', 'udp');
    expect(rules(three.dp, 'k8smaster01', 'nat', 'KUBE-SERVICES')).toContain(
      `-A KUBE-SERVICES -d ${svcIp(three.state, 'echo')}/32 -p udp -m comment --comment "default/echo:echo-udp cluster IP" -m udp --dport 53 -j ${udp}`,
    );
  });

  it('writes NodePorts in KUBE-NODEPORTS (MARK-MASQ then the SVC chain) and keeps the nodeports jump last', () => {
    const svc = serviceChain('default/echo-nodeport:http', 'tcp');
    const np = rules(three.dp, 'k8smaster02', 'nat', 'KUBE-NODEPORTS');
    const tcp = np.filter((l) => l.includes('--dport 30080'));
    expect(tcp).toEqual([
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "default/echo-nodeport:http" -m tcp --dport 30080 -j KUBE-MARK-MASQ',
      `-A KUBE-NODEPORTS -p tcp -m comment --comment "default/echo-nodeport:http" -m tcp --dport 30080 -j ${svc}`,
    ]);
    expect(np.filter((l) => l.includes('--dport 30053'))).toHaveLength(2);
    expect(rules(three.dp, 'k8smaster02', 'nat', 'KUBE-SERVICES').at(-1)).toContain('-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  });

  it('rejects a service without endpoints in the filter table, and writes no nat rule for it', () => {
    const nobody = three.state.services.find((x) => x.name === 'nobody')!;
    const ip = nobody.clusterIP;
    expect(nobody.ports.length).toBeGreaterThan(0);
    const expected = nobody.ports.map((p) => {
      const proto = p.protocol.toLowerCase();
      return `-A KUBE-SERVICES -d ${ip}/32 -p ${proto} -m comment --comment "${servicePortName('default', 'nobody', p.name)} has no endpoints" -m ${proto} --dport ${p.port} -j REJECT --reject-with icmp-port-unreachable`;
    });
    expect(rules(three.dp, 'k8smaster01', 'filter', 'KUBE-SERVICES').sort()).toEqual(expected.sort());
    expect(rules(three.dp, 'k8smaster01', 'nat').filter((l) => l.includes(ip))).toEqual([]);
    // Pod traffic is forwarded, node traffic is output: both reach the REJECT.
    const filterJumps = [
      ...rules(three.dp, 'k8smaster01', 'filter', 'FORWARD'),
      ...rules(three.dp, 'k8smaster01', 'filter', 'OUTPUT'),
    ].filter((l) => l.endsWith('-j KUBE-SERVICES'));
    expect(filterJumps.map((l) => l.split(' ')[1])).toEqual(['FORWARD', 'OUTPUT']);
  });

  it('pins a ClientIP-affinity client with -m recent: --rcheck per endpoint before the random cascade, --set on the DNAT', () => {
    const svc = serviceChain('default/echo-sticky:http', 'tcp');
    const lines = rules(three.dp, 'k8smaster01', 'nat', svc);
    expect(lines).toHaveLength(6);
    const echoPods = three.state.pods.filter((p) => p.labels.app === 'echo');
    const seps = echoPods.map((p) => endpointChain('default/echo-sticky:http', 'tcp', `${p.ip}:8080`));
    const checks = lines.slice(0, 3);
    for (const l of checks) {
      const m =
        /^-A (\S+) -m comment --comment "default\/echo-sticky:http" -m recent --rcheck --seconds 10800 --reap --name (KUBE-SEP-\w+) --mask 255\.255\.255\.255 --rsource -j (KUBE-SEP-\w+)$/.exec(
          l,
        );
      expect(m, l).not.toBeNull();
      expect(m![2]).toBe(m![3]);
    }
    expect(new Set(checks.map((l) => l.split(' -j ')[1]))).toEqual(new Set(seps));
    expect(lines.slice(3).map((l) => /--probability (\S+)/.exec(l)?.[1] ?? 'none')).toEqual(['0.33333333349', '0.50000000000', 'none']);
    for (const [i, p] of echoPods.entries())
      expect(rules(three.dp, 'k8smaster01', 'nat', seps[i])).toContain(
        `-A ${seps[i]} -p tcp -m comment --comment "default/echo-sticky:http" -m recent --set --name ${seps[i]} --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination ${p.ip}:8080`,
      );
  });

  it("keeps a client for the service's sessionAffinityConfig timeout, in iptables and ipvs mode", () => {
    const sticky = (mode: 'iptables' | 'ipvs') =>
      load(
        threeReplicas(mode).replace(
          '  sessionAffinity: ClientIP\n',
          '  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 60\n',
        ),
      );
    const svc = serviceChain('default/echo-sticky:http', 'tcp');
    const checks = rules(sticky('iptables').dp, 'k8smaster01', 'nat', svc).filter((l) => l.includes('--rcheck'));
    expect(checks).toHaveLength(3);
    for (const l of checks) expect(l).toContain('--rcheck --seconds 60 --reap');
    const { state, dp } = sticky('ipvs');
    const ip = state.services.find((x) => x.name === 'echo-sticky')!.clusterIP;
    expect(dp.nodes[0]!.ipvs.find((v) => v.ip === ip)!.persistent).toBe(60);
  });

  it('writes the same service rules on every node', () => {
    for (const { dp } of [lab, three])
      for (const chain of ['KUBE-SERVICES', 'KUBE-NODEPORTS'] as const) {
        const first = rules(dp, 'k8smaster01', 'nat', chain);
        if (chain === 'KUBE-SERVICES') expect(first.length).toBeGreaterThan(2);
        for (const node of ['k8smaster02', 'k8smaster03']) {
          expect(rules(dp, node, 'nat', chain)).toEqual(first);
          expect(rules(dp, node, 'filter', 'KUBE-SERVICES')).toEqual(rules(dp, 'k8smaster01', 'filter', 'KUBE-SERVICES'));
        }
      }
  });

  it('writes no userspace portals and no IPVS state', () => {
    expect(rules(three.dp, 'k8smaster01', 'nat').some((l) => l.includes('KUBE-PORTALS'))).toBe(false);
    expect(three.dp.nodes).toEqual([]);
    expect(ns(three.dp, 'node:k8smaster01').interfaces.some((i) => i.name === 'kube-ipvs0')).toBe(false);
  });
});

describe('traffic from outside in iptables mode: externalTrafficPolicy: Local and external IPs', () => {
  const { state, dp } = load(fixture('external-traffic.yaml'));
  const spn = 'default/web-local:';
  const xlb = serviceChain(spn, 'tcp').replace('KUBE-SVC-', 'KUBE-XLB-');
  const web = state.pods.filter((p) => p.labels.app === 'web');

  it('sends the node port to the KUBE-XLB chain, masquerading loopback sources only, on every node', () => {
    for (const { name } of NODES)
      expect(rules(dp, name, 'nat', 'KUBE-NODEPORTS')).toEqual([
        `-A KUBE-NODEPORTS -s 127.0.0.0/8 -p tcp -m comment --comment "${spn}" -m tcp --dport 30080 -j KUBE-MARK-MASQ`,
        `-A KUBE-NODEPORTS -p tcp -m comment --comment "${spn}" -m tcp --dport 30080 -j ${xlb}`,
      ]);
  });

  it("balances a node's KUBE-XLB chain over its own endpoints only, and drops where it has none", () => {
    const svcChain = serviceChain(spn, 'tcp');
    const head = [
      `-A ${xlb} -s 172.17.0.0/16 -m comment --comment "Redirect pods trying to reach external loadbalancer VIP to clusterIP" -j ${svcChain}`,
      `-A ${xlb} -m comment --comment "masquerade LOCAL traffic for ${spn} LB IP" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
      `-A ${xlb} -m comment --comment "route LOCAL traffic for ${spn} LB IP to service chain" -m addrtype --src-type LOCAL -j ${svcChain}`,
    ];
    expect(web.map((p) => p.node).sort()).toEqual(['k8smaster01', 'k8smaster02']);
    for (const p of web)
      expect(rules(dp, p.node!, 'nat', xlb)).toEqual([
        ...head,
        `-A ${xlb} -m comment --comment "Balancing rule 0 for ${spn}" -j ${endpointChain(spn, 'tcp', `${p.ip}:8080`)}`,
      ]);
    expect(rules(dp, 'k8smaster03', 'nat', xlb)).toEqual([
      ...head,
      `-A ${xlb} -m comment --comment "${spn} has no local endpoints" -j KUBE-MARK-DROP`,
    ]);
    // The cluster IP still reaches every endpoint.
    expect(rules(dp, 'k8smaster03', 'nat', svcChain)).toHaveLength(2);
  });

  it('declares an empty KUBE-XLB chain for a Local service without endpoints', () => {
    const lonely = load(
      scenario(
        svc('lonely', {
          type: 'NodePort',
          externalTrafficPolicy: 'Local',
          selector: { app: 'nobody' },
          ports: [{ port: 80, nodePort: 30099 }],
        }),
      ),
    );
    const chain = serviceChain('default/lonely:', 'tcp').replace('KUBE-SVC-', 'KUBE-XLB-');
    expect(iptablesSave(ns(lonely.dp, 'node:k8smaster01').iptables, 'nat')).toContain(`:${chain} - [0:0]\n`);
    expect(rules(lonely.dp, 'k8smaster01', 'nat', chain)).toEqual([]);
  });

  it('takes an external IP from off the machine or as a local address, always masqueraded; rejects it without endpoints', () => {
    const svcChain = serviceChain('default/web-external:', 'tcp');
    const ext = '-d 172.24.8.71/32 -p tcp -m comment --comment "default/web-external: external IP" -m tcp --dport 8000';
    for (const { name } of NODES) {
      expect(rules(dp, name, 'nat', 'KUBE-SERVICES').filter((l) => l.includes('external IP'))).toEqual([
        `-A KUBE-SERVICES ${ext} -j KUBE-MARK-MASQ`,
        `-A KUBE-SERVICES ${ext} -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ${svcChain}`,
        `-A KUBE-SERVICES ${ext} -m addrtype --dst-type LOCAL -j ${svcChain}`,
      ]);
      expect(rules(dp, name, 'filter', 'KUBE-EXTERNAL-SERVICES')).toEqual([
        '-A KUBE-EXTERNAL-SERVICES -d 172.24.8.72/32 -p tcp -m comment --comment "default/nobody-external: has no endpoints" -m tcp --dport 8000 -j REJECT --reject-with icmp-port-unreachable',
      ]);
    }
  });
});

describe('traffic from outside in ipvs and userspace mode', () => {
  const inMode = (mode: 'ipvs' | 'userspace') => {
    const text = fixture('external-traffic.yaml');
    expect(text).toContain('kubeProxyMode: iptables\n');
    return load(text.replace('kubeProxyMode: iptables', `kubeProxyMode: ${mode}`));
  };

  it("ipvs: a Local node port is not masqueraded, and its virtual server holds the node's own endpoints only", () => {
    const { state, dp } = inMode('ipvs');
    const web = state.pods.filter((p) => p.labels.app === 'web');
    for (const node of NODES) {
      expect(rules(dp, node.name, 'nat', 'KUBE-NODE-PORT')).toEqual([
        '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port with externalTrafficPolicy=local" -m set --match-set KUBE-NODE-PORT-LOCAL-TCP dst -j RETURN',
        '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ',
      ]);
      const n = dp.nodes.find((x) => x.node === node.name)!;
      expect(n.ipsets.find((x) => x.name === 'KUBE-NODE-PORT-LOCAL-TCP')!.members).toEqual(['30080']);
      expect(n.ipvs.find((v) => v.ip === node.ip && v.port === 30080)!.realServers).toEqual(
        web.filter((p) => p.node === node.name).map((p) => ({ ip: p.ip, port: 8080 })),
      );
    }
  });

  it('userspace: an external IP gets portals for traffic from off the machine and for a local address', () => {
    const { dp } = inMode('userspace');
    for (const node of NODES) {
      const portals = [
        ...rules(dp, node.name, 'nat', 'KUBE-PORTALS-CONTAINER'),
        ...rules(dp, node.name, 'nat', 'KUBE-PORTALS-HOST'),
      ].filter((l) => l.includes('-d 172.24.8.71/32'));
      expect(portals.map((l) => l.replace(/^.* --dport 8000 /, '').replace(/\d+$/, 'N'))).toEqual([
        '-m physdev ! --physdev-is-in -j REDIRECT --to-ports N',
        '-m addrtype --dst-type LOCAL -j REDIRECT --to-ports N',
        `-m addrtype --dst-type LOCAL -j DNAT --to-destination ${node.ip}:N`,
      ]);
    }
  });
});

describe('kube-proxy in userspace mode (fidelity §2, the textbook capture §6)', () => {
  const labUs = load(scenario(LAB_TEXT, cluster({ kubeProxyMode: 'userspace' })));
  const three = load(threeReplicas('userspace'));

  it("orders PREROUTING and OUTPUT as the textbook's iptables-save: portals, DOCKER, nodeports last", () => {
    expect(rules(labUs.dp, 'k8smaster01', 'nat', 'PREROUTING')).toEqual([
      '-A PREROUTING -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-CONTAINER',
      '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
      '-A PREROUTING -m addrtype --dst-type LOCAL -m comment --comment "handle service NodePorts; NOTE: this must be the last rule in the chain" -j KUBE-NODEPORT-CONTAINER',
    ]);
    expect(rules(labUs.dp, 'k8smaster01', 'nat', 'OUTPUT')).toEqual([
      '-A OUTPUT -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-HOST',
      '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER',
      '-A OUTPUT -m addrtype --dst-type LOCAL -m comment --comment "handle service NodePorts; NOTE: this must be the last rule in the chain" -j KUBE-NODEPORT-HOST',
    ]);
    const text = iptablesSave(ns(labUs.dp, 'node:k8smaster01').iptables, 'nat');
    for (const c of ['DOCKER', 'KUBE-NODEPORT-CONTAINER', 'KUBE-NODEPORT-HOST', 'KUBE-PORTALS-CONTAINER', 'KUBE-PORTALS-HOST'])
      expect(text).toContain(`:${c} - [0:0]`);
    expect(text).not.toContain('KUBE-SVC-');
    expect(text).not.toContain('KUBE-SERVICES');
  });

  it.each(NODES)(
    "$name: each service port's container portal REDIRECTs and its host portal DNATs to the node's own IP, same port",
    (node) => {
      const containers = rules(three.dp, node.name, 'nat', 'KUBE-PORTALS-CONTAINER');
      const hosts = rules(three.dp, node.name, 'nat', 'KUBE-PORTALS-HOST');
      const listeners = ns(three.dp, `node:${node.name}`).listeners.filter(
        (l) => l.owner.kind === 'node' && l.owner.process === 'kube-proxy',
      );
      const ports = new Set<number>();
      for (const s of three.state.services)
        for (const p of s.ports) {
          const spn = servicePortName(s.namespace, s.name, p.name);
          const proto = p.protocol.toLowerCase();
          const head = `-d ${s.clusterIP}/32 -p ${proto} -m comment --comment "${spn}" -m ${proto} --dport ${p.port}`;
          const redirect = containers.filter((l) => l.startsWith(`-A KUBE-PORTALS-CONTAINER ${head} -j REDIRECT --to-ports `));
          expect(redirect, spn).toHaveLength(1);
          const proxyPort = Number(redirect[0]!.split(' ').at(-1));
          expect(proxyPort).toBeGreaterThanOrEqual(32768);
          expect(proxyPort).toBeLessThanOrEqual(60999);
          expect(hosts).toContain(`-A KUBE-PORTALS-HOST ${head} -j DNAT --to-destination ${node.ip}:${proxyPort}`);
          ports.add(proxyPort);
          const l = listeners.filter((x) => x.port === proxyPort && x.protocol === p.protocol);
          expect(l, spn).toHaveLength(1);
          expect(l[0]!.ip).toBe('0.0.0.0');
          const ep = three.state.endpoints.find((e) => e.name === s.name)!;
          const expected = ep.subsets.flatMap((ss) => {
            const port = ss.ports.find((x) => (x.name ?? '') === (p.name ?? '') && x.protocol === p.protocol);
            return port ? ss.addresses.map((a) => `${a.ip}:${port.port}`) : [];
          });
          expect(new Set(l[0]!.proxy!.backends.map((b) => `${b.ip}:${b.port}`)), spn).toEqual(new Set(expected));
          expect(l[0]!.proxy!.backends).toHaveLength(expected.length);
          expect(l[0]!.proxy!.sessionAffinity ?? false).toBe(s.sessionAffinity === 'ClientIP');
        }
      // One proxy port per service port: the kernel cannot give two sockets the same port.
      expect(ports.size).toBe(three.state.services.reduce((n, s) => n + s.ports.length, 0));
    },
  );

  it('opens portals for a service without endpoints (userspace installs them per service)', () => {
    const nobody = three.state.services.find((x) => x.name === 'nobody')!;
    expect(three.state.endpoints.find((e) => e.name === 'nobody')?.subsets ?? []).toEqual([]);
    const ip = nobody.clusterIP;
    for (const node of NODES) {
      expect(rules(three.dp, node.name, 'nat', 'KUBE-PORTALS-CONTAINER').filter((l) => l.includes(`-d ${ip}/32`))).toHaveLength(
        nobody.ports.length,
      );
      expect(rules(three.dp, node.name, 'nat', 'KUBE-PORTALS-HOST').filter((l) => l.includes(`-d ${ip}/32`))).toHaveLength(
        nobody.ports.length,
      );
    }
  });

  it('redirects NodePorts to the same proxy port and lets them in through KUBE-NODEPORT-NON-LOCAL', () => {
    const container = rules(three.dp, 'k8smaster03', 'nat', 'KUBE-NODEPORT-CONTAINER').filter((l) => l.includes('--dport 30080'));
    expect(container).toHaveLength(1);
    expect(container[0]).toMatch(
      /^-A KUBE-NODEPORT-CONTAINER -p tcp -m comment --comment "default\/echo-nodeport:http" -m tcp --dport 30080 -j REDIRECT --to-ports \d+$/,
    );
    const proxyPort = container[0]!.split(' ').at(-1)!;
    expect(rules(three.dp, 'k8smaster03', 'nat', 'KUBE-NODEPORT-HOST')).toContain(
      `-A KUBE-NODEPORT-HOST -p tcp -m comment --comment "default/echo-nodeport:http" -m tcp --dport 30080 -j DNAT --to-destination 172.24.8.73:${proxyPort}`,
    );
    const ip = svcIp(three.state, 'echo-nodeport');
    expect(
      rules(three.dp, 'k8smaster03', 'nat', 'KUBE-PORTALS-CONTAINER').find((l) => l.includes(`-d ${ip}/32`) && l.includes('-p tcp')),
    ).toContain(`--to-ports ${proxyPort}`);
    const accept = rules(three.dp, 'k8smaster03', 'filter', 'KUBE-NODEPORT-NON-LOCAL').filter((l) => l.includes(`--dport ${proxyPort} `));
    expect(accept).toHaveLength(1);
    expect(accept[0]).toMatch(/--state NEW .*-j ACCEPT$/);
    expect(rules(three.dp, 'k8smaster03', 'filter', 'INPUT')[0]).toBe(
      '-A INPUT -m comment --comment "Ensure that non-local NodePort traffic can flow" -j KUBE-NODEPORT-NON-LOCAL',
    );
  });
});

describe('kube-proxy in ipvs mode (fidelity §3)', () => {
  const three = load(threeReplicas('ipvs'));
  const servicePorts = three.state.services.flatMap((s) => s.ports.map((p) => ({ s, p })));

  it.each(NODES)('$name: kube-ipvs0 is a dummy interface, down, holding every cluster IP as /32', (node) => {
    const n = ns(three.dp, `node:${node.name}`);
    const dummy = n.interfaces.find((i) => i.name === 'kube-ipvs0');
    expect(dummy).toMatchObject({ kind: 'dummy', up: false });
    expect(new Set(dummy!.addresses)).toEqual(new Set(three.state.services.map((s) => `${s.clusterIP}/32`)));
    expect(dummy!.addresses).toHaveLength(three.state.services.length);
    // The kernel adds a local route for each: the node accepts the cluster IPs as its own.
    for (const s of three.state.services) expect(ipRoute(n, 'local')).toContain(`local ${s.clusterIP} dev kube-ipvs0`);
    // kube-ipvs0 is not a route out: the main table does not mention it.
    expect(ipRoute(n)).not.toContain('kube-ipvs0');
  });

  it("writes kube-proxy's own chains: SNAT before the hairpin rule, KUBE-MARK-DROP, KUBE-FORWARD (no INVALID rule)", () => {
    expect(rules(three.dp, 'k8smaster01', 'nat', 'KUBE-POSTROUTING')).toEqual([
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -m mark --mark 0x4000/0x4000 -j MASQUERADE --random-fully',
      '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
    ]);
    expect(rules(three.dp, 'k8smaster01', 'nat', 'KUBE-MARK-DROP')).toEqual(['-A KUBE-MARK-DROP -j MARK --set-xmark 0x8000/0x8000']);
    expect(rules(three.dp, 'k8smaster01', 'filter', 'FORWARD')[0]).toBe(
      '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
    );
    expect(rules(three.dp, 'k8smaster01', 'filter', 'KUBE-FORWARD').map((l) => l.split(' --comment ')[1]?.split('"')[1])).toEqual([
      'kubernetes forwarding rules',
      'kubernetes forwarding conntrack pod source rule',
      'kubernetes forwarding conntrack pod destination rule',
    ]);
    expect(ns(three.dp, 'node:k8smaster01').routeLocalnet).toBe(true);
    // No endpoint on a node: no hairpin rule there (its set would be empty).
    const lone = load(setKubeProxyMode(LAB_TEXT, 'ipvs'));
    expect(rules(lone.dp, 'k8smaster02', 'nat', 'KUBE-POSTROUTING')).toHaveLength(1);
    expect(rules(lone.dp, 'k8smaster01', 'nat', 'KUBE-POSTROUTING')).toHaveLength(2);
  });

  it('has one virtual server per service port and one per NodePort on the node address, rr, persistent for ClientIP', () => {
    for (const node of NODES) {
      const vs = three.dp.nodes.find((x) => x.node === node.name)!.ipvs;
      expect(vs).toHaveLength(servicePorts.length + servicePorts.filter(({ p }) => p.nodePort).length);
      const find = (ip: string, port: number, proto: string) => vs.find((v) => v.ip === ip && v.port === port && v.protocol === proto);
      for (const { s, p } of servicePorts) {
        const v = find(s.clusterIP, p.port, p.protocol);
        expect(v, `${s.name}:${p.port}`).toBeDefined();
        expect(v!.scheduler).toBe('rr');
        expect(v!.persistent).toBe(s.sessionAffinity === 'ClientIP' ? 10800 : undefined);
        if (p.nodePort) expect(find(node.ip, p.nodePort, p.protocol)?.realServers).toEqual(v!.realServers);
      }
      expect(find(svcIp(three.state, 'nobody'), 80, 'TCP')!.realServers).toEqual([]);
      const echoIps = three.state.pods.filter((x) => x.labels.app === 'echo').map((x) => `${x.ip}:8080`);
      expect(new Set(find(svcIp(three.state, 'echo'), 80, 'TCP')!.realServers.map((r) => `${r.ip}:${r.port}`))).toEqual(new Set(echoIps));
    }
  });

  it('prints ipvsadm -Ln lines: header, "TCP  VIP:port rr [persistent 10800]", then "  -> RIP:port  Masq 1 0 0"', () => {
    const out = ipvsadm(three.dp.nodes[0]!).split('\n');
    expect(out.slice(0, 3)).toEqual([
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
    ]);
    const sticky = svcIp(three.state, 'echo-sticky');
    expect(out).toContain(`TCP  ${sticky}:80 rr persistent 10800`);
    expect(out).toContain(`TCP  ${svcIp(three.state, 'echo')}:80 rr`);
    expect(out).toContain(`UDP  ${svcIp(three.state, 'echo')}:53 rr`);
    expect(out).toContain('TCP  172.24.8.71:30080 rr');
    expect(out).toContain('UDP  172.24.8.71:30053 rr');
    const nobody = out.indexOf(`TCP  ${svcIp(three.state, 'nobody')}:80 rr`);
    expect(nobody).toBeGreaterThan(2);
    expect(out[nobody + 1] ?? '').not.toMatch(/^ {2}->/);
    const rs = out.filter((l) => l.startsWith('  -> ') && !l.includes('RemoteAddress'));
    for (const l of rs) expect(l).toMatch(/^ {2}-> \d+\.\d+\.\d+\.\d+:\d+ +Masq +1 +0 +0\s*$/);
  });

  it('ipvsadm -Ln real-server lines use ipvsadm\'s columns ("  -> %-28s %-7s %-6d %-10u %-10u")', () => {
    // ipvsadm.c print_service_entry: the address column is 28 wide and followed by a space, so
    // "Masq" starts under "Forward" of the header (column 34).
    const out = ipvsadm(three.dp.nodes[0]!).split('\n');
    const header = out[2]!;
    const rs = out.filter((l) => l.startsWith('  -> ') && !l.includes('RemoteAddress'));
    expect(rs.length).toBeGreaterThan(0);
    for (const l of rs) {
      const dname = l.slice(5).split(' ')[0]!;
      const printf = `  -> ${dname.padEnd(28)} ${'Masq'.padEnd(7)} ${'1'.padEnd(6)} ${'0'.padEnd(10)} ${'0'.padEnd(10)}`;
      expect(l.trimEnd()).toBe(printf.trimEnd());
      expect(l.indexOf('Masq')).toBe(header.indexOf('Forward'));
    }
  });

  it('ipvsadm -Ln lists virtual servers sorted (protocol number, then address, then port), as libipvs ipvs_cmp_services does', () => {
    // Without --nosort, ipvsadm sorts: TCP (6) before UDP (17), then by address, then by port.
    const out = ipvsadm(three.dp.nodes[0]!).split('\n');
    const services = out.slice(3).filter((l) => /^(TCP|UDP) {2}/.test(l));
    const key = (l: string) => {
      const [proto, addr] = l.split(/ +/);
      const [ip, port] = addr!.split(':');
      const n = ip!.split('.').reduce((a, o) => a * 256 + Number(o), 0);
      return [proto === 'TCP' ? 6 : 17, n, Number(port)];
    };
    const sorted = [...services].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
    });
    expect(services).toEqual(sorted);
  });

  it('fills the ipsets: KUBE-CLUSTER-IP (ip,port), KUBE-NODE-PORT-TCP/UDP (ports), KUBE-LOOP-BACK (local endpoints)', () => {
    for (const node of NODES) {
      const sets = new Map(three.dp.nodes.find((x) => x.node === node.name)!.ipsets.map((s) => [s.name, s]));
      const cluster = sets.get('KUBE-CLUSTER-IP')!;
      expect(cluster.type).toBe('hash:ip,port');
      expect(new Set(cluster.members)).toEqual(
        new Set(servicePorts.map(({ s, p }) => `${s.clusterIP},${p.protocol.toLowerCase()}:${p.port}`)),
      );
      expect(sets.get('KUBE-NODE-PORT-TCP')).toMatchObject({ type: 'bitmap:port', members: ['30080'] });
      expect(sets.get('KUBE-NODE-PORT-UDP')).toMatchObject({ type: 'bitmap:port', members: ['30053'] });
      const loop = sets.get('KUBE-LOOP-BACK')!;
      expect(loop.type).toBe('hash:ip,port,ip');
      const local = three.state.pods.filter((p) => p.labels.app === 'echo' && p.node === node.name).map((p) => p.ip!);
      expect(local).toHaveLength(1);
      expect(new Set(loop.members)).toEqual(new Set(local.flatMap((ip) => [`${ip},tcp:8080,${ip}`, `${ip},udp:8080,${ip}`])));
    }
  });

  it('every ipset lists each member once (an ipset is a set; echo, echo-nodeport and echo-sticky share endpoints)', () => {
    for (const node of three.dp.nodes)
      for (const set of node.ipsets) expect(set.members, `${node.node} ${set.name}`).toEqual([...new Set(set.members)]);
  });

  it('writes the ipvs-mode nat rules: cluster-IP masquerade through ipsets, hairpin masquerade, no KUBE-SVC chains', () => {
    const nat = rules(three.dp, 'k8smaster01', 'nat');
    expect(nat).toContain(
      '-A KUBE-SERVICES ! -s 172.17.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
    );
    expect(nat).toContain(
      '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
    );
    expect(nat).toContain(
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -m mark --mark 0x4000/0x4000 -j MASQUERADE --random-fully',
    );
    expect(nat.some((l) => l.includes('KUBE-SVC-') || l.includes('KUBE-SEP-'))).toBe(false);
  });
});

describe('every rule is written as iptables-save prints it (fidelity §1.8)', () => {
  const scenarios: [string, string][] = [
    ['lab', LAB_TEXT],
    ['lab, dockerDefault', scenario(LAB_TEXT, cluster({ podMasquerade: 'dockerDefault' }))],
    ...(['iptables', 'userspace', 'ipvs'] as const).map((m): [string, string] => [`three-replicas, ${m}`, threeReplicas(m)]),
  ];
  // -A CHAIN [!] -s a/m [!] -d a/m [!] -i if [!] -o if -p proto, then the matches, then -j.
  const HEADER = /^-A \S+((?: !)? -s \S+)?((?: !)? -d \S+)?((?: !)? -i \S+)?((?: !)? -o \S+)?( -p \S+)?( -m .*?)?( -j .*)$/;

  it.each(scenarios)(
    '%s: header options first in canonical order, addresses with a prefix, ports after -m tcp/udp, comments quoted',
    (_name, text) => {
      const { dp } = load(text);
      for (const n of dp.namespaces.filter((x) => x.kind === 'node')) {
        const lines = iptablesSave(n.iptables)
          .split('\n')
          .filter((l) => l.startsWith('-A '));
        expect(lines.length).toBeGreaterThan(10);
        for (const line of lines) {
          const m = HEADER.exec(line);
          expect(m, line).not.toBeNull();
          // Nothing of the header may appear again among the matches.
          expect(m![6] ?? '', line).not.toMatch(/ (-s|-d|-i|-o|-p) /);
          for (const addr of line.matchAll(/ -[sd] (\S+)/g)) expect(addr[1], line).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
          const tokens = tokenize(line);
          tokens.forEach((t, i) => {
            if (t === '--dport' || t === '--sport')
              expect(
                tokens.slice(0, i).some((x, j) => x === '-m' && ['tcp', 'udp', 'multiport'].includes(tokens[j + 1]!)),
                line,
              ).toBe(true);
            if (t === '--comment') expect(line, line).toContain(`--comment ${quote(tokens[i + 1]!)}`);
          });
        }
      }
    },
  );
});
