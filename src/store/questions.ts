/**
 * The worker's answers to what the page asks of a derived text: a flow's trace, a burst, the
 * inspector's views of the dataplane, a lesson step's commands, an exercise's check and the
 * reachability matrix. They run where the dataplane is (the derive worker; in Node, the caller's
 * thread), and every answer is plain data that survives structured cloning.
 */
import type { Dataplane, NetNamespace } from '../core/dataplane/model.ts';
import { indexOf } from '../core/dataplane/lookup.ts';
import type { ClusterState } from '../core/model.ts';
import { msg, type Message } from '../core/message.ts';
import { namespaceRef, nsId, type NamespaceId } from '../core/namespace-id.ts';
import { iptablesSave } from '../core/netfilter/ruleset.ts';
import { reachability } from '../core/policy/reachability.ts';
import { ipAddr, ipRoute } from '../core/print/ip.ts';
import { lookupFlow, traceToName } from '../core/dns/lookup-flow.ts';
import { Network, NoSender, trace, traceMany, type Trace, type TraceRequest } from '../core/trace/index.ts';
import { serviceShares, type Share } from '../core/trace/shares.ts';
import { podId, type ElementRef } from '../graph/elements.ts';
import { ENDPOINT_COLOURS } from '../graph/packet-overlay.ts';
import { checkSimulated } from '../scenarios/exercises.ts';
import { createShell } from '../terminal/index.ts';
import type { BurstResult } from './burst.ts';
import type { Answer, Burst, CommandOutput, Inspection, Question, StepCommand, TraceFailure } from './derive-protocol.ts';
import type { Simulated } from './simulation.ts';

/** A derived text as the worker keeps it: its simulation and, once asked for, its dataplane. */
export interface Worked extends Simulated {
  readonly dataplane: Dataplane;
}

/** A flow that cannot be traced: the reason in words (a tracer's own text only as the detail). */
class Untraceable extends Error {
  constructor(readonly why: Message) {
    super(why.code);
  }
}

const failure = (e: unknown): TraceFailure => ({
  failed:
    e instanceof Untraceable
      ? e.why
      : e instanceof NoSender
        ? msg('trace.no-sender', { sender: e.sender })
        : msg('trace.failed', { detail: e instanceof Error ? e.message : String(e) }),
});

/**
 * One connection of a flow (to a name: the sender's lookup first, each question traced); the
 * reason instead when it cannot be made (the source is gone).
 */
export function traceAnswer(worked: Worked, flow: TraceRequest, seed: number): Trace | TraceFailure {
  try {
    const { name } = flow;
    if (name !== undefined) return traceToName(worked.sim.state, new Network(worked.dataplane, seed), { ...flow, name });
    return trace(worked.dataplane, flow, seed);
  } catch (e) {
    return failure(e);
  }
}

/** A flow to a name as a flow to the address the name resolves to (once); a flow to an address as it is. */
function toAddress(worked: Worked, flow: TraceRequest): TraceRequest {
  if (flow.name === undefined) return flow;
  const address = lookupFlow(worked.sim.state, new Network(worked.dataplane, 7), flow.from, flow.name, 'A').address;
  if (!address) throw new Untraceable(msg('trace.unresolved', { name: flow.name }));
  return { from: flow.from, to: { ip: address, port: flow.to.port }, proto: flow.proto };
}

/** The node whose rules decide a connection from this source. */
function deciderNode(state: ClusterState, flow: TraceRequest): string | undefined {
  const from = namespaceRef(flow.from);
  if (from.kind === 'node') return from.name;
  if (from.kind === 'pod') return state.pods.find((p) => p.namespace === from.namespace && p.name === from.name)?.node;
  return state.cluster.nodes.find((n) => n.ip === flow.to.ip)?.name ?? state.cluster.nodes[0]?.name;
}

