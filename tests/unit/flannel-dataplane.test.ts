/**
 * The flannel profile's dataplane: kind's nodes with flannel as the CNI: the bridge plugin's cni0,
 * flannel.1 (VXLAN, VNI 1, UDP 8472) with a neighbour entry, an FDB entry and an onlink route per
 * remote node, flanneld's FLANNEL-POSTRTG and FLANNEL-FWD; and the tracer wrapping pod traffic
 * in VXLAN at one node and unwrapping it at the other. Expected values come from flannel v0.28.9
 * (pkg/backend/vxlan, pkg/trafficmngr/iptables) and the CNI plugins v1.9.1 as their sources write them.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import type { NamespaceId } from '../../src/core/namespace-id.ts';
import { simulate } from '../../src/core/index.ts';
import { printRule } from '../../src/core/netfilter/rule-print.ts';
import { ipRoute } from '../../src/core/print/ip.ts';
import { dataplaneJson } from '../../src/core/print/json.ts';
import { trace } from '../../src/core/trace/index.ts';
import { words } from '../../src/i18n/words.ts';
import { cluster, rc, scenario, svc } from '../helpers.ts';

const text = scenario(
  cluster({ profile: 'flannel' }),
  rc('web', 2, { ports: [{ containerPort: 80, hostPort: 8080 }] }),
  svc('web', { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 80 }] }),
);
const sim = simulate(text);
const dp = buildDataplane(sim.state);
const ns = (id: string) => dp.namespaces.find((n) => n.id === id)!;
const pods = sim.state.pods.filter((p) => p.name.startsWith('web-'));
const web = sim.state.services.find((s) => s.name === 'web')!;
const nodes = sim.state.cluster.nodes;
const rules = (node: string, table: 'nat' | 'filter', chain: string) =>
  ns(`node:${node}`).iptables.get(table)!.chains.get(chain)?.rules.map(printRule) ?? [];
const req = (from: string, ip: string, port: number) => ({ from: from as NamespaceId, to: { ip, port }, proto: 'tcp' as const });

describe('the flannel profile', () => {
  it("is kind's cluster (nodes, subnets, kube-proxy) with flannel as its CNI", () => {
    expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(sim.state.cluster).toMatchObject({
      profile: 'flannel',
      runtime: 'containerd',
      clusterCIDR: '10.244.0.0/16',
      kubeProxyMode: 'iptables',
    });
    expect(nodes.map((n) => [n.name, n.ip, n.podSubnet])).toEqual([
      ['kind-control-plane', '172.18.0.2', '10.244.0.0/24'],
      ['kind-worker', '172.18.0.3', '10.244.1.0/24'],
      ['kind-worker2', '172.18.0.4', '10.244.2.0/24'],
    ]);
  });

  it('gives each node flannel.1: VXLAN VNI 1 on UDP 8472 from the node address, learning off, MTU 1450, the lease network as /32', () => {
    const macs = new Set<string>();
    for (const node of nodes) {
      const vtep = ns(`node:${node.name}`).interfaces.find((i) => i.name === 'flannel.1')!;
      expect(vtep).toMatchObject({
        kind: 'vxlan',
        mtu: 1450,
        addresses: [node.podSubnet.replace('/24', '/32')],
        vxlan: { vni: 1, port: 8472, local: node.ip, dev: 'eth0', learning: false },
      });
      macs.add(vtep.mac);
    }
    expect(macs.size).toBe(nodes.length);
  });

  it('writes, for each remote node, a permanent neighbour, an FDB entry to its address and an onlink route via its VTEP', () => {
    for (const node of nodes) {
      const n = ns(`node:${node.name}`);
      const others = nodes.filter((o) => o !== node);
      const macOf = (name: string) => ns(`node:${name}`).interfaces.find((i) => i.name === 'flannel.1')!.mac;
      expect(n.neighbours).toEqual(others.map((o) => ({ ip: o.podSubnet.replace('/24', ''), dev: 'flannel.1', lladdr: macOf(o.name) })));
      expect(n.fdb).toEqual(others.map((o) => ({ mac: macOf(o.name), dev: 'flannel.1', dst: o.ip })));
      const lines = ipRoute(n).split('\n');
      for (const o of others) expect(lines).toContain(`${o.podSubnet} via ${o.podSubnet.replace('/24', '')} dev flannel.1 onlink`);
    }
  });

  it('keeps pods without a toleration off the control plane, where CoreDNS runs', () => {
    expect(nodes[0]!.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(pods.map((p) => p.node).sort()).toEqual(['kind-worker', 'kind-worker2']);
    expect(sim.state.pods.filter((p) => p.node === 'kind-control-plane').map((p) => p.namespace)).toEqual(['kube-system', 'kube-system']);
  });

  it('puts pods on cni0 (the gateway with the subnet mask, hairpin ports); a node with no pod has no cni0 yet', () => {
    const oneWeb = simulate(scenario(cluster({ profile: 'flannel', dns: 'none' }), rc('web', 1)));
    const quiet = buildDataplane(oneWeb.state).namespaces.filter(
      (n) => n.kind === 'node' && !oneWeb.state.pods.some((p) => `node:${p.node}` === n.id),
    );
    expect(quiet.map((n) => n.id)).toEqual(['node:kind-control-plane', 'node:kind-worker2']);
    for (const n of quiet) expect(n.interfaces.find((i) => i.name === 'cni0')).toBeUndefined();
    for (const node of nodes) {
      const n = ns(`node:${node.name}`);
      const here = pods.filter((p) => p.node === node.name);
      const cni0 = n.interfaces.find((i) => i.name === 'cni0');
      expect(cni0).toMatchObject({ kind: 'bridge', addresses: [node.podSubnet.replace('0/24', '1/24')] });
      expect(ipRoute(n)).toContain(`${node.podSubnet} dev cni0 proto kernel scope link src ${node.podSubnet.replace('0/24', '1')}`);
      for (const pod of here) {
        const veth = n.interfaces.find((i) => i.peer?.ns === `pod:default/${pod.name}`)!;
        expect(veth).toMatchObject({ kind: 'veth', master: 'cni0', hairpin: true, addresses: [] });
        const podNs = ns(`pod:default/${pod.name}`);
        expect(ipRoute(podNs).split('\n')).toEqual([
          `default via ${node.podSubnet.replace('0/24', '1')} dev eth0`,
          `10.244.0.0/16 via ${node.podSubnet.replace('0/24', '1')} dev eth0`,
          `${node.podSubnet} dev eth0 proto kernel scope link src ${pod.ip}`,
        ]);
      }
    }
    expect(dp.namespaces.every((n) => !n.interfaces.some((i) => i.name === 'docker0'))).toBe(true);
  });

  it("writes flanneld's FLANNEL-POSTRTG after kube-proxy's jump and FLANNEL-FWD after kube-proxy's FORWARD rules", () => {
    const node = 'kind-worker';
    const masq = '-m comment --comment "flanneld masq"';
    expect(rules(node, 'nat', 'POSTROUTING').at(-1)).toBe(`-A POSTROUTING ${masq} -j FLANNEL-POSTRTG`);
    expect(rules(node, 'nat', 'FLANNEL-POSTRTG')).toEqual([
      `-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 ${masq} -j RETURN`,
      `-A FLANNEL-POSTRTG -s 10.244.1.0/24 -d 10.244.0.0/16 ${masq} -j RETURN`,
      `-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.1.0/24 ${masq} -j RETURN`,
      `-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.1.0/24 ${masq} -j RETURN`,
      `-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 ${masq} -j MASQUERADE --random-fully`,
      `-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 ${masq} -j MASQUERADE --random-fully`,
    ]);
    expect(rules(node, 'filter', 'FORWARD').at(-1)).toBe('-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD');
    expect(rules(node, 'filter', 'FLANNEL-FWD')).toEqual([
      '-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
      '-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
    ]);
    expect(ns(`node:${node}`).iptables.get('nat')!.chains.has('KIND-MASQ-AGENT')).toBe(false);
    // portmap names its chains and comments after flannel's conflist, cbr0.
    expect(rules(pods[0]!.node!, 'nat', 'CNI-HOSTPORT-DNAT')[0]).toContain('dnat name: \\"cbr0\\"');
  });
});

describe('the tracer on a flannel cluster', () => {
  const [a, b] = pods;
  const nodeIp = (name: string) => nodes.find((n) => n.name === name)!.ip;

  it('pod to pod across nodes: wrapped in VXLAN at flannel.1 (node to node, UDP 8472, VNI 1), unwrapped at the far flannel.1', () => {
    const t = trace(dp, req(`pod:default/${a!.name}`, b!.ip!, 80));
    expect(t.verdict).toBe('delivered');
    expect(t.serverSees?.ip).toBe(a!.ip);
    const wraps = t.hops.filter((h) => h.kind === 'encap');
    const unwraps = t.hops.filter((h) => h.kind === 'decap');
    // There and back: once each way.
    expect(wraps.map((h) => h.where.node)).toEqual([a!.node, b!.node]);
    expect(unwraps.map((h) => h.where.node)).toEqual([b!.node, a!.node]);
    const w = wraps[0]!;
    expect(w.where.iface).toBe('flannel.1');
    expect(w.before).toMatchObject({ src: a!.ip, dst: b!.ip, dport: 80, proto: 'tcp' });
    expect(w.after).toMatchObject({ proto: 'udp', src: nodeIp(a!.node!), dst: nodeIp(b!.node!), dport: 8472, vxlan: { vni: 1 } });
    expect(w.after.vxlan!.inner).toMatchObject({ src: a!.ip, dst: b!.ip, dport: 80 });
    expect(w.after.sport).toBeGreaterThanOrEqual(32768);
    expect(w.after.sport).toBeLessThanOrEqual(60999);
    const u = unwraps[0]!;
    expect(u.before.dport).toBe(8472);
    expect(u.after).toMatchObject({ src: a!.ip, dst: b!.ip, dport: 80 });
    expect(u.after.vxlan).toBeUndefined();
    // The outer datagram is the node's own: it passes OUTPUT there and INPUT at the far node.
    const i = t.hops.indexOf(w);
    expect(t.hops.slice(i).find((h) => h.hook === 'OUTPUT')?.before.dport).toBe(8472);
    expect(t.hops.slice(0, t.hops.indexOf(u)).findLast((h) => h.hook === 'INPUT')?.where.node).toBe(b!.node);
    // The words name the outer and inner headers, in both languages.
    for (const language of ['en', 'zh'] as const) {
      const said = words(language).say(w.explain);
      expect(said).toContain(`${nodeIp(a!.node!)}:${w.after.sport} → ${nodeIp(b!.node!)}:8472`);
      expect(said).toContain(`${a!.ip}:`);
      expect(said).toContain('VXLAN');
    }
  });

  it('hostPort from the laptop: portmap DNATs to the pod, which sees the laptop (no tunnel on the way)', () => {
    const t = trace(dp, req('host:laptop', nodeIp(a!.node!), 8080));
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo).toMatchObject({ kind: 'pod', name: a!.name });
    expect(t.serverSees?.ip).toBe('172.18.0.1');
    expect(t.hops.some((h) => h.kind === 'encap')).toBe(false);
  });

  it('a NodePort on the node without a pod reaches one through the tunnel, masqueraded to that node by KUBE-POSTROUTING', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const t = trace(dp, req('host:laptop', nodeIp('kind-control-plane'), web.ports[0]!.nodePort!), seed);
      expect(t.verdict).toBe('delivered');
      // The control plane's flannel.1 address is the masquerade source on the way into the tunnel.
      expect(t.serverSees?.ip).toBe('10.244.0.0');
      expect(t.hops.some((h) => h.kind === 'encap' && h.where.node === 'kind-control-plane')).toBe(true);
    }
  });

  it('a pod reaching the laptop is masqueraded by FLANNEL-POSTRTG to its node address', () => {
    const t = trace(dp, req(`pod:default/${a!.name}`, '172.18.0.1', 80));
    expect(t.verdict).toBe('delivered');
    expect(t.serverSees?.ip).toBe(nodeIp(a!.node!));
    expect(t.hops.some((h) => h.rule?.startsWith('-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4'))).toBe(true);
  });

  it('a packet for a remote VTEP without its FDB entry is dropped: learning is off', () => {
    const broken = {
      ...dp,
      namespaces: dp.namespaces.map((n) => (n.id === `node:${a!.node}` ? { ...n, fdb: [] } : n)),
    };
    const t = trace(broken, req(`pod:default/${a!.name}`, b!.ip!, 80));
    expect(t.verdict).toBe('dropped');
    expect(words('en').say(t.reason!)).toContain('no FDB entry');
  });
});

describe('dataplane --json on a flannel cluster', () => {
  const json = dataplaneJson(sim.state, dp);

  it("lists flannel.1 as a vxlan interface with its VNI, port, local address and device, and each node's FDB and neighbours as the tools print them", () => {
    const worker = json.nodes.find((n) => n.name === 'kind-worker')!;
    expect(worker.interfaces.find((i) => i.name === 'flannel.1')).toEqual({
      name: 'flannel.1',
      kind: 'vxlan',
      addresses: ['10.244.1.0/32'],
      mac: ns('node:kind-worker').interfaces.find((i) => i.name === 'flannel.1')!.mac,
      vni: 1,
      port: 8472,
      local: '172.18.0.3',
      dev: 'eth0',
    });
    const mac = (node: string) => ns(`node:${node}`).interfaces.find((i) => i.name === 'flannel.1')!.mac;
    expect(worker.fdb).toEqual([
      `${mac('kind-control-plane')} dev flannel.1 dst 172.18.0.2 self permanent`,
      `${mac('kind-worker2')} dev flannel.1 dst 172.18.0.4 self permanent`,
    ]);
    expect(worker.neighbours).toEqual([
      `10.244.0.0 dev flannel.1 lladdr ${mac('kind-control-plane')} PERMANENT`,
      `10.244.2.0 dev flannel.1 lladdr ${mac('kind-worker2')} PERMANENT`,
    ]);
  });

  it("gives the kind profile's ptp veths no master, and its nodes empty FDB and neighbour lists", () => {
    const kindSim = simulate(scenario(cluster({ profile: 'kind' }), rc('web', 2, { ports: [{ containerPort: 80 }] })));
    const kindJson = dataplaneJson(kindSim.state, buildDataplane(kindSim.state));
    for (const node of kindJson.nodes) {
      expect(node.fdb).toEqual([]);
      expect(node.neighbours).toEqual([]);
      for (const veth of node.interfaces.filter((i) => i.kind === 'veth')) expect(veth).not.toHaveProperty('master');
    }
    expect(kindJson.nodes.flatMap((n) => n.interfaces.filter((i) => i.kind === 'veth'))).not.toEqual([]);
  });
});
