/**
 * Our kube-router rules against kube-router v2.11.1's own code and tests
 * (cloudnativelabs/kube-router @ 61066dc66a535f94761f447a90874d0a6839d0d3, tag v2.11.1). The expected
 * text below was written by hand from reading pkg/controllers/netpol, file and lines cited at each
 * block, in the form iptables-save prints it: -s/-d/-p first, then the matches in the order given,
 * an implicit `-m tcp` where `--dport` follows `-p TCP`, the target last, `--limit 10/minute` as
 * `10/min`, `-j REJECT` with its default `--reject-with icmp-port-unreachable`, `--set-mark v/m` as
 * `--set-xmark v/(v|m)`. Upstream walks pods and a named port's numbers out of Go maps, in an
 * order that changes from sync to sync; ours is fixed (pods by namespace/name, ports by number).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import {
  namedPortSet,
  podFirewallChain,
  policyChain,
  rulePeerSet,
  SYNC_VERSION,
  targetDestinationSet,
  targetSourceSet,
} from '../../src/core/dataplane/netpol/names.ts';
import { simulate } from '../../src/core/index.ts';

describe('kube-router names, against the literals in its own tests', () => {
  it('policy chains: TestNetworkPolicyBuilder hashes namespace + name + version "1" + "IPv4"', () => {
    // network_policy_controller_test.go lines 448-640, expectedRule of each case.
    expect(policyChain('nsA', 'simple-egress', '1')).toBe('KUBE-NWPLCY-C23KD7UE4TAT3Y5M');
    expect(policyChain('nsA', 'simple-ingress-egress', '1')).toBe('KUBE-NWPLCY-IDIX352DRLNY3D23');
    expect(policyChain('nsA', 'simple-egress-pr', '1')).toBe('KUBE-NWPLCY-2UTXQIFBI5TAPUCL');
    expect(policyChain('nsA', 'sctp-egress', '1')).toBe('KUBE-NWPLCY-HHGHJNRMJN6UUDNA');
    expect(policyChain('nsA', 'sctp-ingress', '1')).toBe('KUBE-NWPLCY-BHQGYKZ6X5RBPUOB');
    expect(policyChain('nsA', 'invalid-endport', '1')).toBe('KUBE-NWPLCY-N5DQE4SCQ56JEMH7');
  });

  it('ipsets: testdata/ipset_test_1/ipset_save.txt (the IPv4 KUBE- sets)', () => {
    expect(targetDestinationSet('default', 'whoami')).toBe('KUBE-DST-IZ5JGF4W6BKI7CEV');
    expect(rulePeerSet('default', 'debug', 'egress', 0, 'pod')).toBe('KUBE-DST-P226T6HGLTLDGDLC');
    expect(targetSourceSet('default', 'debug')).toBe('KUBE-SRC-C2EUPKL23CCP4COF');
    expect(rulePeerSet('default', 'whoami', 'ingress', 0, 'ipblock')).toBe('KUBE-SRC-KLLOHJLFVAV654Z2');
  });

  it('the sync version is the decimal nanoseconds of the sync (syncVersionBase = 10)', () => {
    // network_policy_controller.go line 90; npc_iptables.go line 125. Ours: iptables-save's stamp.
    expect(SYNC_VERSION).toBe(`${Date.UTC(2026, 10, 26, 12)}000000`);
    expect(policyChain('default', 'whoami')).toBe(policyChain('default', 'whoami', SYNC_VERSION));
    expect(podFirewallChain('nsa', 'aa')).toBe(podFirewallChain('nsa', 'aa', SYNC_VERSION));
  });
});

describe('kube-router v2.11.1 rules for its own test inputs, on kind-worker', () => {
  const sim = simulate(readFileSync('tests/fixtures/kube-router-upstream.yaml', 'utf8'));
  const dp = buildDataplane(sim.state);
  const node = dp.namespaces.find((n) => n.id === 'node:kind-worker')!;
  const filter = node.iptables.get('filter')!;
  const ip = (name: string) => sim.state.pods.find((p) => p.name === name)!.ip!;
  const [whoami, aa, aaa, baa, whoami2] = ['whoami-s72mp', 'aa', 'aaa', 'baa', 'whoami-nflzk'].map(ip) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const fw = {
    whoami: podFirewallChain('default', 'whoami-s72mp'),
    aa: podFirewallChain('nsa', 'aa'),
    baa: podFirewallChain('nsb', 'baa'),
  };
  const pol = {
    debug: policyChain('default', 'debug'),
    whoami: policyChain('default', 'whoami'),
    sie: policyChain('nsa', 'simple-ingress-egress'),
    pr: policyChain('nsa', 'simple-egress-pr'),
    sctp: policyChain('nsa', 'sctp-egress'),
    team: policyChain('nsa', 'web-from-team'),
  };
  const set = {
    whoamiDst: 'KUBE-DST-IZ5JGF4W6BKI7CEV',
    debugSrc: 'KUBE-SRC-C2EUPKL23CCP4COF',
    debugRule0Pods: 'KUBE-DST-P226T6HGLTLDGDLC',
    whoamiRule0Block: 'KUBE-SRC-KLLOHJLFVAV654Z2',
    sieDst: targetDestinationSet('nsa', 'simple-ingress-egress'),
    sieSrc: targetSourceSet('nsa', 'simple-ingress-egress'),
    prSrc: targetSourceSet('nsa', 'simple-egress-pr'),
    sctpSrc: targetSourceSet('nsa', 'sctp-egress'),
    teamDst: targetDestinationSet('nsa', 'web-from-team'),
    teamPods: rulePeerSet('nsa', 'web-from-team', 'ingress', 0, 'pod'),
    teamBlock: rulePeerSet('nsa', 'web-from-team', 'ingress', 0, 'ipblock'),
    http8080: namedPortSet('nsa', 'web-from-team', 'ingress', 0, 0),
    http8081: namedPortSet('nsa', 'web-from-team', 'ingress', 0, 1),
  };
  const MARK = '-j MARK --set-xmark 0x10000/0x10000';
  const RETURN = '-m mark --mark 0x10000/0x10000 -j RETURN';
  /** policy.go appendRuleToPolicyChain (lines 456-492): the same matches, marked, then returned if marked. */
  const pair = (chain: string, matches: string) => [`-A ${chain} ${matches} ${MARK}`, `-A ${chain} ${matches} ${RETURN}`];

  const expected = [
    // npc_iptables.go ensureTopLevelChains (lines 274-455): a jump at position 1 of each built-in
    // chain, its comment tagged with base32(sha256(chain + args joined))[:16]; then at positions
    // 1-4 of KUBE-ROUTER-INPUT the service range and the node ports, TCP, UDP, SCTP.
    '-A INPUT -m comment --comment "kube-router netpol - 4IA2OSFRMVNDXBVV" -j KUBE-ROUTER-INPUT',
    '-A FORWARD -m comment --comment "kube-router netpol - TEMCG2JMHZYE7H7T" -j KUBE-ROUTER-FORWARD',
    '-A OUTPUT -m comment --comment "kube-router netpol - VEAAIY32XVBHCSCY" -j KUBE-ROUTER-OUTPUT',
    '-A KUBE-ROUTER-INPUT -d 10.96.0.0/16 -m comment --comment "allow traffic to primary/secondary cluster IP range - SNTYMH62NUPYPSYC" -j RETURN',
    '-A KUBE-ROUTER-INPUT -p tcp -m comment --comment "allow LOCAL TCP traffic to node ports - LR7XO7NXDBGQJD2M" -m addrtype --dst-type LOCAL -m multiport --dports 30000:32767 -j RETURN',
    '-A KUBE-ROUTER-INPUT -p udp -m comment --comment "allow LOCAL UDP traffic to node ports - 76UCBPIZNGJNWNUZ" -m addrtype --dst-type LOCAL -m multiport --dports 30000:32767 -j RETURN',
    '-A KUBE-ROUTER-INPUT -p sctp -m comment --comment "allow LOCAL SCTP traffic to node ports - YU47VQ3DEDE3VDG7" -m addrtype --dst-type LOCAL -m multiport --dports 30000:32767 -j RETURN',
    // pod.go interceptPodOutboundTraffic (lines 302-329): -s of each local pod in every top chain.
    `-A KUBE-ROUTER-INPUT -s ${whoami}/32 -m comment --comment "default/whoami-s72mp out" -j ${fw.whoami}`,
    `-A KUBE-ROUTER-INPUT -s ${aa}/32 -m comment --comment "nsa/aa out" -j ${fw.aa}`,
    `-A KUBE-ROUTER-INPUT -s ${baa}/32 -m comment --comment "nsb/baa out" -j ${fw.baa}`,
    // npc_iptables.go ensureTailChainPosition then ensureExplicitAccept (lines 461-472, 726-735):
    // AppendUnique moves each to the end, the TAIL jump first.
    '-A KUBE-ROUTER-INPUT -m comment --comment "rule to explicitly handle traffic for network policies ACCEPT/REJECT decision" -j KUBE-NWPLCY-TAIL',
    '-A KUBE-ROUTER-INPUT -m comment --comment "rule to explicitly ACCEPT traffic that comply to network policies" -m mark --mark 0x20000/0x20000 -j ACCEPT',
    // pod.go interceptPodInboundTraffic (lines 267-298), then the outbound ones, pod by pod.
    ...[
      [whoami, 'default/whoami-s72mp', fw.whoami],
      [aa, 'nsa/aa', fw.aa],
      [baa, 'nsb/baa', fw.baa],
    ].flatMap(([addr, who, chain]) => [
      `-A KUBE-ROUTER-FORWARD -d ${addr}/32 -m comment --comment "${who} in" -j ${chain}`,
      `-A KUBE-ROUTER-FORWARD -d ${addr}/32 -m physdev --physdev-is-bridged -m comment --comment "${who} in" -j ${chain}`,
      `-A KUBE-ROUTER-FORWARD -s ${addr}/32 -m comment --comment "${who} out" -j ${chain}`,
      `-A KUBE-ROUTER-FORWARD -s ${addr}/32 -m physdev --physdev-is-bridged -m comment --comment "${who} out" -j ${chain}`,
    ]),
    '-A KUBE-ROUTER-FORWARD -m comment --comment "rule to explicitly handle traffic for network policies ACCEPT/REJECT decision" -j KUBE-NWPLCY-TAIL',
    '-A KUBE-ROUTER-FORWARD -m comment --comment "rule to explicitly ACCEPT traffic that comply to network policies" -m mark --mark 0x20000/0x20000 -j ACCEPT',
    ...[
      [whoami, 'default/whoami-s72mp', fw.whoami],
      [aa, 'nsa/aa', fw.aa],
      [baa, 'nsb/baa', fw.baa],
    ].flatMap(([addr, who, chain]) => [
      `-A KUBE-ROUTER-OUTPUT -d ${addr}/32 -m comment --comment "${who} in" -j ${chain}`,
      `-A KUBE-ROUTER-OUTPUT -s ${addr}/32 -m comment --comment "${who} out" -j ${chain}`,
    ]),
    '-A KUBE-ROUTER-OUTPUT -m comment --comment "rule to explicitly handle traffic for network policies ACCEPT/REJECT decision" -j KUBE-NWPLCY-TAIL',
    '-A KUBE-ROUTER-OUTPUT -m comment --comment "rule to explicitly ACCEPT traffic that comply to network policies" -m mark --mark 0x20000/0x20000 -j ACCEPT',
    // npc_iptables.go ensureDefaultNetworkPolicyChain (lines 800-826).
    '-A KUBE-NWPLCY-DEFAULT -m comment --comment "rule to mark traffic matching a network policy" -j MARK --set-xmark 0x10000/0x10000',
    // npc_iptables.go ensureCommonPolicyChain (lines 742-793) through go-iptables, one argv: the
    // first two comments keep the quotes of their Go strings, and iptables-save escapes them.
    '-A KUBE-NWPLCY-COMMON -m comment --comment "\\"rule to drop invalid state for pod\\"" -m conntrack --ctstate INVALID -j DROP',
    '-A KUBE-NWPLCY-COMMON -m comment --comment "\\"rule for stateful firewall for pod\\"" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A KUBE-NWPLCY-COMMON -p icmp -m comment --comment "allow icmp echo requests" -m icmp --icmp-type 8 -j ACCEPT',
    '-A KUBE-NWPLCY-COMMON -p icmp -m comment --comment "allow icmp destination unreachable messages" -m icmp --icmp-type 3 -j ACCEPT',
    '-A KUBE-NWPLCY-COMMON -p icmp -m comment --comment "allow icmp time exceeded messages" -m icmp --icmp-type 11 -j ACCEPT',
    // npc_iptables.go populateDefaultTailChain (lines 619-638), without --netpol-default-deny.
    '-A KUBE-NWPLCY-TAIL -m comment --comment "accept netpol-ok" -m mark --mark 0x20000/0x20000 -j ACCEPT',
    // policy.go processEgressRules (lines 337-454): debug's rule 0 selects pods, has no ports.
    ...pair(
      pol.debug,
      `-m comment --comment "default/debug egress pods" -m set --match-set ${set.debugSrc} src -m set --match-set ${set.debugRule0Pods} dst`,
    ),
    // policy.go processIngressRules (lines 183-335): whoami's rule 0 has a peer that selects no pod
    // (no rule) and an ipBlock, with a port: the cidr rule.
    ...pair(
      pol.whoami,
      `-p tcp -m comment --comment "default/whoami ingress cidr" -m set --match-set ${set.whoamiRule0Block} src -m set --match-set ${set.whoamiDst} dst -m tcp --dport 5000`,
    ),
    // syncNetworkPolicyChains (policy.go lines 130-151): ingress rules before egress rules.
    ...pair(
      pol.sie,
      `-p tcp -m comment --comment "nsa/simple-ingress-egress ingress any" -m set --match-set ${set.sieDst} dst -m tcp --dport 37000`,
    ),
    ...pair(
      pol.sie,
      `-p tcp -m comment --comment "nsa/simple-ingress-egress egress any" -m set --match-set ${set.sieSrc} src -m tcp --dport 30000`,
    ),
    ...pair(
      pol.pr,
      `-p tcp -m comment --comment "nsa/simple-egress-pr egress any" -m set --match-set ${set.prSrc} src -m tcp --dport 30000:31000`,
    ),
    ...pair(
      pol.pr,
      `-p tcp -m comment --comment "nsa/simple-egress-pr egress any" -m set --match-set ${set.prSrc} src -m tcp --dport 34000:35000`,
    ),
    ...pair(
      pol.sctp,
      `-p sctp -m comment --comment "nsa/sctp-egress egress any" -m set --match-set ${set.sctpSrc} src -m sctp --dport 36000`,
    ),
    // web-from-team's rule 0: pods (named port, one set per number it resolves to), then the ipBlock
    // with the same named-port sets (policy.go lines 221-240, 308-322).
    ...pair(
      pol.team,
      `-p tcp -m comment --comment "nsa/web-from-team ingress pods np" -m set --match-set ${set.teamPods} src -m set --match-set ${set.http8080} dst -m tcp --dport 8080`,
    ),
    ...pair(
      pol.team,
      `-p tcp -m comment --comment "nsa/web-from-team ingress pods np" -m set --match-set ${set.teamPods} src -m set --match-set ${set.http8081} dst -m tcp --dport 8081`,
    ),
    ...pair(
      pol.team,
      `-p tcp -m comment --comment "nsa/web-from-team ingress cidr np" -m set --match-set ${set.teamBlock} src -m set --match-set ${set.http8080} dst -m tcp --dport 8080`,
    ),
    ...pair(
      pol.team,
      `-p tcp -m comment --comment "nsa/web-from-team ingress cidr np" -m set --match-set ${set.teamBlock} src -m set --match-set ${set.http8081} dst -m tcp --dport 8081`,
    ),
    // pod.go setupPodNetpolRules (lines 192-265) inserts each rule at position 1: the common jump,
    // the node's rule, the default chain for a direction no policy isolates (egress above
    // ingress), each selecting policy's jump in reverse; then dropUnmarkedTrafficRules (lines
    // 100-131) and the netpol-ok mark (lines 179-185) appended.
    `-A ${fw.whoami} -m comment --comment "common netpol rules" -j KUBE-NWPLCY-COMMON`,
    `-A ${fw.whoami} -d ${whoami}/32 -m comment --comment "from local node" -m addrtype --src-type LOCAL -j ACCEPT`,
    `-A ${fw.whoami} -s ${whoami}/32 -m comment --comment "default egress" -j KUBE-NWPLCY-DEFAULT`,
    `-A ${fw.whoami} -d ${whoami}/32 -m comment --comment "default/whoami policy" -j ${pol.whoami}`,
    `-A ${fw.whoami} -m comment --comment "default/whoami-s72mp log-drop" -m mark ! --mark 0x10000/0x10000 -m limit --limit 10/min --limit-burst 10 -j NFLOG --nflog-group 100`,
    `-A ${fw.whoami} -m comment --comment "default/whoami-s72mp reject" -m mark ! --mark 0x10000/0x10000 -j REJECT --reject-with icmp-port-unreachable`,
    `-A ${fw.whoami} -j MARK --set-xmark 0x0/0x10000`,
    `-A ${fw.whoami} -m comment --comment "set netpol-ok mark" -j MARK --set-xmark 0x20000/0x20000`,
    `-A ${fw.aa} -m comment --comment "common netpol rules" -j KUBE-NWPLCY-COMMON`,
    `-A ${fw.aa} -d ${aa}/32 -m comment --comment "from local node" -m addrtype --src-type LOCAL -j ACCEPT`,
    `-A ${fw.aa} -d ${aa}/32 -m comment --comment "nsa/web-from-team policy" -j ${pol.team}`,
    `-A ${fw.aa} -s ${aa}/32 -m comment --comment "nsa/sctp-egress policy" -j ${pol.sctp}`,
    `-A ${fw.aa} -s ${aa}/32 -m comment --comment "nsa/simple-egress-pr policy" -j ${pol.pr}`,
    `-A ${fw.aa} -m comment --comment "nsa/simple-ingress-egress policy" -j ${pol.sie}`,
    `-A ${fw.aa} -m comment --comment "nsa/aa log-drop" -m mark ! --mark 0x10000/0x10000 -m limit --limit 10/min --limit-burst 10 -j NFLOG --nflog-group 100`,
    `-A ${fw.aa} -m comment --comment "nsa/aa reject" -m mark ! --mark 0x10000/0x10000 -j REJECT --reject-with icmp-port-unreachable`,
    `-A ${fw.aa} -j MARK --set-xmark 0x0/0x10000`,
    `-A ${fw.aa} -m comment --comment "set netpol-ok mark" -j MARK --set-xmark 0x20000/0x20000`,
    `-A ${fw.baa} -m comment --comment "common netpol rules" -j KUBE-NWPLCY-COMMON`,
    `-A ${fw.baa} -d ${baa}/32 -m comment --comment "from local node" -m addrtype --src-type LOCAL -j ACCEPT`,
    `-A ${fw.baa} -s ${baa}/32 -m comment --comment "default egress" -j KUBE-NWPLCY-DEFAULT`,
    `-A ${fw.baa} -d ${baa}/32 -m comment --comment "default ingress" -j KUBE-NWPLCY-DEFAULT`,
    `-A ${fw.baa} -m comment --comment "nsb/baa log-drop" -m mark ! --mark 0x10000/0x10000 -m limit --limit 10/min --limit-burst 10 -j NFLOG --nflog-group 100`,
    `-A ${fw.baa} -m comment --comment "nsb/baa reject" -m mark ! --mark 0x10000/0x10000 -j REJECT --reject-with icmp-port-unreachable`,
    `-A ${fw.baa} -j MARK --set-xmark 0x0/0x10000`,
    `-A ${fw.baa} -m comment --comment "set netpol-ok mark" -j MARK --set-xmark 0x20000/0x20000`,
  ];

  const ours = (chain: string) => filter.chains.get(chain)?.rules.map((r) => r.text) ?? [];
  const chainOf = (line: string) => line.split(' ')[1]!;
  const kubeRouter = (chain: string) => /^KUBE-(ROUTER|NWPLCY|POD-FW)-/.test(chain);

  it('writes every chain of kube-router, rule for rule, as upstream writes it', () => {
    const chains = [...new Set(expected.map(chainOf))];
    const actual = chains.flatMap((chain) =>
      ['INPUT', 'FORWARD', 'OUTPUT'].includes(chain) ? ours(chain).filter((r) => r.includes('-j KUBE-ROUTER-')) : ours(chain),
    );
    expect(actual.join('\n')).toBe(expected.join('\n'));
    expect([...filter.chains.keys()].filter(kubeRouter).sort()).toEqual(chains.filter(kubeRouter).sort());
  });

  it('keeps the jumps to KUBE-ROUTER-* first in INPUT, FORWARD and OUTPUT', () => {
    for (const builtin of ['INPUT', 'FORWARD', 'OUTPUT']) expect(ours(builtin)[0]).toContain(`-j KUBE-ROUTER-${builtin}`);
  });

  it('fills the ipsets as upstream: names, types, members and nomatch entries', () => {
    const sets = dp.nodes.find((n) => n.node === 'kind-worker')!.ipsets.filter((s) => /^KUBE-(SRC|DST)-/.test(s.name));
    const view = Object.fromEntries(sets.map((s) => [s.name, { type: s.type, members: [...s.members].sort(), nomatch: s.nomatch ?? [] }]));
    const ips = (...a: string[]) => ({ type: 'hash:ip', members: a.sort(), nomatch: [] });
    expect(view).toEqual({
      // testdata/ipset_test_1/ipset_save.txt: the same four sets, of the same types and members.
      [set.whoamiDst]: ips(whoami, whoami2),
      [set.debugRule0Pods]: ips(whoami, whoami2),
      [set.debugSrc]: ips(),
      [set.whoamiRule0Block]: { type: 'hash:net', members: ['10.95.0.239'], nomatch: [] },
      [set.sieDst]: ips(aa, aaa),
      [set.sieSrc]: ips(aa, aaa),
      [set.prSrc]: ips(aa, aaa),
      [set.sctpSrc]: ips(aa, aaa),
      [set.teamDst]: ips(aa, aaa),
      // namespaceSelector and podSelector in one peer: component=a in the namespaces with team=a.
      [set.teamPods]: ips(aaa, baa),
      // policy.go evalIPBlockPeer (lines 785-848): the CIDR, then each except as nomatch.
      [set.teamBlock]: { type: 'hash:net', members: ['10.0.0.0/8', '10.244.0.0/16'], nomatch: ['10.244.0.0/16'] },
      // policy.go grabNamedPortFromPod (lines 850-887): the target pods serving `http` at each number.
      [set.http8080]: ips(aa),
      [set.http8081]: ips(aaa),
    });
  });
});
