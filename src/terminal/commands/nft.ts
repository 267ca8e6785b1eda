/**
 * `nft list …` on a node: kube-proxy's table in nftables mode, as nft v1.0.6 lists it. A real kind
 * node's ruleset also holds the tables iptables-nft keeps for kubelet's, kindnetd's and portmap's
 * iptables rules (kind's kindnetd writes iptables rules through go-iptables, no table of its own);
 * those are not printed in nft's syntax here, and `nft list ruleset` says so on stderr, pointing at
 * iptables-save. Read-only: the rules come from the manifests.
 */
import { nftListRuleset, nftListTable } from '../../core/nftables/print.ts';
import type { NftTable } from '../../core/nftables/model.ts';
import type { Command } from '../types.ts';

const FAMILIES = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'];

/** nft's error for what a listing names but the kernel does not have, with the words underlined. */
function noSuch(words: readonly string[], at: number): { err: string; code: number } {
  const line = words.join(' ');
  const start = words.slice(0, at).join(' ').length + (at > 0 ? 1 : 0);
  return { err: `Error: No such file or directory\n${line}\n${' '.repeat(start)}${'^'.repeat(words[at]?.length ?? 1)}`, code: 1 };
}

export const nft: Command = (args, env) => {
  const words = args.filter((a) => a !== '-a' && a !== '--handle' && a !== '-n');
  const tables: readonly NftTable[] = env.here.ns.nftables ?? [];
  if (words[0] !== 'list')
    return words.length === 0 ? { err: 'Error: no command specified', code: 1 } : { err: env.session.words().computedNetwork, code: 1 };
  const what = words[1];
  if (what === 'ruleset') {
    const kept = [...env.here.ns.iptables].filter(([, t]) => t.chains.size > 0).map(([name]) => name);
    if (env.data.state.cluster.runtime !== 'containerd' || kept.length === 0) return { out: nftListRuleset(tables) };
    return {
      out: nftListRuleset(tables),
      err: env.session.words().nftIptablesTables(kept.map((t) => `table ip ${t}`).join(', ')),
    };
  }
  if (what === 'tables') return { out: tables.map((t) => `table ${t.family} ${t.name}\n`).join('') };
  if (what !== 'table' && what !== 'chain' && what !== 'set' && what !== 'map')
    return { err: `Error: syntax error, unexpected ${what ?? 'end of file'}\nnft ${words.join(' ')}`, code: 1 };
  // `list table [family] NAME`, `list chain|set|map [family] TABLE NAME`.
  const rest = words.slice(2);
  const family = FAMILIES.includes(rest[0] ?? '') ? rest.shift()! : 'ip';
  const offset = words.length - rest.length;
  const table = tables.find((t) => t.family === family && t.name === rest[0]);
  if (!table) return noSuch(['list', ...words.slice(1)], offset);
  if (what === 'table') return { out: nftListTable(table) };
  const name = rest[1];
  const found =
    what === 'chain' ? table.chains.some((c) => c.name === name) : table.sets.some((s) => s.name === name && s.map === (what === 'map'));
  if (!found) return noSuch(['list', ...words.slice(1)], offset + 1);
  return { out: nftListTable(table, what === 'chain' ? { chain: name! } : { set: name! }) };
};
