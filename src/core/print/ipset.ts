/**
 * A node's ipsets as `ipset list` prints them (ipset v7.17), and as `ipset save` writes them (the
 * lines `ipset restore` loads). Each set's initval is the kernel's random hash seed: ours is drawn
 * from the set's name. Size in memory follows what v7.17 reports for a small set (a base per
 * type, 64 bytes a member); References counts the rules of the node that match the set.
 */
import type { IpSet } from '../dataplane/model.ts';
import { hash53 } from '../hash.ts';
import type { Ruleset } from '../netfilter/ruleset.ts';

/** Each type's revision and empty size in the kernel that ipset v7.17 runs on. */
const TYPES: Readonly<Record<string, { revision: number; base: number }>> = {
  'hash:ip': { revision: 6, base: 216 },
  'hash:net': { revision: 7, base: 456 },
  'hash:ip,port': { revision: 7, base: 216 },
  'hash:ip,port,ip': { revision: 6, base: 208 },
  'hash:ip,port,net': { revision: 8, base: 464 },
  'bitmap:port': { revision: 3, base: 8264 },
};

const bitmap = (set: IpSet) => set.type.startsWith('bitmap:');

function createOptions(set: IpSet): string {
  if (bitmap(set)) return 'range 0-65535';
  const initval = `0x${(hash53(`ipset/${set.name}`) >>> 0).toString(16).padStart(8, '0')}`;
  return `family inet hashsize 1024 maxelem 65536${set.timeout === 0 ? ' timeout 0' : ''} bucketsize 12 initval ${initval}`;
}

function memberText(set: IpSet, member: string): string {
  return `${member}${set.timeout === 0 ? ' timeout 0' : ''}${set.nomatch?.includes(member) ? ' nomatch' : ''}`;
}

function references(set: IpSet, rules: Ruleset | undefined): number {
  let n = 0;
  for (const table of rules?.values() ?? [])
    for (const chain of table.chains.values())
      for (const r of chain.rules) if (r.matches.some((m) => m.m === 'set' && m.name === set.name)) n++;
  return n;
}

/** `ipset list` (or `ipset list NAME` with `only`). */
export function ipsetList(sets: readonly IpSet[], rules?: Ruleset): string {
  return sets
    .map((set) => {
      const t = TYPES[set.type] ?? { revision: 1, base: 216 };
      return [
        `Name: ${set.name}`,
        `Type: ${set.type}`,
        `Revision: ${t.revision}`,
        `Header: ${createOptions(set)}`,
        `Size in memory: ${bitmap(set) ? t.base : t.base + 64 * set.members.length}`,
        `References: ${references(set, rules)}`,
        `Number of entries: ${set.members.length}`,
        'Members:',
        ...set.members.map((m) => memberText(set, m)),
      ].join('\n');
    })
    .join('\n\n');
}

/** `ipset save`: what `ipset restore` loads. */
export function ipsetSave(sets: readonly IpSet[]): string {
  return sets
    .flatMap((set) => [
      `create ${set.name} ${set.type} ${createOptions(set)}`,
      ...set.members.map((m) => `add ${set.name} ${memberText(set, m)}`),
    ])
    .join('\n');
}
