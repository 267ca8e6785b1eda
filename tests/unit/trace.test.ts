/**
 * Connections walked through the dataplane as the kernel would: who receives them, which source
 * the server sees, the rules hit, the NAT rewrites and their undoing on the reply, in iptables,
 * userspace and ipvs modes. Expected values come from how Linux, Docker and kube-proxy behave
 * (fidelity.md §1, §2, §4, §6, §7), not from the tracer's output.
 */
import { describe, expect, it } from 'vitest';
import type { NamespaceId } from '../../src/core/namespace-id.ts';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import type { Dataplane } from '../../src/core/dataplane/model.ts';
import { simulate, type ClusterState, type PodState } from '../../src/core/index.ts';
import { connect, Network, trace, traceMany, type Hook, type Hop, type Trace, type TraceRequest } from '../../src/core/trace/index.ts';
import { english } from '../../src/i18n/words.ts';
import { cidrContains, parseCidr, parseIp } from '../../src/core/net/ipv4.ts';
import { cluster, fixture, LAB_TEXT, rc, scenario, svc } from '../helpers.ts';

type Mode = 'iptables' | 'userspace' | 'ipvs';

function load(text: string): { state: ClusterState; dp: Dataplane } {
  const sim = simulate(text);
  expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { state: sim.state, dp: buildDataplane(sim.state) };
}

function threeReplicas(mode: Mode, extra = ''): string {
  const text = fixture('three-replicas.yaml');
  expect(text).toContain('kubeProxyMode: iptables\n');
  return text.replace('kubeProxyMode: iptables', `kubeProxyMode: ${mode}${extra}`);
}

/** A request from `from` as a link or the CLI gives it: text, not checked here (the tracer checks it). */
function req(from: string, to: string, proto: 'tcp' | 'udp' = 'tcp'): TraceRequest {
  const [ip, port] = to.split(':');
  return { from: from as NamespaceId, to: { ip: ip!, port: Number(port) }, proto };
}

const rulesHit = (t: Trace, direction: 'request' | 'reply' = 'request') =>
  t.hops.filter((h) => h.kind === 'rule' && h.direction === direction).map((h) => h.rule!);
const hopOf = (t: Trace, rule: string) => t.hops.find((h) => h.kind === 'rule' && h.rule === rule);
const endpoint = (h: Hop | undefined, side: 'before' | 'after', which: 'src' | 'dst') =>
  h ? `${h[side][which]}:${h[side][which === 'src' ? 'sport' : 'dport']}` : undefined;

/** The netfilter hooks a request passes in one namespace, in order, without repeats. */
function hooks(t: Trace, ns: string, direction: 'request' | 'reply' = 'request', leg = 1): Hook[] {
  const out: Hook[] = [];
  for (const h of t.hops)
    if (h.where.ns === ns && h.hook && h.direction === direction && h.leg === leg && out.at(-1) !== h.hook) out.push(h.hook);
  return out;
}

/** The packet as it leaves a namespace by an interface (the `link` hop). */
function leaving(t: Trace, ns: string, iface: string, direction: 'request' | 'reply', leg = 1) {
  const h = t.hops.filter(
    (x) => x.kind === 'link' && x.where.ns === ns && x.where.iface === iface && x.direction === direction && x.leg === leg,
  );
  expect(h, `${direction} leg ${leg} leaves ${ns} by ${iface}`).toHaveLength(1);
  return h[0]!.after;
}

/** The last hop: the client receiving the reply. */
function clientGets(t: Trace) {
  const last = t.hops.at(-1)!;
  expect(last).toMatchObject({ kind: 'deliver', direction: 'reply', leg: 1 });
  return last.after;
}

const podId = (p: PodState) => `pod:${p.namespace}/${p.name}`;

// ---------------------------------------------------------------------------------------------

