/**
 * Two of kube-proxy's own flags, set in the Cluster document, as the v1.18 proxiers read them:
 * --nodeport-addresses (nodePortAddresses: node ports answer only on the node's addresses in those
 * ranges) and running without --cluster-cidr (clusterCIDR: "": no rule that names the pods' range).
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import type { Dataplane } from '../../src/core/dataplane/model.ts';
import { simulate } from '../../src/core/index.ts';
import { nsId, type NamespaceId } from '../../src/core/namespace-id.ts';
import { iptablesSave } from '../../src/core/netfilter/ruleset.ts';
import { kubeProxyUnit } from '../../src/core/print/node-files.ts';
import { trace, traceMany, type TraceRequest } from '../../src/core/trace/index.ts';
import { fixture } from '../helpers.ts';

const FLAGS = fixture('kube-proxy-flags.yaml');
const NODEPORT_LAST = '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain"';

/** The fixture with its Cluster document's flag lines replaced. */
function variant(lines: { clusterCIDR?: string; nodePortAddresses?: string; mode?: string }): string {
  let text = FLAGS;
  if (lines.clusterCIDR !== undefined) text = text.replace('  clusterCIDR: ""\n', lines.clusterCIDR);
  if (lines.nodePortAddresses !== undefined) text = text.replace('  nodePortAddresses:\n  - 172.24.8.0/24\n', lines.nodePortAddresses);
  if (lines.mode) text = text.replace('kubeProxyMode: iptables', `kubeProxyMode: ${lines.mode}`);
  return text;
}

function load(text: string) {
  const sim = simulate(text);
  expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { sim, dp: buildDataplane(sim.state) };
}

function save(dp: Dataplane, node: string, table: 'nat' | 'filter'): string[] {
  return iptablesSave(dp.namespaces.find((n) => n.id === nsId.node(node))!.iptables, table).split('\n');
}

function req(from: string, to: string): TraceRequest {
  const [ip, port] = to.split(':');
  return { from: from as NamespaceId, to: { ip: ip!, port: Number(port) }, proto: 'tcp' };
}

describe('nodePortAddresses (--nodeport-addresses)', () => {
  it("KUBE-SERVICES jumps to KUBE-NODEPORTS for each of the node's own addresses in the ranges, not for every local one", () => {
    const { dp } = load(FLAGS);
    for (const [node, ip] of [
      ['k8smaster01', '172.24.8.71'],
      ['k8smaster03', '172.24.8.73'],
    ]) {
      const nat = save(dp, node!, 'nat');
      expect(nat.filter((l) => l.includes('-j KUBE-NODEPORTS'))).toEqual([
        `-A KUBE-SERVICES -d ${ip}/32 ${NODEPORT_LAST} -j KUBE-NODEPORTS`,
      ]);
      expect(nat.filter((l) => l.startsWith('-A KUBE-SERVICES ')).at(-1)).toBe(
        `-A KUBE-SERVICES -d ${ip}/32 ${NODEPORT_LAST} -j KUBE-NODEPORTS`,
      );
    }
  });

  it('a range holding 127.0.0.1 and docker0 gets a rule for each, in the order lo, eth0, docker0; 0.0.0.0/0 is every local address', () => {
    const { dp } = load(variant({ nodePortAddresses: '  nodePortAddresses: [172.17.1.0/24, 127.0.0.0/8]\n' }));
    expect(save(dp, 'k8smaster01', 'nat').filter((l) => l.includes('-j KUBE-NODEPORTS') && l.startsWith('-A KUBE-SERVICES'))).toEqual([
      `-A KUBE-SERVICES -d 127.0.0.1/32 ${NODEPORT_LAST} -j KUBE-NODEPORTS`,
      `-A KUBE-SERVICES -d 172.17.1.1/32 ${NODEPORT_LAST} -j KUBE-NODEPORTS`,
    ]);
    const all = load(variant({ nodePortAddresses: '  nodePortAddresses: [10.0.0.0/8, 0.0.0.0/0]\n' })).dp;
    expect(save(all, 'k8smaster01', 'nat')).toContain(`-A KUBE-SERVICES ${NODEPORT_LAST} -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`);
  });

  it('the node port stops answering on 127.0.0.1 (nothing listens there: refused) and still answers on eth0', () => {
    const { dp } = load(FLAGS);
    const local = trace(dp, req('node:k8smaster01', '127.0.0.1:30080'));
    expect(local.verdict).toBe('refused');
    expect(local.hops.some((h) => h.chain === 'KUBE-NODEPORTS')).toBe(false);
    expect(trace(dp, req('host:laptop', '172.24.8.71:30080')).verdict).toBe('delivered');
    // Without the flag the same node port answers on 127.0.0.1 (route_localnet is on).
    const open = load(variant({ nodePortAddresses: '' })).dp;
    expect(trace(open, req('node:k8smaster01', '127.0.0.1:30080')).verdict).toBe('delivered');
  });

  it('ipvs mode: a node whose address is outside the ranges gets no node port virtual server', () => {
    const outside = load(variant({ mode: 'ipvs', nodePortAddresses: '  nodePortAddresses: [172.24.8.72/32]\n' })).dp;
    const nodePortServers = (node: string) => outside.nodes.find((n) => n.node === node)!.ipvs.filter((v) => v.port === 30080);
    expect(nodePortServers('k8smaster01')).toEqual([]);
    expect(nodePortServers('k8smaster02').map((v) => v.ip)).toEqual(['172.24.8.72']);
  });

  it('a bad range is refused at its line; in userspace mode the flag is warned as not simulated; kube-proxy prints it', () => {
    const bad = simulate(variant({ nodePortAddresses: '  nodePortAddresses: [172.24.8.0/24, 172.24.8]\n' }));
    const errors = bad.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.message)).toEqual(['spec.nodePortAddresses[1]: Invalid value: "172.24.8": must be a valid IP block']);
    expect(errors[0]!.line).toBe(14);
    const userspace = simulate(variant({ mode: 'userspace' }));
    expect(userspace.diagnostics.find((d) => d.severity === 'warning' && d.message.includes('nodePortAddresses'))?.line).toBe(14);
    const { sim } = load(FLAGS);
    const unit = kubeProxyUnit(sim.state.cluster, sim.state.cluster.nodes[0]!, sim.state.cluster.nodes[0]!);
    expect(unit).toContain('--nodeport-addresses=172.24.8.0/24');
    expect(unit).not.toContain('--cluster-cidr');
  });
});

