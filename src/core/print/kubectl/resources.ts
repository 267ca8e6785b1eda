/**
 * The kinds of object kubectl knows here, by every name kubectl accepts, and the fixed facts of
 * the simulated cluster: its version (1.18-era, as the simulated nodes report), the node OS, and
 * ages (the simulation has no clock: every object of the text is "2m" old, the cluster "10d").
 */
export const KUBERNETES_VERSION = 'v1.18.20';
export const OBJECT_AGE = '2m';
export const CLUSTER_AGE = '10d';
/** When the objects of the text were created (RFC 3339), two minutes before the stamp iptables-save prints. */
export const CREATED_AT = '2026-11-26T11:58:00Z';
export const STARTED_AT_RFC1123Z = 'Thu, 26 Nov 2026 11:58:02 +0000';

export type ResourceName =
  'pods' | 'services' | 'endpoints' | 'nodes' | 'replicationcontrollers' | 'replicasets' | 'deployments' | 'namespaces' | 'networkpolicies';

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
  {
    resource: 'endpoints',
    kind: 'Endpoints',
    apiVersion: 'v1',
    aliases: ['endpoints', 'endpoint', 'ep'],
    namespaced: true,
    prefix: 'endpoints',
  },
  { resource: 'nodes', kind: 'Node', apiVersion: 'v1', aliases: ['nodes', 'node', 'no'], namespaced: false, prefix: 'node' },
  {
    resource: 'replicationcontrollers',
    kind: 'ReplicationController',
    apiVersion: 'v1',
    aliases: ['replicationcontrollers', 'replicationcontroller', 'rc'],
    namespaced: true,
    prefix: 'replicationcontroller',
  },
  {
    resource: 'replicasets',
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    aliases: ['replicasets', 'replicaset', 'rs'],
    namespaced: true,
    prefix: 'replicaset.apps',
  },
  {
    resource: 'deployments',
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    aliases: ['deployments', 'deployment', 'deploy'],
    namespaced: true,
    prefix: 'deployment.apps',
  },
  {
    resource: 'namespaces',
    kind: 'Namespace',
    apiVersion: 'v1',
    aliases: ['namespaces', 'namespace', 'ns'],
    namespaced: false,
    prefix: 'namespace',
  },
  {
    resource: 'networkpolicies',
    kind: 'NetworkPolicy',
    apiVersion: 'networking.k8s.io/v1',
    aliases: ['networkpolicies', 'networkpolicy', 'netpol'],
    namespaced: true,
    prefix: 'networkpolicy.networking.k8s.io',
  },
];

/** The type a word names (`po`, `svc`, `replicationcontroller`…), case-insensitively as kubectl. */
export function resourceType(word: string): ResourceType | undefined {
  const w = word.toLowerCase();
  return RESOURCE_TYPES.find((t) => t.aliases.includes(w) || t.kind.toLowerCase() === w);
}

export const NODE_OS = { image: 'CentOS Linux 7 (Core)', kernel: '3.10.0-1160.el7.x86_64', runtime: 'docker://1.13.1' };