describe("the lab (iptables mode): the frontend pod's hostPort and its service", () => {
  const { state, dp } = load(LAB_TEXT);
  const pod = state.pods[0]!;
  const frontend = state.services.find((s) => s.name === 'frontend')!;

  it('laptop → k8smaster01:80: Docker DNATs to the pod, which sees the laptop; the reply leaves as 172.24.8.71:80', () => {
    expect(pod.node).toBe('k8smaster01');
    const t = trace(dp, req('host:laptop', '172.24.8.71:80'));
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo).toEqual({ kind: 'pod', namespace: 'default', name: pod.name, container: 'php-redis' });
    expect(t.serverSees?.ip).toBe('172.24.8.10');
    expect(t.serverSees?.port).toBe(t.request.sport);

    const dnatRule = `-A DOCKER ! -i docker0 -p tcp -m tcp --dport 80 -j DNAT --to-destination ${pod.ip}:80`;
    const dnat = hopOf(t, dnatRule);
    expect(dnat).toMatchObject({ hook: 'PREROUTING', table: 'nat', chain: 'DOCKER', direction: 'request' });
    expect(dnat!.where.ns).toBe('node:k8smaster01');
    expect(endpoint(dnat, 'before', 'dst')).toBe('172.24.8.71:80');
    expect(endpoint(dnat, 'after', 'dst')).toBe(`${pod.ip}:80`);
    expect(rulesHit(t)).toContain(`-A DOCKER -d ${pod.ip}/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT`);
    expect(rulesHit(t).some((r) => r.includes('MASQUERADE'))).toBe(false);
    // A forwarded packet: PREROUTING, FORWARD, POSTROUTING, never INPUT.
    expect(hooks(t, 'node:k8smaster01')).toEqual(['PREROUTING', 'FORWARD', 'POSTROUTING']);

    // The reply: conntrack restores the source the laptop talked to.
    expect(leaving(t, `pod:default/${pod.name}`, 'eth0', 'reply')).toMatchObject({ src: pod.ip, sport: 80, dst: '172.24.8.10' });
    const out = leaving(t, 'node:k8smaster01', 'eth0', 'reply');
    expect(out).toMatchObject({ src: '172.24.8.71', sport: 80, dst: '172.24.8.10', dport: t.request.sport });
    const unnat = t.hops.filter((h) => h.kind === 'unnat');
    expect(unnat).toHaveLength(1);
    expect(unnat[0]!.where.ns).toBe('node:k8smaster01');
    expect(endpoint(unnat[0], 'before', 'src')).toBe(`${pod.ip}:80`);
    expect(endpoint(unnat[0], 'after', 'src')).toBe('172.24.8.71:80');
    expect(clientGets(t)).toMatchObject({ src: '172.24.8.71', sport: 80 });

    // conntrack -L on the node: the original tuple and the reply tuple after DNAT.
    const ct = t.conntrack.filter((c) => c.ns === 'node:k8smaster01');
    expect(ct).toHaveLength(1);
    expect(ct[0]!.original).toMatchObject({ src: '172.24.8.10', dst: '172.24.8.71', dport: 80 });
    expect(ct[0]!.reply).toMatchObject({ src: pod.ip, sport: 80, dst: '172.24.8.10', dport: t.request.sport });
  });

  it('laptop → k8smaster02:80 (no pod there): no DNAT rule on that node, nothing listens, the kernel resets: refused', () => {
    const t = trace(dp, req('host:laptop', '172.24.8.72:80'));
    expect(t.verdict).toBe('refused');
    expect(t.deliveredTo).toBeUndefined();
    expect(t.serverSees).toBeUndefined();
    expect(english(t.reason!)).toMatch(/reset|refused/i);
    expect(rulesHit(t).some((r) => r.includes('DNAT'))).toBe(false);
    expect(t.hops.some((h) => h.where.ns.startsWith('pod:'))).toBe(false);
    const last = t.hops.at(-1)!;
    expect(last.kind).toBe('refuse');
    expect(last.where.ns).toBe('node:k8smaster02');
    // Delivered locally: INPUT, not FORWARD.
    expect(hooks(t, 'node:k8smaster02')).toEqual(['PREROUTING', 'INPUT']);
  });

  it('hairpin: the pod to its own service (itself the only endpoint) is masqueraded to docker0 and bridged back out its port', () => {
    const t = trace(dp, req(podId(pod), `${frontend.clusterIP}:80`));
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo).toMatchObject({ kind: 'pod', name: pod.name });
    expect(t.serverSees?.ip).toBe('172.17.1.1');
    const hits = rulesHit(t);
    const sep = hits.find((r) => r.startsWith('-A KUBE-SEP-') && r.includes(`-s ${pod.ip}/32`));
    expect(sep).toMatch(/-j KUBE-MARK-MASQ$/);
    const masq = hopOf(
      t,
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -m mark --mark 0x4000/0x4000 -j MASQUERADE --random-fully',
    );
    expect(masq).toBeDefined();
    expect(masq!.before.src).toBe(pod.ip);
    expect(masq!.after.src).toBe('172.17.1.1');
    // The frame leaves docker0 by the port it came in: possible only because of hairpin mode.
    const bridged = t.hops.filter((h) => h.kind === 'bridge' && h.direction === 'request');
    expect(bridged).toHaveLength(1);
    expect(bridged[0]!.explain.code).toBe('hop.bridge-hairpin');
    expect(english(bridged[0]!.explain)).toMatch(/hairpin/);
    // The reply comes back from the service address.
    expect(clientGets(t)).toMatchObject({ src: frontend.clusterIP, sport: 80, dst: pod.ip, dport: t.request.sport });
  });
});

// ---------------------------------------------------------------------------------------------

