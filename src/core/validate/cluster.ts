/**
 * The `kind: Cluster` document → ClusterSpec, with the lab's cluster as the default for every
 * field left out. Checks that the address plan is possible: the lab warns that the service
 * range must not collide with the pod subnets or the physical network.
 */
import type { ClusterDns, ClusterProfile, ClusterSpec, HostSpec, KubeProxyMode, NodeSpec } from '../model.ts';
import { cidrContains, cidrsOverlap, formatCidr, parseCidr, parseIp, subnetAt, type Cidr } from '../net/ipv4.ts';
import type { DiagnosticCode } from '../diagnostics.ts';
import { msg, type Message } from '../message.ts';
import type { Path } from '../path.ts';
import type { Reporter } from './finding.ts';
import { checkName } from './fields.ts';
import { MAX_NODES } from '../limits.ts';
import { defaultTaints, isSimulatedProfile, PROFILE_DEFAULTS } from '../profiles.ts';
import { nodeTaints } from './taints.ts';

export const LAB_CLUSTER: ClusterSpec = {
  name: 'lab',
  profile: 'book',
  runtime: 'docker',
  kubeProxyVersion: PROFILE_DEFAULTS.book.kubeProxyVersion,
  nodes: [71, 72, 73].map((last, i) => ({
    name: `k8smaster0${i + 1}`,
    ip: `172.24.8.${last}`,
    prefix: 24,
    podSubnet: `172.17.${i + 1}.0/24`,
    labels: { 'kubernetes.io/hostname': `k8smaster0${i + 1}` },
    taints: [],
  })),
  hosts: [{ name: 'laptop', ip: '172.24.8.10', prefix: 24 }],
  serviceClusterIPRange: '10.254.0.0/16',
  clusterCIDR: '172.17.0.0/16',
  kubeProxyClusterCIDR: '172.17.0.0/16',
  kubeProxyMode: 'iptables',
  pauseImage: 'google_containers/pause:latest',
  podMasquerade: 'outsideClusterCIDR',
  loadBalancerIPRange: '203.0.113.0/24',
  dns: 'none',
  seed: 0,
};

/** A profile's cluster when the document leaves a field out (the book's is the lab). */
export function profileCluster(profile: ClusterProfile): ClusterSpec {
  if (profile === 'book') return LAB_CLUSTER;
  const d = PROFILE_DEFAULTS[profile];
  let subnet = d.firstSubnet;
  const cidr = parseCidr(d.clusterCIDR)!;
  return {
    ...LAB_CLUSTER,
    name: profile,
    profile,
    runtime: d.runtime,
    kubeProxyVersion: d.kubeProxyVersion,
    nodes: d.nodes.map((n, i) => ({
      ...n,
      podSubnet: formatCidr(subnetAt(cidr, 24, subnet++)!),
      labels: { 'kubernetes.io/hostname': n.name },
      taints: defaultTaints(profile, i, d.nodes.length),
    })),
    hosts: d.hosts,
    serviceClusterIPRange: d.serviceClusterIPRange,
    clusterCIDR: d.clusterCIDR,
    kubeProxyClusterCIDR: d.clusterCIDR,
    pauseImage: d.pauseImage,
    dns: d.dns ?? 'none',
  };
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});

function cidrField(r: Reporter, value: unknown, path: Path, fallback: string): Cidr {
  if (typeof value !== 'string') return parseCidr(fallback)!;
  const cidr = parseCidr(value, true);
  if (!cidr) {
    const loose = parseCidr(value);
    r.error(
      path,
      'invalid-value',
      msg('field.invalid', { path: path.join('.'), value: `"${value}"`, why: msg('why.cidr') }),
      loose ? msg('hint.did-you-mean-cidr', { cidr: formatCidr(loose) }) : undefined,
    );
    return loose ?? parseCidr(fallback)!;
  }
  return cidr;
}

/** kube-proxy's --nodeport-addresses: IP blocks (host bits allowed, as kube-proxy reads them with net.ParseCIDR). */
function nodePortRanges(r: Reporter, value: unknown, path: Path): string[] {
  // Anything but a list is the schema checker's to report.
  if (!Array.isArray(value)) return [];
  return value.flatMap((v, i) => {
    const cidr = typeof v === 'string' ? parseCidr(v) : undefined;
    if (cidr) return [formatCidr(cidr)];
    r.error(
      [...path, i],
      'invalid-value',
      msg('field.invalid', { path: `${path.join('.')}[${i}]`, value: `"${String(v)}"`, why: msg('why.ip-block') }),
    );
    return [];
  });
}

