/**
 * fast-check arbitraries for the pipeline's property tests.
 *
 * - `validScenario`: a multi-document YAML scenario the API server (and so the validator) must
 *   accept: a `kind: Cluster` document, sometimes a Namespace, then 0-8 Pods, ReplicationControllers,
 *   ReplicaSets, Deployments and Services. The scenario is drawn as raw choices ("pick label set
 *   #k", "take these labels of it") and then built by a pure function, so shrinking stays local.
 * - `anyText`, `yamlJunk`, `k8sJunk`, `mutatedScenario`: text that is mostly NOT valid, for the
 *   "simulate never throws and its diagnostics are well-formed" properties.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

// ---------------------------------------------------------------------------------------------
// Valid scenarios
// ---------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = Record<string, Json>;

/** Non-overlapping (service range, clusterCIDR) choices; none contains 192.168.0.0/24 or 172.30.0.0/16. */
export const SERVICE_RANGES = ['10.96.0.0/16', '10.254.0.0/16', '10.0.0.0/24'] as const;
export const CLUSTER_CIDRS = ['172.16.0.0/16', '10.244.0.0/16'] as const;
/** Explicit per-node pod subnets are carved from here, one /16 third octet per node. */
const EXPLICIT_SUBNET_BASE = '172.30';

const LABEL_KEYS = ['app', 'tier', 'role', 'track'] as const;
const LABEL_VALUES = ['web', 'db', 'cache', 'frontend', 'backend', 'stable', 'canary'] as const;
/** Container port names (IANA_SVC_NAME, at most 15 characters). */
const PORT_NAMES = ['http', 'https', 'metrics', 'dns', 'web-port', 'admin'] as const;
const HOST_PORTS = [80, 8080, 0] as const;
/** Pod, controller and service name stems; 'appended' is reserved for the stability properties. */
const NAME_STEMS = ['web', 'api', 'db', 'cache', 'front'] as const;

/** `arb` with probability `p`, else null. (fc.option's `freq` is the inverse: 1/freq is the chance of nil.) */
const sometimes = <T>(arb: fc.Arbitrary<T>, p: number): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: fc.constant(null), weight: Math.round((1 - p) * 100) }, { arbitrary: arb, weight: Math.round(p * 100) });

const labelsArb = (minKeys: number) =>
  fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { minKeys, maxKeys: 3 });

export interface RawCluster {
  nodeCount: number;
  serviceRange: number;
  clusterCidr: number;
  hosts: number;
  nodeLabels: (('ssd' | 'hdd') | null)[];
  /** Per node: null = carved from clusterCIDR, else an explicit podSubnet of that prefix. */
  podSubnetPrefix: (number | null)[];
  seed: number | null;
  kubeProxyMode: string | null;
  withNamespace: boolean;
}

const rawCluster: fc.Arbitrary<RawCluster> = fc.record({
  nodeCount: fc.integer({ min: 1, max: 6 }),
  serviceRange: fc.nat({ max: SERVICE_RANGES.length - 1 }),
  clusterCidr: fc.nat({ max: CLUSTER_CIDRS.length - 1 }),
  hosts: fc.nat({ max: 2 }),
  nodeLabels: fc.array(fc.option(fc.constantFrom('ssd' as const, 'hdd' as const), { nil: null }), { minLength: 6, maxLength: 6 }),
  podSubnetPrefix: fc.array(sometimes(fc.constantFrom(24, 26, 28, 30), 0.2), { minLength: 6, maxLength: 6 }),
  seed: fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { nil: null }),
  kubeProxyMode: fc.option(fc.constantFrom('userspace', 'iptables', 'ipvs'), { nil: null }),
  withNamespace: fc.boolean(),
});

export interface RawPort {
  containerPort: number;
  name: string | null;
  hostPort: number | null;
  protocol: 'TCP' | 'UDP' | null;
  hostIP: string | null;
}

const rawPort: fc.Arbitrary<RawPort> = fc.record({
  containerPort: fc.oneof(fc.constantFrom(80, 8080, 443, 53, 6379), fc.integer({ min: 1, max: 65535 })),
  name: sometimes(fc.constantFrom(...PORT_NAMES), 0.5),
  hostPort: sometimes(fc.constantFrom(...HOST_PORTS), 0.3),
  protocol: sometimes(fc.constantFrom('TCP' as const, 'UDP' as const), 0.3),
  hostIP: sometimes(fc.constantFrom('0.0.0.0', '127.0.0.1'), 0.15),
});