describe('three replicas, iptables mode', () => {
  const { state, dp } = load(threeReplicas('iptables'));
  const ip = (name: string) => state.services.find((s) => s.name === name)!.clusterIP;
  const echo = state.pods.filter((p) => p.labels.app === 'echo');
  const echoOn = (node: string) => echo.find((p) => p.node === node)!;
  const client = state.pods.find((p) => p.name === 'client')!;

  it('has the layout the flows below assume', () => {
    expect(client).toMatchObject({ node: 'k8smaster01', phase: 'Running' });
    expect(echo.map((p) => p.node).sort()).toEqual(['k8smaster01', 'k8smaster02', 'k8smaster03']);
  });

  it('laptop → NodePort on k8smaster02: masqueraded to the node address (docker0 address for the local endpoint)', () => {
    const { traces, outcomes } = traceMany(dp, req('host:laptop', '172.24.8.72:30080'), 150);
    expect(new Set(outcomes.map((o) => o.deliveredTo?.name))).toEqual(new Set(echo.map((p) => p.name)));
    for (const o of outcomes) {
      expect(o.verdict).toBe('delivered');
      expect(o.serverSees?.ip, o.deliveredTo?.name).toBe(o.deliveredTo?.name === echoOn('k8smaster02').name ? '172.17.2.1' : '172.24.8.72');
    }
    const remote = traces.find((t) => t.deliveredTo?.name === echoOn('k8smaster03').name)!;
    expect(rulesHit(remote)).toContain(
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "default/echo-nodeport:http" -m tcp --dport 30080 -j KUBE-MARK-MASQ',
    );
    const masq = remote.hops.find((h) => h.kind === 'rule' && h.rule?.endsWith('-j MASQUERADE --random-fully'))!;
    expect(masq.where.ns).toBe('node:k8smaster02');
    expect(masq.hook).toBe('POSTROUTING');
    expect([masq.before.src, masq.after.src]).toEqual(['172.24.8.10', '172.24.8.72']);
    // --random-fully: a source port drawn from 1024-65535, not the client's.
    expect(masq.after.sport).not.toBe(masq.before.sport);
    expect(masq.after.sport).toBeGreaterThanOrEqual(1024);
    expect(remote.serverSees?.port).toBe(masq.after.sport);
    // Crosses the physical network to k8smaster03 with the node's address, the pod port as destination.
    expect(leaving(remote, 'node:k8smaster02', 'eth0', 'request')).toMatchObject({
      src: '172.24.8.72',
      dst: echoOn('k8smaster03').ip,
      dport: 8080,
    });
    expect(hooks(remote, 'node:k8smaster02')).toEqual(['PREROUTING', 'FORWARD', 'POSTROUTING']);
    expect(clientGets(remote)).toMatchObject({ src: '172.24.8.72', sport: 30080, dst: '172.24.8.10' });
  });

  it('pod → ClusterIP: DNAT to an endpoint on the same node or another, the source is never NATed, the reply comes from the cluster IP', () => {
    const svc = ip('echo');
    const { traces, outcomes } = traceMany(dp, req(podId(client), `${svc}:80`), 150);
    expect(new Set(outcomes.map((o) => o.deliveredTo?.name))).toEqual(new Set(echo.map((p) => p.name)));
    for (const o of outcomes) expect(o.serverSees?.ip).toBe(client.ip);
    for (const target of [echoOn('k8smaster01'), echoOn('k8smaster02')]) {
      const t = traces.find((x) => x.deliveredTo?.name === target.name)!;
      const dnat = t.hops.find((h) => h.kind === 'rule' && h.rule?.includes('-j DNAT'))!;
      expect(dnat.where.ns).toBe('node:k8smaster01');
      expect(dnat.hook).toBe('PREROUTING');
      expect(endpoint(dnat, 'before', 'dst')).toBe(`${svc}:80`);
      expect(endpoint(dnat, 'after', 'dst')).toBe(`${target.ip}:8080`);
      expect(rulesHit(t).some((r) => r.includes('MASQUERADE') || r.includes('KUBE-MARK-MASQ'))).toBe(false);
      expect(hooks(t, 'node:k8smaster01')).toEqual(['PREROUTING', 'FORWARD', 'POSTROUTING']);
      const unnat = t.hops.filter((h) => h.kind === 'unnat');
      expect(unnat).toHaveLength(1);
      expect(unnat[0]!.where.ns).toBe('node:k8smaster01');
      expect(endpoint(unnat[0], 'after', 'src')).toBe(`${svc}:80`);
      expect(clientGets(t)).toMatchObject({ src: svc, sport: 80, dst: client.ip, dport: t.request.sport });
    }
    // Across nodes the packet travels with the pod addresses on the physical network.
    const far = traces.find((x) => x.deliveredTo?.name === echoOn('k8smaster02').name)!;
    expect(leaving(far, 'node:k8smaster01', 'eth0', 'request')).toMatchObject({
      src: client.ip,
      dst: echoOn('k8smaster02').ip,
      dport: 8080,
    });
  });

  it('pod → ClusterIP over UDP reaches the replicas on 8080 and comes back from the cluster IP:53', () => {
    const svc = ip('echo');
    const t = trace(dp, req(podId(client), `${svc}:53`, 'udp'));
    expect(t.verdict).toBe('delivered');
    expect(echo.map((p) => p.name)).toContain(t.deliveredTo?.name);
    expect(t.serverSees?.ip).toBe(client.ip);
    expect(clientGets(t)).toMatchObject({ proto: 'udp', src: svc, sport: 53 });
  });

  it('pod → pod on another node: routed by the nodes, no NAT, the server sees the client pod', () => {
    const target = echoOn('k8smaster03');
    const t = trace(dp, req(podId(client), `${target.ip}:8080`));
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo?.name).toBe(target.name);
    expect(t.serverSees?.ip).toBe(client.ip);
    expect(rulesHit(t).some((r) => /DNAT|MASQUERADE|SNAT/.test(r))).toBe(false);
    expect(leaving(t, 'node:k8smaster01', 'eth0', 'request')).toMatchObject({ src: client.ip, dst: target.ip });
    expect(t.hops.some((h) => h.kind === 'unnat')).toBe(false);
    expect(clientGets(t)).toMatchObject({ src: target.ip, sport: 8080 });
  });

  it("pod → pod on another node with Docker's own masquerade (podMasquerade: dockerDefault): the server sees the client's node", () => {
    const docker = load(threeReplicas('iptables', '\n  podMasquerade: dockerDefault'));
    expect(docker.state.cluster.podMasquerade).toBe('dockerDefault');
    const c = docker.state.pods.find((p) => p.name === 'client')!;
    const target = docker.state.pods.find((p) => p.labels.app === 'echo' && p.node === 'k8smaster03')!;
    const t = trace(docker.dp, req(podId(c), `${target.ip}:8080`));
    expect(t.verdict).toBe('delivered');
    expect(t.serverSees?.ip).toBe('172.24.8.71');
    const masq = hopOf(t, '-A POSTROUTING -s 172.17.1.0/24 ! -o docker0 -j MASQUERADE');
    expect(masq).toMatchObject({ hook: 'POSTROUTING', where: { ns: 'node:k8smaster01' } });
    expect([masq!.before.src, masq!.after.src]).toEqual([c.ip, '172.24.8.71']);
    expect(leaving(t, 'node:k8smaster01', 'eth0', 'request').src).toBe('172.24.8.71');
    expect(clientGets(t)).toMatchObject({ src: target.ip, sport: 8080, dst: c.ip });
    // Same node: the frame never leaves docker0, so even Docker's rule leaves it alone.
    const near = docker.state.pods.find((p) => p.labels.app === 'echo' && p.node === 'k8smaster01')!;
    expect(trace(docker.dp, req(podId(c), `${near.ip}:8080`)).serverSees?.ip).toBe(c.ip);
  });

  it('pod → laptop:80: masqueraded to the node address on the way out of the cluster range', () => {
    const t = trace(dp, req(podId(client), '172.24.8.10:80'));
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo).toEqual({ kind: 'host', name: 'laptop', process: 'httpd' });
    expect(t.serverSees?.ip).toBe('172.24.8.71');
    const masq = hopOf(t, '-A POSTROUTING -s 172.17.1.0/24 ! -d 172.17.0.0/16 -j MASQUERADE');
    expect(masq).toMatchObject({ hook: 'POSTROUTING', table: 'nat' });
    expect([masq!.before.src, masq!.after.src]).toEqual([client.ip, '172.24.8.71']);
    expect(clientGets(t)).toMatchObject({ src: '172.24.8.10', sport: 80, dst: client.ip });
  });

  it("node → ClusterIP: OUTPUT marks it (not from a pod), the server sees eth0's address, or docker0's for the node's own endpoint", () => {
    const { traces, outcomes } = traceMany(dp, req('node:k8smaster02', `${ip('echo')}:80`), 150);
    expect(outcomes.length).toBe(3);
    for (const o of outcomes)
      expect(o.serverSees?.ip, o.deliveredTo?.name).toBe(o.deliveredTo?.name === echoOn('k8smaster02').name ? '172.17.2.1' : '172.24.8.72');
    const t = traces[0]!;
    expect(t.request.src).toBe('172.24.8.72');
    const mark = t.hops.find((h) => h.kind === 'rule' && h.rule?.startsWith('-A KUBE-SERVICES ! -s 172.17.0.0/16'));
    expect(mark).toMatchObject({ hook: 'OUTPUT', table: 'nat' });
    expect(clientGets(t)).toMatchObject({ src: ip('echo'), sport: 80 });
  });

  it('a service without endpoints is rejected at the node, from a pod (FORWARD) and from the node (OUTPUT)', () => {
    const nobody = ip('nobody');
    const rule = `-A KUBE-SERVICES -d ${nobody}/32 -p tcp -m comment --comment "default/nobody:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`;
    for (const [from, hook] of [
      [podId(client), 'FORWARD'],
      ['node:k8smaster03', 'OUTPUT'],
    ] as const) {
      const t = trace(dp, req(from, `${nobody}:80`));
      expect(t.verdict, from).toBe('rejected');
      expect(t.deliveredTo).toBeUndefined();
      expect(hopOf(t, rule)).toMatchObject({ hook, table: 'filter' });
      const last = t.hops.at(-1)!;
      expect(last.kind).toBe('reject');
      expect(last.where.ns).toBe(from.startsWith('pod:') ? 'node:k8smaster01' : from);
      // Nothing gets past the node: no hop in any other pod or node.
      expect(new Set(t.hops.map((h) => h.where.ns))).toEqual(new Set([from, last.where.ns]));
    }
  });

  it('spreads 3000 connections over the 3 endpoints at random: each gets 30–37%', () => {
    const { outcomes } = traceMany(dp, req(podId(client), `${ip('echo')}:80`), 3000);
    expect(outcomes).toHaveLength(3);
    expect(outcomes.reduce((n, o) => n + o.count, 0)).toBe(3000);
    for (const o of outcomes) {
      expect(o.count / 3000, o.deliveredTo?.name).toBeGreaterThanOrEqual(0.3);
      expect(o.count / 3000, o.deliveredTo?.name).toBeLessThanOrEqual(0.37);
    }
  });

  it('sends every connection of one client to one endpoint with ClientIP affinity (-m recent)', () => {
    const { traces, outcomes } = traceMany(dp, req(podId(client), `${ip('echo-sticky')}:80`), 200);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.count).toBe(200);
    expect(echo.map((p) => p.name)).toContain(outcomes[0]!.deliveredTo?.name);
    // From the second connection on, the --rcheck rule picks the endpoint, not the statistic cascade.
    expect(rulesHit(traces[1]!).some((r) => r.includes('--rcheck'))).toBe(true);
    expect(rulesHit(traces[1]!).some((r) => r.includes('-m statistic'))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

describe('three replicas, userspace mode (kube-proxy proxies: two connections)', () => {
  const { state, dp } = load(threeReplicas('userspace'));
  const ip = (name: string) => state.services.find((s) => s.name === name)!.clusterIP;
  const echo = state.pods.filter((p) => p.labels.app === 'echo');
  const client = state.pods.find((p) => p.name === 'client')!;
  const local = echo.find((p) => p.node === 'k8smaster01')!;

  it('round-robins exactly: 1/3 each; the server sees the node (eth0, or docker0 for the local endpoint)', () => {
    const { outcomes } = traceMany(dp, req(podId(client), `${ip('echo')}:80`), 300);
    expect(outcomes).toHaveLength(3);
    for (const o of outcomes) {
      expect(o.count, o.deliveredTo?.name).toBe(100);
      expect(o.serverSees?.ip, o.deliveredTo?.name).toBe(o.deliveredTo?.name === local.name ? '172.17.1.1' : '172.24.8.71');
    }
  });

  it('leg 1 is REDIRECTed to kube-proxy on the node; leg 2 leaves the node from its own address; the reply comes from the cluster IP', () => {
    const { traces } = traceMany(dp, req(podId(client), `${ip('echo')}:80`), 3);
    const t = traces.find((x) => x.deliveredTo?.name !== local.name)!;
    const redirect = t.hops.find((h) => h.kind === 'rule' && h.rule?.includes('-j REDIRECT'))!;
    expect(redirect).toMatchObject({ hook: 'PREROUTING', chain: 'KUBE-PORTALS-CONTAINER', where: { ns: 'node:k8smaster01' } });
    expect(endpoint(redirect, 'before', 'dst')).toBe(`${ip('echo')}:80`);
    // REDIRECT sends it to the address of the interface it came in by: docker0.
    expect(redirect.after.dst).toBe('172.17.1.1');
    const proxyPort = redirect.after.dport;
    expect(redirect.rule).toBe(
      `-A KUBE-PORTALS-CONTAINER -d ${ip('echo')}/32 -p tcp -m comment --comment "default/echo:http" -m tcp --dport 80 -j REDIRECT --to-ports ${proxyPort}`,
    );
    const leg1 = t.hops.filter((h) => h.leg === 1 && h.direction === 'request').at(-1)!;
    expect(leg1).toMatchObject({ kind: 'deliver', where: { ns: 'node:k8smaster01', process: 'kube-proxy' } });
    expect(leg1.after).toMatchObject({ src: client.ip, dst: '172.17.1.1', dport: proxyPort });
    const send2 = t.hops.find((h) => h.leg === 2 && h.kind === 'send')!;
    expect(send2.where).toMatchObject({ ns: 'node:k8smaster01', process: 'kube-proxy' });
    const backend = echo.find((p) => p.name === t.deliveredTo?.name)!;
    expect(leaving(t, 'node:k8smaster01', 'eth0', 'request', 2)).toMatchObject({ src: '172.24.8.71', dst: backend.ip, dport: 8080 });
    expect(t.serverSees?.ip).toBe('172.24.8.71');
    expect(clientGets(t)).toMatchObject({ src: ip('echo'), sport: 80, dst: client.ip, dport: t.request.sport });
  });

  it('node → ClusterIP: OUTPUT DNATs to the node IP and the proxy port; the server sees the node', () => {
    const { outcomes } = traceMany(dp, req('node:k8smaster02', `${ip('echo')}:80`), 30);
    expect(outcomes).toHaveLength(3);
    const localTo02 = echo.find((p) => p.node === 'k8smaster02')!;
    for (const o of outcomes) expect(o.serverSees?.ip).toBe(o.deliveredTo?.name === localTo02.name ? '172.17.2.1' : '172.24.8.72');
  });

  it('a service without endpoints: the portal still catches it, kube-proxy accepts and closes the connection', () => {
    // On the real kernel (the kernel suite) the client's connection is set up, then closed with
    // no data: no RST, no ICMP. A UDP datagram gets no answer at all.
    const t = trace(dp, req(podId(client), `${ip('nobody')}:80`));
    expect(t.verdict).toBe('closed');
    expect(trace(dp, { ...req(podId(client), `${ip('nobody')}:53`), proto: 'udp' }).verdict).toBe('dropped');
    expect(t.deliveredTo).toBeUndefined();
    expect(rulesHit(t).some((r) => r.startsWith('-A KUBE-PORTALS-CONTAINER') && r.includes('-j REDIRECT'))).toBe(true);
    expect(t.hops.some((h) => h.where.ns.startsWith('pod:') && h.where.ns !== podId(client))).toBe(false);
  });

  it('keeps a client on one endpoint with ClientIP affinity', () => {
    const { outcomes } = traceMany(dp, req(podId(client), `${ip('echo-sticky')}:80`), 60);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.count).toBe(60);
  });
});

// ---------------------------------------------------------------------------------------------

describe('three replicas, ipvs mode', () => {
  const { state, dp } = load(threeReplicas('ipvs'));
  const ip = (name: string) => state.services.find((s) => s.name === name)!.clusterIP;
  const echo = state.pods.filter((p) => p.labels.app === 'echo');
  const client = state.pods.find((p) => p.name === 'client')!;

  it('round-robins exactly (rr): 1/3 each, and the server sees the client pod (no SNAT for pod sources)', () => {
    const { outcomes } = traceMany(dp, req(podId(client), `${ip('echo')}:80`), 300);
    expect(outcomes).toHaveLength(3);
    for (const o of outcomes) {
      expect(o.count).toBe(100);
      expect(o.serverSees?.ip).toBe(client.ip);
    }
  });

  it('IPVS rewrites the virtual server to a real server on the node; the reply comes back from the virtual server', () => {
    const t = trace(dp, req(podId(client), `${ip('echo')}:80`));
    const vs = t.hops.filter((h) => h.kind === 'ipvs');
    expect(vs).toHaveLength(1);
    expect(vs[0]!.where.ns).toBe('node:k8smaster01');
    expect(endpoint(vs[0], 'before', 'dst')).toBe(`${ip('echo')}:80`);
    expect(echo.map((p) => `${p.ip}:8080`)).toContain(endpoint(vs[0], 'after', 'dst'));
    expect(rulesHit(t)).toContain('-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT');
    expect(clientGets(t)).toMatchObject({ src: ip('echo'), sport: 80, dst: client.ip });
  });

  it('hairpin to its own service is masqueraded through KUBE-LOOP-BACK', () => {
    const self = echo.find((p) => p.node === 'k8smaster01')!;
    const { outcomes } = traceMany(dp, req(podId(self), `${ip('echo')}:80`), 3);
    const own = outcomes.find((o) => o.deliveredTo?.name === self.name)!;
    expect(own.serverSees?.ip).toBe('172.17.1.1');
    for (const o of outcomes.filter((x) => x !== own)) expect(o.serverSees?.ip).toBe(self.ip);
  });

  it('laptop → NodePort: rr over the real servers, masqueraded (KUBE-NODE-PORT marks it)', () => {
    const { outcomes } = traceMany(dp, req('host:laptop', '172.24.8.73:30080'), 30);
    expect(outcomes).toHaveLength(3);
    const local03 = echo.find((p) => p.node === 'k8smaster03')!;
    for (const o of outcomes) {
      expect(o.count).toBe(10);
      expect(o.serverSees?.ip).toBe(o.deliveredTo?.name === local03.name ? '172.17.3.1' : '172.24.8.73');
    }
  });

  it("found: node → ClusterIP with the endpoint on the same node: the server sees docker0's address, as in iptables mode", () => {
    // IPVS schedules locally generated connections in LOCAL_OUT (ip_vs_local_request4, priority
    // NF_IP_PRI_NAT_DST + 2), right after nat OUTPUT marked the packet (source = the cluster IP,
    // the kernel's choice for a local destination). It never loops through lo: nat POSTROUTING runs
    // once, on the real output device, so MASQUERADE picks docker0's address for a local endpoint
    // and eth0's for a remote one.
    const { outcomes } = traceMany(dp, req('node:k8smaster02', `${ip('echo')}:80`), 30);
    expect(outcomes).toHaveLength(3);
    const local02 = echo.find((p) => p.node === 'k8smaster02')!;
    for (const o of outcomes)
      expect(o.serverSees?.ip, o.deliveredTo?.name).toBe(o.deliveredTo?.name === local02.name ? '172.17.2.1' : '172.24.8.72');
  });

  it('keeps one rr scheduler per virtual service: TCP and UDP on the same VIP:port do not share turns', () => {
    // IPVS keeps the scheduler state in each virtual service (protocol, address, port). Keyed by
    // address:port only, interleaved TCP and UDP connections to a DNS-like service would starve the
    // TCP side of all but one real server.
    const text = scenario(
      cluster({ kubeProxyMode: 'ipvs' }),
      rc('dns', 2, {
        ports: [
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
          { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
        ],
      }),
      svc('dns', {
        selector: { app: 'dns' },
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        ],
      }),
    );
    const dns = load(text);
    const vip = dns.state.services.find((s) => s.name === 'dns')!.clusterIP;
    const backends = dns.state.pods.filter((p) => p.labels.app === 'dns' && p.phase === 'Running');
    expect(backends).toHaveLength(2);
    const net = new Network(dns.dp, 1);
    const got: Record<'tcp' | 'udp', string[]> = { tcp: [], udp: [] };
    for (let i = 0; i < 6; i++)
      for (const proto of ['tcp', 'udp'] as const) {
        const t = connect(net, req('node:k8smaster03', `${vip}:53`, proto));
        expect(t.verdict).toBe('delivered');
        got[proto].push(t.deliveredTo!.name);
      }
    for (const proto of ['tcp', 'udp'] as const) {
      expect(new Set(got[proto]), proto).toEqual(new Set(backends.map((p) => p.name)));
      expect(
        got[proto].filter((n) => n === got[proto][0]),
        proto,
      ).toHaveLength(3);
    }
  });

  it('rejects a virtual server without real servers (ICMP port unreachable)', () => {
    const t = trace(dp, req(podId(client), `${ip('nobody')}:80`));
    expect(t.verdict).toBe('rejected');
    expect(t.hops.at(-1)).toMatchObject({ kind: 'reject', where: { ns: 'node:k8smaster01' } });
  });

  it('keeps a client on one real server with persistence (ClientIP affinity)', () => {
    const { outcomes } = traceMany(dp, req(podId(client), `${ip('echo-sticky')}:80`), 60);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.count).toBe(60);
  });
});

