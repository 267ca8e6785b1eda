/**
 * kubectl's views of the cluster state: the tables of `kubectl get` (with -o wide), the objects
 * of `-o yaml|json`, and `kubectl describe pod|svc|rc`. Columns, placeholders and messages are
 * kubectl's (1.18-era, the version the simulated nodes report); times are fixed, since the
 * simulation has no clock: every object of the text is "2m" old, the cluster itself "10d".
 */
import { hash53, sha256Hex, uidFor } from '../hash.ts';
import type {
  ClusterEvent,
  ClusterState,
  ContainerSpec,
  ControllerKind,
  ControllerObject,
  ControllerState,
  EndpointsState,
  KubeObject,
  Labels,
  NodeSpec,
  PodSpec,
  PodState,
  ServiceState,
} from '../model.ts';
import { templateHash } from '../reconcile/controllers.ts';
import { formatSelector } from '../selectors.ts';
import { formatPorts } from './state.ts';
import { KUBECTL_DESCRIBE, KUBECTL_TABLE, tabwrite } from './tabwriter.ts';

export const KUBERNETES_VERSION = 'v1.18.20';
export const OBJECT_AGE = '2m';
export const CLUSTER_AGE = '10d';
/** When the objects of the text were created (RFC 3339), two minutes before the stamp iptables-save prints. */
export const CREATED_AT = '2026-11-26T11:58:00Z';
export const STARTED_AT_RFC1123Z = 'Thu, 26 Nov 2026 11:58:02 +0000';

export type ResourceName = 'pods' | 'services' | 'endpoints' | 'nodes' | 'replicationcontrollers' | 'replicasets' | 'deployments' | 'namespaces';

export interface ResourceType {
  readonly resource: ResourceName;
  readonly kind: string;
  readonly apiVersion: string;
  /** The names kubectl accepts for it: plural, singular, short names. */
  readonly aliases: readonly string[];
  readonly namespaced: boolean;
  /** `kubectl get -o name` and multi-type listings prefix names with this. */
  readonly prefix: string;
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { resource: 'pods', kind: 'Pod', apiVersion: 'v1', aliases: ['pods', 'pod', 'po'], namespaced: true, prefix: 'pod' },
  { resource: 'services', kind: 'Service', apiVersion: 'v1', aliases: ['services', 'service', 'svc'], namespaced: true, prefix: 'service' },
  { resource: 'endpoints', kind: 'Endpoints', apiVersion: 'v1', aliases: ['endpoints', 'endpoint', 'ep'], namespaced: true, prefix: 'endpoints' },
  { resource: 'nodes', kind: 'Node', apiVersion: 'v1', aliases: ['nodes', 'node', 'no'], namespaced: false, prefix: 'node' },
  { resource: 'replicationcontrollers', kind: 'ReplicationController', apiVersion: 'v1', aliases: ['replicationcontrollers', 'replicationcontroller', 'rc'], namespaced: true, prefix: 'replicationcontroller' },
  { resource: 'replicasets', kind: 'ReplicaSet', apiVersion: 'apps/v1', aliases: ['replicasets', 'replicaset', 'rs'], namespaced: true, prefix: 'replicaset.apps' },
  { resource: 'deployments', kind: 'Deployment', apiVersion: 'apps/v1', aliases: ['deployments', 'deployment', 'deploy'], namespaced: true, prefix: 'deployment.apps' },
  { resource: 'namespaces', kind: 'Namespace', apiVersion: 'v1', aliases: ['namespaces', 'namespace', 'ns'], namespaced: false, prefix: 'namespace' },
];

/** The type a word names (`po`, `svc`, `replicationcontroller`…), case-insensitively as kubectl. */
export function resourceType(word: string): ResourceType | undefined {
  const w = word.toLowerCase();
  return RESOURCE_TYPES.find((t) => t.aliases.includes(w) || t.kind.toLowerCase() === w);
}

/** One object as kubectl lists it. */
export interface Item {
  readonly type: ResourceType;
  readonly namespace?: string;
  readonly name: string;
  readonly labels: Labels;
  /** The table cells after NAME (wide adds the rest). */
  readonly cells: readonly string[];
  readonly wideCells: readonly string[];
  /** The API object, for -o yaml/json. */
  readonly object: Record<string, unknown>;
}

