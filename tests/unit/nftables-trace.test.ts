/**
 * The tracer over kube-proxy's nftables mode (kind profile): the kube-proxy table's base chains
 * run at their hooks among iptables' tables by priority, verdict-map lookups and numgen draws are
 * shown on the hops, NAT is set up once per connection whichever table does it.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { simulate } from '../../src/core/index.ts';
import type { NamespaceId } from '../../src/core/namespace-id.ts';
import { trace, traceMany } from '../../src/core/trace/index.ts';
import { serviceShares } from '../../src/core/trace/shares.ts';
import { words } from '../../src/i18n/words.ts';
import { cluster, rc, scenario, svc } from '../helpers.ts';

const text = scenario(
  cluster({ profile: 'kind', kubeProxyMode: 'nftables' }),
  rc('web', 2, { ports: [{ containerPort: 80, hostPort: 8080 }] }),
  svc('web', { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 80 }] }),
);
const sim = simulate(text);
const dp = buildDataplane(sim.state);
const pods = sim.state.pods.filter((p) => p.name.startsWith('web-'));
const [a, b] = pods;
const web = sim.state.services.find((s) => s.name === 'web')!;
const nodeIp = (name: string) => sim.state.cluster.nodes.find((n) => n.name === name)!.ip;
const req = (from: string, ip: string, port: number) => ({ from: from as NamespaceId, to: { ip, port }, proto: 'tcp' as const });
const chainsAt = (t: ReturnType<typeof trace>, hook: string) =>
  t.hops.filter((h) => h.kind === 'rule' && h.hook === hook && h.direction === 'request').map((h) => `${h.table} ${h.chain}`);

describe('the tracer over nftables mode', () => {
  it('a NodePort from the laptop: the @service-nodeports lookup, numgen DNAT, and masquerade fully-random by the masquerading chain', () => {
    const t = trace(dp, req('host:laptop', nodeIp('kind-worker2'), web.ports[0]!.nodePort!));
    expect(t.verdict).toBe('delivered');
    const lookup = t.hops.find((h) => h.explain.code === 'nft.lookup')!;
    expect(lookup).toMatchObject({ hook: 'PREROUTING', table: 'ip kube-proxy', chain: 'services' });
    expect(lookup.rule).toBe('ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports');
    expect(lookup.explain.params).toMatchObject({ key: `tcp . ${web.ports[0]!.nodePort}`, map: '@service-nodeports' });
    expect(words('zh').say(lookup.explain)).toContain('@service-nodeports');
    const dnat = t.hops.find((h) => h.explain.code === 'nft.numgen-dnat')!;
    expect(dnat.rule).toMatch(/^meta l4proto tcp dnat ip to numgen random mod 2 map \{ 0 : \S+ \. 80, 1 : \S+ \. 80 \}$/);
    expect(dnat.target).toEqual({ t: 'DNAT', ip: dnat.after.dst, port: 80 });
    // A node port's traffic is masqueraded to the node's address, so the reply comes back through it.
    expect(t.serverSees?.ip).toBe(nodeIp('kind-worker2'));
    expect(t.hops.some((h) => h.explain.code === 'nft.masquerade' && h.chain === 'masquerading')).toBe(true);
  });

  it('runs a hook by priority: kube-proxy filter -110, then its nat -100 ahead of iptables nat -100, where portmap DNATs a hostPort', () => {
    const t = trace(dp, req('host:laptop', nodeIp(a!.node!), 8080));
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo?.name).toBe(a!.name);
    const pre = chainsAt(t, 'PREROUTING');
    expect(pre[0]).toBe('ip kube-proxy filter-prerouting-pre-dnat');
    expect(pre.indexOf('ip kube-proxy nat-prerouting')).toBeLessThan(pre.indexOf('nat PREROUTING'));
    expect(t.hops.some((h) => h.table === 'nat' && h.rule?.includes('DNAT --to-destination'))).toBe(true);
  });

  it("sets NAT up once: once kube-proxy masquerades, the iptables nat chains of the hook (kindnetd's) do not run", () => {
    const t = trace(dp, req('host:laptop', nodeIp('kind-worker2'), web.ports[0]!.nodePort!));
    const post = t.hops.filter(
      (h) => h.kind === 'rule' && h.hook === 'POSTROUTING' && h.direction === 'request' && h.where.ns === 'node:kind-worker2',
    );
    expect(post.map((h) => `${h.table} ${h.chain}`)).toEqual(['ip kube-proxy nat-postrouting', 'ip kube-proxy masquerading']);
    // Without the NAT, kindnetd's jump (the pod is not a local address) would be taken.
    const toPod = trace(dp, req('node:kind-worker2', t.hops.find((h) => h.explain.code === 'nft.numgen-dnat')!.after.dst, 80));
    expect(toPod.hops.some((h) => h.table === 'nat' && h.chain === 'POSTROUTING' && h.rule?.includes('KIND-MASQ-AGENT'))).toBe(true);
  });

  it('rejects a port the cluster IP has no service port for, and drops an address of the service range no service has', () => {
    const from = `pod:default/${a!.name}`;
    const wrongPort = trace(dp, req(from, web.clusterIP, 81));
    expect(wrongPort.verdict).toBe('rejected');
    expect(wrongPort.hops.find((h) => h.explain.code === 'nft.reject-port')?.chain).toBe('cluster-ips-check');
    const unallocated = trace(dp, req(from, '10.96.200.200', 80));
    expect(unallocated.verdict).toBe('dropped');
    expect(unallocated.hops.some((h) => h.explain.code === 'nft.drop-unallocated')).toBe(true);
  });

  it('a pod that reaches itself through its service is masqueraded by @hairpin-connections', () => {
    const hits = traceMany(dp, req(`pod:default/${a!.name}`, web.clusterIP, 80), 20).traces;
    const self = hits.find((t) => t.deliveredTo?.name === a!.name)!;
    expect(self.hops.some((h) => h.explain.code === 'nft.hairpin-masquerade')).toBe(true);
    expect(self.serverSees?.ip).not.toBe(a!.ip);
    const other = hits.find((t) => t.deliveredTo?.name === b!.name)!;
    expect(other.serverSees?.ip).toBe(a!.ip);
  });

  it('gives each endpoint 1/N of new connections, as numgen random mod N draws', () => {
    const shares = serviceShares(dp, 'kind-worker', web.clusterIP, 80, 'tcp')!;
    expect(shares.map((s) => s.share)).toEqual([0.5, 0.5]);
    expect(new Set(shares.map((s) => s.endpoint))).toEqual(new Set(pods.map((p) => `${p.ip}:80`)));
  });
});
