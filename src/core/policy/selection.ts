/**
 * What a NetworkPolicy says about the pods of a cluster, for the graph to show: the pods it
 * selects (and so isolates), and among the pods, the peers its rules let in (ingress) and out to
 * (egress), read by the spec's own matching (reference.ts). Ports are left aside: a peer here is
 * allowed on some port. Pure, and light enough for the page: no dataplane, no tracer.
 */
import type { DocumentSpan } from '../pipeline.ts';
import type { ClusterState, NetworkPolicyObject, PodState, PolicyRule, PolicyType } from '../model.ts';
import { selectorMatches } from '../selectors.ts';
import { endAt, peerMatches, type PolicyWorld } from './reference.ts';

export interface PolicyMarks {
  /** The policy, `namespace/name`. */
  readonly policy: string;
  readonly types: readonly PolicyType[];
  /** The running pods it selects, `namespace/name`. */
  readonly selected: readonly string[];
  /** Pods its ingress rules admit to the selected pods. */
  readonly from: readonly string[];
  /** Pods its egress rules let the selected pods reach. */
  readonly to: readonly string[];
  /** A rule also admits addresses that are no pod (an empty from/to, or an ipBlock). */
  readonly fromOutside: boolean;
  readonly toOutside: boolean;
}

export const policyRef = (p: NetworkPolicyObject): string => `${p.metadata.namespace}/${p.metadata.name}`;
const podRef = (p: PodState): string => `${p.namespace}/${p.name}`;

/** Pods a policy can select or name by selector: running, in their own network namespace. */
function podsOf(state: ClusterState): PodState[] {
  return state.pods.filter((p) => p.phase === 'Running' && p.ip !== undefined && !p.hostNetwork);
}

function peersOf(world: PolicyWorld, state: ClusterState, policy: NetworkPolicyObject, rules: readonly PolicyRule[]): string[] {
  const ns = policy.metadata.namespace;
  return podsOf(state)
    .filter((pod) => rules.some((r) => r.peers.length === 0 || r.peers.some((peer) => peerMatches(world, ns, peer, endAt(state, pod.ip!)))))
    .map(podRef);
}

const outside = (rules: readonly PolicyRule[]): boolean => rules.some((r) => r.peers.length === 0 || r.peers.some((p) => p.ipBlock));

/** The marks of the policy `ref` (`namespace/name`); undefined when the state has no such policy. */
export function policyMarks(state: ClusterState, ref: string): PolicyMarks | undefined {
  const policy = state.networkPolicies.find((p) => policyRef(p) === ref);
  if (!policy) return undefined;
  const world: PolicyWorld = { policies: state.networkPolicies, namespaceLabels: state.namespaceLabels };
  const ingress = policy.policyTypes.includes('Ingress') ? policy.ingress : [];
  const egress = policy.policyTypes.includes('Egress') ? policy.egress : [];
  return {
    policy: ref,
    types: policy.policyTypes,
    selected: podsOf(state)
      .filter((p) => p.namespace === policy.metadata.namespace && selectorMatches(policy.podSelector, p.labels))
      .map(podRef),
    from: peersOf(world, state, policy, ingress),
    to: peersOf(world, state, policy, egress),
    fromOutside: outside(ingress),
    toOutside: outside(egress),
  };
}

/** The policies that select a pod, `namespace/name` each, in the documents' order. */
export function policiesSelecting(state: ClusterState, pod: Pick<PodState, 'namespace' | 'labels' | 'hostNetwork'>): string[] {
  if (pod.hostNetwork) return [];
  return state.networkPolicies
    .filter((p) => p.metadata.namespace === pod.namespace && selectorMatches(p.podSelector, pod.labels))
    .map(policyRef);
}

/** The policy whose document holds `offset` in the text the documents were read from. */
export function policyAt(state: ClusterState, documents: readonly DocumentSpan[], offset: number): string | undefined {
  const doc = documents.find((d) => d.from <= offset && offset <= d.to);
  const policy = doc && state.networkPolicies.find((p) => p.document === doc.index);
  return policy && policyRef(policy);
}