export interface RawContainer {
  image: string;
  ports: RawPort[];
  env: boolean;
}

const rawContainer: fc.Arbitrary<RawContainer> = fc.record({
  image: fc.constantFrom('nginx', 'redis:7', 'busybox', 'kubeguide/guestbook-php-frontend'),
  ports: fc.array(rawPort, { maxLength: 3 }),
  env: fc.boolean(),
});

export interface RawPodSpec {
  containers: RawContainer[];
  hostNetwork: boolean;
  /** 0: none; 1: kubernetes.io/hostname of node #k (possibly absent); 2: disk label. */
  nodeSelector: { kind: 0 | 1 | 2; node: number; disk: 'ssd' | 'hdd' };
  /** nodeName of node #k (k may name a node that does not exist), or null. */
  nodeName: number | null;
}

const rawPodSpec: fc.Arbitrary<RawPodSpec> = fc.record({
  containers: fc.array(rawContainer, { minLength: 1, maxLength: 3 }),
  hostNetwork: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 }),
  nodeSelector: fc.record({
    kind: fc.oneof({ arbitrary: fc.constant(0 as const), weight: 4 }, { arbitrary: fc.constantFrom(1 as const, 2 as const), weight: 2 }),
    node: fc.nat({ max: 7 }),
    disk: fc.constantFrom('ssd' as const, 'hdd' as const),
  }),
  nodeName: sometimes(fc.nat({ max: 7 }), 0.1),
});

/** 0: leave namespace out; 1: "default"; 2: the generated Namespace (if any); 3: kube-system. */
const namespacePick = fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 2 });

export type RawObject =
  | { kind: 'Pod'; stem: number; ns: number; labels: Record<string, string>; spec: RawPodSpec }
  | {
      kind: 'ReplicationController' | 'ReplicaSet' | 'Deployment';
      stem: number;
      ns: number;
      replicas: number;
      templateLabels: Record<string, string>;
      /** Which template labels the selector keeps (at least one is always kept). */
      selectorMask: boolean[];
      /** RC only: leave spec.selector out (it defaults to the template's labels). */
      omitSelector: boolean;
      spec: RawPodSpec;
    }
  | {
      kind: 'Service';
      stem: number;
      ns: number;
      type: 'ClusterIP' | 'NodePort' | 'headless' | 'LoadBalancer';
      /** 0: no selector; 1: a subset of generated label set #pick; 2: random labels. */
      selector: { kind: 0 | 1 | 2; pick: number; mask: boolean[]; random: Record<string, string> };
      ports: {
        port: number;
        protocol: 'TCP' | 'UDP' | null;
        /** 0: left out; 1: a number; 2: a name drawn from the generated port names. */
        target: { kind: 0 | 1 | 2; number: number; pick: number };
        nodePort: number | null;
      }[];
      /** An explicit clusterIP at this offset into the range (when it is free), or null. */
      clusterIPOffset: number | null;
      sessionAffinity: 'None' | 'ClientIP' | null;
      /** externalTrafficPolicy: Local (NodePort and LoadBalancer services only). */
      local: boolean;
      /** An external IP: the address of the node at this index (modulo the nodes), or none. */
      externalIP: number | null;
    };

const rawPod = fc.record({
  kind: fc.constant('Pod' as const),
  stem: fc.nat({ max: NAME_STEMS.length - 1 }),
  ns: namespacePick,
  labels: labelsArb(0),
  spec: rawPodSpec,
});

const rawController = fc.record({
  kind: fc.constantFrom('ReplicationController' as const, 'ReplicaSet' as const, 'Deployment' as const),
  stem: fc.nat({ max: NAME_STEMS.length - 1 }),
  ns: namespacePick,
  replicas: fc.integer({ min: 0, max: 5 }),
  templateLabels: labelsArb(1),
  selectorMask: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  omitSelector: fc.boolean(),
  spec: rawPodSpec,
});