function addressWithPrefix(r: Reporter, value: unknown, path: Path): { ip: string; prefix: number } | undefined {
  const text = String(value ?? '');
  const [ip, prefixText] = text.split('/');
  const prefix = prefixText === undefined ? 24 : Number(prefixText);
  if (parseIp(ip ?? '') === undefined || !Number.isInteger(prefix) || prefix < 1 || prefix > 32) {
    r.error(path, 'invalid-value', msg('field.invalid', { path: path.join('.'), value: `"${text}"`, why: msg('why.address-prefix') }));
    return undefined;
  }
  return { ip: ip!, prefix };
}

function profileField(r: Reporter, value: unknown, path: Path): ClusterProfile {
  if (value === undefined) return 'book';
  const p = String(value);
  if (isSimulatedProfile(p)) return p;
  const supported = Object.keys(PROFILE_DEFAULTS)
    .map((k) => `"${k}"`)
    .join(', ');
  r.error(path, 'unsupported-value', msg('field.unsupported', { path: 'spec.profile', value: `"${p}"`, supported }));
  return 'book';
}

const DNS_ADDONS: readonly ClusterDns[] = ['none', 'kube-dns', 'coredns'];

function dnsField(r: Reporter, value: unknown, path: Path, fallback: ClusterDns): ClusterDns {
  if (value === undefined) return fallback;
  const d = String(value);
  if ((DNS_ADDONS as readonly string[]).includes(d)) return d as ClusterDns;
  r.error(
    path,
    'unsupported-value',
    msg('field.unsupported', { path: 'spec.dns', value: `"${d}"`, supported: DNS_ADDONS.map((a) => `"${a}"`).join(', ') }),
    d.toLowerCase() !== d ? msg('hint.lower-case-value', { value: d.toLowerCase() }) : undefined,
  );
  return fallback;
}

