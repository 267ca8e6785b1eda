/** `kubectl describe networkpolicy NAME`, laid out as kubectl's describer prints a policy's spec. */
import type { LabelSelector, NetworkPolicyObject, PolicyRule } from '../../model.ts';
import { formatSelector } from '../../selectors.ts';
import { KUBECTL_DESCRIBE, tabwrite } from '../tabwriter.ts';
import { CREATED_AT } from './resources.ts';

const selectorText = (s: LabelSelector) => formatSelector(s) || '<none>';

/** One direction's rules: each rule's ports, then its peers, rules parted by a line of dashes. */
function ruleLines(rules: readonly PolicyRule[], direction: 'ingress' | 'egress'): string[] {
  const [peerWord, anyPeer] =
    direction === 'ingress' ? ['From', 'traffic not restricted by source'] : ['To', 'traffic not restricted by destination'];
  const indent = '    ';
  if (rules.length === 0) return [`${indent}<none> (Selected pods are isolated for ${direction} connectivity)`];
  return rules.flatMap((rule, i) => [
    ...(rule.ports.length === 0
      ? [`${indent}To Port: <any> (traffic allowed to all ports)`]
      : // kubectl prints the port as given (a number or a name), <nil> when a rule names only a protocol.
        rule.ports.map((p) => `${indent}To Port: ${p.port ?? '<nil>'}/${p.protocol}`)),
    ...(rule.peers.length === 0
      ? [`${indent}${peerWord}: <any> (${anyPeer})`]
      : rule.peers.flatMap((peer) => [
          `${indent}${peerWord}:`,
          ...(peer.namespaceSelector ? [`  ${indent}NamespaceSelector: ${selectorText(peer.namespaceSelector)}`] : []),
          ...(peer.podSelector ? [`  ${indent}PodSelector: ${selectorText(peer.podSelector)}`] : []),
          ...(peer.ipBlock && !peer.namespaceSelector && !peer.podSelector
            ? [`  ${indent}IPBlock:`, `    ${indent}CIDR: ${peer.ipBlock.cidr}`, `    ${indent}Except: ${peer.ipBlock.except.join(', ')}`]
            : []),
        ])),
    ...(i < rules.length - 1 ? [`${indent}----------`] : []),
  ]);
}

export function describeNetworkPolicy(p: NetworkPolicyObject): string {
  const labels = Object.entries(p.metadata.labels).sort(([a], [b]) => a.localeCompare(b));
  const head = [
    `Name:\t${p.metadata.name}`,
    `Namespace:\t${p.metadata.namespace}`,
    `Created on:\t${CREATED_AT.replace('T', ' ').replace('Z', ' +0000 UTC')}`,
    ...(labels.length === 0 ? ['Labels:\t<none>'] : labels.map(([k, v], i) => `${i === 0 ? 'Labels:' : ''}\t${k}=${v}`)),
    'Annotations:\t<none>',
  ];
  const empty = Object.keys(p.podSelector.matchLabels).length === 0 && p.podSelector.matchExpressions.length === 0;
  const spec = [
    'Spec:',
    `  PodSelector:     ${empty ? '<none> (Allowing the specific traffic to all pods in this namespace)' : formatSelector(p.podSelector)}`,
    ...(p.policyTypes.includes('Ingress')
      ? ['  Allowing ingress traffic:', ...ruleLines(p.ingress, 'ingress')]
      : ['  Not affecting ingress traffic']),
    ...(p.policyTypes.includes('Egress')
      ? ['  Allowing egress traffic:', ...ruleLines(p.egress, 'egress')]
      : ['  Not affecting egress traffic']),
    `  Policy Types: ${p.policyTypes.join(', ')}`,
  ];
  return `${tabwrite(head.join('\n'), KUBECTL_DESCRIBE)}\n${spec.join('\n')}`;
}
