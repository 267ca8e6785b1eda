/** `nft list …` on a node: kube-proxy's table in nftables mode, as the CLI's nft command prints it; read-only. */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { simulate } from '../../src/core/index.ts';
import { nsId } from '../../src/core/namespace-id.ts';
import { indexOf } from '../../src/core/dataplane/lookup.ts';
import { nftListRuleset } from '../../src/core/nftables/print.ts';
import { textShell } from '../../src/terminal/index.ts';
import { fixture } from '../helpers.ts';

const KIND_NFT = fixture('kind-nftables.yaml');
/** A real kind node lists the tables iptables-nft keeps for kubelet's, kindnetd's and portmap's rules; we say so. */
const IPTABLES_NFT_NOTE =
  "# kube-netplay: this node's iptables rules live in nftables tables too (iptables-nft: table ip filter, table ip nat, table ip mangle), which a real node lists here, each under nft's warning that iptables-nft manages it; the playground shows them with iptables-save.";
const worker = () => textShell(KIND_NFT, { node: 'kind-worker' });
const ns = indexOf(buildDataplane(simulate(KIND_NFT).state)).namespace(nsId.node('kind-worker'))!;

describe('nft on a kind node in nftables mode', () => {
  it("nft list ruleset prints the node's kube-proxy table, the text nft -f round-trips in the kernel suite", () => {
    expect(worker().run('nft list ruleset')).toBe(`${nftListRuleset(ns.nftables!)}${IPTABLES_NFT_NOTE}\n`);
    expect(worker().run('nft list tables')).toBe('table ip kube-proxy\n');
  });

  it('lists one chain or map inside its table, and names what is missing as nft does', () => {
    expect(worker().run('nft list chain ip kube-proxy services')).toMatch(
      /^table ip kube-proxy \{\n\tchain services \{\n\t\tip daddr @cluster-ips ip saddr != 10\.244\.0\.0\/16 meta mark set meta mark \| 0x00004000 comment "masquerade clusterIP traffic from outside cluster"\n/,
    );
    expect(worker().run('nft list map ip kube-proxy service-nodeports')).toContain(
      '\tmap service-nodeports {\n\t\ttype inet_proto . inet_service : verdict\n',
    );
    expect(worker().run('nft list chain ip kube-proxy nosuch')).toBe(
      'Error: No such file or directory\nlist chain ip kube-proxy nosuch\n                         ^^^^^^\n',
    );
  });

  it('changes nothing: the rules come from the manifests', () => {
    expect(worker().run('nft flush ruleset')).toContain('edit them');
  });

  it('has no kube-proxy table on a kind node in iptables mode, and says where its iptables-nft tables are shown', () => {
    expect(textShell(fixture('kind.yaml'), { node: 'kind-worker' }).run('nft list ruleset')).toBe(`${IPTABLES_NFT_NOTE}\n`);
    // The book's nodes run Docker on a 2016 kernel's legacy iptables: nothing to say there.
    expect(textShell(fixture('three-replicas.yaml')).run('nft list ruleset')).toBe('');
  });
});