// ---------------------------------------------------------------------------------------------

describe('determinism and bad requests', () => {
  const { state, dp } = load(threeReplicas('iptables'));
  const svc = state.services.find((s) => s.name === 'echo')!.clusterIP;

  it('gives the same trace for the same seed, and the same outcomes for the same burst', () => {
    const r = req('pod:default/client', `${svc}:80`);
    expect(trace(dp, r, 7)).toEqual(trace(dp, r, 7));
    expect(trace(buildDataplane(simulate(threeReplicas('iptables')).state), r, 7)).toEqual(trace(dp, r, 7));
    expect(traceMany(dp, r, 40, 3).outcomes).toEqual(traceMany(dp, r, 40, 3).outcomes);
  });

  it('does not keep state between calls: a fresh network each time', () => {
    const r = req('pod:default/client', `${svc}:80`);
    const first = trace(dp, r, 11);
    traceMany(dp, r, 20, 11);
    expect(trace(dp, r, 11)).toEqual(first);
  });

  it('refuses to trace from a Pending pod, saying so', () => {
    const stuck = load(
      scenario(LAB_TEXT, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'stuck' },
        spec: { nodeSelector: { 'kubernetes.io/hostname': 'nowhere' }, containers: [{ name: 'c', image: 'busybox' }] },
      }),
    );
    expect(stuck.state.pods.find((p) => p.name === 'stuck')?.phase).toBe('Pending');
    expect(() => trace(stuck.dp, req('pod:default/stuck', '172.24.8.10:80'))).toThrow(/default\/stuck/);
  });

  it.each(['pod:default/ghost', 'node:k8smaster09', 'host:nobody', 'k8smaster01', ''])('refuses an unknown source %j', (from) => {
    expect(() => trace(dp, req(from, `${svc}:80`))).toThrow();
  });

  it('answers unreachable, not a crash, for a destination with no route (the laptop to the service range)', () => {
    const t = trace(dp, req('host:laptop', `${svc}:80`));
    expect(t.verdict).toBe('unreachable');
    expect(t.reason).toBeTruthy();
  });

  it('names the sending container of a pod by its real name (the client pod has one container, "shell")', () => {
    const t = trace(dp, req('pod:default/client', `${svc}:80`));
    expect(t.hops[0]).toMatchObject({ kind: 'send', where: { ns: 'pod:default/client' } });
    expect(t.hops[0]!.where.container).toBe('shell');
  });
});

