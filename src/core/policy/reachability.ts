/**
 * The reachability matrix: every running pod's connection to every running pod's address on one
 * port, each traced through the dataplane (so through the NetworkPolicy rules as kube-router
 * writes them), as a table of outcomes. It is what Kubernetes' netpol e2e suite and Cyclonus
 * probe, pod by pod; lessons check exercises with it and the page draws it.
 *
 * @example
 *   const m = reachability(sim.state, buildDataplane(sim.state), { port: 80, protocol: 'TCP' });
 *   if (m.kind === 'matrix') m.cells[0][1]; // pods[0] → pods[1]:80
 */
import type { Dataplane } from '../dataplane/model.ts';
import { msg, type Message } from '../message.ts';
import type { ClusterState, PodState } from '../model.ts';
import { nsId } from '../namespace-id.ts';
import { trace } from '../trace/index.ts';
import type { TraceVerdict } from '../trace/model.ts';

/** More pods than this make a matrix too large to trace at once (40 pods: 1,600 traces). */
export const MAX_MATRIX_PODS = 40;

export interface MatrixPort {
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}

/** A pod of the matrix: a row (as the source) and a column (as the destination). */
export interface MatrixPod {
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
  readonly node: string;
}

/**
 * One pair's outcome: delivered; rejected by a NetworkPolicy (which one, and why: the direction
 * and peer no rule allows); or stopped some other way (nothing listens, no route…).
 */
export type MatrixCell =
  | { readonly outcome: 'delivered' }
  | {
      readonly outcome: 'rejected';
      /** The first policy (`namespace/name`) isolating the pod whose rules let the connection through in no rule. */
      readonly policy: string;
      /** Whose rules are missing: the destination's ingress or the source's egress. */
      readonly direction: 'ingress' | 'egress';
      readonly reason: Message;
    }
  | { readonly outcome: 'failed'; readonly verdict: Exclude<TraceVerdict, 'delivered'>; readonly reason?: Message };

export type Reachability =
  | {
      readonly kind: 'matrix';
      readonly port: MatrixPort;
      readonly pods: readonly MatrixPod[];
      /** cells[i][j]: pods[i] connecting to pods[j]'s address on the port. */
      readonly cells: readonly (readonly MatrixCell[])[];
    }
  /** Too many pods to trace every pair: the reason, as a message. */
  | { readonly kind: 'too-many'; readonly port: MatrixPort; readonly pods: number; readonly reason: Message };

/** The pods of the matrix: running, with an address, ordered by namespace then name. */
export function matrixPods(state: ClusterState): MatrixPod[] {
  return state.pods
    .filter((p): p is PodState & { ip: string; node: string } => p.phase === 'Running' && p.ip !== undefined && p.node !== undefined)
    .map((p) => ({ namespace: p.namespace, name: p.name, ip: p.ip, node: p.node }))
    .sort((a, b) => (a.namespace === b.namespace ? cmp(a.name, b.name) : cmp(a.namespace, b.namespace)));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One traced connection from `from` to `to`'s address on the port. */
export function matrixCell(dp: Dataplane, from: MatrixPod, to: MatrixPod, port: MatrixPort): MatrixCell {
  const t = trace(dp, {
    from: nsId.pod(from.namespace, from.name),
    to: { ip: to.ip, port: port.port },
    proto: port.protocol === 'UDP' ? 'udp' : 'tcp',
  });
  if (t.verdict === 'delivered') return { outcome: 'delivered' };
  if (t.verdict === 'rejected' && t.policy !== undefined && t.reason)
    return {
      outcome: 'rejected',
      policy: t.policy,
      direction: t.reason.code === 'fail.policy-egress' ? 'egress' : 'ingress',
      reason: t.reason,
    };
  return { outcome: 'failed', verdict: t.verdict, ...(t.reason ? { reason: t.reason } : {}) };
}

/** Every ordered pair of running pods on `port`, traced; too many pods give a reason instead. */
export function reachability(state: ClusterState, dp: Dataplane, port: MatrixPort, max = MAX_MATRIX_PODS): Reachability {
  const pods = matrixPods(state);
  if (pods.length > max)
    return { kind: 'too-many', port, pods: pods.length, reason: msg('reachability.too-many', { pods: pods.length, max }) };
  const cells = pods.map((from) => pods.map((to) => matrixCell(dp, from, to, port)));
  return { kind: 'matrix', port, pods, cells };
}

/** The cell of `from` → `to` (each `namespace/name`), when both are pods of the matrix. */
export function cellBetween(m: Extract<Reachability, { kind: 'matrix' }>, from: string, to: string): MatrixCell | undefined {
  const at = (ref: string) => m.pods.findIndex((p) => `${p.namespace}/${p.name}` === ref);
  const [i, j] = [at(from), at(to)];
  return i < 0 || j < 0 ? undefined : m.cells[i]![j];
}