describe('kube-proxy without --cluster-cidr (clusterCIDR: "")', () => {
  const { sim, dp } = load(FLAGS);
  const withCidr = load(variant({ clusterCIDR: '' })).dp;

  it('pod subnets still come from 172.17.0.0/16; kube-proxy has no cluster CIDR', () => {
    expect(sim.state.cluster.nodes.map((n) => n.podSubnet)).toEqual(['172.17.1.0/24', '172.17.2.0/24', '172.17.3.0/24']);
    expect(sim.state.cluster.kubeProxyClusterCIDR).toBeUndefined();
  });

  it('no cluster IP masquerade rule, no pod conntrack rules in KUBE-FORWARD, no pod redirect in KUBE-XLB', () => {
    const nat = save(dp, 'k8smaster01', 'nat');
    const filter = save(dp, 'k8smaster01', 'filter');
    expect(nat.filter((l) => l.includes('cluster IP') && l.endsWith('-j KUBE-MARK-MASQ'))).toEqual([]);
    expect(nat.filter((l) => l.includes('Redirect pods'))).toEqual([]);
    expect(filter.filter((l) => l.startsWith('-A KUBE-FORWARD'))).toEqual([
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
    ]);
    // With the flag, the same three kinds of rule name 172.17.0.0/16.
    const withNat = save(withCidr, 'k8smaster01', 'nat');
    expect(withNat.filter((l) => l.startsWith('-A KUBE-SERVICES ! -s 172.17.0.0/16') && l.endsWith('-j KUBE-MARK-MASQ'))).toHaveLength(4);
    expect(withNat.some((l) => l.includes('-s 172.17.0.0/16 -m comment --comment "Redirect pods'))).toBe(true);
    expect(save(withCidr, 'k8smaster01', 'filter').filter((l) => l.includes('conntrack pod'))).toHaveLength(2);
  });

  it("a node's connection to a cluster IP keeps its eth0 address where the flag would have masqueraded it", () => {
    const echo = sim.state.services.find((s) => s.name === 'echo')!.clusterIP;
    const seen = (d: Dataplane) =>
      traceMany(d, req('node:k8smaster01', `${echo}:80`), 40)
        .outcomes.filter((o) => o.deliveredTo?.kind === 'pod' && o.deliveredTo.name.endsWith('7l4r4'))
        .map((o) => o.serverSees?.ip);
    expect(seen(dp)).toEqual(['172.24.8.71']); // not marked: the source the route chose
    expect(seen(withCidr)).toEqual(['172.17.1.1']); // marked, masqueraded out of docker0
  });

  it('externalTrafficPolicy: Local serves a pod like any outside client: dropped by its own node, which has no endpoint', () => {
    const far = trace(dp, req('pod:default/client', '172.24.8.73:30081'));
    expect(far.verdict).toBe('dropped');
    expect(far.hops.some((h) => h.rule?.endsWith('has no local endpoints" -j KUBE-MARK-DROP'))).toBe(true);
    expect(trace(withCidr, req('pod:default/client', '172.24.8.73:30081')).verdict).toBe('delivered');
  });

  it('ipvs mode masquerades only what a node sends from a cluster IP', () => {
    const ipvs = load(variant({ mode: 'ipvs' })).dp;
    expect(save(ipvs, 'k8smaster01', 'nat')).toContain(
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP src,dst -j KUBE-MARK-MASQ',
    );
  });
});
