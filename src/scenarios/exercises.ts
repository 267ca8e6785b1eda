/**
 * Exercises checked against the simulation: the learner's manifests are simulated and the flows
 * that prove the goal are traced, so any correct answer passes, not only the one we thought of.
 */
import { buildDataplane } from '../core/dataplane/index.ts';
import type { Dataplane } from '../core/dataplane/model.ts';
import { simulate, type Simulation } from '../core/index.ts';
import { nsId, type NamespaceId } from '../core/namespace-id.ts';
import { traceMany } from '../core/trace/index.ts';
import type { Words } from './model.ts';
import { checkReachability, type ReachabilityGoal } from './reachability-check.ts';

export type Check =
  /** Connections from `from` to some node's `port` must reach pods whose names start with `pods`. */
  | { readonly kind: 'reachable-on-node-port'; readonly from: NamespaceId; readonly port: number; readonly pods: string }
  /** Connections from a running pod to service `service` must reach at least `pods` different pods. */
  | { readonly kind: 'spread'; readonly service: string; readonly pods: number }
  /** Every pair of pods traced on each goal's port (the reachability matrix): exactly the goal's pairs delivered. */
  | { readonly kind: 'reachability'; readonly goals: readonly ReachabilityGoal[] };

export interface Result {
  readonly passed: boolean;
  readonly message: Words;
}

export function checkExercise(text: string, check: Check): Result {
  const sim = simulate(text);
  return checkSimulated(sim, () => buildDataplane(sim.state), check);
}

/** The check on a text already simulated; its dataplane is built (or found) only when needed. */
export function checkSimulated(sim: Simulation, dataplane: () => Dataplane, check: Check): Result {
  const errors = sim.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0)
    return {
      passed: false,
      message: {
        en: `The manifests have ${errors} error(s): fix them first (see Problems).`,
        zh: `资源清单有 ${errors} 个错误：请先修正（见"问题"）。`,
      },
    };
  const dp = dataplane();
  switch (check.kind) {
    case 'reachability':
      return checkReachability(sim.state, dp, check.goals);
    case 'reachable-on-node-port': {
      for (const node of sim.state.cluster.nodes) {
        const { outcomes } = traceMany(dp, { from: check.from, to: { ip: node.ip, port: check.port }, proto: 'tcp' }, 20);
        const hit = outcomes.find((o) => o.verdict === 'delivered' && o.deliveredTo?.name.startsWith(check.pods));
        if (hit)
          return {
            passed: true,
            message: {
              en: `Yes: ${node.name}:${check.port} reaches ${hit.deliveredTo!.name}.`,
              zh: `正确：${node.name}:${check.port} 可以到达 ${hit.deliveredTo!.name}。`,
            },
          };
      }
      return {
        passed: false,
        message: {
          en: `No node answers on port ${check.port} with a ${check.pods} pod yet.`,
          zh: `还没有节点在 ${check.port} 端口上把连接送到 ${check.pods} Pod。`,
        },
      };
    }
    case 'spread': {
      const svc = sim.state.services.find((s) => s.name === check.service);
      const client = sim.state.pods.find((p) => p.phase === 'Running');
      if (!svc || svc.clusterIP === 'None' || !client)
        return {
          passed: false,
          message: {
            en: `There is no service ${check.service} with a cluster IP, or no running pod to test from.`,
            zh: `没有带集群 IP 的 ${check.service} Service，或没有可用于测试的运行中 Pod。`,
          },
        };
      const port = svc.ports[0]!;
      const { outcomes } = traceMany(
        dp,
        {
          from: nsId.pod(client.namespace, client.name),
          to: { ip: svc.clusterIP, port: port.port },
          proto: port.protocol === 'UDP' ? 'udp' : 'tcp',
        },
        120,
      );
      const reached = new Set(outcomes.filter((o) => o.verdict === 'delivered').map((o) => o.deliveredTo!.name));
      return reached.size >= check.pods
        ? {
            passed: true,
            message: { en: `Yes: 120 connections reached ${reached.size} pods.`, zh: `正确：120 个连接到达了 ${reached.size} 个 Pod。` },
          }
        : {
            passed: false,
            message: {
              en: `120 connections reached ${reached.size} pod(s); the goal is ${check.pods}.`,
              zh: `120 个连接只到达了 ${reached.size} 个 Pod；目标是 ${check.pods} 个。`,
            },
          };
    }
  }
}
