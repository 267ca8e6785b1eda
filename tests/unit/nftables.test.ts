import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { indexOf } from '../../src/core/dataplane/lookup.ts';
import { nftChainName } from '../../src/core/dataplane/kind/kube-proxy-nft.ts';
import { nsId } from '../../src/core/namespace-id.ts';
import type { NftTable } from '../../src/core/nftables/model.ts';
import { nftListRuleset } from '../../src/core/nftables/print.ts';

const KIND_NFT = readFileSync('tests/fixtures/kind-nftables.yaml', 'utf8');

function nodeRuleset(text: string, node: string) {
  const sim = simulate(text);
  return indexOf(buildDataplane(sim.state)).namespace(nsId.node(node))!;
}

describe('nft list ruleset printer', () => {
  // Expected text: what nft v1.0.6 printed for the same elements loaded with nft -f (kernel 6.18).
  it('sorts and wraps elements as nft does: addresses numerically two a line, concatenations one a line by their last byte first', () => {
    const table: NftTable = {
      family: 'ip',
      name: 't',
      sets: [
        {
          name: 'a',
          map: false,
          key: ['ipv4_addr'],
          elements: ['10.100.192.23', '10.96.45.10', '10.96.0.1', '172.18.0.3', '10.96.0.10'].map((ip) => ({ key: [ip] })),
        },
        {
          name: 'm',
          map: true,
          key: ['ipv4_addr', 'inet_proto', 'inet_service'],
          elements: [
            { key: ['10.96.0.1', 'tcp', '443'], verdict: { v: 'drop' } },
            { key: ['10.100.192.23', 'tcp', '80'], verdict: { v: 'accept' } },
            { key: ['10.96.45.10', 'tcp', '80'], verdict: { v: 'drop' } },
            { key: ['10.96.0.10', 'udp', '53'], verdict: { v: 'drop' } },
          ],
        },
      ],
      chains: [],
    };
    expect(nftListRuleset([table])).toBe(
      [
        'table ip t {',
        '\tset a {',
        '\t\ttype ipv4_addr',
        '\t\telements = { 10.96.0.1, 10.96.0.10,',
        '\t\t\t     10.96.45.10, 10.100.192.23,',
        '\t\t\t     172.18.0.3 }',
        '\t}',
        '',
        '\tmap m {',
        '\t\ttype ipv4_addr . inet_proto . inet_service : verdict',
        '\t\telements = { 10.96.0.10 . udp . 53 : drop,',
        '\t\t\t     10.96.45.10 . tcp . 80 : drop,',
        '\t\t\t     10.100.192.23 . tcp . 80 : accept,',
        '\t\t\t     10.96.0.1 . tcp . 443 : drop }',
        '\t}',
        '}',
        '',
      ].join('\n'),
    );
  });
});

describe("kube-proxy's nftables mode on the kind profile (v1.36)", () => {
  it("names chains as kube-proxy does (the hash a v1.36.2 node shows for default/kubernetes's https port)", () => {
    expect(nftChainName('service-', 'default/kubernetes/tcp/https')).toBe('service-2QRHZV4L-default/kubernetes/tcp/https');
  });

  it('writes kube-proxy nothing in iptables: the node keeps kubelet, kindnetd and portmap rules there', () => {
    const ns = nodeRuleset(KIND_NFT, 'kind-worker');
    const save = [...ns.iptables.values()].flatMap((t) => [...t.chains.keys()]);
    expect(
      save.filter((c) => c.startsWith('KUBE-') && !['KUBE-FIREWALL', 'KUBE-KUBELET-CANARY', 'KUBE-IPTABLES-HINT'].includes(c)),
    ).toEqual([]);
    expect(save).toContain('KIND-MASQ-AGENT');
    expect(save).toContain('CNI-HOSTPORT-DNAT');
  });

  it('balances a service with one numgen rule over its endpoints sorted by address text, and maps its cluster IP and node port to it', () => {
    const text = nftListRuleset(nodeRuleset(KIND_NFT, 'kind-worker').nftables ?? []);
    const service =
      /\tchain (service-\w{8}-default\/web\/tcp\/http) \{\n\t\tmeta l4proto tcp dnat ip to numgen random mod 2 map \{ 0 : (\S+) \. 80, 1 : (\S+) \. 80 \}\n/.exec(
        text,
      );
    expect(service).not.toBeNull();
    expect(`${service![2]}:80` < `${service![3]}:80`).toBe(true);
    expect(text).toMatch(new RegExp(`\\. tcp \\. 80 : goto ${service![1]!.replace(/[/]/g, '\\/')}`));
    expect(text).toMatch(/tcp \. \d+ : goto external-\w{8}-default\/web\/tcp\/http/);
    expect(text).toContain(
      '\tset nodeport-ips {\n\t\ttype ipv4_addr\n\t\tcomment "IPs that accept NodePort traffic"\n\t\telements = { 172.18.0.3 }\n\t}',
    );
  });

  it('refuses a service without endpoints through reject-chain, keyed by its cluster IP', () => {
    const text = KIND_NFT.replace('replicas: 2', 'replicas: 0');
    const out = nftListRuleset(nodeRuleset(text, 'kind-worker').nftables ?? []);
    expect(out).toMatch(/\. tcp \. 80 comment "default\/web:http" : goto reject-chain/);
    expect(out).toMatch(/tcp \. \d+ comment "default\/web:http" : goto reject-chain/);
    expect(out).not.toContain('chain service-SUSTUHLJ');
  });
});
