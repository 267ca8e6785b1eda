/**
 * Our iptables rules against the expected output of kube-proxy's own iptables proxier test
 * (pkg/proxy/iptables/proxier_test.go, TestOverallIPTablesRules), for the inputs a scenario can
 * express (tests/fixtures/kube-proxy-iptables-upstream.yaml): svc1 (ClusterIP), svc3 (NodePort),
 * svc4 (an external IP, two endpoints), svc5 (LoadBalancer with source ranges and ClientIP
 * affinity) and svc6 (no endpoints); service CIDR 172.30.0.0/16, cluster CIDR 10.0.0.0/8. The test
 * compares the text kube-proxy hands iptables-restore; the lines below are our own transcription of
 * its v1.36-era expectations into the form iptables-save prints (addresses as /32, `-p tcp` before
 * the modules, `--or-mark 0x4000` as `--set-xmark 0x4000/0x4000`, `--xor-mark 0x4000` as
 * `--set-xmark 0x4000/0x0`, probabilities with 11 digits, `-m recent` with its default mask), a
 * correspondence the kernel suite checks with iptables-restore and iptables-save.
 *
 * What we write differently, on purpose:
 * - the node ports are 30003 and 30002 (upstream's 3003 and 3002 are outside the API server's
 *   default range, which our validation enforces);
 * - KUBE-POSTROUTING's MASQUERADE has --random-fully: kube-proxy adds it when iptables supports it,
 *   as kind's does, and the test's fake iptables says it does not;
 * - no `-m nfacct` match: upstream's fake proxier has the nfacct counters, so it writes the
 *   localhost node port rules (`-d 127.0.0.0/8 … -m nfacct --nfacct-name localhost_nps_accepted_pkts`,
 *   each before the port's own rule, with the same target) and counts dropped INVALID packets in
 *   KUBE-FORWARD; a node writes them only where it could make those counters, which this kernel
 *   suite cannot load. A localhost packet takes the port's own rule instead, to the same chain.
 * - svc2 (Local policy whose one endpoint is on no node, with a health check node port) is left
 *   out: an Endpoints object names no node for an address outside every node's pod subnet.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { indexOf } from '../../src/core/dataplane/lookup.ts';
import { simulate } from '../../src/core/index.ts';
import { nsId } from '../../src/core/namespace-id.ts';
import { printRule } from '../../src/core/netfilter/rule-print.ts';
import { fixture } from '../helpers.ts';

const sim = simulate(fixture('kube-proxy-iptables-upstream.yaml'));
const node = indexOf(buildDataplane(sim.state)).namespace(nsId.node('kind-worker'))!;
const rulesOf = (table: 'nat' | 'filter', chain: string) => node.iptables.get(table)!.chains.get(chain)?.rules.map(printRule) ?? [];
/** The rules of a chain that belong to the test's services (ours also has kubernetes and kube-dns). */
const upstreamRules = (table: 'nat' | 'filter', chain: string) => rulesOf(table, chain).filter((r) => /"ns\d\/svc\d/.test(r));

const NAT_SERVICES = [
  '-A KUBE-SERVICES -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
  '-A KUBE-SERVICES -d 172.30.0.43/32 -p tcp -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp --dport 80 -j KUBE-SVC-X27LE4BHSL4DOUIK',
  '-A KUBE-SERVICES -d 172.30.0.44/32 -p tcp -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK',
  '-A KUBE-SERVICES -d 192.168.99.33/32 -p tcp -m comment --comment "ns4/svc4:p80 external IP" -m tcp --dport 80 -j KUBE-EXT-4SW47YFZTEDKD3PK',
  '-A KUBE-SERVICES -d 172.30.0.45/32 -p tcp -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp --dport 80 -j KUBE-SVC-NUKIZ6OKUXPJNT4C',
  '-A KUBE-SERVICES -d 5.6.7.8/32 -p tcp -m comment --comment "ns5/svc5:p80 loadbalancer IP" -m tcp --dport 80 -j KUBE-FW-NUKIZ6OKUXPJNT4C',
];

/** Each service chain upstream expects, rule for rule. */
const NAT_CHAINS: Record<string, string[]> = {
  'KUBE-EXT-4SW47YFZTEDKD3PK': [
    '-A KUBE-EXT-4SW47YFZTEDKD3PK -m comment --comment "masquerade traffic for ns4/svc4:p80 external destinations" -j KUBE-MARK-MASQ',
    '-A KUBE-EXT-4SW47YFZTEDKD3PK -j KUBE-SVC-4SW47YFZTEDKD3PK',
  ],
  'KUBE-EXT-NUKIZ6OKUXPJNT4C': [
    '-A KUBE-EXT-NUKIZ6OKUXPJNT4C -m comment --comment "masquerade traffic for ns5/svc5:p80 external destinations" -j KUBE-MARK-MASQ',
    '-A KUBE-EXT-NUKIZ6OKUXPJNT4C -j KUBE-SVC-NUKIZ6OKUXPJNT4C',
  ],
  'KUBE-EXT-X27LE4BHSL4DOUIK': [
    '-A KUBE-EXT-X27LE4BHSL4DOUIK -m comment --comment "masquerade traffic for ns3/svc3:p80 external destinations" -j KUBE-MARK-MASQ',
    '-A KUBE-EXT-X27LE4BHSL4DOUIK -j KUBE-SVC-X27LE4BHSL4DOUIK',
  ],
  'KUBE-FW-NUKIZ6OKUXPJNT4C': [
    '-A KUBE-FW-NUKIZ6OKUXPJNT4C -s 203.0.113.0/25 -m comment --comment "ns5/svc5:p80 loadbalancer IP" -j KUBE-EXT-NUKIZ6OKUXPJNT4C',
    '-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL"',
  ],
  'KUBE-SEP-C6EBXVWJJZMIWKLZ': [
    '-A KUBE-SEP-C6EBXVWJJZMIWKLZ -s 10.180.0.5/32 -m comment --comment "ns4/svc4:p80" -j KUBE-MARK-MASQ',
    '-A KUBE-SEP-C6EBXVWJJZMIWKLZ -p tcp -m comment --comment "ns4/svc4:p80" -m tcp -j DNAT --to-destination 10.180.0.5:80',
  ],
  'KUBE-SEP-I77PXRDZVX7PMWMN': [
    '-A KUBE-SEP-I77PXRDZVX7PMWMN -s 10.180.0.3/32 -m comment --comment "ns5/svc5:p80" -j KUBE-MARK-MASQ',
    '-A KUBE-SEP-I77PXRDZVX7PMWMN -p tcp -m comment --comment "ns5/svc5:p80" -m recent --set --name KUBE-SEP-I77PXRDZVX7PMWMN --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.180.0.3:80',
  ],
  'KUBE-SEP-OYPFS5VJICHGATKP': [
    '-A KUBE-SEP-OYPFS5VJICHGATKP -s 10.180.0.3/32 -m comment --comment "ns3/svc3:p80" -j KUBE-MARK-MASQ',
    '-A KUBE-SEP-OYPFS5VJICHGATKP -p tcp -m comment --comment "ns3/svc3:p80" -m tcp -j DNAT --to-destination 10.180.0.3:80',
  ],
  'KUBE-SEP-SXIVWICOYRO3J4NJ': [
    '-A KUBE-SEP-SXIVWICOYRO3J4NJ -s 10.180.0.1/32 -m comment --comment "ns1/svc1:p80" -j KUBE-MARK-MASQ',
    '-A KUBE-SEP-SXIVWICOYRO3J4NJ -p tcp -m comment --comment "ns1/svc1:p80" -m tcp -j DNAT --to-destination 10.180.0.1:80',
  ],
  'KUBE-SEP-UKSFD7AGPMPPLUHC': [
    '-A KUBE-SEP-UKSFD7AGPMPPLUHC -s 10.180.0.4/32 -m comment --comment "ns4/svc4:p80" -j KUBE-MARK-MASQ',
    '-A KUBE-SEP-UKSFD7AGPMPPLUHC -p tcp -m comment --comment "ns4/svc4:p80" -m tcp -j DNAT --to-destination 10.180.0.4:80',
  ],
  'KUBE-SVC-4SW47YFZTEDKD3PK': [
    '-A KUBE-SVC-4SW47YFZTEDKD3PK ! -s 10.0.0.0/8 -d 172.30.0.44/32 -p tcp -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
    '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC',
    '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.5:80" -j KUBE-SEP-C6EBXVWJJZMIWKLZ',
  ],
  'KUBE-SVC-NUKIZ6OKUXPJNT4C': [
    '-A KUBE-SVC-NUKIZ6OKUXPJNT4C ! -s 10.0.0.0/8 -d 172.30.0.45/32 -p tcp -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
    '-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-I77PXRDZVX7PMWMN --mask 255.255.255.255 --rsource -j KUBE-SEP-I77PXRDZVX7PMWMN',
    '-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -j KUBE-SEP-I77PXRDZVX7PMWMN',
  ],
  'KUBE-SVC-X27LE4BHSL4DOUIK': [
    '-A KUBE-SVC-X27LE4BHSL4DOUIK ! -s 10.0.0.0/8 -d 172.30.0.43/32 -p tcp -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
    '-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 -> 10.180.0.3:80" -j KUBE-SEP-OYPFS5VJICHGATKP',
  ],
  'KUBE-SVC-XPGD46QRK7WJZT7O': [
    '-A KUBE-SVC-XPGD46QRK7WJZT7O ! -s 10.0.0.0/8 -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
    '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
  ],
};

describe("kube-proxy's iptables proxier test (TestOverallIPTablesRules)", () => {
  it('has no errors in the fixture', () => {
    expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('nat KUBE-SERVICES sends each address to the chain upstream names, node ports last', () => {
    expect(upstreamRules('nat', 'KUBE-SERVICES')).toEqual(NAT_SERVICES);
    expect(rulesOf('nat', 'KUBE-SERVICES').at(-1)).toBe(
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    );
  });

  it('every service chain (SVC, SEP, EXT, FW) is upstream’s, rule for rule, the hashes included', () => {
    const ours = [...node.iptables.get('nat')!.chains.keys()].filter((c) => Object.hasOwn(NAT_CHAINS, c));
    expect(ours.sort()).toEqual(Object.keys(NAT_CHAINS).sort());
    for (const [chain, rules] of Object.entries(NAT_CHAINS)) expect(rulesOf('nat', chain), chain).toEqual(rules);
  });

  it('node ports go to the KUBE-EXT chains (without the localhost nfacct rules)', () => {
    expect(upstreamRules('nat', 'KUBE-NODEPORTS')).toEqual([
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "ns3/svc3:p80" -m tcp --dport 30003 -j KUBE-EXT-X27LE4BHSL4DOUIK',
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "ns5/svc5:p80" -m tcp --dport 30002 -j KUBE-EXT-NUKIZ6OKUXPJNT4C',
    ]);
  });

  it('the base chains: KUBE-MARK-MASQ, KUBE-POSTROUTING (with --random-fully), KUBE-FIREWALL, KUBE-FORWARD (without nfacct)', () => {
    expect(rulesOf('nat', 'KUBE-MARK-MASQ')).toEqual(['-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000']);
    expect(rulesOf('nat', 'KUBE-POSTROUTING')).toEqual([
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ]);
    expect(rulesOf('filter', 'KUBE-FIREWALL')).toEqual([
      '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    ]);
    expect(rulesOf('filter', 'KUBE-FORWARD')).toEqual([
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    ]);
  });

  it('filter: svc6 without endpoints is rejected, and svc5’s load balancer address dropped past its source ranges', () => {
    expect(upstreamRules('filter', 'KUBE-SERVICES')).toEqual([
      '-A KUBE-SERVICES -d 172.30.0.46/32 -p tcp -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    ]);
    expect(upstreamRules('filter', 'KUBE-PROXY-FIREWALL')).toEqual([
      '-A KUBE-PROXY-FIREWALL -d 5.6.7.8/32 -p tcp -m comment --comment "ns5/svc5:p80 traffic not accepted by KUBE-FW-NUKIZ6OKUXPJNT4C" -m tcp --dport 80 -j DROP',
    ]);
    expect(upstreamRules('filter', 'KUBE-EXTERNAL-SERVICES')).toEqual([]);
  });
});
