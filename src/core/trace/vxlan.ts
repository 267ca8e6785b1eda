/**
 * VXLAN as the kernel's vxlan driver does it: a packet routed out of a VXLAN device is sent to
 * the MAC its neighbour entry gives the next hop; the device's FDB says which remote VTEP (an
 * underlay address) that MAC is behind; the packet goes inside a UDP datagram from the device's
 * local address to that VTEP's port, which is routed and filtered as any packet the node sends.
 * At the far end the datagram is delivered to the device's socket, unwrapped, and the inner
 * packet comes in by the VXLAN device.
 */
import type { Interface, NetNamespace } from '../dataplane/model.ts';
import { hash53 } from '../hash.ts';
import { msg, type Message } from '../message.ts';
import { formatPacket, type Packet } from './packet.ts';

export type Wrapped =
  { readonly outer: Packet; readonly explain: Message } | { readonly fail: 'unreachable' | 'drop'; readonly reason: Message };

/**
 * The neighbour entry for the next hop on the device gives a MAC, the FDB entry for that MAC the
 * remote VTEP; with learning off, a MAC without an entry has nowhere to go.
 */
export function vxlanWrap(ns: NetNamespace, device: Interface, nextHop: string, inner: Packet): Wrapped {
  const neighbour = ns.neighbours?.find((n) => n.dev === device.name && n.ip === nextHop);
  if (!neighbour) return { fail: 'unreachable', reason: msg('fail.no-arp', { address: nextHop, iface: device.name }) };
  const mac = neighbour.lladdr;
  const entry = ns.fdb?.find((f) => f.dev === device.name && f.mac === mac);
  if (!entry) return { fail: 'drop', reason: msg('fail.vxlan-no-fdb', { vtep: device.name, mac }) };
  const outer = wrap(inner, device, entry.dst);
  const words = { vtep: device.name, vni: device.vxlan!.vni, outer: headerText(outer), inner: headerText(inner), mac, remote: entry.dst };
  return { outer, explain: msg('hop.vxlan-wrap', words) };
}

/** A datagram for a VTEP's socket, unwrapped: the inner packet and the device it comes in by. */
export function unwrap(ns: NetNamespace, p: Packet): { device: Interface; inner: Packet; explain: Message } | undefined {
  const device = receivingVtep(ns, p);
  if (!device) return undefined;
  // The same buffer goes on: within one namespace the kernel keeps its mark.
  const inner = { ...p.vxlan!.inner, mark: p.mark };
  const words = { vtep: device.name, vni: p.vxlan!.vni, outer: headerText(p), inner: headerText(inner) };
  return { device, inner, explain: msg('hop.vxlan-unwrap', words) };
}

/**
 * The outer UDP header. Its source port is a hash of the inner flow (udp_flow_src_port) within
 * the local port range, 32768-60999, so one connection keeps one outer port; the kernel seeds
 * that hash at boot, so the number here is ours, not the kernel's.
 */
export function wrap(inner: Packet, device: Interface, remote: string): Packet {
  const vx = device.vxlan!;
  const sport = 32768 + (hash53(`vxlan/${formatPacket(inner)}`) % (60999 - 32768 + 1));
  return { proto: 'udp', src: vx.local, sport, dst: remote, dport: vx.port, mark: inner.mark, vxlan: { vni: vx.vni, inner } };
}

/** The VXLAN device whose socket takes this datagram: its port, its local address, its VNI. */
function receivingVtep(ns: NetNamespace, p: Packet): Interface | undefined {
  if (p.proto !== 'udp' || !p.vxlan) return undefined;
  const vni = p.vxlan.vni;
  return ns.interfaces.find((i) => i.vxlan && i.vxlan.port === p.dport && i.vxlan.vni === vni && i.vxlan.local === p.dst && i.up);
}

/** The header as the hop's words name it: addresses and ports, UDP and the VNI are in the sentence. */
function headerText(p: Packet): string {
  return `${p.src}:${p.sport} → ${p.dst}:${p.dport}`;
}
