/**
 * A flannel node's pod links, as flannel's CNI plugin (v1.9.1-flannel1) leaves them through its
 * delegate, the CNI `bridge` plugin (containernetworking/plugins v1.9.1): the bridge `cni0`,
 * made at the first pod's start, holds the pod subnet's gateway (isGateway) with the subnet's
 * mask; each pod's veth is a port of it with hairpin on (hairpinMode); ipMasq is off because
 * flanneld masquerades itself. In the pod: its address with the subnet's mask, the default route
 * (isDefaultGateway) and host-local's route to the whole flannel network, both via the gateway.
 */
import { sha256Hex } from '../../hash.ts';
import type { NodeSpec, PodState } from '../../model.ts';
import { nsId } from '../../namespace-id.ts';
import { bridgeAddress, bridgeIp, macFor } from '../addresses.ts';
import type { Interface, Route } from '../model.ts';
import { connected, LO, localRoutes } from '../topology.ts';
import { podEth0 } from '../pod-eth0.ts';

export const CNI_BRIDGE = 'cni0';

/** The bridge plugin names the host end `veth` + 8 random hex digits (drawn here from the pod's identity). */
export function bridgeVethName(pod: PodState): string {
  return `veth${sha256Hex(`bridge/${pod.uid}`).slice(0, 8)}`;
}

export interface BridgePorts {
  /** cni0 and the pods' host veths, numbered from `firstIndex`; none when no pod runs here. */
  readonly interfaces: Interface[];
  /** The connected route of cni0's address. */
  readonly routes: Route[];
  readonly vethOf: Map<string, Interface>;
}

export function cniBridge(node: NodeSpec, pods: readonly PodState[], firstIndex: number): BridgePorts {
  const wired = pods.filter((p) => p.node === node.name && !p.hostNetwork && p.ip);
  const vethOf = new Map<string, Interface>();
  if (wired.length === 0) return { interfaces: [], routes: [], vethOf };
  const cni0: Interface = {
    name: CNI_BRIDGE,
    index: firstIndex,
    kind: 'bridge',
    addresses: [bridgeAddress(node)],
    mac: macFor(`cni0/${node.name}`, '7e:44:91'),
    up: true,
    // The bridge plugin sets cni0's MTU from the delegate's (flannel's 1450).
    mtu: 1450,
  };
  const interfaces: Interface[] = [cni0];
  let index = firstIndex;
  for (const pod of wired) {
    // The pod's eth0 is made first, as the veth's peer: its index is one less.
    index += 2;
    const veth: Interface = {
      name: bridgeVethName(pod),
      index,
      kind: 'veth',
      addresses: [],
      mac: macFor(`bridge-veth/${pod.uid}`, '36:2b:7c'),
      up: true,
      master: CNI_BRIDGE,
      hairpin: true,
      peer: { ns: nsId.pod(pod.namespace, pod.name), ifname: 'eth0' },
      mtu: 1450,
    };
    interfaces.push(veth);
    vethOf.set(`${pod.namespace}/${pod.name}`, veth);
  }
  return { interfaces, routes: [connected(cni0.addresses[0]!, CNI_BRIDGE)], vethOf };
}

export function bridgePodTopology(
  node: NodeSpec,
  clusterCIDR: string,
  pod: PodState,
  hostVeth: Interface,
): { interfaces: Interface[]; routes: Route[] } {
  const gateway = bridgeIp(node);
  const eth0 = podEth0(node, pod, hostVeth, { mtu: 1450, macKey: 'bridge-eth0' });

  const interfaces = [LO, eth0];
  const routes: Route[] = [
    { dst: 'default', via: gateway, dev: 'eth0' },
    { dst: clusterCIDR, via: gateway, dev: 'eth0' },
    connected(eth0.addresses[0]!, 'eth0'),
  ];
  return { interfaces, routes: [...routes, ...localRoutes(interfaces)] };
}