describe('externalTrafficPolicy: Local and external IPs (iptables mode)', () => {
  const { state, dp } = load(fixture('external-traffic.yaml'));
  const webOn = (node: string) => state.pods.find((p) => p.labels.app === 'web' && p.node === node)!;

  it('a node port with Local policy reaches the local endpoint and keeps the client; a node without one drops it, and says why', () => {
    for (const node of ['k8smaster01', 'k8smaster02']) {
      const ip = state.cluster.nodes.find((n) => n.name === node)!.ip;
      const t = trace(dp, req('host:laptop', `${ip}:30080`));
      expect(t.deliveredTo?.name).toBe(webOn(node).name);
      expect(t.serverSees?.ip).toBe('172.24.8.10');
    }
    const t = trace(dp, req('host:laptop', '172.24.8.73:30080'));
    expect(t.verdict).toBe('dropped');
    const why = t.hops.find((h) => h.rule?.endsWith('has no local endpoints" -j KUBE-MARK-DROP'));
    expect(english(why!.explain)).toContain('this node runs none of its endpoints');
  });

  it("the node's own connection to a Local node port is masqueraded and may go to another node", () => {
    const t = trace(dp, req('node:k8smaster03', '172.24.8.73:30080'));
    expect(t.verdict).toBe('delivered');
    expect(t.serverSees?.ip).toBe('172.24.8.73');
  });

  it("a pod's packet to an external IP is not taken by its own node (it came in by a bridge port): the address's node takes it", () => {
    const t = trace(dp, req('pod:default/client', '172.24.8.71:8000'));
    expect(t.verdict).toBe('delivered');
    const dnat = t.hops.find((h) => h.kind === 'rule' && h.rule?.includes('-j DNAT') && h.direction === 'request');
    expect(dnat?.where.ns).toBe('node:k8smaster01');
    const skipped = t.hops.filter((h) => h.where.ns === 'node:k8smaster03' && h.rule?.includes('--physdev-is-in'));
    expect(skipped).toEqual([]);
  });
});

