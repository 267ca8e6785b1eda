/**
 * The cluster state as text: nodes, pods, containers, services and endpoints in the columns
 * kubectl and docker use. The page shows it, and `cli state` prints it.
 */
import type { ClusterState, NodeSpec, PodState, ServiceState } from '../model.ts';
import { table } from './table.ts';
import { bridgeAddress } from '../dataplane/addresses.ts';

export function formatPorts(svc: ServiceState): string {
  if (svc.ports.length === 0) return '<none>';
  return svc.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(',');
}

function ready(pod: PodState): string {
  const total = pod.spec.containers.length;
  return `${pod.phase === 'Running' ? total : 0}/${total}`;
}

/**
 * Where a node's pods plug in, per profile: the book's docker0 (its address), flannel's cni0 (made
 * by the bridge plugin with the node's first pod, so none before), kind's none (ptp veths).
 */
function podBridge(state: ClusterState, node: NodeSpec): string {
  const gateway = bridgeAddress(node);
  if (state.cluster.profile === 'book') return gateway;
  if (state.cluster.profile === 'kind') return '<none> (ptp)';
  const wired = state.pods.some((p) => p.node === node.name && !p.hostNetwork && p.ip);
  return wired ? `cni0 ${gateway}` : '<none>';
}

export function printState(state: ClusterState): string {
  const { cluster } = state;
  const sections: string[] = [];
  sections.push(
    `CLUSTER\n${table(
      ['NAME', 'SERVICE-CLUSTER-IP-RANGE', 'CLUSTER-CIDR', 'KUBE-PROXY'],
      [[cluster.name, cluster.serviceClusterIPRange, cluster.clusterCIDR, cluster.kubeProxyMode]],
    )}`,
  );
  sections.push(
    `NODES\n${table(
      ['NAME', 'INTERNAL-IP', 'POD-SUBNET', cluster.profile === 'book' ? 'DOCKER0' : 'BRIDGE'],
      cluster.nodes.map((n) => [n.name, `${n.ip}/${n.prefix}`, n.podSubnet, podBridge(state, n)]),
    )}`,
  );
  if (cluster.hosts.length > 0)
    sections.push(
      `HOSTS\n${table(
        ['NAME', 'IP'],
        cluster.hosts.map((h) => [h.name, `${h.ip}/${h.prefix}`]),
      )}`,
    );
  sections.push(
    `PODS\n${table(
      ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'IP', 'NODE'],
      state.pods.map((p) => [p.namespace, p.name, ready(p), p.phase, p.ip ?? '<none>', p.node ?? '<none>']),
    )}`,
  );
  const pending = state.pods.filter((p) => p.phase === 'Pending');
  if (pending.length > 0) sections.push(`PENDING\n${pending.map((p) => `${p.name}: ${p.message ?? p.reason ?? ''}`).join('\n')}`);
  sections.push(
    `CONTAINERS\n${table(
      ['POD', 'CONTAINER', 'CONTAINER ID', 'IMAGE', 'NETWORK MODE', 'PORTS'],
      state.pods.flatMap((p) =>
        p.containers.map((c) => [
          p.name,
          c.name,
          c.id.slice(0, 12),
          c.image,
          c.networkMode,
          c.portMappings.map((m) => `${m.hostIP}:${m.hostPort}->${m.containerPort}/${m.protocol.toLowerCase()}`).join(', '),
        ]),
      ),
    )}`,
  );
  sections.push(
    `SERVICES\n${table(
      ['NAMESPACE', 'NAME', 'TYPE', 'CLUSTER-IP', 'PORT(S)'],
      state.services.map((s) => [s.namespace, s.name, s.type, s.clusterIP, formatPorts(s)]),
    )}`,
  );
  sections.push(
    `ENDPOINTS\n${table(
      ['NAMESPACE', 'NAME', 'ENDPOINTS'],
      state.endpoints.map((e) => {
        const list = e.subsets.flatMap((s) => s.addresses.flatMap((a) => s.ports.map((p) => `${a.ip}:${p.port}`)));
        return [e.namespace, e.name, list.length > 0 ? list.join(',') : '<none>'];
      }),
    )}`,
  );
  return sections.join('\n\n');
}
