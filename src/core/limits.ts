/**
 * The playground's limits: far beyond any lesson, low enough that the page stays responsive.
 * Each is checked where the text is read, before anything is built from what lies beyond it, and
 * reported with its own diagnostic code at its line. The README lists them with their reasons.
 */
import { msg, type Message } from './message.ts';
import { inEnglish } from './problems-en.ts';

/** Characters of scenario text; longer text is refused whole, before it is parsed. */
export const MAX_TEXT_LENGTH = 1_000_000;

/** YAML documents in one scenario; the ones after it are not read. */
export const MAX_DOCUMENTS = 1_000;

/** Nesting of YAML collections (mappings and lists): a manifest needs about ten. */
export const MAX_NESTING = 100;

/** Nodes of the Cluster document. */
export const MAX_NODES = 200;

/** Services, the built-in `kubernetes` service not counted. */
export const MAX_SERVICES = 500;

/** Ports of one Service. */
export const MAX_PORTS_PER_SERVICE = 100;

/** Pods in all: bare pods and every controller's replicas. */
export const MAX_PODS = 1_000;

/** Pods one node runs: the kubelet's own default (`--max-pods=110`). */
export const MAX_PODS_PER_NODE = 110;

/** Warnings listed; the rest are counted in one last warning. */
export const MAX_WARNINGS = 100;

/** The name the API server gives the quota that refuses objects past a limit. */
export const QUOTA_NAME = 'kube-netplay';

/** The API server's answer to an object past a quota, as `kubectl apply` prints it. */
export function quotaMessage(resource: 'services' | 'pods', name: string, used: number, limit: number): Message {
  return msg('api.quota', { resource, name, quota: QUOTA_NAME, used, limit });
}

/**
 * Whether `kubectl scale` may set a controller to this many replicas: the same check the
 * validator makes, so the terminal refuses what the text would refuse.
 */
export function replicasMessage(replicas: number): Message | undefined {
  if (Number.isInteger(replicas) && replicas >= 0 && replicas <= MAX_PODS) return undefined;
  const why = !Number.isInteger(replicas) || replicas < 0 ? msg('why.nonnegative') : msg('why.replicas-limit', { max: MAX_PODS });
  return msg('field.invalid', { path: 'spec.replicas', value: replicas, why });
}

/**
 * `replicasMessage` in English, as `kubectl scale` prints it.
 * @example replicasProblem(100_000) // 'spec.replicas: Invalid value: 100000: ...'
 */
export function replicasProblem(replicas: number): string | undefined {
  const m = replicasMessage(replicas);
  return m && inEnglish(m);
}