describe('a hostNetwork pod (three-replicas node-agent on k8smaster02)', () => {
  const { state, dp } = load(threeReplicas('iptables'));
  const agent = state.pods.find((p) => p.name === 'node-agent');

  it("sends from its node's network namespace, with the node's address", () => {
    expect(agent).toMatchObject({ hostNetwork: true, node: 'k8smaster02', phase: 'Running' });
    const t = trace(dp, req('pod:default/node-agent', '172.24.8.10:80'));
    expect(t.hops[0]).toMatchObject({ kind: 'send', where: { ns: 'node:k8smaster02' } });
    expect(t.verdict).toBe('delivered');
    expect(t.serverSees?.ip).toBe('172.24.8.72');
    expect(rulesHit(t).some((r) => r.includes('MASQUERADE'))).toBe(false);
  });

  it('is reached on the node address at its container port, and the container answers', () => {
    const t = trace(dp, req('host:laptop', '172.24.8.72:9100'));
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo).toEqual({ kind: 'pod', namespace: 'default', name: 'node-agent', container: 'agent' });
    expect(t.serverSees?.ip).toBe('172.24.8.10');
  });

  it('names the sending container of a hostNetwork pod by its real name ("agent", not "app")', () => {
    const t = trace(dp, req('pod:default/node-agent', '172.24.8.10:80'));
    expect(t.hops[0]!.where.container).toBe('agent');
  });
});

