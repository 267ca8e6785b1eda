/**
 * NetworkPolicy lint: policies the API server accepts that will not do what was probably meant
 * (a podSelector that selects no pod, a namespaceSelector no namespace matches, an egress policy
 * that leaves its pods without DNS).
 */
import { msg, type Message } from '../message.ts';
import type { ClusterState, KubeObject, NetworkPolicyObject, PodState, PolicyRule } from '../model.ts';
import type { Path } from '../path.ts';
import { formatSelector, selectorMatches } from '../selectors.ts';
import type { Finding } from '../validate/finding.ts';
import { endAt, isolating, policyVerdict } from './reference.ts';

export function lintPolicies(objects: readonly KubeObject[], state: ClusterState): Finding[] {
  const out: Finding[] = [];
  const warn = (document: number, path: Path, says: Message, advice?: Message) =>
    out.push({ document, path: [...path], code: 'network-lint', severity: 'warning', says, ...(advice ? { advice } : {}) });
  const world = { policies: state.networkPolicies, namespaceLabels: state.namespaceLabels };
  for (const policy of objects.filter((o): o is NetworkPolicyObject => o.kind === 'NetworkPolicy')) {
    const { name, namespace } = policy.metadata;
    const selected = state.pods.filter((p) => p.namespace === namespace && !p.hostNetwork && selectorMatches(policy.podSelector, p.labels));
    if (selected.length === 0)
      warn(
        policy.document,
        ['spec', 'podSelector'],
        msg('lint.policy-selects-none', { name, namespace, selector: formatSelector(policy.podSelector) || '{}' }),
        msg('hint.policy-pod-labels'),
      );
    const peersOf = (rules: readonly PolicyRule[], direction: 'ingress' | 'egress') =>
      rules.forEach((rule, i) =>
        rule.peers.forEach((peer, j) => {
          const selector = peer.namespaceSelector;
          if (!selector || Object.values(state.namespaceLabels).some((labels) => selectorMatches(selector, labels))) return;
          warn(
            policy.document,
            ['spec', direction, i, direction === 'ingress' ? 'from' : 'to', j, 'namespaceSelector'],
            msg('lint.policy-namespaces-none', { selector: formatSelector(selector) }),
            msg('hint.policy-namespace-labels'),
          );
        }),
      );
    peersOf(policy.ingress, 'ingress');
    peersOf(policy.egress, 'egress');
    if (!policy.policyTypes.includes('Egress')) continue;
    // Policies see a query after kube-proxy's DNAT: judge it against the DNS pods themselves when
    // the cluster runs some, else against any address.
    const servers = dnsServers(state);
    const resolves = (pod: PodState) =>
      servers.length > 0
        ? servers.some((s) => {
            const egress = policyVerdict(world, endAt(state, pod.ip ?? ''), endAt(state, s.ip), s.port, 'UDP').egress;
            return !egress.isolated || egress.allowedBy !== undefined;
          })
        : isolating(world, endOf(pod), 'Egress').some((p) => p.egress.some((r) => carriesDns(r, state)));
    const silenced = selected.find((pod) => !resolves(pod));
    if (silenced)
      warn(
        policy.document,
        policy.egress.length > 0 ? ['spec', 'egress'] : ['spec', 'policyTypes'],
        msg('lint.policy-blocks-dns', { name, pod: `${silenced.namespace}/${silenced.name}` }),
        msg('hint.policy-allow-dns'),
      );
  }
  return out;
}

const endOf = (pod: PodState) => ({
  ip: pod.ip ?? '',
  pod: { namespace: pod.namespace, name: pod.name, labels: pod.labels, hostNetwork: pod.hostNetwork, ports: [] },
});

/** The cluster DNS pods' addresses and UDP ports: the endpoints of kube-system/kube-dns. */
function dnsServers(state: ClusterState): { ip: string; port: number }[] {
  const endpoints = state.endpoints.find((e) => e.namespace === 'kube-system' && e.name === 'kube-dns');
  return (endpoints?.subsets ?? []).flatMap((subset) =>
    subset.ports.filter((p) => p.protocol === 'UDP').flatMap((p) => subset.addresses.map((a) => ({ ip: a.ip, port: p.port }))),
  );
}

/** Whether an egress rule can let a DNS query out (UDP 53, to some address). */
function carriesDns(rule: PolicyRule, state: ClusterState): boolean {
  if (rule.ports.length === 0) return true;
  return rule.ports.some((p) => {
    if (p.protocol !== 'UDP') return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return p.endPort === undefined ? p.port === 53 : p.port <= 53 && 53 <= p.endPort;
    return state.pods.some((pod) =>
      pod.spec.containers.some((c) => c.ports.some((cp) => cp.name === p.port && cp.protocol === 'UDP' && cp.containerPort === 53)),
    );
  });
}
