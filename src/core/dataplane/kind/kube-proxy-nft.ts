/**
 * kube-proxy in nftables mode, v1.36 (kind v0.32.0's kindest/node:v1.36.1): one table, `ip
 * kube-proxy`, never the iptables tables. Services are found by verdict-map lookups
 * (`service-ips`, `service-nodeports`), a service chain DNATs straight to an endpoint chosen by
 * `numgen random mod N` (endpoint chains only with session affinity, v1.36's "squash"), traffic
 * from outside the pod range to a cluster IP is marked in `services`, and `masquerading` SNATs the
 * marked packets and the hairpin ones (`@hairpin-connections`, v1.36's replacement of the
 * mark-for-masquerade chain). Filter chains at pre-DNAT priority check load-balancer source ranges,
 * at filter priority they refuse services without endpoints and stray ports of cluster IPs.
 * Built from kube-proxy's proxier.go and proxier_test.go as they changed up to v1.36, and a
 * v1.36.2 node's `nft list table ip kube-proxy`; the order of the objects and the external chain's
 * masquerade rule are our reading, not checked against a v1.36 listing.
 */
import type { ClusterSpec, NodeSpec } from '../../model.ts';
import { sha256Bytes } from '../../hash.ts';
import type { NftChain, NftElement, NftHook, NftRule, NftSet, NftTable } from '../../nftables/model.ts';
import { base32 } from '../kube-proxy/names.ts';
import type { ServicePortView } from '../kube-proxy/service-ports.ts';
import { currentPortName } from './kube-proxy.ts';

const MASQ = 0x4000;
const DSTNAT = -100;

/** kube-proxy's hashAndTruncate: 8 base32 characters of SHA-256, a dash, the readable name. */
export function nftChainName(prefix: string, base: string): string {
  return `${prefix}${base32(sha256Bytes(base)).slice(0, 8)}-${base}`;
}

/** `ns/name/proto/portname`: the readable part of a service port's chains. */
function portBase(sp: ServicePortView): string {
  return `${sp.service.namespace}/${sp.service.name}/${sp.proto}/${sp.port.name ?? ''}`;
}

const rule = (exprs: NftRule['exprs'], comment?: string): NftRule => (comment === undefined ? { exprs } : { exprs, comment });
const goto = (chain: string) => ({ e: 'verdict', verdict: { v: 'goto', chain } }) as const;
const jump = (chain: string) => ({ e: 'verdict', verdict: { v: 'jump', chain } }) as const;
const fresh = { e: 'ct-state', states: ['new'] } as const;
const serviceKey = ['daddr', 'l4proto', 'dport'] as const;

function baseChains(): NftChain[] {
  const base = (name: string, type: 'filter' | 'nat', hook: NftHook, priority: number, rules: NftRule[]) => ({
    name,
    base: { type, hook, priority, policy: 'accept' as const },
    rules,
  });
  return [
    base('filter-prerouting-pre-dnat', 'filter', 'prerouting', DSTNAT - 10, [rule([fresh, jump('firewall-check')])]),
    base('filter-output-pre-dnat', 'filter', 'output', DSTNAT - 10, [rule([fresh, jump('firewall-check')])]),
    base('filter-input', 'filter', 'input', 0, [
      rule([fresh, jump('nodeport-endpoints-check')]),
      rule([fresh, jump('service-endpoints-check')]),
    ]),
    base('filter-forward', 'filter', 'forward', 0, [
      rule([fresh, jump('service-endpoints-check')]),
      rule([fresh, jump('cluster-ips-check')]),
    ]),
    base('filter-output', 'filter', 'output', 0, [
      rule([fresh, jump('service-endpoints-check')]),
      rule([fresh, jump('cluster-ips-check')]),
    ]),
    base('nat-prerouting', 'nat', 'prerouting', DSTNAT, [rule([jump('services')])]),
    base('nat-output', 'nat', 'output', DSTNAT, [rule([jump('services')])]),
    base('nat-postrouting', 'nat', 'postrouting', 100, [rule([jump('masquerading')])]),
  ];
}

interface Collected {
  readonly hairpin: NftElement[];
  readonly clusterIps: NftElement[];
  readonly serviceIps: NftElement[];
  readonly nodePorts: NftElement[];
  readonly noEndpointServices: NftElement[];
  readonly noEndpointNodePorts: NftElement[];
  readonly affinitySets: NftSet[];
  readonly chains: NftChain[];
}