const rawService = fc.record({
  kind: fc.constant('Service' as const),
  stem: fc.nat({ max: NAME_STEMS.length - 1 }),
  ns: namespacePick,
  type: fc.oneof(
    { arbitrary: fc.constantFrom('ClusterIP' as const, 'NodePort' as const, 'headless' as const), weight: 6 },
    { arbitrary: fc.constant('LoadBalancer' as const), weight: 1 },
  ),
  selector: fc.record({
    kind: fc.oneof({ arbitrary: fc.constant(1 as const), weight: 5 }, { arbitrary: fc.constantFrom(0 as const, 2 as const), weight: 2 }),
    pick: fc.nat({ max: 20 }),
    mask: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    random: labelsArb(1),
  }),
  ports: fc.array(
    fc.record({
      port: fc.oneof(fc.constantFrom(80, 443, 8080, 53), fc.integer({ min: 1, max: 65535 })),
      protocol: sometimes(fc.constantFrom('TCP' as const, 'UDP' as const), 0.3),
      target: fc.record({
        kind: fc.constantFrom(0 as const, 1 as const, 2 as const),
        number: fc.integer({ min: 1, max: 65535 }),
        pick: fc.nat({ max: 20 }),
      }),
      nodePort: sometimes(fc.integer({ min: 30000, max: 32767 }), 0.25),
    }),
    { maxLength: 3 },
  ),
  clusterIPOffset: sometimes(fc.nat({ max: 2 ** 16 }), 0.2),
  sessionAffinity: sometimes(fc.constantFrom('None' as const, 'ClientIP' as const), 0.3),
  local: fc.boolean(),
  externalIP: sometimes(fc.nat({ max: 9 }), 0.15),
});

export const rawObject: fc.Arbitrary<RawObject> = fc.oneof(rawPod, rawController, rawService);

export interface RawScenario {
  cluster: RawCluster;
  objects: RawObject[];
}

export const rawScenario: fc.Arbitrary<RawScenario> = fc.record({
  cluster: rawCluster,
  objects: fc.array(rawObject, { maxLength: 8 }),
});

export interface Scenario {
  readonly raw: RawScenario;
  /** The documents as JS values, Cluster first. */
  readonly docs: Obj[];
  readonly text: string;
  readonly nodeNames: readonly string[];
  readonly serviceRange: string;
}

const ipOf = (cidr: string): number[] => cidr.split('/')[0]!.split('.').map(Number);
const rangeSize = (cidr: string): number => 2 ** (32 - Number(cidr.split('/')[1]));
const addToIp = (cidr: string, offset: number): string => {
  const [a, b, c, d] = ipOf(cidr) as [number, number, number, number];
  const v = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d + offset;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
};

function buildPodSpec(raw: RawPodSpec, portNames: Set<string>): Obj {
  const usedHost = new Set<string>();
  const containers = raw.containers.map((c, i) => {
    const names = new Set<string>();
    const ports: Obj[] = [];
    for (const p of c.ports) {
      const protocol = p.protocol ?? 'TCP';
      const port: Obj = { containerPort: p.containerPort };
      if (p.name !== null && !names.has(p.name)) {
        names.add(p.name);
        portNames.add(p.name);
        port.name = p.name;
      }
      if (p.protocol !== null) port.protocol = p.protocol;
      // The API server refuses two ports of one pod with the same hostPort/protocol; with
      // hostNetwork every containerPort is a host port.
      const hostPort = raw.hostNetwork ? p.containerPort : (p.hostPort ?? 0);
      if (hostPort !== 0) {
        const key = `${hostPort}/${protocol}`;
        if (usedHost.has(key)) continue;
        usedHost.add(key);
      }
      if (raw.hostNetwork) {
        if (p.hostPort !== null && p.hostPort !== 0) port.hostPort = p.containerPort;
      } else if (p.hostPort !== null) {
        port.hostPort = p.hostPort;
        if (p.hostIP !== null && p.hostPort !== 0) port.hostIP = p.hostIP;
      }
      ports.push(port);
    }
    const container: Obj = { name: `c${i}`, image: c.image };
    if (ports.length > 0) container.ports = ports;
    if (c.env) container.env = [{ name: 'GET_HOSTS_FROM', value: 'env' }];
    return container;
  });
  const spec: Obj = { containers };
  if (raw.hostNetwork) spec.hostNetwork = true;
  if (raw.nodeSelector.kind === 1) spec.nodeSelector = { 'kubernetes.io/hostname': `node-${raw.nodeSelector.node}` };
  if (raw.nodeSelector.kind === 2) spec.nodeSelector = { disk: raw.nodeSelector.disk };
  if (raw.nodeName !== null) spec.nodeName = `node-${raw.nodeName}`;
  return spec;
}

