/** A packet's header as the tracer follows it: the 5-tuple and the netfilter mark. */

export type L4 = 'tcp' | 'udp';

export interface Packet {
  readonly proto: L4;
  readonly src: string;
  readonly sport: number;
  readonly dst: string;
  readonly dport: number;
  /** The skb mark; it does not survive a move to another network namespace. */
  readonly mark: number;
  /** Inside a VXLAN tunnel: this header is the outer one (UDP between VTEPs), around the packet carried. */
  readonly vxlan?: { readonly vni: number; readonly inner: Packet };
}

export function formatPacket(p: Packet): string {
  const header = `${p.src}:${p.sport} → ${p.dst}:${p.dport} ${p.proto}`;
  return p.vxlan ? `${header} [VXLAN VNI ${p.vxlan.vni}: ${formatPacket(p.vxlan.inner)}]` : header;
}

/** The same connection seen from the other end. */
export function reversed(p: Packet): Packet {
  return { proto: p.proto, src: p.dst, sport: p.dport, dst: p.src, dport: p.sport, mark: 0 };
}
