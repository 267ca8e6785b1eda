/**
 * Our ruleset against the expected output of kube-proxy's own nftables proxier test
 * (pkg/proxy/nftables/proxier_test.go, TestOverallNFTablesRules), for the inputs a scenario can
 * express: svc1 (one endpoint) and svc4 (two endpoints and an external IP), service CIDR
 * 172.30.0.0/16, cluster CIDR 10.0.0.0/8 (tests/fixtures/kube-proxy-nft-upstream.yaml). The test
 * writes knftables' transaction form (`add rule ip kube-proxy CHAIN …`); the lines below are our own
 * transcription of its v1.36-era expectations into the form `nft list ruleset` prints, whose
 * correspondence (`dnat ip addr . port to` → `dnat ip to`, `mark set mark or 0x4000` →
 * `meta mark set meta mark | 0x00004000`) the kernel suite checks with nft -f.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { indexOf } from '../../src/core/dataplane/lookup.ts';
import { simulate } from '../../src/core/index.ts';
import { nsId } from '../../src/core/namespace-id.ts';
import { nftListRuleset } from '../../src/core/nftables/print.ts';
import { fixture } from '../helpers.ts';

const sim = simulate(fixture('kube-proxy-nft-upstream.yaml'));
const listing = nftListRuleset(indexOf(buildDataplane(sim.state)).namespace(nsId.node('kind-worker'))!.nftables!);

/** The rules of one chain's block. */
function chain(name: string): string[] {
  const lines = listing.split('\n');
  const start = lines.indexOf(`\tchain ${name} {`);
  if (start < 0) return [];
  const end = lines.indexOf('\t}', start);
  return lines.slice(start + 1, end).map((l) => l.trim());
}

describe("kube-proxy's nftables proxier test, svc1 and svc4", () => {
  it('has no errors in the fixture', () => {
    expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('svc1: the chain name hashes as upstream (ULMVA6XW) and DNATs by numgen random mod 1 to its one endpoint', () => {
    expect(chain('service-ULMVA6XW-ns1/svc1/tcp/p80')).toEqual([
      'meta l4proto tcp dnat ip to numgen random mod 1 map { 0 : 10.180.0.1 . 80 }',
    ]);
    expect(listing).toContain('172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80');
  });

  it('svc4: two endpoints in one numgen map, its external IP sent to external-LAUZTJTB, which marks and goes to the service chain', () => {
    expect(chain('service-LAUZTJTB-ns4/svc4/tcp/p80')).toEqual([
      'meta l4proto tcp dnat ip to numgen random mod 2 map { 0 : 10.180.0.4 . 80, 1 : 10.180.0.5 . 80 }',
    ]);
    expect(listing).toContain('172.30.0.44 . tcp . 80 : goto service-LAUZTJTB-ns4/svc4/tcp/p80');
    expect(listing).toContain('192.168.99.33 . tcp . 80 : goto external-LAUZTJTB-ns4/svc4/tcp/p80');
    expect(chain('external-LAUZTJTB-ns4/svc4/tcp/p80')).toEqual([
      'meta mark set meta mark | 0x00004000',
      'goto service-LAUZTJTB-ns4/svc4/tcp/p80',
    ]);
  });

  it('the base rules: cluster-ips, the outside-cluster mark in services, masquerading with @hairpin-connections', () => {
    expect(listing).toMatch(
      /set cluster-ips \{\n\t\ttype ipv4_addr\n\t\tcomment "Active ClusterIPs"\n\t\telements = \{ [^}]*172\.30\.0\.41[^}]*172\.30\.0\.44[^}]*\}/,
    );
    expect(chain('services')[0]).toBe(
      'ip daddr @cluster-ips ip saddr != 10.0.0.0/8 meta mark set meta mark | 0x00004000 comment "masquerade clusterIP traffic from outside cluster"',
    );
    expect(chain('masquerading')).toEqual([
      'meta mark & 0x00004000 != 0x00000000 meta mark set meta mark ^ 0x00004000 masquerade fully-random',
      'ct status dnat ip saddr . ip daddr . meta l4proto . th dport @hairpin-connections masquerade fully-random',
    ]);
    expect(chain('cluster-ips-check')).toEqual([
      'ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"',
      'ip daddr 172.30.0.0/16 drop comment "Drop traffic to unallocated ClusterIPs"',
    ]);
  });
});