// The lab with podMasquerade dockerDefault, from the lab's own pod: the lesson of why Kubernetes
// wants pod-to-pod traffic un-NATed (fidelity §7).
describe('the lab with dockerDefault masquerade', () => {
  it("hides a pod's address behind its node's for pod → pod across nodes", () => {
    const text = scenario(LAB_TEXT, cluster({ podMasquerade: 'dockerDefault' }), {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'peer', labels: { app: 'peer' } },
      spec: {
        nodeSelector: { 'kubernetes.io/hostname': 'k8smaster03' },
        containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 8080 }] }],
      },
    });
    const { state, dp } = load(text);
    const frontend = state.pods.find((p) => p.name.startsWith('frontend-'))!;
    const peer = state.pods.find((p) => p.name === 'peer')!;
    expect(peer.node).toBe('k8smaster03');
    expect(frontend.node).toBe('k8smaster01');
    const t = trace(dp, req(podId(frontend), `${peer.ip}:8080`));
    expect(t.verdict).toBe('delivered');
    expect(t.serverSees?.ip).toBe('172.24.8.71');
    // And back the other way the frontend sees k8smaster03's address.
    expect(trace(dp, req(podId(peer), `${frontend.ip}:80`)).serverSees?.ip).toBe('172.24.8.73');
  });
});

describe('found in review', () => {
  it('IPVS does not schedule a packet twice: Endpoints pointing at the service address end, refused', async () => {
    const { simulate } = await import('../../src/core/index.ts');
    const { buildDataplane } = await import('../../src/core/dataplane/index.ts');
    const { trace } = await import('../../src/core/trace/index.ts');
    const text = `apiVersion: kube-netplay/v1\nkind: Cluster\nspec:\n  kubeProxyMode: ipvs\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: loop\nspec:\n  clusterIP: 10.254.0.50\n  ports:\n  - port: 80\n---\napiVersion: v1\nkind: Endpoints\nmetadata:\n  name: loop\nsubsets:\n- addresses:\n  - ip: 10.254.0.50\n  ports:\n  - port: 80\n`;
    const sim = simulate(text);
    expect(sim.ok).toBe(true);
    const t = trace(buildDataplane(sim.state), req('node:k8smaster01', '10.254.0.50:80'));
    expect(t.verdict).toBe('refused');
    expect(t.hops.filter((h) => h.kind === 'ipvs')).toHaveLength(1);
  });

  it('lists a conntrack entry for each pass through a node, also when a connection passes it twice', async () => {
    const { simulate } = await import('../../src/core/index.ts');
    const { buildDataplane } = await import('../../src/core/dataplane/index.ts');
    const { trace } = await import('../../src/core/trace/index.ts');
    const { fixture } = await import('../helpers.ts');
    const sim = simulate(fixture('three-replicas.yaml'));
    const client = sim.state.pods.find((p) => p.name === 'client')!;
    const t = trace(buildDataplane(sim.state), req(`pod:default/${client.name}`, '172.24.8.72:30080'), 1);
    const visits = t.hops
      .filter((h) => h.kind === 'link' && h.direction === 'request' && h.where.ns.startsWith('node:'))
      .map((h) => h.where.ns);
    expect(t.conntrack.map((c) => c.ns).length).toBeGreaterThanOrEqual(new Set(visits).size);
    expect(t.conntrack[0]).toMatchObject({ ns: 'node:k8smaster01', original: { src: client.ip, dst: '172.24.8.72', dport: 30080 } });
  });
});

// kube-proxy decides "local" from an endpoint's nodeName (manual Endpoints included): with
// externalTrafficPolicy: Local only the named node answers the node port.
describe('manual Endpoints with nodeName, externalTrafficPolicy: Local', () => {
  const agent = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'agent' },
    spec: { hostNetwork: true, nodeName: 'k8smaster02', containers: [{ name: 'agent', image: 'nginx', ports: [{ containerPort: 9100 }] }] },
  };
  const service = svc('metrics', {
    type: 'NodePort',
    externalTrafficPolicy: 'Local',
    ports: [{ port: 80, targetPort: 9100, nodePort: 30090 }],
  });
  const endpoints = (address: object) => ({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'metrics' },
    subsets: [{ addresses: [{ ip: '172.24.8.72', ...address }], ports: [{ port: 9100 }] }],
  });

  it('the named node answers and keeps the client; the others drop', () => {
    const { dp } = load(scenario(agent, service, endpoints({ nodeName: 'k8smaster02' })));
    const local = trace(dp, req('host:laptop', '172.24.8.72:30090'));
    expect(local.verdict).toBe('delivered');
    expect(local.serverSees?.ip).toBe('172.24.8.10');
    expect(trace(dp, req('host:laptop', '172.24.8.71:30090')).verdict).toBe('dropped');
  });

  it('without nodeName the endpoint is local to no node: every node drops', () => {
    const { dp } = load(scenario(agent, service, endpoints({})));
    for (const ip of ['172.24.8.71', '172.24.8.72']) expect(trace(dp, req('host:laptop', `${ip}:30090`)).verdict).toBe('dropped');
  });
});