/** Builds the documents of a raw scenario; every choice that would be invalid is dropped or repaired here. */
export function buildScenario(raw: RawScenario): Scenario {
  const c = raw.cluster;
  const serviceRange = SERVICE_RANGES[c.serviceRange]!;
  const nodeNames: string[] = [];
  const nodes: Obj[] = [];
  for (let i = 0; i < c.nodeCount; i++) {
    const node: Obj = { name: `node-${i}`, ip: `192.168.0.${10 + i}/24` };
    nodeNames.push(`node-${i}`);
    const prefix = c.podSubnetPrefix[i];
    if (prefix !== null && prefix !== undefined) node.podSubnet = `${EXPLICIT_SUBNET_BASE}.${i}.0/${prefix}`;
    const disk = c.nodeLabels[i];
    if (disk) node.labels = { disk };
    nodes.push(node);
  }
  const spec: Obj = { nodes, serviceClusterIPRange: serviceRange, clusterCIDR: CLUSTER_CIDRS[c.clusterCidr]! };
  if (c.hosts > 0) spec.hosts = Array.from({ length: c.hosts }, (_, i) => ({ name: `host-${i}`, ip: `192.168.0.${200 + i}/24` }));
  if (c.seed !== null) spec.seed = c.seed;
  if (c.kubeProxyMode !== null) spec.kubeProxyMode = c.kubeProxyMode;
  const docs: Obj[] = [{ apiVersion: 'kube-netplay/v1', kind: 'Cluster', metadata: { name: 'prop' }, spec }];
  if (c.withNamespace) docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });

  const metadataFor = (stem: number, i: number, ns: number, labels?: Record<string, string>): Obj => {
    const m: Obj = { name: `${NAME_STEMS[stem]}-${i}` };
    if (ns === 1) m.namespace = 'default';
    if (ns === 2 && c.withNamespace) m.namespace = 'team-a';
    if (ns === 3) m.namespace = 'kube-system';
    if (labels && Object.keys(labels).length > 0) m.labels = { ...labels };
    return m;
  };

  // First pass: workloads, collecting label sets and port names for the services to draw from.
  const labelSets: Record<string, string>[] = [];
  const portNames = new Set<string>();
  const built: (Obj | undefined)[] = raw.objects.map((o, i) => {
    if (o.kind === 'Pod') {
      if (Object.keys(o.labels).length > 0) labelSets.push(o.labels);
      return { apiVersion: 'v1', kind: 'Pod', metadata: metadataFor(o.stem, i, o.ns, o.labels), spec: buildPodSpec(o.spec, portNames) };
    }
    if (o.kind === 'Service') return undefined;
    labelSets.push(o.templateLabels);
    const keys = Object.keys(o.templateLabels);
    let kept = keys.filter((_, k) => o.selectorMask[k]);
    if (kept.length === 0) kept = [keys[0]!];
    const matchLabels = Object.fromEntries(kept.map((k) => [k, o.templateLabels[k]!]));
    const template: Obj = { metadata: { labels: { ...o.templateLabels } }, spec: buildPodSpec(o.spec, portNames) };
    const s: Obj = { replicas: o.replicas, template };
    if (o.kind === 'ReplicationController') {
      if (!o.omitSelector) s.selector = matchLabels;
    } else s.selector = { matchLabels };
    return {
      apiVersion: o.kind === 'ReplicationController' ? 'v1' : 'apps/v1',
      kind: o.kind,
      metadata: metadataFor(o.stem, i, o.ns, o.templateLabels),
      spec: s,
    };
  });

  // Second pass: services.
  const names = [...portNames];
  const takenNodePorts = new Set<number>();
  const size = rangeSize(serviceRange);
  const takenIPs = new Set<number>([1]); // .1 of the range is the kubernetes service's
  raw.objects.forEach((o, i) => {
    if (o.kind !== 'Service') return;
    const headless = o.type === 'headless';
    const type = headless ? 'ClusterIP' : o.type;
    const s: Obj = {};
    if (type !== 'ClusterIP' || o.ns % 2 === 1) s.type = type; // ClusterIP is the default; spell it out sometimes
    if (headless) s.clusterIP = 'None';
    else if (o.clusterIPOffset !== null) {
      // Inside the allocatable part of the range: not the network address, not .1, not the last.
      const offset = 2 + (o.clusterIPOffset % (size - 3));
      if (!takenIPs.has(offset)) {
        takenIPs.add(offset);
        s.clusterIP = addToIp(serviceRange, offset);
      }
    }
    const seen = new Set<string>();
    const ports: Obj[] = [];
    for (const p of o.ports) {
      const protocol = p.protocol ?? 'TCP';
      const key = `${p.port}/${protocol}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const port: Obj = { port: p.port };
      if (p.protocol !== null) port.protocol = p.protocol;
      if (p.target.kind === 1) port.targetPort = p.target.number;
      if (p.target.kind === 2) port.targetPort = names.length > 0 ? names[p.target.pick % names.length]! : 'http';
      if (p.nodePort !== null && (type === 'NodePort' || type === 'LoadBalancer') && !takenNodePorts.has(p.nodePort)) {
        takenNodePorts.add(p.nodePort);
        port.nodePort = p.nodePort;
      }
      ports.push(port);
    }
    if (ports.length > 1) ports.forEach((p, k) => (p.name = `p${k}`));
    if (ports.length === 0 && !headless) ports.push({ port: 80 });
    if (ports.length > 0) s.ports = ports;
    if (o.selector.kind === 1 && labelSets.length > 0) {
      const set = labelSets[o.selector.pick % labelSets.length]!;
      const keys = Object.keys(set);
      let kept = keys.filter((_, k) => o.selector.mask[k]);
      if (kept.length === 0) kept = [keys[0]!];
      s.selector = Object.fromEntries(kept.map((k) => [k, set[k]!]));
    } else if (o.selector.kind !== 0) s.selector = { ...o.selector.random };
    if (o.sessionAffinity !== null) s.sessionAffinity = o.sessionAffinity;
    if (o.local && (type === 'NodePort' || type === 'LoadBalancer')) s.externalTrafficPolicy = 'Local';
    if (o.externalIP !== null && c.nodeCount > 0) s.externalIPs = [`192.168.0.${10 + (o.externalIP % c.nodeCount)}`];
    built[i] = { apiVersion: 'v1', kind: 'Service', metadata: metadataFor(o.stem, i, o.ns), spec: s };
  });
  docs.push(...(built as Obj[]));
  return { raw, docs, text: docsToText(docs), nodeNames, serviceRange };
}

export function docsToText(docs: readonly unknown[]): string {
  return docs.map((d) => stringify(d)).join('---\n');
}

export const validScenario: fc.Arbitrary<Scenario> = rawScenario.map(buildScenario);

/** A Pod that uses no host port (and no host network): it can take no port from another pod. */
export const extraPod: fc.Arbitrary<Obj> = fc.record({ labels: labelsArb(0), spec: rawPodSpec }).map(({ labels, spec }) => {
  const quiet: RawPodSpec = {
    ...spec,
    hostNetwork: false,
    containers: spec.containers.map((c) => ({ ...c, ports: c.ports.map((p) => ({ ...p, hostPort: null, hostIP: null })) })),
  };
  const metadata: Obj = { name: 'appended-pod' };
  if (Object.keys(labels).length > 0) metadata.labels = labels;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: buildPodSpec(quiet, new Set()) };
});

// ---------------------------------------------------------------------------------------------
// Junk
// ---------------------------------------------------------------------------------------------

const K8S_WORDS = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'namespace',
  'labels',
  'spec',
  'selector',
  'matchLabels',
  'matchExpressions',
  'replicas',
  'template',
  'containers',
  'ports',
  'containerPort',
  'hostPort',
  'targetPort',
  'nodePort',
  'port',
  'protocol',
  'clusterIP',
  'type',
  'nodes',
  'ip',
  'podSubnet',
  'serviceClusterIPRange',
  'clusterCIDR',
  'hosts',
  'hostNetwork',
  'nodeSelector',
  'nodeName',
  'image',
  'subsets',
  'addresses',
  'seed',
  'kubeProxyMode',
  'env',
  'value',
  'operator',
  'values',
  'key',
] as const;
const K8S_VALUES = [
  'v1',
  'apps/v1',
  'kube-netplay/v1',
  'Pod',
  'Service',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'Endpoints',
  'Namespace',
  'Cluster',
  'ConfigMap',
  'pod',
  'service',
  'None',
  'NodePort',
  'ClusterIP',
  'LoadBalancer',
  'ExternalName',
  'TCP',
  'udp',
  'In',
  'Exists',
  'kubernetes',
  '10.254.0.1',
  '10.254.0.0/16',
  '172.17.0.0/16',
  '172.24.8.71/24',
  '0.0.0.0/0',
  '1.2.3.4/33',
  'default',
  'kube-system',
  'frontend',
  'http',
  '80',
  '',
] as const;

const scalarArb: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>(...K8S_VALUES), weight: 4 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
  { arbitrary: fc.integer({ min: -5, max: 70000 }), weight: 2 },
  { arbitrary: fc.constantFrom<unknown>(0, -1, 65536, 30000, 32768, 1.5, 1e21, Number.NaN, Infinity, true, false, null), weight: 1 },
);

const keyArb = fc.oneof({ arbitrary: fc.constantFrom(...K8S_WORDS), weight: 4 }, { arbitrary: fc.string({ maxLength: 8 }), weight: 1 });

/** Random nestings of mappings, lists and scalars, leaning towards Kubernetes words. */
export const yamlValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; map: unknown; list: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarArb, tie('map'), tie('list')),
  map: fc.dictionary(keyArb, tie('value'), { maxKeys: 5 }),
  list: fc.array(tie('value'), { maxLength: 4 }),
})).value;

/** A document that looks like a manifest: apiVersion and kind from the known sets, the rest random. */
export const k8sShapedDoc: fc.Arbitrary<unknown> = fc.record(
  {
    apiVersion: fc.constantFrom<unknown>('v1', 'apps/v1', 'kube-netplay/v1', 'batch/v1', 'v2', 1),
    kind: fc.constantFrom<unknown>(
      'Pod',
      'Service',
      'ReplicationController',
      'ReplicaSet',
      'Deployment',
      'Endpoints',
      'Namespace',
      'Cluster',
      'ConfigMap',
      'pod',
      'Servce',
      null,
    ),
    metadata: fc.oneof(
      fc.record(
        {
          name: fc.constantFrom<unknown>('a', 'frontend', 'Bad_Name', '', 7),
          namespace: fc.constantFrom<unknown>('default', 'nope', 'kube-system'),
        },
        { requiredKeys: [] },
      ),
      yamlValue,
    ),
    spec: yamlValue,
    subsets: yamlValue,
  },
  { requiredKeys: ['apiVersion', 'kind'] },
);

export interface Mutation {
  op: 'delete' | 'tab' | 'dupLine' | 'insert' | 'swapLines' | 'truncate';
  at: number;
  char: string;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('delete', 'tab', 'dupLine', 'insert', 'swapLines', 'truncate'),
  at: fc.nat(),
  char: fc.constantFrom(
    ' ',
    ':',
    '-',
    '\n',
    '"',
    "'",
    '[',
    ']',
    '{',
    '}',
    '#',
    '&',
    '*',
    '!',
    '|',
    '>',
    '%',
    '@',
    '`',
    '---\n',
    'a',
    '0',
    '\t',
    '\r',
    '\u00a0',
    '\ufeff',
    '\u{1F600}',
  ),
});