export interface Sources {
  readonly state: ClusterState;
  /** The desired objects of the text: controllers' pod templates. */
  readonly objects: readonly KubeObject[];
}

const HEADERS: Readonly<Record<ResourceName, { cells: readonly string[]; wide: readonly string[] }>> = {
  pods: { cells: ['READY', 'STATUS', 'RESTARTS', 'AGE'], wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] },
  services: { cells: ['TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], wide: ['SELECTOR'] },
  endpoints: { cells: ['ENDPOINTS', 'AGE'], wide: [] },
  nodes: { cells: ['STATUS', 'ROLES', 'AGE', 'VERSION'], wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'] },
  replicationcontrollers: { cells: ['DESIRED', 'CURRENT', 'READY', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'] },
  replicasets: { cells: ['DESIRED', 'CURRENT', 'READY', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'] },
  deployments: { cells: ['READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'] },
  namespaces: { cells: ['STATUS', 'AGE'], wide: [] },
};

export const NODE_OS = { image: 'CentOS Linux 7 (Core)', kernel: '3.10.0-1160.el7.x86_64', runtime: 'docker://1.13.1' };

const typeOf = (r: ResourceName) => RESOURCE_TYPES.find((t) => t.resource === r)!;
const byName = <T extends { namespace?: string; name: string }>(a: T, b: T) => (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name);
const none = (s: string) => (s === '' ? '<none>' : s);

export function formatLabels(labels: Labels | undefined): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '<none>' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

/** kubectl's formatEndpoints: at most three, then "+ N more...". */
export function formatEndpoints(e: EndpointsState | undefined, portName?: string): string {
  if (!e || e.subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const ss of e.subsets) {
    const pairs = ss.ports.length === 0 ? ss.addresses.map((a) => a.ip) : ss.ports.filter((p) => portName === undefined || (p.name ?? '') === portName).flatMap((p) => ss.addresses.map((a) => `${a.ip}:${p.port}`));
    for (const p of pairs) {
      if (list.length < 3) list.push(p);
      count++;
    }
  }
  if (list.length === 0) return '<none>';
  return count > 3 ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

function containerPorts(c: ContainerSpec) {
  return c.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), containerPort: p.containerPort, ...(p.hostPort ? { hostPort: p.hostPort } : {}), ...(p.hostIP ? { hostIP: p.hostIP } : {}), protocol: p.protocol }));
}

function podSpecObject(spec: PodSpec, nodeName?: string): Record<string, unknown> {
  return {
    containers: spec.containers.map((c) => ({
      ...(c.env.length > 0 ? { env: c.env.map((e) => ({ name: e.name, value: e.value })) } : {}),
      image: c.image,
      imagePullPolicy: c.image.includes(':') && !c.image.endsWith(':latest') ? 'IfNotPresent' : 'Always',
      name: c.name,
      ...(c.ports.length > 0 ? { ports: containerPorts(c) } : {}),
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    })),
    dnsPolicy: 'ClusterFirst',
    ...(spec.hostNetwork ? { hostNetwork: true } : {}),
    ...(nodeName ? { nodeName } : {}),
    ...(Object.keys(spec.nodeSelector).length > 0 ? { nodeSelector: spec.nodeSelector } : {}),
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
  };
}

function meta(namespace: string | undefined, name: string, labels: Labels, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    creationTimestamp: CREATED_AT,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    name,
    ...(namespace ? { namespace } : {}),
    resourceVersion: String(1000 + (hash53(`${namespace}/${name}`) % 90000)),
    uid: uidFor(`object/${namespace}/${name}`),
    ...extra,
  };
}

function podReady(pod: PodState): string {
  const total = pod.spec.containers.length;
  return `${pod.phase === 'Running' ? total : 0}/${total}`;
}

function podStatus(pod: PodState): string {
  return pod.phase === 'Pending' && pod.reason === 'ContainerCreating' ? 'ContainerCreating' : pod.phase;
}

function hostIpOf(state: ClusterState, pod: PodState): string | undefined {
  return state.cluster.nodes.find((n) => n.name === pod.node)?.ip;
}

function controllerUid(kind: string, namespace: string, name: string): string {
  return uidFor(`object/${namespace}/${name}/${kind}`);
}

function podObject(state: ClusterState, pod: PodState): Record<string, unknown> {
  const owner = pod.owner;
  const ownerApi = owner?.kind === 'ReplicaSet' || owner?.kind === 'Deployment' ? 'apps/v1' : 'v1';
  const hostIP = hostIpOf(state, pod);
  const running = pod.phase === 'Running';
  const condition = (type: string, status: boolean) => ({ lastProbeTime: null, lastTransitionTime: CREATED_AT, status: status ? 'True' : 'False', type });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...meta(pod.namespace, pod.name, pod.labels, {}),
      uid: pod.uid,
      ...(owner ? { generateName: `${owner.name}-`, ownerReferences: [{ apiVersion: ownerApi, blockOwnerDeletion: true, controller: true, kind: owner.kind, name: owner.name, uid: controllerUid(owner.kind, pod.namespace, owner.name) }] } : {}),
    },
    spec: podSpecObject(pod.spec, pod.node),
    status: running
      ? {
          conditions: [condition('Initialized', true), condition('Ready', true), condition('ContainersReady', true), condition('PodScheduled', true)],
          containerStatuses: pod.containers
            .filter((c) => c.role === 'app')
            .map((c) => ({ containerID: `docker://${c.id}`, image: c.image, imageID: `docker-pullable://${c.image.replace(/:.*$/, '')}@sha256:${sha256Hex(`image/${c.image}`)}`, lastState: {}, name: c.name, ready: true, restartCount: 0, started: true, state: { running: { startedAt: CREATED_AT } } })),
          hostIP,
          phase: 'Running',
          podIP: pod.ip,
          podIPs: [{ ip: pod.ip }],
          qosClass: 'BestEffort',
          startTime: CREATED_AT,
        }
      : {
          conditions: [{ ...condition('PodScheduled', pod.node !== undefined), ...(pod.node ? {} : { message: pod.message, reason: 'Unschedulable' }) }],
          ...(hostIP ? { hostIP } : {}),
          phase: 'Pending',
          qosClass: 'BestEffort',
        },
  };
}

