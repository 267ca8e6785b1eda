/**
 * The scheduler: filters the nodes a pod can run on (taints it does not tolerate, nodeSelector,
 * free host ports), prefers nodes without PreferNoSchedule taints it does not tolerate, then spreads
 * pods of one owner across nodes. Ties go to the first node from the owner's starting node on:
 * the owner written first starts at the first node, the next one at the next node, so separate
 * controllers share the nodes out (the real scheduler counts every pod on a node and picks among
 * ties at random). Only the owner's own pods are counted and its start depends on where its
 * document stands, not on what other owners run: scaling one controller, to zero or from it,
 * moves no other's pods, unless they want the same host port (the text's order then decides who
 * gets a node's port, where a real cluster would keep the pods that came first). A pod no node
 * can take stays Pending with the scheduler's message.
 */
import { MAX_PODS_PER_NODE } from '../limits.ts';
import { msg, type Message } from '../message.ts';
import { inEnglish } from '../problems-en.ts';
import type { NodeSpec, Protocol, Taint, Toleration } from '../model.ts';
import type { PodIntent } from './controllers.ts';

export interface Placement {
  readonly node?: string;
  /** Set when the pod stays Pending. */
  readonly reason?: 'Unschedulable' | 'NodeNotFound' | 'OutOfhostPort' | 'OutOfpods';
  readonly message?: string;
  readonly why?: Message;
}

interface HostPortUse {
  readonly ip: string;
  readonly protocol: Protocol;
  readonly port: number;
}

function hostPortsOf(pod: PodIntent): HostPortUse[] {
  const out: HostPortUse[] = [];
  for (const c of pod.spec.containers)
    for (const p of c.ports) if (p.hostPort) out.push({ ip: p.hostIP ?? '0.0.0.0', protocol: p.protocol, port: p.hostPort });
  return out;
}

function conflicts(a: HostPortUse, b: HostPortUse): boolean {
  return a.port === b.port && a.protocol === b.protocol && (a.ip === b.ip || a.ip === '0.0.0.0' || b.ip === '0.0.0.0');
}

// What the scheduler says of the nodes it filtered out, with their count.
const NO_FREE_PORTS = 'pending.no-free-ports';
const SELECTOR_MISMATCH = 'pending.selector';
const TOO_MANY_PODS = 'pending.too-many';
const UNTOLERATED_TAINT = 'pending.taint';
type Filtered = typeof NO_FREE_PORTS | typeof SELECTOR_MISMATCH | typeof TOO_MANY_PODS | typeof UNTOLERATED_TAINT;

/** Whether one toleration covers a taint (the API's ToleratesTaint): an empty key or effect matches any. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== taint.key) return false;
  return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
}

/** The node's taints of the given effects that none of the pod's tolerations covers. */
function untolerated(node: NodeSpec, pod: PodIntent, effects: readonly Taint['effect'][]): number {
  const given = pod.spec.tolerations ?? [];
  return node.taints.filter((taint) => effects.includes(taint.effect) && !given.some((t) => tolerates(t, taint))).length;
}

// A node with an untolerated PreferNoSchedule taint loses to any without, whatever the spread.
const AVOIDED_NODE = 1_000_000;

/** Why a pod stays Pending: the message, and its English as `kubectl describe` prints it. */
function pending(reason: NonNullable<Placement['reason']>, why: Message): Placement {
  return { reason, why, message: inEnglish(why) };
}

export class Scheduler {
  private readonly portsOnNode = new Map<string, HostPortUse[]>();
  private readonly podsOnNode = new Map<string, number>();
  private readonly known = new Set<string>();
  /** Pods of each owner on each node: owner → node → count. */
  private readonly owned = new Map<string, Map<string, number>>();

  /** Each pod-making document's place among them (controllers and pods, in the text's order). */
  private readonly rank = new Map<number, number>();

  /**
   * Where the spread of a document's pods starts, as a node's index. Counting other owners' pods
   * instead, as the real scheduler does, would move one controller's pods here when another
   * scales (the simulation starts over on every edit), which a real cluster never does.
   */
  private startOf(pod: PodIntent): number {
    return (this.rank.get(pod.document) ?? 0) % this.nodes.length;
  }

  /** `podMakers`: the documents that create pods, in order, also those with no replicas now. */
  constructor(
    private readonly nodes: readonly NodeSpec[],
    podMakers: readonly number[] = [],
  ) {
    podMakers.forEach((document, i) => this.rank.set(document, i));
    for (const n of nodes) {
      this.portsOnNode.set(n.name, []);
      this.known.add(n.name);
    }
  }

