/** Which kinds exist in which apiVersion, and which of them the playground simulates. */
import schemaJson from './k8s-schema.json';
import { CLUSTER_API_VERSION, CLUSTER_TYPES } from './cluster-schema.ts';
import type { K8sSchema, TypeSchema } from './schema-types.ts';
import { withServiceStatus } from './service-status.ts';

export const K8S_SCHEMA = schemaJson as K8sSchema;

export const SIMULATED_KINDS = [
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'Service',
  'Endpoints',
  'Namespace',
  'NetworkPolicy',
  'Cluster',
] as const;
export type SimulatedKind = (typeof SIMULATED_KINDS)[number];

/** The apiVersion each simulated kind is served at. */
export const API_VERSION_OF: Readonly<Record<SimulatedKind, string>> = {
  Pod: 'v1',
  ReplicationController: 'v1',
  Service: 'v1',
  Endpoints: 'v1',
  Namespace: 'v1',
  ReplicaSet: 'apps/v1',
  Deployment: 'apps/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  Cluster: CLUSTER_API_VERSION,
};

/** Real kinds the playground accepts but does not simulate (they do not shape the pod network here). */
export const OTHER_KNOWN_KINDS: Readonly<Record<string, string>> = {
  ConfigMap: 'v1',
  Secret: 'v1',
  ServiceAccount: 'v1',
  PersistentVolumeClaim: 'v1',
  PersistentVolume: 'v1',
  LimitRange: 'v1',
  ResourceQuota: 'v1',
  DaemonSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Ingress: 'networking.k8s.io/v1',
  EndpointSlice: 'discovery.k8s.io/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
};

/** Every type the checker knows: Kubernetes' and our Cluster's. */
export const ALL_TYPES: Readonly<Record<string, TypeSchema>> = {
  ...K8S_SCHEMA.types,
  ...withServiceStatus(K8S_SCHEMA.types),
  ...CLUSTER_TYPES,
};

export function rootTypeOf(kind: SimulatedKind): string {
  if (kind === 'Cluster') return 'Cluster';
  const root = K8S_SCHEMA.roots[`${API_VERSION_OF[kind]}/${kind}`];
  if (!root) throw new Error(`no schema root for ${kind}`);
  return root;
}

/** kubectl's lower-case plural resource names, used in its messages. */
export function resourceName(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('s')) return lower;
  return `${lower}s`;
}