/** The `ip kube-proxy` table one node's kube-proxy writes. */
export function kubeProxyNftTable(cluster: ClusterSpec, node: NodeSpec, ports: readonly ServicePortView[]): NftTable {
  const c: Collected = {
    hairpin: [],
    clusterIps: [],
    serviceIps: [],
    nodePorts: [],
    noEndpointServices: [],
    noEndpointNodePorts: [],
    affinitySets: [],
    chains: [],
  };
  for (const sp of ports) servicePort(c, cluster, node, sp);
  const podRange = cluster.kubeProxyClusterCIDR;
  const services: NftRule[] = [
    ...(podRange
      ? [
          rule(
            [
              { e: 'addr-in-set', field: 'daddr', set: 'cluster-ips' },
              { e: 'addr', field: 'saddr', cidr: podRange, not: true },
              { e: 'mark-or', value: MASQ },
            ],
            'masquerade clusterIP traffic from outside cluster',
          ),
        ]
      : []),
    rule([{ e: 'vmap', fields: serviceKey, map: 'service-ips' }]),
    rule([
      { e: 'addr-in-set', field: 'daddr', set: 'nodeport-ips' },
      { e: 'vmap', fields: ['l4proto', 'dport'], map: 'service-nodeports' },
    ]),
  ];
  const set = (name: string, map: boolean, key: NftSet['key'], comment: string, elements: NftElement[]): NftSet => ({
    name,
    map,
    key,
    comment,
    elements,
  });
  const address = ['ipv4_addr'] as const;
  const serviceType = ['ipv4_addr', 'inet_proto', 'inet_service'] as const;
  const portType = ['inet_proto', 'inet_service'] as const;
  return {
    family: 'ip',
    name: 'kube-proxy',
    comment: 'rules for kube-proxy',
    sets: [
      set(
        'hairpin-connections',
        false,
        ['ipv4_addr', 'ipv4_addr', 'inet_proto', 'inet_service'],
        'service hairpin connections',
        dedupe(c.hairpin),
      ),
      set('cluster-ips', false, address, 'Active ClusterIPs', dedupe(c.clusterIps)),
      set('nodeport-ips', false, address, 'IPs that accept NodePort traffic', [{ key: [node.ip] }]),
      set('service-ips', true, serviceType, 'ClusterIP, ExternalIP and LoadBalancer IP traffic', c.serviceIps),
      set('service-nodeports', true, portType, 'NodePort traffic', c.nodePorts),
      set('no-endpoint-services', true, serviceType, 'vmap to drop or reject packets to services with no endpoints', c.noEndpointServices),
      set(
        'no-endpoint-nodeports',
        true,
        portType,
        'vmap to drop or reject packets to service nodeports with no endpoints',
        c.noEndpointNodePorts,
      ),
      set('firewall-ips', true, serviceType, 'destinations that are subject to LoadBalancerSourceRanges', []),
      ...c.affinitySets,
    ],
    chains: [
      ...baseChains(),
      { name: 'services', rules: services },
      { name: 'service-endpoints-check', rules: [rule([{ e: 'vmap', fields: serviceKey, map: 'no-endpoint-services' }])] },
      {
        name: 'nodeport-endpoints-check',
        rules: [
          rule([
            { e: 'addr-in-set', field: 'daddr', set: 'nodeport-ips' },
            { e: 'vmap', fields: ['l4proto', 'dport'], map: 'no-endpoint-nodeports' },
          ]),
        ],
      },
      { name: 'firewall-check', rules: [rule([{ e: 'vmap', fields: serviceKey, map: 'firewall-ips' }])] },
      {
        name: 'masquerading',
        rules: [
          rule([
            { e: 'mark-set-bits', mask: MASQ },
            { e: 'mark-xor', value: MASQ },
            { e: 'masquerade', fullyRandom: true },
          ]),
          rule([
            { e: 'ct-status', status: 'dnat' },
            { e: 'tuple-in-set', fields: ['saddr', 'daddr', 'l4proto', 'dport'], set: 'hairpin-connections' },
            { e: 'masquerade', fullyRandom: true },
          ]),
        ],
      },
      {
        name: 'cluster-ips-check',
        rules: [
          rule(
            [{ e: 'addr-in-set', field: 'daddr', set: 'cluster-ips' }, { e: 'reject' }],
            'Reject traffic to invalid ports of ClusterIPs',
          ),
          rule(
            [
              { e: 'addr', field: 'daddr', cidr: cluster.serviceClusterIPRange },
              { e: 'verdict', verdict: { v: 'drop' } },
            ],
            'Drop traffic to unallocated ClusterIPs',
          ),
        ],
      },
      { name: 'reject-chain', comment: 'helper for @no-endpoint-services / @no-endpoint-nodeports', rules: [rule([{ e: 'reject' }])] },
      ...c.chains,
    ],
  };
}