export function clusterFromDocument(r: Reporter, value: Rec): ClusterSpec {
  const spec = rec(value.spec);
  const at = (...p: (string | number)[]): Path => ['spec', ...p];
  const profile = profileField(r, spec.profile, at('profile'));
  const base = profileCluster(profile);
  const serviceRange = cidrField(r, spec.serviceClusterIPRange, at('serviceClusterIPRange'), base.serviceClusterIPRange);
  // clusterCIDR: "" is kube-proxy without --cluster-cidr; pod subnets still come from the profile's range.
  const noProxyCidr = spec.clusterCIDR === '';
  const clusterCidr = cidrField(r, noProxyCidr ? undefined : spec.clusterCIDR, at('clusterCIDR'), base.clusterCIDR);
  const nodePortAddresses = nodePortRanges(r, spec.nodePortAddresses, at('nodePortAddresses'));
  const lbRange = cidrField(r, spec.loadBalancerIPRange, at('loadBalancerIPRange'), LAB_CLUSTER.loadBalancerIPRange);

  let mode: KubeProxyMode = base.kubeProxyMode;
  if (spec.kubeProxyMode !== undefined) {
    const m = String(spec.kubeProxyMode);
    // The book's kube-proxy (v1.18) predates nftables mode (alpha in v1.29); see the profiles' modes.
    const simulated: readonly string[] = PROFILE_DEFAULTS[profile].kubeProxyModes;
    if (profile !== 'book' && !simulated.includes(m))
      r.error(
        at('kubeProxyMode'),
        'not-simulated',
        msg('sim.profile-mode-not-yet', {
          path: 'spec.kubeProxyMode',
          value: `"${m}"`,
          profile,
          supported: simulated.map((s) => `"${s}"`).join(', '),
        }),
      );
    else if (profile === 'book' && m === 'nftables')
      r.error(
        at('kubeProxyMode'),
        'unsupported-value',
        msg('field.mode-not-in-version', { path: 'spec.kubeProxyMode', value: `"${m}"`, version: base.kubeProxyVersion, since: 'v1.29' }),
        msg('hint.nftables-profile'),
      );
    else if (simulated.includes(m)) mode = m as KubeProxyMode;
    else
      r.error(
        at('kubeProxyMode'),
        'unsupported-value',
        msg('field.unsupported', { path: 'spec.kubeProxyMode', value: `"${m}"`, supported: '"userspace", "iptables", "ipvs"' }),
        m.toLowerCase() !== m ? msg('hint.lower-case-value', { value: m.toLowerCase() }) : undefined,
      );
  }

  let podMasquerade = LAB_CLUSTER.podMasquerade;
  if (spec.podMasquerade !== undefined) {
    const m = String(spec.podMasquerade);
    if (m === 'outsideClusterCIDR' || m === 'dockerDefault') podMasquerade = m;
    else
      r.error(
        at('podMasquerade'),
        'unsupported-value',
        msg('field.unsupported', { path: 'spec.podMasquerade', value: `"${m}"`, supported: '"outsideClusterCIDR", "dockerDefault"' }),
      );
  }

  const dns = dnsField(r, spec.dns, at('dns'), base.dns);

  if (mode === 'userspace' && nodePortAddresses.length > 0)
    r.warn(at('nodePortAddresses'), 'not-simulated', msg('lint.userspace-nodeport-addresses'));

  const nodes: NodeSpec[] = [];
  const rawNodes = Array.isArray(spec.nodes) ? spec.nodes : undefined;
  if (rawNodes && rawNodes.length === 0)
    r.error(at('nodes'), 'cluster-invalid', msg('field.required-because', { path: 'spec.nodes', why: msg('why.one-node') }));
  if (rawNodes && rawNodes.length > MAX_NODES)
    r.error(
      at('nodes'),
      'limit-nodes',
      msg('field.too-many', { path: 'spec.nodes', count: rawNodes.length, why: msg('why.nodes-limit', { max: MAX_NODES }) }),
    );
  const nodeCount = Math.min(rawNodes?.length ?? 0, MAX_NODES);
  // Carve one subnet per node from clusterCIDR: /24s when they fit, numbered from 1 as in the lab
  // (kind's controller manager numbers them from 0).
  const first = PROFILE_DEFAULTS[profile].firstSubnet;
  const carvePrefix = Math.max(24, clusterCidr.prefix + Math.ceil(Math.log2(nodeCount + 1 + first)));
  const names = new Set<string>();
  for (let i = 0; i < nodeCount; i++) {
    const n = rec(rawNodes![i]);
    const name = String(n.name ?? `node${i + 1}`);
    checkName(r, at('nodes', i, 'name'), name, 'subdomain');
    if (names.has(name))
      r.error(at('nodes', i, 'name'), 'cluster-invalid', msg('field.duplicate', { path: `spec.nodes[${i}].name`, value: `"${name}"` }));
    names.add(name);
    const addr = addressWithPrefix(r, n.ip, at('nodes', i, 'ip'));
    let subnet: Cidr | undefined;
    if (n.podSubnet !== undefined) subnet = cidrField(r, n.podSubnet, at('nodes', i, 'podSubnet'), '0.0.0.0/32');
    else {
      subnet = subnetAt(clusterCidr, carvePrefix, i + first);
      if (!subnet)
        r.error(
          at('nodes', i),
          'cluster-invalid',
          msg('api.no-pod-subnet', { cidr: formatCidr(clusterCidr), node: name }),
          msg('hint.pod-subnet-room'),
        );
    }
    if (!addr || !subnet) continue;
    const labels = Object.fromEntries(Object.entries(rec(n.labels)).map(([k, v]) => [k, String(v)]));
    nodes.push({
      name,
      ip: addr.ip,
      prefix: addr.prefix,
      podSubnet: formatCidr(subnet),
      labels: { 'kubernetes.io/hostname': name, ...labels },
      taints: n.taints === undefined ? defaultTaints(profile, i, nodeCount) : nodeTaints(r, n.taints, at('nodes', i, 'taints')),
    });
  }

  const hosts: HostSpec[] = [];
  const rawHosts = Array.isArray(spec.hosts) ? spec.hosts : undefined;
  (rawHosts ?? []).forEach((h, i) => {
    const name = String(rec(h).name ?? `host${i + 1}`);
    checkName(r, at('hosts', i, 'name'), name, 'subdomain');
    if (names.has(name))
      r.error(at('hosts', i, 'name'), 'cluster-invalid', msg('field.duplicate', { path: `spec.hosts[${i}].name`, value: `"${name}"` }));
    names.add(name);
    const addr = addressWithPrefix(r, rec(h).ip, at('hosts', i, 'ip'));
    if (addr) hosts.push({ name, ...addr });
  });

  const cluster: ClusterSpec = {
    name: String(rec(value.metadata).name ?? base.name),
    profile,
    runtime: base.runtime,
    kubeProxyVersion: base.kubeProxyVersion,
    nodes: rawNodes ? nodes : base.nodes,
    hosts: rawHosts ? hosts : base.hosts,
    serviceClusterIPRange: formatCidr(serviceRange),
    clusterCIDR: formatCidr(clusterCidr),
    ...(noProxyCidr ? {} : { kubeProxyClusterCIDR: formatCidr(clusterCidr) }),
    ...(nodePortAddresses.length > 0 ? { nodePortAddresses } : {}),
    kubeProxyMode: mode,
    pauseImage: typeof spec.pauseImage === 'string' ? spec.pauseImage : base.pauseImage,
    podMasquerade,
    loadBalancerIPRange: formatCidr(lbRange),
    dns,
    seed: typeof spec.seed === 'number' ? spec.seed : base.seed,
  };
  checkAddressPlan(r, cluster, rawNodes !== undefined, rawHosts !== undefined);
  return cluster;
}