  place(pod: PodIntent): Placement {
    const wanted = hostPortsOf(pod);
    if (pod.spec.nodeName !== undefined) {
      // A pod with nodeName skips the scheduler; it waits for a node of that name to appear.
      if (!this.known.has(pod.spec.nodeName)) return pending('NodeNotFound', msg('pending.node-not-found', { node: pod.spec.nodeName }));
      // The kubelet admits it only if it has room for a pod and its host ports are free there.
      const pods = this.podsOnNode.get(pod.spec.nodeName) ?? 0;
      if (pods >= MAX_PODS_PER_NODE) return pending('OutOfpods', msg('pending.too-many-pods', { used: pods, capacity: MAX_PODS_PER_NODE }));
      const used = this.portsOnNode.get(pod.spec.nodeName)!;
      if (wanted.some((w) => used.some((u) => conflicts(w, u))))
        return pending('OutOfhostPort', msg('pending.host-port', { node: pod.spec.nodeName }));
      this.bind(pod, pod.spec.nodeName, wanted);
      return { node: pod.spec.nodeName };
    }
    // Nodes are visited from the owner's starting node on, so the first of the best wins a tie;
    // a node without the owner's pods is the best there can be.
    const owner = ownerKey(pod);
    const start = this.startOf(pod);
    const failures = new Map<Filtered, number>();
    let best: NodeSpec | undefined;
    let bestScore = Infinity;
    for (let k = 0; k < this.nodes.length && bestScore > 0; k++) {
      const node = this.nodes[(start + k) % this.nodes.length]!;
      // The filters in the scheduler's order: TaintToleration, NodeAffinity, NodePorts, then room.
      if (untolerated(node, pod, ['NoSchedule', 'NoExecute']) > 0) {
        failures.set(UNTOLERATED_TAINT, (failures.get(UNTOLERATED_TAINT) ?? 0) + 1);
        continue;
      }
      const selectorOk = Object.entries(pod.spec.nodeSelector).every(([key, v]) => node.labels[key] === v);
      if (!selectorOk) {
        failures.set(SELECTOR_MISMATCH, (failures.get(SELECTOR_MISMATCH) ?? 0) + 1);
        continue;
      }
      const used = this.portsOnNode.get(node.name)!;
      if (wanted.some((w) => used.some((u) => conflicts(w, u)))) {
        failures.set(NO_FREE_PORTS, (failures.get(NO_FREE_PORTS) ?? 0) + 1);
        continue;
      }
      if ((this.podsOnNode.get(node.name) ?? 0) >= MAX_PODS_PER_NODE) {
        failures.set(TOO_MANY_PODS, (failures.get(TOO_MANY_PODS) ?? 0) + 1);
        continue;
      }
      const score = this.score(node, owner) + AVOIDED_NODE * untolerated(node, pod, ['PreferNoSchedule']);
      if (score < bestScore) {
        best = node;
        bestScore = score;
      }
    }
    if (!best) {
      // In the order kubectl lists them: by their English.
      const reasons = [...failures.entries()]
        .map(([why, count]) => msg(why, { count }))
        .sort((a, b) => (inEnglish(a) < inEnglish(b) ? -1 : 1))
        .reduceRight((rest: Message | undefined, first) => (rest ? msg('pending.reasons', { first, rest }) : first), undefined);
      return pending('Unschedulable', msg('pending.unschedulable', { total: this.nodes.length, reasons: reasons! }));
    }
    this.bind(pod, best.name, wanted);
    return { node: best.name };
  }

  /** Lower is better: pods of the same owner already on the node. */
  private score(node: NodeSpec, owner: string): number {
    return this.owned.get(owner)?.get(node.name) ?? 0;
  }

  private bind(pod: PodIntent, node: string, ports: HostPortUse[]): void {
    this.portsOnNode.get(node)!.push(...ports);
    this.podsOnNode.set(node, (this.podsOnNode.get(node) ?? 0) + 1);
    const owner = ownerKey(pod);
    let counts = this.owned.get(owner);
    if (!counts) this.owned.set(owner, (counts = new Map()));
    counts.set(node, (counts.get(node) ?? 0) + 1);
  }
}

function ownerKey(pod: PodIntent): string {
  return pod.owner ? `${pod.namespace}/${pod.owner.kind}/${pod.owner.name}` : `${pod.namespace}/Pod/${pod.name}`;
}
