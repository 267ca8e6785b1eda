/**
 * The NetworkPolicy specification as a pure function, written from the API documentation alone
 * (networking.k8s.io/v1): may a new connection from one address to another, on a port and
 * protocol, pass? It knows nothing of iptables; tests hold the dataplane's verdicts against it.
 *
 * - A pod is isolated for a direction when a policy of its namespace selects it and lists that
 *   direction in policyTypes; what passes is then the union of those policies' rules.
 * - A connection passes when the source's egress and the destination's ingress both allow it.
 * - hostNetwork pods and addresses that are no pod are never isolated.
 * - Traffic from the node a pod runs on always reaches the pod.
 */
import type {
  ClusterState,
  ContainerPortSpec,
  Labels,
  NetworkPolicyObject,
  PolicyPeer,
  PolicyPort,
  PolicyRule,
  Protocol,
} from '../model.ts';
import { cidrContains, parseCidr, parseIp } from '../net/ipv4.ts';
import { selectorMatches } from '../selectors.ts';

/** One end of a connection: a pod (with its labels and declared ports), or a bare address. */
export interface PolicyEnd {
  readonly ip: string;
  readonly pod?: {
    readonly namespace: string;
    readonly name: string;
    readonly labels: Labels;
    readonly node?: string;
    readonly hostNetwork: boolean;
    readonly ports: readonly ContainerPortSpec[];
  };
  /** The node whose own address this is (traffic from it always reaches that node's pods). */
  readonly node?: string;
}

export interface PolicyWorld {
  readonly policies: readonly NetworkPolicyObject[];
  readonly namespaceLabels: Readonly<Record<string, Labels>>;
}

/** One direction's verdict: not isolated, or isolated by these policies (`namespace/name`) and allowed by one of them or none. */
export type DirectionVerdict =
  { readonly isolated: false } | { readonly isolated: true; readonly policies: readonly string[]; readonly allowedBy?: string };

export interface PolicyVerdict {
  readonly allowed: boolean;
  readonly egress: DirectionVerdict;
  readonly ingress: DirectionVerdict;
}

export function policyVerdict(world: PolicyWorld, src: PolicyEnd, dst: PolicyEnd, port: number, protocol: Protocol): PolicyVerdict {
  const egress = direction(world, src, 'Egress', (p) => p.egress, dst, dst, port, protocol);
  const fromOwnNode = src.node !== undefined && src.node === dst.pod?.node;
  const ingress: DirectionVerdict = fromOwnNode
    ? { isolated: false }
    : direction(world, dst, 'Ingress', (p) => p.ingress, src, dst, port, protocol);
  return { allowed: passes(egress) && passes(ingress), egress, ingress };
}

const passes = (v: DirectionVerdict): boolean => !v.isolated || v.allowedBy !== undefined;

/** The policies that isolate `subject` for `type`: those of its namespace whose podSelector selects it. */
export function isolating(world: PolicyWorld, subject: PolicyEnd, type: 'Ingress' | 'Egress'): NetworkPolicyObject[] {
  const pod = subject.pod;
  if (!pod || pod.hostNetwork) return [];
  return world.policies.filter(
    (p) => p.metadata.namespace === pod.namespace && p.policyTypes.includes(type) && selectorMatches(p.podSelector, pod.labels),
  );
}

function direction(
  world: PolicyWorld,
  subject: PolicyEnd,
  type: 'Ingress' | 'Egress',
  rules: (p: NetworkPolicyObject) => readonly PolicyRule[],
  peer: PolicyEnd,
  target: PolicyEnd,
  port: number,
  protocol: Protocol,
): DirectionVerdict {
  const selecting = isolating(world, subject, type);
  if (selecting.length === 0) return { isolated: false };
  const names = selecting.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  const allowing = selecting.find((p) =>
    rules(p).some((rule) => ruleMatches(world, p.metadata.namespace, rule, peer, target, port, protocol)),
  );
  return allowing
    ? { isolated: true, policies: names, allowedBy: `${allowing.metadata.namespace}/${allowing.metadata.name}` }
    : { isolated: true, policies: names };
}

/** Whether a rule lets `peer` talk with the pod it guards; ports are the destination's (`target`). */
export function ruleMatches(
  world: PolicyWorld,
  namespace: string,
  rule: PolicyRule,
  peer: PolicyEnd,
  target: PolicyEnd,
  port: number,
  protocol: Protocol,
): boolean {
  const peerOk = rule.peers.length === 0 || rule.peers.some((p) => peerMatches(world, namespace, p, peer));
  const portOk = rule.ports.length === 0 || rule.ports.some((p) => portMatches(p, target, port, protocol));
  return peerOk && portOk;
}

/** Whether `end` is one of the peers a rule's from/to entry names, for a policy of `namespace`. */
export function peerMatches(world: PolicyWorld, namespace: string, peer: PolicyPeer, end: PolicyEnd): boolean {
  if (peer.ipBlock) {
    const ip = parseIp(end.ip);
    if (ip === undefined || !cidrContains(parseCidr(peer.ipBlock.cidr)!, ip)) return false;
    return !peer.ipBlock.except.some((e) => cidrContains(parseCidr(e)!, ip));
  }
  const pod = end.pod;
  if (!pod || pod.hostNetwork) return false;
  if (peer.namespaceSelector && !selectorMatches(peer.namespaceSelector, world.namespaceLabels[pod.namespace] ?? {})) return false;
  if (!peer.namespaceSelector && pod.namespace !== namespace) return false;
  return !peer.podSelector || selectorMatches(peer.podSelector, pod.labels);
}

function portMatches(rule: PolicyPort, target: PolicyEnd, port: number, protocol: Protocol): boolean {
  if (rule.protocol !== protocol) return false;
  if (rule.port === undefined) return true;
  if (typeof rule.port === 'number') return rule.endPort === undefined ? port === rule.port : port >= rule.port && port <= rule.endPort;
  // A named port is the destination pod's container port of that name and protocol.
  const pod = target.pod;
  return !!pod && pod.ports.some((p) => p.name === rule.port && p.protocol === protocol && p.containerPort === port);
}

/** The end a connection has at `ip` in a simulated cluster: a running pod, a node's own address, or a bare address. */
export function endAt(state: ClusterState, ip: string): PolicyEnd {
  const pod = state.pods.find((p) => p.phase === 'Running' && !p.hostNetwork && p.ip === ip);
  if (pod)
    return {
      ip,
      pod: {
        namespace: pod.namespace,
        name: pod.name,
        labels: pod.labels,
        hostNetwork: false,
        ports: pod.spec.containers.flatMap((c) => c.ports),
        ...(pod.node ? { node: pod.node } : {}),
      },
    };
  const node = state.cluster.nodes.find((n) => n.ip === ip);
  return node ? { ip, node: node.name } : { ip };
}