/** Every address must be unique, and the portal network must stay clear of every real network. */
function checkAddressPlan(r: Reporter, cluster: ClusterSpec, nodesGiven: boolean, hostsGiven: boolean): void {
  const serviceRange = parseCidr(cluster.serviceClusterIPRange)!;
  const clusterCidr = parseCidr(cluster.clusterCIDR)!;
  if (cidrsOverlap(serviceRange, clusterCidr))
    r.error(
      ['spec', 'serviceClusterIPRange'],
      'cidr-overlap',
      msg('field.invalid', {
        path: 'spec.serviceClusterIPRange',
        value: `"${cluster.serviceClusterIPRange}"`,
        why: msg('why.overlaps-cluster-cidr', { cidr: cluster.clusterCIDR }),
      }),
      msg('hint.portal-vs-pods'),
    );
  const seenIps = new Map<number, string>();
  const subnets: { name: string; cidr: Cidr; index: number }[] = [];
  cluster.nodes.forEach((node, i) => {
    const path: Path = nodesGiven ? ['spec', 'nodes', i] : ['spec'];
    const ip = parseIp(node.ip)!;
    const subnet = parseCidr(node.podSubnet)!;
    if (seenIps.has(ip))
      r.error(
        [...path, 'ip'],
        'cluster-invalid',
        msg('field.duplicate-address', { path: `spec.nodes[${i}].ip`, value: `"${node.ip}"`, owner: seenIps.get(ip)! }),
      );
    seenIps.set(ip, node.name);
    /** The node's `field` is not valid: `why`, said at its line. */
    const invalid = (field: 'ip' | 'podSubnet', code: DiagnosticCode, why: Message, hint?: Message) =>
      r.error(
        [...path, field],
        code,
        msg('field.invalid', { path: `spec.nodes[${i}].${field}`, value: `"${node[field]}"`, why }),
        ...(hint ? [hint] : []),
      );
    if (cidrContains(serviceRange, ip))
      invalid(
        'ip',
        'cidr-overlap',
        msg('why.inside-service-range', { range: cluster.serviceClusterIPRange }),
        msg('hint.node-outside-portal'),
      );
    if (cidrsOverlap(serviceRange, subnet))
      invalid(
        'podSubnet',
        'cidr-overlap',
        msg('why.overlaps-service-range', { range: cluster.serviceClusterIPRange }),
        msg('hint.portal-vs-docker0'),
      );
    if (cidrContains(subnet, ip)) invalid('podSubnet', 'cidr-overlap', msg('why.contains-own-address', { ip: node.ip }));
    if (subnet.prefix > 30) invalid('podSubnet', 'cluster-invalid', msg('why.subnet-too-small'));
    for (const other of subnets)
      if (cidrsOverlap(other.cidr, subnet))
        invalid('podSubnet', 'cidr-overlap', msg('why.overlaps-pod-subnet', { node: other.name }), msg('hint.own-subnets'));
    subnets.push({ name: node.name, cidr: subnet, index: i });
  });
  cluster.nodes.forEach((node, i) => {
    const ip = parseIp(node.ip)!;
    for (const other of subnets)
      if (other.index !== i && cidrContains(other.cidr, ip))
        r.error(
          nodesGiven ? ['spec', 'nodes', i, 'ip'] : ['spec'],
          'cidr-overlap',
          msg('field.invalid', {
            path: `spec.nodes[${i}].ip`,
            value: `"${node.ip}"`,
            why: msg('why.inside-pod-subnet', { node: other.name, subnet: formatCidr(other.cidr) }),
          }),
          msg('hint.node-not-in-subnet'),
        );
  });
  cluster.hosts.forEach((host, i) => {
    const path: Path = hostsGiven ? ['spec', 'hosts', i, 'ip'] : ['spec'];
    const ip = parseIp(host.ip)!;
    if (seenIps.has(ip))
      r.error(
        path,
        'cluster-invalid',
        msg('field.duplicate-address', { path: `spec.hosts[${i}].ip`, value: `"${host.ip}"`, owner: seenIps.get(ip)! }),
      );
    seenIps.set(ip, host.name);
    if (cidrContains(serviceRange, ip))
      r.error(
        path,
        'cidr-overlap',
        msg('field.invalid', {
          path: `spec.hosts[${i}].ip`,
          value: `"${host.ip}"`,
          why: msg('why.inside-service-range', { range: cluster.serviceClusterIPRange }),
        }),
      );
    for (const other of subnets)
      if (cidrContains(other.cidr, ip))
        r.error(
          path,
          'cidr-overlap',
          msg('field.invalid', {
            path: `spec.hosts[${i}].ip`,
            value: `"${host.ip}"`,
            why: msg('why.inside-pod-subnet', { node: other.name, subnet: formatCidr(other.cidr) }),
          }),
        );
  });
}