/** The `kubernetes` service carries the labels the API server gives it. */
function builtinLabels(s: ServiceState): Labels {
  return s.builtin ? { component: 'apiserver', provider: 'kubernetes' } : {};
}

function serviceObject(s: ServiceState): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(s.namespace, s.name, builtinLabels(s)),
    spec: {
      clusterIP: s.clusterIP,
      ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), ...(p.nodePort ? { nodePort: p.nodePort } : {}), port: p.port, protocol: p.protocol, targetPort: p.targetPort })),
      ...(s.selector ? { selector: s.selector } : {}),
      ...(s.externalIPs?.length ? { externalIPs: s.externalIPs } : {}),
      ...(s.externalTrafficPolicy ? { externalTrafficPolicy: s.externalTrafficPolicy } : {}),
      ...(s.healthCheckNodePort ? { healthCheckNodePort: s.healthCheckNodePort } : {}),
      sessionAffinity: s.sessionAffinity,
      ...(s.affinityTimeoutSeconds ? { sessionAffinityConfig: { clientIP: { timeoutSeconds: s.affinityTimeoutSeconds } } } : {}),
      type: s.type,
    },
    status: { loadBalancer: {} },
  };
}

function endpointsObject(e: EndpointsState): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta(e.namespace, e.name, {}),
    subsets: e.subsets.map((s) => ({
      addresses: s.addresses.map((a) => ({ ip: a.ip, ...(a.nodeName ? { nodeName: a.nodeName } : {}), ...(a.targetRef ? { targetRef: { kind: 'Pod', name: a.targetRef.name, namespace: a.targetRef.namespace } } : {}) })),
      ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol })),
    })),
  };
}

