/**
 * flannel's VXLAN backend (flannel v0.28.9, pkg/backend/vxlan): one VTEP per node, `flannel.1`
 * (VNI 1, the kernel's default UDP port 8472, learning off, MTU 50 under eth0's), holding the
 * node's lease network address as a /32 with a MAC of its own. For each other node's lease,
 * flanneld writes three things, in this order: a permanent neighbour entry (the remote VTEP's
 * address is its MAC), an FDB entry (that MAC is behind the remote node's address) and an onlink
 * route to the remote pod subnet via the remote VTEP's address.
 */
import type { ClusterSpec, NodeSpec } from '../../model.ts';
import { formatIp, parseCidr } from '../../net/ipv4.ts';
import { macFor } from '../addresses.ts';
import type { FdbEntry, Interface, Neighbour, Route } from '../model.ts';

export const VXLAN_VNI = 1;
/** The Linux vxlan driver's default port (IANA's is 4789); flannel leaves it to the kernel. */
export const VXLAN_PORT = 8472;
export const VTEP = `flannel.${VXLAN_VNI}`;
/** The VXLAN header costs 50 bytes of the underlay's 1500. */
export const VXLAN_MTU = 1450;

/** The remote VTEP's address: its lease's network address (10.244.2.0 for 10.244.2.0/24). */
export function vtepAddress(node: NodeSpec): string {
  return formatIp(parseCidr(node.podSubnet)!.base);
}

/** flanneld draws the VTEP's MAC at random once and keeps it in the node's annotation. */
export function vtepMac(node: NodeSpec): string {
  return macFor(`flannel.1/${node.name}`, '4e:8f:21');
}

export function vtep(node: NodeSpec, index: number): Interface {
  return {
    name: VTEP,
    index,
    kind: 'vxlan',
    addresses: [`${vtepAddress(node)}/32`],
    mac: vtepMac(node),
    up: true,
    mtu: VXLAN_MTU,
    vxlan: { vni: VXLAN_VNI, port: VXLAN_PORT, local: node.ip, dev: 'eth0', learning: false },
  };
}

export interface RemoteLeases {
  readonly neighbours: Neighbour[];
  readonly fdb: FdbEntry[];
  readonly routes: Route[];
}

/** What flanneld programs for every other node's lease (DirectRouting off). */
export function remoteLeases(cluster: ClusterSpec, node: NodeSpec): RemoteLeases {
  const out: RemoteLeases = { neighbours: [], fdb: [], routes: [] };
  for (const other of cluster.nodes) {
    if (other.name === node.name) continue;
    const gateway = vtepAddress(other);
    out.neighbours.push({ ip: gateway, dev: VTEP, lladdr: vtepMac(other) });
    out.fdb.push({ mac: vtepMac(other), dev: VTEP, dst: other.ip });
    out.routes.push({ dst: other.podSubnet, via: gateway, dev: VTEP, onlink: true });
  }
  return out;
}
