/** `kubectl get`: every object of a type as a row, and the table kubectl prints of them. */
import type { EndpointsState, Labels, PodState, ServiceState } from '../../model.ts';
import { formatSelector } from '../../selectors.ts';
import { formatPorts } from '../state.ts';
import { KUBECTL_TABLE, tabwrite } from '../tabwriter.ts';
import {
  builtinLabels,
  controllerObject,
  controllerViews,
  endpointsObject,
  namespaceObject,
  networkPolicyObject,
  nodeObject,
  podObject,
  serviceObject,
  type ControllerView,
  type Sources,
} from './objects.ts';
import { CLUSTER_AGE, KUBERNETES_VERSION, NODE_OS, OBJECT_AGE, RESOURCE_TYPES, type ResourceName, type ResourceType } from './resources.ts';

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

const HEADERS: Readonly<Record<ResourceName, { cells: readonly string[]; wide: readonly string[] }>> = {
  pods: { cells: ['READY', 'STATUS', 'RESTARTS', 'AGE'], wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] },
  services: { cells: ['TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], wide: ['SELECTOR'] },
  endpoints: { cells: ['ENDPOINTS', 'AGE'], wide: [] },
  nodes: {
    cells: ['STATUS', 'ROLES', 'AGE', 'VERSION'],
    wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
  },
  replicationcontrollers: { cells: ['DESIRED', 'CURRENT', 'READY', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'] },
  replicasets: { cells: ['DESIRED', 'CURRENT', 'READY', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'] },
  deployments: { cells: ['READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'] },
  namespaces: { cells: ['STATUS', 'AGE'], wide: [] },
  networkpolicies: { cells: ['POD-SELECTOR', 'AGE'], wide: [] },
};

const typeOf = (r: ResourceName) => RESOURCE_TYPES.find((t) => t.resource === r)!;
const byName = <T extends { namespace?: string; name: string }>(a: T, b: T) =>
  (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name);
export const none = (s: string) => (s === '' ? '<none>' : s);

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
    const pairs =
      ss.ports.length === 0
        ? ss.addresses.map((a) => a.ip)
        : ss.ports
            .filter((p) => portName === undefined || (p.name ?? '') === portName)
            .flatMap((p) => ss.addresses.map((a) => `${a.ip}:${p.port}`));
    for (const p of pairs) {
      if (list.length < 3) list.push(p);
      count++;
    }
  }
  if (list.length === 0) return '<none>';
  return count > 3 ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

function podReady(pod: PodState): string {
  const total = pod.spec.containers.length;
  return `${pod.phase === 'Running' ? total : 0}/${total}`;
}

function podStatus(pod: PodState): string {
  return pod.phase === 'Pending' && pod.reason === 'ContainerCreating' ? 'ContainerCreating' : pod.phase;
}

/** kubectl's EXTERNAL-IP: the external IPs, then a LoadBalancer's ingress addresses; without any it waits for its cloud. */
function externalIpCell(s: ServiceState): string {
  const all = [...(s.externalIPs ?? []), ...(s.type === 'LoadBalancer' ? (s.loadBalancerIngress ?? []) : [])];
  if (all.length) return all.join(',');
  return s.type === 'LoadBalancer' ? '<pending>' : '<none>';
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
        .map((e) => ({
          type,
          namespace: e.namespace,
          name: e.name,
          labels: {},
          cells: [formatEndpoints(e), age(e.name === 'kubernetes' && e.namespace === 'default')],
          wideCells: [],
          object: endpointsObject(e),
        }))
        .sort(byName);
    case 'nodes':
      return state.cluster.nodes
        .map((n) => ({
          type,
          name: n.name,
          labels: n.labels,
          cells: ['Ready', '<none>', CLUSTER_AGE, KUBERNETES_VERSION],
          wideCells: [n.ip, '<none>', NODE_OS.image, NODE_OS.kernel, NODE_OS.runtime],
          object: nodeObject(n),
        }))
        .sort(byName);
    case 'namespaces':
      return state.namespaces
        .map((n) => ({
          type,
          name: n,
          labels: {},
          cells: ['Active', ['default', 'kube-system', 'kube-public'].includes(n) ? CLUSTER_AGE : OBJECT_AGE],
          wideCells: [],
          object: namespaceObject(n),
        }))
        .sort(byName);
    case 'networkpolicies':
      return state.networkPolicies
        .map((p) => ({
          type,
          namespace: p.metadata.namespace,
          name: p.metadata.name,
          labels: p.metadata.labels,
          cells: [none(formatSelector(p.podSelector)), OBJECT_AGE],
          wideCells: [],
          object: networkPolicyObject(p),
        }))
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
          cells:
            resource === 'deployments'
              ? [`${v.ready}/${v.desired}`, String(v.current), String(v.ready), OBJECT_AGE]
              : [String(v.desired), String(v.current), String(v.ready), OBJECT_AGE],
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
  const header = [
    ...(options.namespaceColumn ? ['NAMESPACE'] : []),
    'NAME',
    ...h.cells,
    ...(options.wide ? h.wide : []),
    ...(options.showLabels ? ['LABELS'] : []),
  ];
  const rows = items.map((i) => [
    ...(options.namespaceColumn ? [i.namespace ?? ''] : []),
    options.kindPrefix ? `${i.type.prefix}/${i.name}` : i.name,
    ...i.cells,
    ...(options.wide ? i.wideCells : []),
    ...(options.showLabels ? [formatLabels(i.labels)] : []),
  ]);
  return tabwrite([...(options.noHeaders ? [] : [header]), ...rows].map((r) => r.join('\t')).join('\n'), KUBECTL_TABLE);
}
