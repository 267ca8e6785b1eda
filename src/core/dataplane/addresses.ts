/** Addresses every part of the dataplane agrees on: bridges, gateways, MACs, veth names. */
import { hash53 } from '../hash.ts';
import type { ClusterSpec, NodeSpec, PodState } from '../model.ts';
import { formatIp, parseCidr, parseIp, type Cidr } from '../net/ipv4.ts';

/** docker0 (or cni0) holds the first address of the node's pod subnet: every pod's gateway. */
export function bridgeIp(node: NodeSpec): string {
  return formatIp(parseCidr(node.podSubnet)!.base + 1);
}

export function podPrefix(node: NodeSpec): number {
  return parseCidr(node.podSubnet)!.prefix;
}

/** The bridge's address as `ip addr` writes it, with the pod subnet's prefix: 172.17.1.1/24. */
export function bridgeAddress(node: NodeSpec): string {
  return `${bridgeIp(node)}/${podPrefix(node)}`;
}

/** The machines' network: the first node's, e.g. 172.24.8.0/24. */
export function physicalNetwork(cluster: ClusterSpec): Cidr | undefined {
  const first = cluster.nodes[0];
  return first ? parseCidr(`${first.ip}/${first.prefix}`)! : undefined;
}

/** The physical network's router: the first free address of the first node's network. */
export function physicalGateway(cluster: ClusterSpec): string | undefined {
  const net = physicalNetwork(cluster);
  if (!net) return undefined;
  const used = new Set([...cluster.nodes.map((n) => n.ip), ...cluster.hosts.map((h) => h.ip)]);
  for (const offset of [1, 254, 2, 253]) {
    const candidate = formatIp(net.base + offset);
    if (!used.has(candidate)) return candidate;
  }
  return undefined;
}

function hexBytes(key: string, count: number): string[] {
  const h = hash53(key);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(((Math.floor(h / 256 ** i) & 0xff) >>> 0).toString(16).padStart(2, '0'));
  return out;
}

/** Docker derives a container's MAC from its IP: 02:42 followed by the four address bytes. */
export function containerMac(ip: string): string {
  const v = parseIp(ip)!;
  return ['02', '42', ...[24, 16, 8, 0].map((s) => ((v >>> s) & 255).toString(16).padStart(2, '0'))].join(':');
}

/** A MAC from a key, with a vendor prefix (00:0c:29 is a VMware NIC, as in the lab's machines). */
export function macFor(key: string, prefix = '00:0c:29'): string {
  return [prefix, ...hexBytes(key, 3)].join(':');
}

/** Docker names the host side of a pod's veth pair `veth` + 7 hex digits. */
export function hostVethName(pod: PodState): string {
  return `veth${hash53(`veth/${pod.uid}`).toString(16).padStart(7, '0').slice(-7)}`;
}
