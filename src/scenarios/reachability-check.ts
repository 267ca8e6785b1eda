/**
 * An exercise checked by the reachability matrix: for each port, every ordered pair of the pods
 * the goal speaks of is traced, and exactly the pairs the goal names must be delivered. The
 * result names the pairs that are not as asked, and why (the policy that rejected one).
 */
import type { Dataplane } from '../core/dataplane/model.ts';
import type { ClusterState } from '../core/model.ts';
import { MAX_MATRIX_PODS, reachability, type MatrixCell, type MatrixPod } from '../core/policy/reachability.ts';
import type { Words } from './model.ts';

export interface ReachabilityGoal {
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
  /** The namespace of the senders the goal speaks of; every namespace when absent. */
  readonly from?: string;
  /** The namespace of the receivers the goal speaks of; every namespace when absent. */
  readonly to?: string;
  /**
   * The pairs that must be delivered, each end a pod's name or its controller's (`coredns` for
   * `coredns-…`), or `*` for any pod; every other pair (a pod and itself aside) must not be.
   */
  readonly reach: readonly (readonly [string, string])[];
}

export interface ReachabilityResult {
  readonly passed: boolean;
  readonly message: Words;
}

const named = (name: string, pod: MatrixPod) => name === '*' || pod.name === name || pod.name.startsWith(`${name}-`);

/** The pairs shown in a message; the rest are counted. */
const SHOWN = 4;

const FAILED: Readonly<Record<string, Words>> = {
  rejected: { en: 'rejected', zh: '被拒绝' },
  refused: { en: 'refused', zh: '连接被拒' },
  dropped: { en: 'dropped', zh: '被丢弃' },
  unreachable: { en: 'unreachable', zh: '不可达' },
  closed: { en: 'closed', zh: '被关闭' },
};

/** What happened to a pair, in both languages. */
function outcome(cell: MatrixCell): Words {
  if (cell.outcome === 'delivered') return { en: 'delivered', zh: '被送达' };
  if (cell.outcome === 'rejected')
    return cell.direction === 'ingress'
      ? { en: `rejected by ${cell.policy} (no ingress rule lets it in)`, zh: `被 ${cell.policy} 拒绝（没有入站规则放行）` }
      : { en: `rejected by ${cell.policy} (no egress rule lets it out)`, zh: `被 ${cell.policy} 拒绝（没有出站规则放行）` };
  return FAILED[cell.verdict] ?? { en: cell.verdict, zh: cell.verdict };
}

export function checkReachability(state: ClusterState, dp: Dataplane, goals: readonly ReachabilityGoal[]): ReachabilityResult {
  const wrong: Words[] = [];
  let pairs = 0;
  for (const goal of goals) {
    const m = reachability(state, dp, { port: goal.port, protocol: goal.protocol });
    if (m.kind === 'too-many')
      return {
        passed: false,
        message: {
          en: `There are ${m.pods} pods: too many to trace every pair (at most ${MAX_MATRIX_PODS}).`,
          zh: `共有 ${m.pods} 个 Pod：太多，无法逐对追踪（最多 ${MAX_MATRIX_PODS} 个）。`,
        },
      };
    const absent = goal.reach.flat().find((name) => !m.pods.some((p) => named(name, p)));
    if (absent !== undefined)
      return {
        passed: false,
        message: { en: `There is no running pod ${absent} to check.`, zh: `没有可检查的运行中 Pod ${absent}。` },
      };
    m.pods.forEach((from, i) =>
      m.pods.forEach((to, j) => {
        if (i === j || (goal.from !== undefined && from.namespace !== goal.from) || (goal.to !== undefined && to.namespace !== goal.to))
          return;
        pairs++;
        const cell = m.cells[i]![j]!;
        const should = goal.reach.some(([a, b]) => named(a, from) && named(b, to));
        if (should === (cell.outcome === 'delivered')) return;
        const pair = `${from.name} → ${to.name}:${goal.port}/${goal.protocol}`;
        const is = outcome(cell);
        wrong.push(
          should
            ? { en: `${pair} is ${is.en}, and should be delivered`, zh: `${pair} ${is.zh}，应当被送达` }
            : { en: `${pair} is delivered, and should not be`, zh: `${pair} 被送达，但不应当` },
        );
      }),
    );
  }
  const ports = goals.map((g) => `${g.port}/${g.protocol}`).join(', ');
  if (wrong.length === 0)
    return {
      passed: true,
      message: {
        en: `Yes: all ${pairs} pairs of pods on ${ports} are as asked.`,
        zh: `正确：${ports} 上全部 ${pairs} 对 Pod 都符合要求。`,
      },
    };
  const shown = wrong.slice(0, SHOWN);
  const more = wrong.length - shown.length;
  return {
    passed: false,
    message: {
      en: `${wrong.length} of ${pairs} pairs are not as asked: ${shown.map((w) => w.en).join('; ')}${more > 0 ? `; and ${more} more` : ''}.`,
      zh: `${pairs} 对中有 ${wrong.length} 对不符合要求：${shown.map((w) => w.zh).join('；')}${more > 0 ? `；另有 ${more} 对` : ''}。`,
    },
  };
}
