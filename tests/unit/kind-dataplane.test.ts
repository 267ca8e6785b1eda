/**
 * The kind profile's dataplane: containerd (no docker0), kindnet's point-to-point veths, the
 * portmap plugin's hostPort DNAT, kindnetd's masquerade and kube-proxy's current iptables layout,
 * and the tracer walking all of it. Expected values come from kind v0.32.0, the ptp and portmap
 * plugins and kube-proxy v1.3x as their sources write them.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { portChain } from '../../src/core/dataplane/kind/kube-proxy.ts';
import type { NamespaceId } from '../../src/core/namespace-id.ts';
import { simulate } from '../../src/core/index.ts';
import { printRule } from '../../src/core/netfilter/rule-print.ts';
import { trace } from '../../src/core/trace/index.ts';
import { cluster, rc, scenario, svc } from '../helpers.ts';

const text = scenario(
  cluster({ profile: 'kind' }),
  rc('web', 2, { ports: [{ containerPort: 80, hostPort: 8080 }] }),
  svc('web', { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 80 }] }),
);
const sim = simulate(text);
const dp = buildDataplane(sim.state);
const ns = (id: string) => dp.namespaces.find((n) => n.id === id)!;
const pods = sim.state.pods.filter((p) => p.name.startsWith('web-'));
const web = sim.state.services.find((s) => s.name === 'web')!;
const rules = (node: string, table: 'nat' | 'filter', chain: string) =>
  ns(`node:${node}`).iptables.get(table)!.chains.get(chain)?.rules.map(printRule) ?? [];
const req = (from: string, ip: string, port: number) => ({ from: from as NamespaceId, to: { ip, port }, proto: 'tcp' as const });

describe('a kind node', () => {
  it('has no docker0 and no bridge: each pod veth holds the gateway as a /32, with a /32 route per pod', () => {
    for (const node of sim.state.cluster.nodes) {
      const n = ns(`node:${node.name}`);
      expect(n.interfaces.map((i) => i.kind)).not.toContain('bridge');
      const gw = `${node.podSubnet.replace(/0\/24$/, '1')}/32`;
      for (const pod of pods.filter((p) => p.node === node.name)) {
        const veth = n.interfaces.find((i) => i.peer?.ns === `pod:default/${pod.name}`)!;
        expect(veth).toMatchObject({ kind: 'veth', addresses: [gw] });
        expect(veth.master).toBeUndefined();
        expect(veth.name).toMatch(/^veth[0-9a-f]{8}$/);
        expect(n.routes).toContainEqual({ dst: pod.ip, dev: veth.name, scope: 'host' });
      }
      for (const other of sim.state.cluster.nodes.filter((o) => o !== node))
        expect(n.routes).toContainEqual({ dst: other.podSubnet, via: other.ip, dev: 'eth0' });
    }
  });

  it("gives the pod's eth0 its subnet's mask but no subnet route of its own: everything goes by the gateway", () => {
    const pod = pods[0]!;
    const node = sim.state.cluster.nodes.find((n) => n.name === pod.node)!;
    const gw = node.podSubnet.replace(/0\/24$/, '1');
    const p = ns(`pod:default/${pod.name}`);
    expect(p.interfaces.find((i) => i.name === 'eth0')!.addresses).toEqual([`${pod.ip}/24`]);
    expect(p.routes.filter((r) => r.type !== 'local')).toEqual([
      { dst: 'default', via: gw, dev: 'eth0' },
      { dst: node.podSubnet, via: gw, dev: 'eth0', src: pod.ip },
      { dst: gw, dev: 'eth0', scope: 'link', src: pod.ip },
    ]);
  });

  it('writes hostPorts as the portmap plugin does, in a CNI-DN chain named from the sandbox ID', () => {
    const pod = pods[0]!;
    const dnat = rules(pod.node!, 'nat', 'CNI-HOSTPORT-DNAT');
    expect(dnat).toHaveLength(1);
    expect(dnat[0]).toContain(`--comment "dnat name: \\"kindnet\\" id: \\"${pod.containers[0]!.id}\\""`);
    const chain = /-j (CNI-DN-[0-9a-f]{21})$/.exec(dnat[0]!)![1]!;
    expect(rules(pod.node!, 'nat', chain)).toEqual([
      `-A ${chain} -s ${pod.ip!.replace(/\.\d+$/, '.0')}/24 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK`,
      `-A ${chain} -s 127.0.0.1/32 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK`,
      `-A ${chain} -p tcp -m tcp --dport 8080 -j DNAT --to-destination ${pod.ip}:80`,
    ]);
    expect(rules(pod.node!, 'nat', 'POSTROUTING')[0]).toContain('-j CNI-HOSTPORT-MASQ');
    expect(rules(pod.node!, 'nat', 'PREROUTING').at(-1)).toBe('-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT');
  });

  it("writes kube-proxy's current layout: KUBE-EXT for the node port, RETURN and --xor-mark in KUBE-POSTROUTING, no KUBE-MARK-DROP", () => {
    const ext = portChain('EXT', 'default/web:http', 'tcp');
    const svcChain = portChain('SVC', 'default/web:http', 'tcp');
    const node = 'kind-worker2';
    expect(rules(node, 'nat', 'KUBE-NODEPORTS')).toEqual([
      `-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web:http" -m tcp --dport ${web.ports[0]!.nodePort} -j ${ext}`,
    ]);
    expect(rules(node, 'nat', ext)).toEqual([
      `-A ${ext} -m comment --comment "masquerade traffic for default/web:http external destinations" -j KUBE-MARK-MASQ`,
      `-A ${ext} -j ${svcChain}`,
    ]);
    expect(rules(node, 'nat', 'KUBE-POSTROUTING')).toEqual([
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ]);
    expect(rules(node, 'nat', svcChain)[1]).toMatch(
      /-m comment --comment "default\/web:http -> [\d.]+:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-/,
    );
    expect(ns(`node:${node}`).iptables.get('nat')!.chains.has('KUBE-MARK-DROP')).toBe(false);
    expect(rules(node, 'filter', 'INPUT')[0]).toContain('-j KUBE-PROXY-FIREWALL');
    // The kubernetes service's chain hash is the one every v1.3x cluster shows.
    expect(ns(`node:${node}`).iptables.get('nat')!.chains.has('KUBE-SVC-NPX46M4PTMTKRN6Y')).toBe(true);
  });

  it("masquerades what leaves for outside the pod range, as kindnetd's KIND-MASQ-AGENT does", () => {
    expect(rules('kind-worker', 'nat', 'KIND-MASQ-AGENT')).toEqual([
      '-A KIND-MASQ-AGENT -d 10.244.0.0/16 -m comment --comment "kind-masq-agent: local traffic is not subject to MASQUERADE" -j RETURN',
      '-A KIND-MASQ-AGENT -m comment --comment "kind-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)" -j MASQUERADE',
    ]);
  });
});

describe('the tracer on a kind cluster', () => {
  const [a, b] = pods;
  const nodeIp = (name: string) => sim.state.cluster.nodes.find((n) => n.name === name)!.ip;

  it('hostPort from the laptop: portmap DNATs to the pod, which sees the laptop', () => {
    const t = trace(dp, req('host:laptop', nodeIp(a!.node!), 8080));
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo).toMatchObject({ kind: 'pod', name: a!.name });
    expect(t.serverSees?.ip).toBe('172.18.0.1');
    expect(t.hops.some((h) => h.rule?.startsWith('-A CNI-DN-') && h.rule.includes('DNAT'))).toBe(true);
  });

  it('pod to pod across nodes keeps the source (no bridge, the route to the other node)', () => {
    const t = trace(dp, req(`pod:default/${a!.name}`, b!.ip!, 80));
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo?.name).toBe(b!.name);
    expect(t.serverSees?.ip).toBe(a!.ip);
    expect(t.hops.filter((h) => h.kind === 'bridge')).toEqual([]);
  });

  it('pod to the cluster IP goes through KUBE-SVC and KUBE-SEP', () => {
    const t = trace(dp, req(`pod:default/${a!.name}`, web.clusterIP, 80));
    expect(t.verdict).toBe('delivered');
    expect(t.hops.some((h) => h.rule?.startsWith('-A KUBE-SEP-') && h.rule.includes('DNAT'))).toBe(true);
  });

  it('a NodePort from the laptop passes KUBE-EXT and is masqueraded by KUBE-POSTROUTING when it crosses nodes', () => {
    const t = trace(dp, req('host:laptop', nodeIp('kind-worker2'), web.ports[0]!.nodePort!));
    expect(t.verdict).toBe('delivered');
    expect(t.hops.some((h) => h.rule?.startsWith(`-A ${portChain('EXT', 'default/web:http', 'tcp')}`))).toBe(true);
    expect(t.serverSees?.ip).toBe(nodeIp('kind-worker2'));
  });

  it('a pod reaching the laptop is masqueraded by KIND-MASQ-AGENT to its node address', () => {
    const t = trace(dp, req(`pod:default/${a!.name}`, '172.18.0.1', 80));
    expect(t.verdict).toBe('delivered');
    expect(t.serverSees?.ip).toBe(nodeIp(a!.node!));
    expect(t.hops.some((h) => h.rule?.startsWith('-A KIND-MASQ-AGENT') && h.rule.endsWith('-j MASQUERADE'))).toBe(true);
  });
});
