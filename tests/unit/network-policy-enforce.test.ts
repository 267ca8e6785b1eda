/**
 * NetworkPolicy enforced as kube-router v2.11.1 writes it (src/core/dataplane/netpol): the rules
 * round-trip through the one grammar, every iptables-save line is iptables-save's own form, and the
 * tracer walks them: what no policy allows is rejected in the pod's KUBE-POD-FW chain and names the
 * policy; what one allows is delivered, its reply let through by conntrack. Every profile.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { podFirewallChain } from '../../src/core/dataplane/netpol/names.ts';
import { simulate } from '../../src/core/index.ts';
import type { NamespaceId } from '../../src/core/namespace-id.ts';
import { printRule } from '../../src/core/netfilter/rule-print.ts';
import { iptablesSave } from '../../src/core/netfilter/ruleset.ts';
import { trace } from '../../src/core/trace/index.ts';
import { english, words } from '../../src/i18n/words.ts';
import { ipsetList } from '../../src/core/print/ipset.ts';
import { textShell } from '../../src/terminal/index.ts';

const kindText = readFileSync('tests/fixtures/network-policy.yaml', 'utf8');
const bookText = kindText
  .replace('profile: kind', 'profile: book')
  .replaceAll('kind-worker2', 'k8smaster03')
  .replaceAll('kind-worker', 'k8smaster02');

for (const [profile, text] of [
  ['kind', kindText],
  ['flannel', kindText.replace('profile: kind', 'profile: flannel')],
  ['book', bookText],
] as const) {
  describe(`NetworkPolicy on the ${profile} profile`, () => {
    const sim = simulate(text);
    const dp = buildDataplane(sim.state);
    const ip = (name: string) => sim.state.pods.find((p) => p.name === name)!.ip!;
    const go = (from: string, to: string, port: number) =>
      trace(dp, { from: `pod:${from}` as NamespaceId, to: { ip: ip(to), port }, proto: 'tcp' });

    it('writes each rule in iptables-save form, and the ipsets every node shares', () => {
      for (const ns of dp.namespaces.filter((n) => n.kind === 'node'))
        for (const chain of ns.iptables.get('filter')!.chains.values()) for (const r of chain.rules) expect(printRule(r)).toBe(r.text);
      const save = iptablesSave(dp.namespaces.find((n) => n.kind === 'node')!.iptables, 'filter');
      expect(save).toMatch(/^-A FORWARD -m comment --comment "kube-router netpol - [A-Z2-7]{16}" -j KUBE-ROUTER-FORWARD$/m);
      expect(dp.nodes).toHaveLength(3);
      const sets = dp.nodes[0]!.ipsets;
      for (const n of dp.nodes) expect(n.ipsets).toEqual(sets);
      // client-egress's ipBlock: the CIDR, and its except as a nomatch member.
      const block = sets.find((s) => s.type === 'hash:net' && s.members.includes('172.18.0.0/16'))!;
      expect(block.nomatch).toEqual(['172.18.0.1']);
    });

    it('delivers what a policy allows, both ways (the reply passes by conntrack)', () => {
      const t = go('default/client', 'web', 80);
      expect(t.verdict).toBe('delivered');
      expect(t.hops.some((h) => h.direction === 'reply' && h.chain === 'KUBE-NWPLCY-COMMON' && h.target?.t === 'ACCEPT')).toBe(true);
      expect(go('other/probe', 'web', 80).verdict).toBe('delivered');
    });

    it('rejects what no ingress rule allows, at the destination pod, naming the policy', () => {
      const t = go('default/stranger', 'web', 80);
      expect(t).toMatchObject({ verdict: 'rejected', policy: 'default/web-from-client' });
      expect(t.reason).toMatchObject({ code: 'fail.policy-ingress' });
      expect(english(t.reason!)).toBe(
        `No ingress rule of default/web-from-client allows pod default/stranger (${ip('stranger')}) to port 80/tcp: kube-router rejects the packet.`,
      );
      expect(words('zh').say(t.reason!)).toContain('default/web-from-client');
      const last = t.hops.at(-1)!;
      // The last hop is where it died: the destination pod's chain, in FORWARD's filter table.
      expect(last).toMatchObject({
        kind: 'reject',
        policy: 'default/web-from-client',
        hook: 'FORWARD',
        table: 'filter',
        chain: podFirewallChain('default', 'web'),
      });
      // the named port admits 80 only
      expect(go('default/client', 'web', 8080)).toMatchObject({ verdict: 'rejected', policy: 'default/web-from-client' });
      expect(go('default/stranger', 'db', 5432)).toMatchObject({ verdict: 'rejected', policy: 'default/db-deny-all' });
    });

    it('rejects what no egress rule allows, at the source pod', () => {
      const t = go('default/client', 'db', 5432);
      expect(t).toMatchObject({ verdict: 'rejected', policy: 'default/client-egress' });
      expect(t.reason).toMatchObject({ code: 'fail.policy-egress' });
      // client may reach the other namespace; probe admits only 10.244.0.0/16 but 10.244.2.0/24 (kind's second worker)
      const probe = go('default/client', 'probe', 80);
      if (profile !== 'book') expect(probe.verdict).toBe('delivered');
      else expect(probe).toMatchObject({ verdict: 'rejected', policy: 'other/probe-both', reason: { code: 'fail.policy-ingress' } });
      if (profile === 'kind')
        expect(go('default/stranger', 'probe', 80)).toMatchObject({ verdict: 'rejected', policy: 'other/probe-both' });
    });

    it('lets the node reach its own pods whatever the policy', () => {
      const db = sim.state.pods.find((p) => p.name === 'db')!;
      expect(trace(dp, { from: `node:${db.node}` as NamespaceId, to: { ip: db.ip!, port: 5432 }, proto: 'tcp' }).verdict).toBe('delivered');
    });
  });
}

describe('NetworkPolicy rules', () => {
  it('are written only for a scenario that has a policy', () => {
    const without = kindText
      .split('\n---\n')
      .filter((d) => !d.includes('kind: NetworkPolicy'))
      .join('\n---\n');
    const dp = buildDataplane(simulate(without).state);
    expect(dp.nodes).toEqual([]);
    expect(iptablesSave(dp.namespaces.find((n) => n.kind === 'node')!.iptables)).not.toContain('KUBE-ROUTER');
  });
});

describe('ipset list and iptables-save show the policy rules', () => {
  const dp = buildDataplane(simulate(kindText).state);
  const sets = dp.nodes[0]!.ipsets;

  it('in the terminal: every set with its type, timeout, members and the rules that reference it', () => {
    const shell = textShell(kindText);
    const out = shell.run('ipset list');
    expect(out.match(/^Name: /gm)).toHaveLength(sets.length);
    expect(out).toMatch(
      /^Name: KUBE-DST-\S+\nType: hash:net\nRevision: 7\nHeader: family inet hashsize 1024 maxelem 65536 timeout 0 bucketsize 12 initval 0x[0-9a-f]{8}\nSize in memory: 584\nReferences: 2\nNumber of entries: 2\nMembers:\n172\.18\.0\.0\/16 timeout 0\n172\.18\.0\.1 timeout 0 nomatch$/m,
    );
    expect(shell.run(`ipset list ${sets[0]!.name}`).match(/^Name: /gm)).toHaveLength(1);
    expect(shell.run('ipset save')).toContain('create KUBE-');
    expect(shell.run('ipset flush')).toContain('edit them');
    expect(shell.run('iptables-save -t filter')).toContain('-j KUBE-ROUTER-FORWARD');
  });

  it('from the CLI: ipset FILE --node NAME, and trace --json names the policy of a rejected packet', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { encoding: 'utf8' });
    const list = run('ipset', 'tests/fixtures/network-policy.yaml', '--node', 'kind-worker');
    expect(list.status).toBe(0);
    expect(list.stdout).toBe(`${ipsetList(sets, dp.namespaces.find((n) => n.id === 'node:kind-worker')!.iptables)}\n`);
    const sim = simulate(kindText).state;
    const web = sim.pods.find((p) => p.name === 'web')!.ip!;
    const t = run('trace', 'tests/fixtures/network-policy.yaml', '--from', 'pod:default/stranger', '--to', `${web}:80`, '--json');
    expect(JSON.parse(t.stdout)).toMatchObject({ verdict: 'rejected', policy: 'default/web-from-client' });
  });
});