// internalTrafficPolicy: Local (kube-proxy v1.21+): a node sends the cluster IP only to its own
// endpoints, and rejects the connection where it has none.
describe('internalTrafficPolicy: Local', () => {
  const client = (node: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `client-${node}` },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox' }] },
  });
  const web = rc('web', 1, {}, { nodeName: 'k8smaster01' });
  const text = (mode: Mode, policy: string) =>
    scenario(
      cluster({ kubeProxyMode: mode }),
      web,
      client('k8smaster01'),
      client('k8smaster02'),
      svc('web', { selector: { app: 'web' }, internalTrafficPolicy: policy, ports: [{ port: 80 }] }),
    );

  for (const mode of ['iptables', 'ipvs'] as const)
    it(`${mode}: the node with the endpoint delivers; the node without one does not`, () => {
      const { state, dp } = load(text(mode, 'Local'));
      const ip = state.services.find((s) => s.name === 'web')!.clusterIP;
      const pod = state.pods.find((p) => p.name.startsWith('web-'))!;
      const near = trace(dp, req('pod:default/client-k8smaster01', `${ip}:80`));
      expect(near.verdict).toBe('delivered');
      expect(near.deliveredTo?.name).toBe(pod.name);
      const far = trace(dp, req('pod:default/client-k8smaster02', `${ip}:80`));
      expect(far.verdict).not.toBe('delivered');
      if (mode === 'iptables') {
        expect(far.verdict).toBe('rejected');
        expect(far.hops.some((h) => h.rule?.includes('"default/web: has no endpoints"'))).toBe(true);
      }
      // Cluster (the default) reaches the endpoint from either node.
      const { dp: cdp } = load(text(mode, 'Cluster'));
      expect(trace(cdp, req('pod:default/client-k8smaster02', `${ip}:80`)).verdict).toBe('delivered');
    });

  it('userspace mode ignores it, and says so', () => {
    const sim = simulate(text('userspace', 'Local'));
    expect(sim.diagnostics.some((d) => d.code === 'network-lint' && d.message.includes('internalTrafficPolicy'))).toBe(true);
  });

  it('refuses a value other than Cluster or Local, with the fix', () => {
    const d = simulate(text('iptables', 'local')).diagnostics.find((x) => x.severity === 'error')!;
    expect(d.message).toBe('spec.internalTrafficPolicy: Unsupported value: "local": supported values: "Cluster", "Local"');
    expect(d.hint).toBe('Write "Local".');
  });
});

// A LoadBalancer service behind the simulated cloud load balancer (iptables mode): its address is
// routed to a node, where kube-proxy's KUBE-FW chain lets only the source ranges on.
describe('LoadBalancer addresses and loadBalancerSourceRanges', () => {
  const { state, dp } = load(fixture('load-balancer.yaml'));
  const address = (name: string) => state.services.find((s) => s.name === name)!.loadBalancerIngress![0]!;

  it('every LoadBalancer gets an address of the pool, shown by kubectl as its EXTERNAL-IP', () => {
    for (const name of ['web-open', 'web-laptop-only', 'web-local'])
      expect(cidrContains(parseCidr('203.0.113.0/24')!, parseIp(address(name))!)).toBe(true);
  });

  it('an open one takes every source, masqueraded (Cluster policy)', () => {
    for (const from of ['host:laptop', 'host:office']) {
      const t = trace(dp, req(from, `${address('web-open')}:80`));
      expect(t.verdict).toBe('delivered');
      expect(['172.24.8.10', '172.24.8.20']).not.toContain(t.serverSees?.ip);
    }
  });

  it('source ranges: the laptop (inside) is let on, the office (outside) is marked for dropping in the KUBE-FW chain', () => {
    expect(trace(dp, req('host:laptop', `${address('web-laptop-only')}:80`)).verdict).toBe('delivered');
    const denied = trace(dp, req('host:office', `${address('web-laptop-only')}:80`));
    expect(denied.verdict).not.toBe('delivered');
    expect(denied.hops.some((h) => h.rule?.startsWith('-A KUBE-FW-') && h.rule.endsWith('-j KUBE-MARK-DROP'))).toBe(true);
  });

  it('externalTrafficPolicy: Local keeps the client address', () => {
    const t = trace(dp, req('host:office', `${address('web-local')}:80`));
    expect(t.verdict).toBe('delivered');
    expect(t.serverSees?.ip).toBe('172.24.8.20');
  });

  it('an explicit status address is kept; a bad source range is refused at its line', () => {
    const text = scenario(
      svc('lb', { type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8', '172.24.8.10'], ports: [{ port: 80 }] }),
    );
    const bad = simulate(text).diagnostics.filter((d) => d.severity === 'error');
    expect(bad.map((d) => d.message)).toEqual([
      'spec.loadBalancerSourceRanges: Invalid value: "172.24.8.10": must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 ',
    ]);
    expect(bad[0]!.hint).toBe('Write a range: "172.24.8.10/32".');
    const given = simulate(
      scenario({
        ...svc('lb', { type: 'LoadBalancer', ports: [{ port: 80 }] }),
        status: { loadBalancer: { ingress: [{ ip: '198.51.100.7' }] } },
      }),
    );
    expect(given.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(given.state.services.find((s) => s.name === 'lb')!.loadBalancerIngress).toEqual(['198.51.100.7']);
  });
});