function nodeObject(n: NodeSpec): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { ...meta(undefined, n.name, { 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', ...n.labels }), creationTimestamp: '2026-11-16T09:00:00Z' },
    spec: { podCIDR: n.podSubnet },
    status: {
      addresses: [
        { address: n.ip, type: 'InternalIP' },
        { address: n.name, type: 'Hostname' },
      ],
      conditions: [{ lastHeartbeatTime: CREATED_AT, message: 'kubelet is posting ready status', reason: 'KubeletReady', status: 'True', type: 'Ready' }],
      nodeInfo: { architecture: 'amd64', containerRuntimeVersion: NODE_OS.runtime, kernelVersion: NODE_OS.kernel, kubeProxyVersion: KUBERNETES_VERSION, kubeletVersion: KUBERNETES_VERSION, operatingSystem: 'linux', osImage: NODE_OS.image },
    },
  };
}

/** A controller as the API has it: the RC/RS/Deployment of the text, and the ReplicaSet a Deployment made. */
interface ControllerView {
  readonly kind: ControllerKind;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly desired: number;
  readonly current: number;
  readonly ready: number;
  readonly selectorText: string;
  readonly template?: ControllerObject['template'];
  readonly selector: ControllerObject['selector'];
}

function controllerViews(src: Sources): ControllerView[] {
  const out: ControllerView[] = [];
  for (const c of src.state.controllers) {
    const obj = src.objects.find((o): o is ControllerObject => o.kind === c.kind && o.metadata.namespace === c.namespace && o.metadata.name === c.name);
    const view = { kind: c.kind, namespace: c.namespace, name: c.name, labels: obj?.metadata.labels ?? {}, desired: c.desired, current: c.current, ready: c.ready, selectorText: formatSelector(c.selector), selector: c.selector, ...(obj ? { template: obj.template } : {}) };
    out.push(view);
    if (c.kind === 'Deployment' && obj) {
      const hash = templateHash(obj, src.state.cluster.seed);
      const labels = { ...obj.template.labels, 'pod-template-hash': hash };
      const selector = { matchLabels: { ...c.selector.matchLabels, 'pod-template-hash': hash }, matchExpressions: c.selector.matchExpressions };
      out.push({ ...view, kind: 'ReplicaSet', name: `${c.name}-${hash}`, labels, selectorText: formatSelector(selector), selector, template: { ...obj.template, labels } });
    }
  }
  return out;
}

function controllerObject(v: ControllerView): Record<string, unknown> {
  const apps = v.kind !== 'ReplicationController';
  return {
    apiVersion: apps ? 'apps/v1' : 'v1',
    kind: v.kind,
    metadata: meta(v.namespace, v.name, v.labels, { generation: 1, uid: controllerUid(v.kind, v.namespace, v.name) }),
    spec: {
      replicas: v.desired,
      selector: apps ? { ...(Object.keys(v.selector.matchLabels).length > 0 ? { matchLabels: v.selector.matchLabels } : {}), ...(v.selector.matchExpressions.length > 0 ? { matchExpressions: v.selector.matchExpressions } : {}) } : v.selector.matchLabels,
      ...(v.template ? { template: { metadata: { creationTimestamp: null, labels: v.template.labels }, spec: podSpecObject(v.template.spec) } } : {}),
    },
    status: { availableReplicas: v.ready, fullyLabeledReplicas: v.current, observedGeneration: 1, readyReplicas: v.ready, replicas: v.current },
  };
}

function templateCells(v: ControllerView): string[] {
  const cs = v.template?.spec.containers ?? [];
  return [none(cs.map((c) => c.name).join(',')), none(cs.map((c) => c.image).join(',')), none(v.selectorText)];
}

/** Every object of a type, sorted as the API server lists them (by namespace, then name). */
export function listItems(src: Sources, resource: ResourceName): Item[] {
  const { state } = src;
  const type = typeOf(resource);
  const age = (builtin?: boolean) => (builtin ? CLUSTER_AGE : OBJECT_AGE);
  switch (resource) {
    case 'pods':
      return state.pods
        .map((p) => ({
          type,
          namespace: p.namespace,
          name: p.name,
          labels: p.labels,
          cells: [podReady(p), podStatus(p), '0', age()],
          wideCells: [p.ip ?? '<none>', p.node ?? '<none>', '<none>', '<none>'],
          object: podObject(state, p),
        }))
        .sort(byName);
    case 'services':
      return state.services
        .map((s) => ({
          type,
          namespace: s.namespace,
          name: s.name,
          labels: builtinLabels(s),
          cells: [s.type, s.clusterIP, externalIpCell(s), formatPorts(s), age(s.builtin)],
          wideCells: [s.selector ? formatLabels(s.selector) : '<none>'],
          object: serviceObject(s),
        }))
        .sort(byName);
    case 'endpoints':
      return state.endpoints
        .map((e) => ({ type, namespace: e.namespace, name: e.name, labels: {}, cells: [formatEndpoints(e), age(e.name === 'kubernetes' && e.namespace === 'default')], wideCells: [], object: endpointsObject(e) }))
        .sort(byName);
    case 'nodes':
      return state.cluster.nodes
        .map((n) => ({ type, name: n.name, labels: n.labels, cells: ['Ready', '<none>', CLUSTER_AGE, KUBERNETES_VERSION], wideCells: [n.ip, '<none>', NODE_OS.image, NODE_OS.kernel, NODE_OS.runtime], object: nodeObject(n) }))
        .sort(byName);
    case 'namespaces':
      return state.namespaces
        .map((n) => ({ type, name: n, labels: {}, cells: ['Active', ['default', 'kube-system', 'kube-public'].includes(n) ? CLUSTER_AGE : OBJECT_AGE], wideCells: [], object: { apiVersion: 'v1', kind: 'Namespace', metadata: meta(undefined, n, {}), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } } }))
        .sort(byName);
    case 'replicationcontrollers':
    case 'replicasets':
    case 'deployments':
      return controllerViews(src)
        .filter((v) => v.kind === type.kind)
        .map((v) => ({
          type,
          namespace: v.namespace,
          name: v.name,
          labels: v.labels,
          cells: resource === 'deployments' ? [`${v.ready}/${v.desired}`, String(v.current), String(v.ready), OBJECT_AGE] : [String(v.desired), String(v.current), String(v.ready), OBJECT_AGE],
          wideCells: templateCells(v),
          object: controllerObject(v),
        }))
        .sort(byName);
  }
}

