/**
 * Docker's rules on a node, as libnetwork writes them for the default bridge (the lab's Docker
 * 1.x: FORWARD policy ACCEPT, no isolation chains): DNAT of each published port (a pod's
 * hostPort, published by its pause container) and the masquerade of pod traffic.
 */
import type { ClusterSpec, NodeSpec, PodState } from '../model.ts';
import type { RuleWriter } from '../netfilter/ruleset.ts';

export function dockerRules(rules: RuleWriter, cluster: ClusterSpec, node: NodeSpec, pods: readonly PodState[]): void {
  rules.chain('nat', 'DOCKER');
  rules.chain('filter', 'DOCKER');
  rules.add(
    'nat',
    '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
    '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER',
  );
  rules.add(
    'nat',
    cluster.podMasquerade === 'dockerDefault'
      ? `-A POSTROUTING -s ${node.podSubnet} ! -o docker0 -j MASQUERADE`
      : `-A POSTROUTING -s ${node.podSubnet} ! -d ${cluster.clusterCIDR} -j MASQUERADE`,
  );
  const published = pods.flatMap((pod) =>
    pod.node === node.name && pod.ip && !pod.hostNetwork
      ? (pod.containers[0]?.portMappings ?? []).map((m) => ({ ip: pod.ip!, ...m, proto: m.protocol.toLowerCase() }))
      : [],
  );
  for (const p of published)
    rules.add('nat', `-A POSTROUTING -s ${p.ip}/32 -d ${p.ip}/32 -p ${p.proto} -m ${p.proto} --dport ${p.containerPort} -j MASQUERADE`);
  rules.add('nat', '-A DOCKER -i docker0 -j RETURN');
  for (const p of published) {
    const dst = p.hostIP === '0.0.0.0' ? '' : `-d ${p.hostIP}/32 `;
    rules.add(
      'nat',
      `-A DOCKER ${dst}! -i docker0 -p ${p.proto} -m ${p.proto} --dport ${p.hostPort} -j DNAT --to-destination ${p.ip}:${p.containerPort}`,
    );
  }
  rules.add(
    'filter',
    '-A FORWARD -o docker0 -j DOCKER',
    '-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A FORWARD -i docker0 ! -o docker0 -j ACCEPT',
    '-A FORWARD -i docker0 -o docker0 -j ACCEPT',
  );
  for (const p of published)
    rules.add('filter', `-A DOCKER -d ${p.ip}/32 ! -i docker0 -o docker0 -p ${p.proto} -m ${p.proto} --dport ${p.containerPort} -j ACCEPT`);
}
