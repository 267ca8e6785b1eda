/**
 * kubelet's localnet rule (v1.18.4+, CVE-2020-8558) and what the kernel does with 127.0.0.0/8 on
 * a link: route_localnet lets a node port answer on 127.0.0.1, and would let a neighbour reach
 * the node's localhost too, but KUBE-FIREWALL drops a new connection to 127.0.0.0/8 from anywhere
 * else unless conntrack says it was DNATed there (`--ctstate DNAT`).
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import type { Dataplane, NetNamespace } from '../../src/core/dataplane/model.ts';
import { simulate } from '../../src/core/index.ts';
import { nsId, type NamespaceId } from '../../src/core/namespace-id.ts';
import { iptablesSave, RulesetBuilder, type Ruleset } from '../../src/core/netfilter/ruleset.ts';
import { trace, type Trace, type TraceRequest } from '../../src/core/trace/index.ts';
import { english } from '../../src/i18n/words.ts';
import { LAB_TEXT, cluster, fixture, scenario } from '../helpers.ts';

const LOCALNET_RULE =
  '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP';

function lab(mode: 'iptables' | 'userspace' | 'ipvs'): Dataplane {
  return dataplaneOf(scenario(cluster({ kubeProxyMode: mode }), LAB_TEXT));
}

/** Three replicas behind a NodePort service (iptables mode). */
function withNodePort(): Dataplane {
  return dataplaneOf(fixture('three-replicas.yaml'));
}

function dataplaneOf(text: string): Dataplane {
  const sim = simulate(text);
  expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return buildDataplane(sim.state);
}

function req(from: string, to: string, via?: string): TraceRequest {
  const [ip, port] = to.split(':');
  return { from: from as NamespaceId, to: { ip: ip!, port: Number(port) }, proto: 'tcp', ...(via ? { via } : {}) };
}

const nodePortOf = (dp: Dataplane) => {
  const save = iptablesSave(dp.namespaces.find((n) => n.id === nsId.node('k8smaster01'))!.iptables, 'nat');
  return Number(/-A KUBE-NODEPORTS -p tcp .*--dport (\d+) -j KUBE-SVC-/.exec(save)![1]);
};
const decidedBy = (t: Trace) => t.hops.filter((h) => h.kind === 'rule').at(-1)?.rule;

/** The node's ruleset with `line` written first in its table's chain. */
function withRule(ns: NetNamespace, table: 'nat' | 'filter', line: string): Ruleset {
  const b = new RulesetBuilder();
  for (const [name, t] of ns.iptables)
    for (const [chain, c] of t.chains) {
      b.chain(name, chain);
      if (c.policy) b.policy(name, chain, c.policy);
      b.addRules(name, c.rules);
    }
  b.prepend(table, line);
  return b.build();
}