export function mutate(text: string, mutations: readonly Mutation[]): string {
  let t = text;
  for (const m of mutations) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    const lines = t.split('\n');
    const line = m.at % lines.length;
    switch (m.op) {
      case 'delete':
        t = t.slice(0, at) + t.slice(at + 1);
        break;
      case 'tab':
        t = `${t.slice(0, at)}\t${t.slice(at)}`;
        break;
      case 'insert':
        t = t.slice(0, at) + m.char + t.slice(at);
        break;
      case 'dupLine':
        lines.splice(line, 0, lines[line]!);
        t = lines.join('\n');
        break;
      case 'swapLines': {
        const other = (line + 1) % lines.length;
        [lines[line], lines[other]] = [lines[other]!, lines[line]!];
        t = lines.join('\n');
        break;
      }
      case 'truncate':
        t = t.slice(0, at);
        break;
    }
  }
  return t;
}

/** Any text at all: code units, full Unicode, graphemes, and strings of YAML's special characters. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({
    unit: fc.constantFrom(
      '\n',
      ' ',
      '\t',
      ':',
      '-',
      '[',
      ']',
      '{',
      '}',
      '"',
      "'",
      '#',
      '&',
      '*',
      '!',
      '|',
      '>',
      '?',
      ',',
      'a',
      '1',
      '---',
      '...',
      '%YAML 1.2',
      '\r\n',
    ),
    maxLength: 80,
  }),
);

/** Stringified random YAML values (as one or several documents), then mutated. */
export const yamlJunk: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.oneof(yamlValue, k8sShapedDoc), { minLength: 1, maxLength: 3 }), fc.array(mutation, { maxLength: 4 }))
  .map(([docs, muts]) => mutate(docsToText(docs), muts));

