/**
 * A kind node's links, as kindnet's CNI config (the ptp plugin, host-local IPAM) and kindnetd
 * leave them: no bridge; each pod has a veth pair whose host end holds the pod subnet's gateway
 * address as a /32 (the same on every pod's veth) with a /32 route per pod, and the pod's eth0
 * holds its address with the subnet's mask but reaches even its neighbours through the gateway.
 * kindnetd adds a route to each other node's pod subnet via that node's address.
 */
import { sha256Hex } from '../../hash.ts';
import type { ClusterSpec, NodeSpec, PodState } from '../../model.ts';
import { nsId } from '../../namespace-id.ts';
import { bridgeIp, macFor } from '../addresses.ts';
import type { Interface, Route } from '../model.ts';
import { podEth0 } from '../pod-eth0.ts';
import { byDestination, connected, LO, localRoutes, PHYSICAL_SEGMENT } from '../topology.ts';

/** The pod subnet's first address, as a bridge would hold it: the gateway every pod of the node routes through. */
export function ptpGateway(node: NodeSpec): string {
  return bridgeIp(node);
}

/** ptp names the host end `veth` + 8 random hex digits (drawn here from the pod's identity). */
export function ptpVethName(pod: PodState): string {
  return `veth${sha256Hex(`ptp/${pod.uid}`).slice(0, 8)}`;
}

export interface PtpNode {
  readonly interfaces: Interface[];
  readonly routes: Route[];
  /** The host end of each pod's veth, by `namespace/name`. */
  readonly vethOf: Map<string, Interface>;
}

export function ptpNodeTopology(cluster: ClusterSpec, node: NodeSpec, pods: readonly PodState[]): PtpNode {
  const eth0: Interface = {
    name: 'eth0',
    index: 2,
    kind: 'physical',
    addresses: [`${node.ip}/${node.prefix}`],
    mac: macFor(`eth0/${node.name}`, '02:42:ac'),
    up: true,
    segment: PHYSICAL_SEGMENT,
    mtu: 1500,
  };
  const gateway = ptpGateway(node);
  const interfaces: Interface[] = [LO, eth0];
  const vethOf = new Map<string, Interface>();
  const routes: Route[] = [connected(eth0.addresses[0]!, 'eth0')];
  let index = 2;
  for (const pod of pods) {
    if (pod.node !== node.name || pod.hostNetwork || !pod.ip) continue;
    index += 2;
    const veth: Interface = {
      name: ptpVethName(pod),
      index,
      kind: 'veth',
      addresses: [`${gateway}/32`],
      mac: macFor(`ptp-veth/${pod.uid}`, '5e:d1:3c'),
      up: true,
      peer: { ns: nsId.pod(pod.namespace, pod.name), ifname: 'eth0' },
      mtu: 1500,
    };
    interfaces.push(veth);
    vethOf.set(`${pod.namespace}/${pod.name}`, veth);
    routes.push({ dst: pod.ip, dev: veth.name, scope: 'host' });
  }
  // Docker's network for the nodes: its gateway is the machine running Docker (the laptop).
  const dockerHost = cluster.hosts[0]?.ip;
  if (dockerHost) routes.push({ dst: 'default', via: dockerHost, dev: 'eth0' });
  for (const other of cluster.nodes) if (other.name !== node.name) routes.push({ dst: other.podSubnet, via: other.ip, dev: 'eth0' });
  return { interfaces, routes: [...byDestination(routes), ...localRoutes(interfaces)], vethOf };
}

export function ptpPodTopology(node: NodeSpec, pod: PodState, hostVeth: Interface): { interfaces: Interface[]; routes: Route[] } {
  const gateway = ptpGateway(node);
  const eth0 = podEth0(node, pod, hostVeth, { mtu: 1500, macKey: 'ptp-eth0' });

  const interfaces = [LO, eth0];
  // ptp removes the subnet route the address made and sends everything through the gateway.
  const routes: Route[] = [
    { dst: 'default', via: gateway, dev: 'eth0' },
    { dst: node.podSubnet, via: gateway, dev: 'eth0', src: pod.ip! },
    { dst: gateway, dev: 'eth0', scope: 'link', src: pod.ip! },
  ];
  return { interfaces, routes: [...routes, ...localRoutes(interfaces)] };
}