export interface TableOptions {
  readonly wide?: boolean;
  /** --all-namespaces: a NAMESPACE column first. */
  readonly namespaceColumn?: boolean;
  /** Names as `type/name`, as kubectl prints them when it lists several types. */
  readonly kindPrefix?: boolean;
  readonly noHeaders?: boolean;
  /** --show-labels: a LABELS column last. */
  readonly showLabels?: boolean;
}

/** The table `kubectl get` prints for items of one type. */
export function printTable(resource: ResourceName, items: readonly Item[], options: TableOptions = {}): string {
  const h = HEADERS[resource];
  const header = [...(options.namespaceColumn ? ['NAMESPACE'] : []), 'NAME', ...h.cells, ...(options.wide ? h.wide : []), ...(options.showLabels ? ['LABELS'] : [])];
  const rows = items.map((i) => [
    ...(options.namespaceColumn ? [i.namespace ?? ''] : []),
    options.kindPrefix ? `${i.type.prefix}/${i.name}` : i.name,
    ...i.cells,
    ...(options.wide ? i.wideCells : []),
    ...(options.showLabels ? [formatLabels(i.labels)] : []),
  ]);
  return tabwrite([...(options.noHeaders ? [] : [header]), ...rows].map((r) => r.join('\t')).join('\n'), KUBECTL_TABLE);
}

// ---- kubectl describe ----

function labelLines(title: string, labels: Labels | undefined): string[] {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return [`${title}:\t<none>`];
  return entries.map(([k, v], i) => `${i === 0 ? `${title}:` : ''}\t${k}=${v}`);
}

interface EventRow {
  readonly type: string;
  readonly reason: string;
  readonly from: string;
  readonly message: string;
}

function eventLines(events: readonly EventRow[]): string[] {
  if (events.length === 0) return ['Events:\t<none>'];
  return ['Events:', '  Type\tReason\tAge\tFrom\tMessage', '  ----\t------\t----\t----\t-------', ...events.map((e) => `  ${e.type}\t${e.reason}\t${OBJECT_AGE}\t${e.from}\t${e.message}`)];
}

function eventsOf(state: ClusterState, kind: string, namespace: string, name: string): ClusterEvent[] {
  return state.events.filter((e) => e.object.kind === kind && e.object.namespace === namespace && e.object.name === name);
}

const portText = (ports: readonly string[]) => (ports.length === 0 ? '<none>' : ports.join(', '));