/** A valid scenario with text-level mutations (deleted characters, tabs, duplicated lines, …). */
export const mutatedScenarioText: fc.Arbitrary<string> = fc
  .tuple(validScenario, fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([s, muts]) => mutate(s.text, muts));

/** Every path (list of keys and indices) inside a JS value, the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

/** A valid scenario with structural edits: a value replaced by junk, or a key removed. */
export const structurallyMutatedScenario: fc.Arbitrary<string> = fc
  .tuple(validScenario, fc.array(fc.record({ pick: fc.nat(), remove: fc.boolean(), value: yamlValue }), { minLength: 1, maxLength: 3 }))
  .map(([s, edits]) => {
    const docs = structuredClone(s.docs) as unknown[];
    for (const e of edits) {
      const paths = pathsOf(docs).filter((p) => p.length >= 2); // never replace the document list itself
      const path = paths[e.pick % paths.length]!;
      let parent: any = docs; // eslint-disable-line @typescript-eslint/no-explicit-any
      for (const k of path.slice(0, -1)) parent = parent[k];
      const last = path[path.length - 1]!;
      if (e.remove && !Array.isArray(parent)) delete parent[last];
      else parent[last] = e.value;
    }
    return docsToText(docs);
  });

// ---------------------------------------------------------------------------------------------
// Address plans: clusters drawn from small, overlapping pools of addresses and ranges
// ---------------------------------------------------------------------------------------------

