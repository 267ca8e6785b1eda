/**
 * One iptables grammar: every rule the dataplane writes, in every built-in scenario and every
 * kube-proxy mode, parses into matches, modules and a target that print back to the very line
 * iptables-save prints (the listings and the tracer read that parse, never the text).
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { setKubeProxyMode } from '../../src/core/edit.ts';
import { simulate } from '../../src/core/index.ts';
import { printRule } from '../../src/core/netfilter/rule-print.ts';
import { parseRule } from '../../src/core/netfilter/rule.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { fixture } from '../helpers.ts';

const MODES = ['iptables', 'userspace', 'ipvs'] as const;
const TEXTS = [
  ...SCENARIOS.map((s) => [s.id, s.text] as const),
  ['three-replicas', fixture('three-replicas.yaml')] as const,
  ['external-traffic', fixture('external-traffic.yaml')] as const,
];

/** Every rule line of every namespace's tables. */
function ruleLines(text: string): string[] {
  const dp = buildDataplane(simulate(text).state);
  const lines = new Set<string>();
  for (const ns of dp.namespaces)
    for (const table of ns.iptables.values())
      for (const chain of table.chains.values()) for (const rule of chain.rules) lines.add(rule.text);
  return [...lines];
}

describe.each(TEXTS.flatMap(([id, text]) => MODES.map((mode) => [`${id}, kube-proxy ${mode}`, setKubeProxyMode(text, mode)] as const)))(
  '%s',
  (_, text) => {
    it('prints every parsed rule back as iptables-save wrote it', () => {
      const lines = ruleLines(text);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(printRule(parseRule(line))).toBe(line);
    });
  },
);

describe('the grammar prints what iptables-save prints', () => {
  it.each([
    ['a port range and a negated source port', '-A X -p udp -m udp ! --sport 53 --dport 30000:32767 -j ACCEPT'],
    ['multiport lists with ranges', '-A X -p tcp -m multiport --dports 80,8000:8080 -j ACCEPT'],
    ['the old state match', '-A X -p tcp -m state --state NEW -m tcp --dport 36463 -j ACCEPT'],
    [
      'an empty tcp module (kube-proxy writes it on its DNAT)',
      '-A KUBE-SEP-X -p tcp -m recent --set --name KUBE-SEP-X --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.0.0.1:6443',
    ],
    [
      'recent with --rcheck, --seconds and --reap',
      '-A KUBE-SVC-X -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-X --mask 255.255.255.255 --rsource -j KUBE-SEP-X',
    ],
    ['a mark match with and without a mask', '-A X -m mark ! --mark 0x4000/0x4000 -m mark --mark 0x1 -j RETURN'],
    [
      'ipsets, physdev and addrtype negations',
      '-A X -m set ! --match-set KUBE-CLUSTER-IP dst,dst -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT',
    ],
    ['MASQUERADE with ports and random', '-A X -j MASQUERADE --to-ports 1024-2048 --random --random-fully'],
    ['SNAT with a port', '-A X -j SNAT --to-source 10.0.0.1:80'],
    ['a comment that needs quotes', '-A X -m comment --comment "say \\"hi\\"" -j ACCEPT'],
  ])('%s', (_, line) => {
    expect(printRule(parseRule(line))).toBe(line);
  });

  it('writes the forms iptables-save never prints in the form it prints', () => {
    expect(printRule(parseRule('-A X -p tcp --dport 80 -j ACCEPT'))).toBe('-A X -p tcp -m tcp --dport 80 -j ACCEPT');
    expect(printRule(parseRule('-A X -s 10.0.0.1 -j ACCEPT'))).toBe('-A X -s 10.0.0.1/32 -j ACCEPT');
    expect(printRule(parseRule('-A X -j MARK --or-mark 0x4000'))).toBe('-A X -j MARK --set-xmark 0x4000/0x4000');
    expect(printRule(parseRule('-A X -j REJECT'))).toBe('-A X -j REJECT --reject-with icmp-port-unreachable');
    expect(printRule(parseRule('-A X -m comment --comment ns1/svc1 -j ACCEPT'))).toBe('-A X -m comment --comment "ns1/svc1" -j ACCEPT');
  });

  it('refuses a module option outside its module', () => {
    expect(() => parseRule('-A X -m comment --mark 0x1 -j ACCEPT')).toThrow(/--mark outside -m mark/);
    expect(() => parseRule('-A X --dport 80 -j ACCEPT')).toThrow();
  });
});