describe("kubelet's KUBE-FIREWALL localnet rule", () => {
  it('is written as kubelet v1.18.4+ writes it, after the marked-packet drop, on every node in every kube-proxy mode', () => {
    for (const mode of ['iptables', 'ipvs', 'userspace'] as const) {
      const nodes = lab(mode).namespaces.filter((n) => n.kind === 'node');
      expect(nodes.length).toBeGreaterThan(1);
      for (const node of nodes) {
        const filter = iptablesSave(node.iptables, 'filter').split('\n');
        expect(
          filter.filter((l) => l.startsWith('-A KUBE-FIREWALL')),
          `${mode} ${node.id}`,
        ).toEqual([
          '-A KUBE-FIREWALL -m comment --comment "kubernetes firewall for dropping marked packets" -m mark --mark 0x8000/0x8000 -j DROP',
          LOCALNET_RULE,
        ]);
        // kubelet's jump is the last of INPUT's and OUTPUT's (kube-proxy puts its own in front).
        for (const chain of ['INPUT', 'OUTPUT'])
          expect(filter.filter((l) => l.startsWith(`-A ${chain} `)).at(-1), `${mode} ${node.id} ${chain}`).toBe(
            `-A ${chain} -j KUBE-FIREWALL`,
          );
      }
    }
  });

  it("comes with kubelet's marks and masquerade in the nat table, written once, in every kube-proxy mode (userspace too)", () => {
    for (const mode of ['iptables', 'ipvs', 'userspace'] as const)
      for (const node of lab(mode).namespaces.filter((n) => n.kind === 'node')) {
        const nat = iptablesSave(node.iptables, 'nat').split('\n');
        const where = `${mode} ${node.id}`;
        for (const chain of ['KUBE-MARK-DROP', 'KUBE-MARK-MASQ', 'KUBE-POSTROUTING']) expect(nat, where).toContain(`:${chain} - [0:0]`);
        expect(
          nat.filter((l) => l.startsWith('-A KUBE-MARK-')),
          where,
        ).toEqual(['-A KUBE-MARK-DROP -j MARK --set-xmark 0x8000/0x8000', '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000']);
        expect(
          nat.filter((l) => l.includes('requiring SNAT')),
          where,
        ).toEqual([
          '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -m mark --mark 0x4000/0x4000 -j MASQUERADE --random-fully',
        ]);
        expect(nat.filter((l) => l.startsWith('-A POSTROUTING ')).at(0), where).toBe(
          '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
        );
      }
  });

  it('drops a connection a neighbour sends to the node on 127.0.0.1 (route_localnet is on), with the rule explained', () => {
    const t = trace(lab('iptables'), req('host:laptop', '127.0.0.1:6443', '172.24.8.71'));
    expect(t.verdict).toBe('dropped');
    expect(decidedBy(t)).toBe(LOCALNET_RULE);
    const hop = t.hops.find((h) => h.rule === LOCALNET_RULE)!;
    expect(english(hop.explain)).toContain('CVE-2020-8558');
  });

  it('the same packet is a martian destination where route_localnet is off (userspace mode)', () => {
    const t = trace(lab('userspace'), req('host:laptop', '127.0.0.1:6443', '172.24.8.71'));
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatchObject({ code: 'fail.martian-destination', params: { dst: '127.0.0.1', iface: 'eth0' } });
  });

  it('a node port on 127.0.0.1 from the node itself still answers: its source is 127.0.0.1, its reply ESTABLISHED', () => {
    const dp = withNodePort();
    const t = trace(dp, req('node:k8smaster01', `127.0.0.1:${nodePortOf(dp)}`));
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo).toMatchObject({ kind: 'pod' });
  });

  it('a neighbour sending to 127.0.0.1:<node port> is DNATed to the pod; the reply from 127.0.0.1 is a martian source at the laptop', () => {
    const dp = withNodePort();
    const t = trace(dp, req('host:laptop', `127.0.0.1:${nodePortOf(dp)}`, '172.24.8.71'));
    expect(t.hops.some((h) => h.target?.t === 'DNAT' && h.direction === 'request')).toBe(true);
    expect(t.hops.some((h) => h.rule === LOCALNET_RULE)).toBe(false);
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toMatchObject({ code: 'fail.martian-source', params: { src: '127.0.0.1' } });
  });

  it('--ctstate DNAT: a connection DNATed to 127.0.0.1 from a node address passes; the same without the DNAT is dropped', () => {
    const dp = lab('iptables');
    const id = nsId.node('k8smaster01');
    const dnat = '-A OUTPUT -d 172.24.8.71/32 -p tcp -m tcp --dport 7000 -j DNAT --to-destination 127.0.0.1:6443';
    const patched: Dataplane = {
      ...dp,
      namespaces: dp.namespaces.map((n) => (n.id === id ? { ...n, iptables: withRule(n, 'nat', dnat) } : n)),
    };
    const passed = trace(patched, req('node:k8smaster01', '172.24.8.71:7000'));
    expect(passed.verdict).toBe('delivered');
    expect(passed.deliveredTo).toMatchObject({ kind: 'node', process: 'kube-apiserver' });
    expect(passed.hops.some((h) => h.rule === dnat)).toBe(true);

    // Control: the same connection where the rule leaves DNAT out of its states is dropped at OUTPUT.
    const strict = LOCALNET_RULE.replace('RELATED,ESTABLISHED,DNAT', 'RELATED,ESTABLISHED').replace('-A KUBE-FIREWALL', '-A OUTPUT');
    const control: Dataplane = {
      ...patched,
      namespaces: patched.namespaces.map((n) => (n.id === id ? { ...n, iptables: withRule(n, 'filter', strict) } : n)),
    };
    const dropped = trace(control, req('node:k8smaster01', '172.24.8.71:7000'));
    expect(dropped.verdict).toBe('dropped');
    expect(decidedBy(dropped)).toBe(strict);
  });
});