function dedupe(elements: NftElement[]): NftElement[] {
  const seen = new Set<string>();
  return elements.filter((e) => {
    const k = e.key.join(' . ');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function servicePort(c: Collected, cluster: ClusterSpec, node: NodeSpec, sp: ServicePortView): void {
  const { service, port } = sp;
  const proto = sp.proto as 'tcp' | 'udp' | 'sctp';
  const spn = currentPortName(sp);
  const base = portBase(sp);
  const serviceChain = nftChainName('service-', base);
  const localChain = nftChainName('local-', base);
  const externalChain = nftChainName('external-', base);
  // kube-proxy's endpoints are sorted by their `ip:port` text; numgen's indices follow that order.
  const all = [...sp.endpoints].sort((a, b) => (`${a.ip}:${a.port}` < `${b.ip}:${b.port}` ? -1 : 1));
  const local = all.filter((e) => e.node === node.name);
  const externallyAccessible = port.nodePort !== undefined || !!service.externalIPs?.length;
  const externalLocal = externallyAccessible && service.externalTrafficPolicy === 'Local';
  const internalLocal = service.internalTrafficPolicy === 'Local';
  const hasEndpoints = all.length > 0;
  const internalEndpoints = internalLocal ? local : all;
  const externalEndpoints = externalLocal ? local : all;
  const internalChain = internalLocal ? localChain : serviceChain;
  // No endpoint at all: refused (reject-chain); endpoints elsewhere but none here under a Local policy: dropped.
  const refusal = hasEndpoints ? ({ v: 'drop' } as const) : ({ v: 'goto', chain: 'reject-chain' } as const);
  const key = (ip: string, p: number) => [ip, proto, String(p)];

  c.clusterIps.push({ key: [service.clusterIP] });
  if (internalEndpoints.length > 0)
    c.serviceIps.push({ key: key(service.clusterIP, port.port), verdict: { v: 'goto', chain: internalChain } });
  else c.noEndpointServices.push({ key: key(service.clusterIP, port.port), comment: spn, verdict: refusal });
  for (const ip of service.externalIPs ?? []) {
    if (hasEndpoints) c.serviceIps.push({ key: key(ip, port.port), verdict: { v: 'goto', chain: externalChain } });
    if (externalEndpoints.length === 0) c.noEndpointServices.push({ key: key(ip, port.port), comment: spn, verdict: refusal });
  }
  if (port.nodePort !== undefined) {
    const np = [proto, String(port.nodePort)];
    if (hasEndpoints) c.nodePorts.push({ key: np, verdict: { v: 'goto', chain: externalChain } });
    if (externalEndpoints.length === 0) c.noEndpointNodePorts.push({ key: np, comment: spn, verdict: refusal });
  }

  const affinity = service.sessionAffinity === 'ClientIP';
  const endpointChain = (e: { ip: string; port: number }) => nftChainName('endpoint-', `${base}__${e.ip}/${e.port}`);
  const affinitySet = (e: { ip: string; port: number }) => nftChainName('affinity-', `${base}__${e.ip}/${e.port}`);
  const usedEndpoints = new Map<string, { ip: string; port: number }>();
  const pick = (name: string, eps: readonly { ip: string; port: number }[]) => {
    const rules: NftRule[] = [];
    if (affinity) {
      for (const e of eps) rules.push(rule([{ e: 'addr-in-set', field: 'saddr', set: affinitySet(e) }, goto(endpointChain(e))]));
      rules.push(
        rule([{ e: 'numgen-vmap', mod: eps.length, verdicts: eps.map((e) => ({ v: 'goto' as const, chain: endpointChain(e) })) }]),
      );
      for (const e of eps) usedEndpoints.set(`${e.ip}:${e.port}`, e);
    } else
      rules.push(
        rule([
          { e: 'l4proto', proto },
          { e: 'numgen-dnat', mod: eps.length, targets: eps },
        ]),
      );
    c.chains.push({ name, rules });
  };
  const usesCluster = !internalLocal || (externallyAccessible && !externalLocal);
  const usesLocal = internalLocal || externalLocal;
  if (hasEndpoints && usesCluster) pick(serviceChain, all);
  if (local.length > 0 && usesLocal) pick(localChain, local);
  if (hasEndpoints && externallyAccessible) {
    const rules: NftRule[] = [];
    if (!externalLocal) rules.push(rule([{ e: 'mark-or', value: MASQ }]), rule([goto(serviceChain)]));
    else {
      if (cluster.kubeProxyClusterCIDR)
        rules.push(
          rule([{ e: 'addr', field: 'saddr', cidr: cluster.kubeProxyClusterCIDR }, goto(serviceChain)], 'short-circuit pod traffic'),
        );
      rules.push(
        rule(
          [
            { e: 'fib-local', field: 'saddr' },
            { e: 'mark-or', value: MASQ },
          ],
          'masquerade local traffic',
        ),
        rule([{ e: 'fib-local', field: 'saddr' }, goto(serviceChain)], 'short-circuit local traffic'),
      );
      if (local.length > 0) rules.push(rule([goto(localChain)]));
    }
    c.chains.push({ name: externalChain, rules });
  }
  for (const e of hasEndpoints ? (usesCluster ? all : local) : []) c.hairpin.push({ key: [e.ip, e.ip, proto, String(e.port)] });
  for (const e of usedEndpoints.values()) {
    c.affinitySets.push({
      name: affinitySet(e),
      map: false,
      key: ['ipv4_addr'],
      timeoutSeconds: service.affinityTimeoutSeconds ?? 10800,
      elements: [],
    });
    c.chains.push({
      name: endpointChain(e),
      rules: [
        rule([{ e: 'update-set', set: affinitySet(e), field: 'saddr' }]),
        rule([
          { e: 'l4proto', proto },
          { e: 'dnat', ip: e.ip, port: e.port },
        ]),
      ],
    });
  }
}