function containerLines(c: ContainerSpec, indent: string, status?: { id: string }): string[] {
  const ports = c.ports.map((p) => `${p.containerPort}/${p.protocol}`);
  const hostPorts = c.ports.map((p) => `${p.hostPort ?? 0}/${p.protocol}`);
  const out = [`${indent}${c.name}:`];
  const i2 = `${indent}  `;
  if (status) out.push(`${i2}Container ID:\tdocker://${status.id}`);
  out.push(`${i2}Image:\t${c.image}`);
  if (status) out.push(`${i2}Image ID:\tdocker-pullable://${c.image.replace(/:.*$/, '')}@sha256:${sha256Hex(`image/${c.image}`)}`);
  out.push(ports.length > 1 ? `${i2}Ports:\t${portText(ports)}` : `${i2}Port:\t${portText(ports)}`);
  out.push(hostPorts.length > 1 ? `${i2}Host Ports:\t${portText(hostPorts)}` : `${i2}Host Port:\t${portText(hostPorts)}`);
  if (status) out.push(`${i2}State:\tRunning`, `${i2}  Started:\t${STARTED_AT_RFC1123Z}`, `${i2}Ready:\tTrue`, `${i2}Restart Count:\t0`);
  if (c.env.length === 0) out.push(`${i2}Environment:\t<none>`);
  else out.push(`${i2}Environment:`, ...c.env.map((e) => `${i2}  ${e.name}:\t${e.value}`));
  out.push(`${i2}Mounts:\t<none>`);
  return out;
}

export function describePod(state: ClusterState, pod: PodState): string {
  const node = state.cluster.nodes.find((n) => n.name === pod.node);
  const running = pod.phase === 'Running';
  const lines = [
    `Name:\t${pod.name}`,
    `Namespace:\t${pod.namespace}`,
    'Priority:\t0',
    `Node:\t${node ? `${node.name}/${node.ip}` : '<none>'}`,
    ...(running ? [`Start Time:\t${STARTED_AT_RFC1123Z}`] : []),
    ...labelLines('Labels', pod.labels),
    'Annotations:\t<none>',
    `Status:\t${pod.phase}`,
    `IP:\t${pod.ip ?? ''}`,
    ...(pod.ip ? ['IPs:', `  IP:\t${pod.ip}`] : ['IPs:\t<none>']),
    ...(pod.owner ? [`Controlled By:\t${pod.owner.kind}/${pod.owner.name}`] : []),
    'Containers:',
    ...pod.spec.containers.flatMap((c) => containerLines(c, '  ', running ? { id: pod.containers.find((x) => x.role === 'app' && x.name === c.name)?.id ?? '' } : undefined)),
    'Conditions:',
    '  Type\tStatus',
    ...(running ? ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((t) => `  ${t} \tTrue `) : [`  PodScheduled \t${node ? 'True' : 'False'} `]),
    'Volumes:\t<none>',
    'QoS Class:\tBestEffort',
    ...labelLines('Node-Selectors', pod.spec.nodeSelector),
    'Tolerations:\t<none>',
  ];
  const events: EventRow[] = eventsOf(state, 'Pod', pod.namespace, pod.name).map((e) => ({ type: e.type, reason: e.reason, from: e.reason === 'FailedCreatePodSandBox' ? 'kubelet' : 'default-scheduler', message: e.message }));
  if (running)
    for (const c of pod.spec.containers)
      events.push(
        { type: 'Normal', reason: 'Pulled', from: 'kubelet', message: `Container image "${c.image}" already present on machine` },
        { type: 'Normal', reason: 'Created', from: 'kubelet', message: `Created container ${c.name}` },
        { type: 'Normal', reason: 'Started', from: 'kubelet', message: `Started container ${c.name}` },
      );
  return tabwrite([...lines, ...eventLines(events)].join('\n'), KUBECTL_DESCRIBE);
}

/** kubectl's EXTERNAL-IP: the external IPs; a LoadBalancer without any waits for its cloud's address. */
function externalIpCell(s: ServiceState): string {
  if (s.externalIPs?.length) return s.externalIPs.join(',');
  return s.type === 'LoadBalancer' ? '<pending>' : '<none>';
}