const PLAN_IPS = [
  '192.168.0.10/24',
  '192.168.0.11/24',
  '172.30.0.2/24',
  '172.30.0.1/24',
  '172.30.0.5/24',
  '172.16.1.5/24',
  '172.16.2.2/16',
  '172.17.1.2/24',
  '10.96.0.5/24',
  '10.244.1.2/16',
] as const;
const PLAN_SUBNETS = [
  null,
  null,
  null,
  '172.30.0.0/30',
  '172.30.0.0/29',
  '172.30.0.4/30',
  '172.30.0.0/24',
  '172.16.1.0/24',
  '10.96.0.0/24',
] as const;
const PLAN_SERVICE_RANGES = ['10.96.0.0/16', '10.254.0.0/16', '172.30.0.0/16', '10.0.0.0/24'] as const;
const PLAN_CLUSTER_CIDRS = ['172.16.0.0/16', '10.244.0.0/16', '172.30.0.0/16', '172.17.0.0/16'] as const;

/**
 * A Cluster whose nodes, hosts and ranges come from overlapping pools, so most plans are
 * impossible (and must be refused), followed by an RC of several pods and a Service over them.
 */
export const addressPlanText: fc.Arbitrary<string> = fc
  .record({
    nodes: fc.array(fc.record({ ip: fc.constantFrom(...PLAN_IPS), podSubnet: fc.constantFrom(...PLAN_SUBNETS) }), {
      minLength: 1,
      maxLength: 4,
    }),
    hosts: fc.array(fc.constantFrom(...PLAN_IPS), { maxLength: 2 }),
    serviceRange: fc.constantFrom(...PLAN_SERVICE_RANGES),
    clusterCIDR: fc.constantFrom(...PLAN_CLUSTER_CIDRS),
    replicas: fc.integer({ min: 1, max: 8 }),
    seed: fc.nat({ max: 1000 }),
  })
  .map((p) => {
    const spec: Obj = {
      nodes: p.nodes.map((n, i) => ({ name: `node-${i}`, ip: n.ip, ...(n.podSubnet ? { podSubnet: n.podSubnet } : {}) })),
      serviceClusterIPRange: p.serviceRange,
      clusterCIDR: p.clusterCIDR,
      seed: p.seed,
    };
    if (p.hosts.length > 0) spec.hosts = p.hosts.map((ip, i) => ({ name: `host-${i}`, ip }));
    return docsToText([
      { apiVersion: 'kube-netplay/v1', kind: 'Cluster', spec },
      {
        apiVersion: 'v1',
        kind: 'ReplicationController',
        metadata: { name: 'web' },
        spec: {
          replicas: p.replicas,
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] },
          },
        },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
    ]);
  });
