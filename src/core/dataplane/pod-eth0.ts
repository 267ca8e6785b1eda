/** The pod end of a CNI plugin's veth pair, the same for kindnet's ptp and flannel's bridge delegate. */
import type { NodeSpec, PodState } from '../model.ts';
import { nsId } from '../namespace-id.ts';
import { macFor, podPrefix } from './addresses.ts';
import type { Interface } from './model.ts';

/**
 * A pod's eth0, the peer of its node-side veth (made first by the CNI plugin, so one index lower):
 * its address with the subnet's mask; the MTU and the seed of its random MAC differ by plugin.
 */
export function podEth0(node: NodeSpec, pod: PodState, hostVeth: Interface, plugin: { mtu: number; macKey: string }): Interface {
  return {
    name: 'eth0',
    index: hostVeth.index - 1,
    kind: 'veth',
    addresses: [`${pod.ip}/${podPrefix(node)}`],
    mac: macFor(`${plugin.macKey}/${pod.uid}`, '8a:3f:12'),
    up: true,
    peer: { ns: nsId.node(node.name), ifname: hostVeth.name },
    mtu: plugin.mtu,
  };
}