export function describeService(state: ClusterState, s: ServiceState): string {
  const e = state.endpoints.find((x) => x.namespace === s.namespace && x.name === s.name);
  const lines = [
    `Name:\t${s.name}`,
    `Namespace:\t${s.namespace}`,
    ...labelLines('Labels', builtinLabels(s)),
    'Annotations:\t<none>',
    `Selector:\t${s.selector ? formatLabels(s.selector) : '<none>'}`,
    `Type:\t${s.type}`,
    `IP:\t${s.clusterIP}`,
    ...(s.externalIPs?.length ? [`External IPs:\t${s.externalIPs.join(',')}`] : []),
  ];
  for (const p of s.ports) {
    const name = p.name || '<unset>';
    lines.push(`Port:\t${name}\t${p.port}/${p.protocol}`, `TargetPort:\t${p.targetPort}/${p.protocol}`);
    if (p.nodePort) lines.push(`NodePort:\t${name}\t${p.nodePort}/${p.protocol}`);
    lines.push(`Endpoints:\t${formatEndpoints(e, p.name ?? '')}`);
  }
  lines.push(`Session Affinity:\t${s.sessionAffinity}`);
  if (s.externalTrafficPolicy) lines.push(`External Traffic Policy:\t${s.externalTrafficPolicy}`);
  if (s.healthCheckNodePort) lines.push(`HealthCheck NodePort:\t${s.healthCheckNodePort}`);
  return tabwrite([...lines, ...eventLines([])].join('\n'), KUBECTL_DESCRIBE);
}

/** `kubectl describe rc|rs NAME`. */
export function describeController(src: Sources, kind: ControllerKind, namespace: string, name: string): string | undefined {
  const v = controllerViews(src).find((x) => x.kind === kind && x.namespace === namespace && x.name === name);
  if (!v) return undefined;
  const state: ControllerState | undefined = src.state.controllers.find((c) => c.kind === kind && c.namespace === namespace && c.name === name);
  const pods = src.state.pods.filter((p) => p.namespace === namespace && p.owner?.kind === kind && p.owner.name === name);
  const running = pods.filter((p) => p.phase === 'Running').length;
  const lines = [
    `Name:\t${v.name}`,
    `Namespace:\t${v.namespace}`,
    `Selector:\t${v.selectorText}`,
    ...labelLines('Labels', v.labels),
    'Annotations:\t<none>',
    `Replicas:\t${v.current} current / ${v.desired} desired`,
    `Pods Status:\t${running} Running / ${pods.length - running} Waiting / 0 Succeeded / 0 Failed`,
    'Pod Template:',
    ...labelLines('  Labels', v.template?.labels),
    '  Containers:',
    ...(v.template?.spec.containers ?? []).flatMap((c) => containerLines(c, '   ')),
    '  Volumes:\t<none>',
  ];
  const events: EventRow[] = (state ? eventsOf(src.state, kind, namespace, name) : pods.map((p) => ({ type: 'Normal' as const, reason: 'SuccessfulCreate', object: { kind, namespace, name }, message: `Created pod: ${p.name}` }))).map((e) => ({
    type: e.type,
    reason: e.reason,
    from: kind === 'ReplicationController' ? 'replication-controller' : 'replicaset-controller',
    message: e.message,
  }));
  return tabwrite([...lines, ...eventLines(events)].join('\n'), KUBECTL_DESCRIBE);
}

export function describeEndpoints(e: EndpointsState): string {
  const lines = [`Name:\t${e.name}`, `Namespace:\t${e.namespace}`, 'Labels:\t<none>', 'Annotations:\t<none>', 'Subsets:'];
  for (const s of e.subsets) {
    lines.push(`  Addresses:\t${none(s.addresses.map((a) => a.ip).join(','))}`, '  NotReadyAddresses:\t<none>');
    if (s.ports.length > 0) lines.push('  Ports:', '    Name\tPort\tProtocol', '    ----\t----\t--------', ...s.ports.map((p) => `    ${p.name || '<unset>'}\t${p.port}\t${p.protocol}`));
    lines.push('');
  }
  return tabwrite([...lines, ...eventLines([])].join('\n'), KUBECTL_DESCRIBE);
}

/** The head of `kubectl describe` for the types it has no special view of here. */
export function describeGeneric(item: Item): string {
  const lines = [`Name:\t${item.name}`, ...(item.namespace ? [`Namespace:\t${item.namespace}`] : []), ...labelLines('Labels', item.labels), 'Annotations:\t<none>', `CreationTimestamp:\t${STARTED_AT_RFC1123Z.replace(':02 ', ':00 ')}`];
  return tabwrite([...lines, ...eventLines([])].join('\n'), KUBECTL_DESCRIBE);
}
