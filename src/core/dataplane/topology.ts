/**
 * Interfaces and routes of every namespace: the node's lo, eth0, docker0 and one veth per pod;
 * the pod's lo and eth0 (the veth's peer); an external host's lo and eth0. Nodes route to each
 * other's pod subnets through the physical network: the lab's routed docker0 model.
 */
import type { ClusterSpec, HostSpec, NodeSpec, PodState } from '../model.ts';
import { nsId } from '../namespace-id.ts';
import { cidrSize, formatIp, parseCidr, parseIp } from '../net/ipv4.ts';
import { bridgeAddress, bridgeIp, containerMac, hostVethName, macFor, physicalGateway, podPrefix } from './addresses.ts';
import type { Interface, Route } from './model.ts';

export const PHYSICAL_SEGMENT = 'physical';

export const LO: Interface = {
  name: 'lo',
  index: 1,
  kind: 'loopback',
  addresses: ['127.0.0.1/8'],
  mac: '00:00:00:00:00:00',
  up: true,
  mtu: 65536,
};

export function connected(address: string, dev: string): Route {
  const [ip, len] = address.split('/');
  const net = parseCidr(address)!;
  return { dst: `${formatIp(net.base)}/${len}`, dev, proto: 'kernel', scope: 'link', src: ip! };
}

/** The kernel's local table: each address of the namespace, and its loopback range. */
export function localRoutes(interfaces: readonly Interface[]): Route[] {
  const out: Route[] = [];
  for (const iface of interfaces)
    for (const address of iface.addresses) {
      const [ip] = address.split('/');
      if (iface.kind === 'loopback') out.push({ dst: '127.0.0.0/8', dev: 'lo', type: 'local', scope: 'host', src: '127.0.0.1' });
      else out.push({ dst: `${ip}/32`, dev: iface.name, type: 'local', scope: 'host', src: ip! });
    }
  return out;
}

/** `ip route` lists the main table by destination (default first). */
export function byDestination(routes: Route[]): Route[] {
  const key = (r: Route) => {
    if (r.dst === 'default') return -1;
    const [ip, len] = r.dst.split('/');
    return parseIp(ip!)! * 64 + Number(len ?? 32);
  };
  return routes
    .map((r) => ({ r, k: key(r) }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.r);
}

export interface NodeTopology {
  readonly interfaces: Interface[];
  readonly routes: Route[];
  readonly vethOf: Map<string, string>;
}

export function nodeTopology(
  cluster: ClusterSpec,
  node: NodeSpec,
  pods: readonly PodState[],
  ipvsAddresses: readonly string[],
): NodeTopology {
  const eth0: Interface = {
    name: 'eth0',
    index: 2,
    kind: 'physical',
    addresses: [`${node.ip}/${node.prefix}`],
    mac: macFor(`eth0/${node.name}`),
    up: true,
    segment: PHYSICAL_SEGMENT,
    mtu: 1500,
  };
  const docker0: Interface = {
    name: 'docker0',
    index: 3,
    kind: 'bridge',
    addresses: [bridgeAddress(node)],
    mac: macFor(`docker0/${node.name}`, '02:42:a1'),
    up: true,
    mtu: 1500,
  };
  const interfaces: Interface[] = [LO, eth0, docker0];
  const vethOf = new Map<string, string>();
  let index = 4;
  if (ipvsAddresses.length > 0)
    interfaces.push({
      name: 'kube-ipvs0',
      index: index++,
      kind: 'dummy',
      addresses: ipvsAddresses.map((a) => `${a}/32`),
      mac: macFor(`kube-ipvs0/${node.name}`, '2e:0b:4c'),
      up: false,
      mtu: 1500,
    });
  for (const pod of pods) {
    if (pod.node !== node.name || pod.hostNetwork || !pod.ip) continue;
    const name = hostVethName(pod);
    vethOf.set(`${pod.namespace}/${pod.name}`, name);
    // The pod's eth0 was created as the veth's peer just before it, so its index is one less.
    index += 2;
    interfaces.push({
      name,
      index,
      kind: 'veth',
      addresses: [],
      mac: macFor(`veth/${pod.uid}`, '7a:2e:51'),
      up: true,
      master: 'docker0',
      hairpin: true,
      peer: { ns: nsId.pod(pod.namespace, pod.name), ifname: 'eth0' },
      mtu: 1500,
    });
  }
  const bridgeUp = interfaces.some((i) => i.master === 'docker0');
  if (!bridgeUp) interfaces[2] = { ...docker0, noCarrier: true };
  const routes: Route[] = [
    connected(eth0.addresses[0]!, 'eth0'),
    { ...connected(docker0.addresses[0]!, 'docker0'), ...(bridgeUp ? {} : { linkdown: true }) },
  ];
  const gateway = physicalGateway(cluster);
  if (gateway) routes.push({ dst: 'default', via: gateway, dev: 'eth0' });
  for (const other of cluster.nodes) if (other.name !== node.name) routes.push({ dst: other.podSubnet, via: other.ip, dev: 'eth0' });
  return { interfaces, routes: [...byDestination(routes), ...localRoutes(interfaces)], vethOf };
}

export function podTopology(node: NodeSpec, pod: PodState, hostVeth: Interface): { interfaces: Interface[]; routes: Route[] } {
  const eth0: Interface = {
    name: 'eth0',
    index: hostVeth.index - 1,
    kind: 'veth',
    addresses: [`${pod.ip}/${podPrefix(node)}`],
    mac: containerMac(pod.ip!),
    up: true,
    peer: { ns: nsId.node(node.name), ifname: hostVeth.name },
    mtu: 1500,
  };
  const interfaces = [LO, eth0];
  const routes: Route[] = [{ dst: 'default', via: bridgeIp(node), dev: 'eth0' }, connected(eth0.addresses[0]!, 'eth0')];
  return { interfaces, routes: [...routes, ...localRoutes(interfaces)] };
}

export function hostTopology(cluster: ClusterSpec, host: HostSpec): { interfaces: Interface[]; routes: Route[] } {
  const eth0: Interface = {
    name: 'eth0',
    index: 2,
    kind: 'physical',
    addresses: [`${host.ip}/${host.prefix}`],
    mac: macFor(`eth0/host/${host.name}`, '3c:22:fb'),
    up: true,
    segment: PHYSICAL_SEGMENT,
    mtu: 1500,
  };
  const interfaces = [LO, eth0];
  const routes: Route[] = [connected(eth0.addresses[0]!, 'eth0')];
  const gateway = physicalGateway(cluster);
  if (gateway && gateway !== host.ip) routes.unshift({ dst: 'default', via: gateway, dev: 'eth0' });
  return { interfaces, routes: [...routes, ...localRoutes(interfaces)] };
}

/** The broadcast address of an interface address, as `ip addr` shows it (`brd`). */
export function broadcastOf(address: string): string | undefined {
  const net = parseCidr(address)!;
  if (net.prefix >= 31) return undefined;
  return formatIp(net.base + cidrSize(net) - 1);
}