/** 100 new connections: where they went, beside the share the rules give each endpoint. */
export function burstAnswer(worked: Worked, asked: TraceRequest): Burst | TraceFailure {
  const { state } = worked.sim;
  let many: ReturnType<typeof traceMany>;
  let flow: TraceRequest;
  try {
    flow = toAddress(worked, asked);
    many = traceMany(worked.dataplane, flow, 100, 7);
  } catch (e) {
    return failure(e);
  }
  const { traces, outcomes } = many;
  const node = deciderNode(state, flow);
  const shares: readonly Share[] = (node && serviceShares(worked.dataplane, node, flow.to.ip, flow.to.port, flow.proto)) || [];
  const podByIp = new Map(state.pods.map((p) => [p.ip, p.name]));
  const counts = outcomes.map((o, i) => {
    const to = o.deliveredTo;
    const label = to ? to.name : o.verdict;
    const share = shares.find((s) => podByIp.get(s.endpoint.split(':')[0]) === to?.name)?.share;
    const id = to?.kind === 'pod' && to.namespace ? podId({ namespace: to.namespace, name: to.name }) : undefined;
    return {
      label,
      count: o.count,
      colour: ENDPOINT_COLOURS[i % ENDPOINT_COLOURS.length]!,
      ...(id ? { id } : {}),
      ...(share === undefined ? {} : { share }),
    };
  });
  // Each packet in the colour of where it went, as its endpoint's bar and badge.
  const colourOf = new Map(outcomes.map((o, i) => [JSON.stringify([o.verdict, o.deliveredTo]), counts[i]!.colour]));
  const colours = traces.map((t) => colourOf.get(JSON.stringify([t.verdict, t.deliveredTo])) ?? ENDPOINT_COLOURS[0]!);
  return { traces, colours, shares, result: { total: traces.length, counts } satisfies BurstResult };
}

/** The namespaces an element's inspector page reads: its machine's, and a pod's own. */
function namespacesOf(ref: ElementRef, state: ClusterState): NamespaceId[] {
  switch (ref.type) {
    case 'host':
      return [nsId.host(ref.name)];
    case 'node':
    case 'routes':
    case 'interface':
      return [nsId.node(ref.type === 'node' ? ref.name : ref.node)];
    case 'pod':
    case 'container':
    case 'veth': {
      const name = ref.type === 'pod' ? ref.name : ref.pod;
      const pod = state.pods.find((p) => p.namespace === ref.namespace && p.name === name);
      return pod?.node === undefined ? [] : [nsId.node(pod.node), nsId.pod(pod.namespace, pod.name)];
    }
    default:
      return [];
  }
}

/** What the inspector shows of the dataplane for an element: its namespaces, printed. */
export function inspectAnswer(worked: Worked, ref: ElementRef): Inspection {
  const index = indexOf(worked.dataplane);
  const found = namespacesOf(ref, worked.sim.state).flatMap((id) => index.namespace(id) ?? []);
  return {
    namespaces: found.map((ns: NetNamespace) => ({
      id: ns.id,
      interfaces: ns.interfaces,
      listeners: ns.listeners,
      ipAddr: ipAddr(ns),
      ipRoute: ipRoute(ns),
      iptablesSave: iptablesSave(ns.iptables),
    })),
  };
}

/**
 * {pause:APP}, {app:APP/CONTAINER} and {node:APP} stand for the first pod of APP's pause
 * container ID, an app container's ID and its node, as the simulation made them (APP: a
 * controller's name for its pods, or a pod's own name).
 */
export function resolvePlaceholders(text: string, state: ClusterState): string {
  return text.replace(/\{(pause|app|node):([^}/]+)(?:\/([^}]+))?\}/g, (whole, kind: string, app: string, container?: string) => {
    const pod = state.pods.find((p) => (p.name === app || p.name.startsWith(`${app}-`)) && p.phase === 'Running');
    if (!pod) return whole;
    if (kind === 'node') return pod.node ?? whole;
    const c = kind === 'pause' ? pod.containers[0] : pod.containers.find((x) => x.name === container);
    return c ? c.id.slice(0, 12) : whole;
  });
}

/** A lesson step's commands, each in a fresh shell on its node (the first node when it names none). */
export function commandsAnswer(worked: Worked, commands: readonly StepCommand[]): CommandOutput[] {
  const { state } = worked.sim;
  const data = { text: worked.text, state, dataplane: worked.dataplane };
  return commands.map(({ line, node }) => {
    const on = node ? resolvePlaceholders(node, state) : state.cluster.nodes[0]?.name;
    const shell = createShell({ current: () => data, setText: () => undefined }, on ? { node: on } : {});
    const command = resolvePlaceholders(line, state);
    return { prompt: `${shell.prompt()}${command}\n`, text: shell.execute(command).output };
  });
}

/** The answer to a question about a derived text. */
export function answerQuestion(worked: Worked, question: Question): Answer {
  switch (question.kind) {
    case 'trace':
      return { kind: 'trace', trace: traceAnswer(worked, question.flow, question.seed) };
    case 'burst':
      return { kind: 'burst', burst: burstAnswer(worked, question.flow) };
    case 'inspect':
      return { kind: 'inspect', inspection: inspectAnswer(worked, question.ref) };
    case 'commands':
      return { kind: 'commands', outputs: commandsAnswer(worked, question.commands) };
    case 'exercise':
      return { kind: 'exercise', result: checkSimulated(worked.sim, () => worked.dataplane, question.check) };
    case 'reachability':
      return { kind: 'reachability', matrix: reachability(worked.sim.state, worked.dataplane, question.port) };
  }
}
