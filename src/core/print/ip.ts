/** `ip route` and `ip addr` of a network namespace, in iproute2's format. */
import type { FdbEntry, Interface, Neighbour, NetNamespace, Route } from '../dataplane/model.ts';
import { broadcastOf } from '../dataplane/topology.ts';

/** One route as `ip route` prints it (local routes as `ip route show table local` does). */
export function routeLine(r: Route): string {
  const parts = [r.type === 'local' ? `local ${r.dst.replace(/\/32$/, '')}` : r.dst.replace(/\/32$/, '')];
  if (r.via) parts.push(`via ${r.via}`);
  parts.push(`dev ${r.dev}`);
  if (r.type === 'local') parts.push('proto kernel');
  else if (r.proto) parts.push(`proto ${r.proto}`);
  if (r.scope) parts.push(`scope ${r.scope}`);
  if (r.src) parts.push(`src ${r.src}`);
  if (r.onlink) parts.push('onlink');
  if (r.linkdown) parts.push('linkdown');
  return parts.join(' ');
}

/** A permanent neighbour entry as `ip neigh show` prints it. */
export function neighbourLine(n: Neighbour): string {
  return `${n.ip} dev ${n.dev} lladdr ${n.lladdr} PERMANENT`;
}

/** A VXLAN device's FDB entry as `bridge fdb show` prints it. */
export function fdbLine(f: FdbEntry): string {
  return `${f.mac} dev ${f.dev} dst ${f.dst} self permanent`;
}

/** `ip route` shows the main table; `ip route show table local` the local one. */
export function ipRoute(ns: NetNamespace, table: 'main' | 'local' = 'main'): string {
  return ns.routes
    .filter((r) => (table === 'local') === (r.type === 'local'))
    .map(routeLine)
    .join('\n');
}

function flags(iface: Interface): string {
  if (iface.kind === 'loopback') return '<LOOPBACK,UP,LOWER_UP>';
  if (!iface.up) return '<BROADCAST,NOARP>';
  if (iface.noCarrier) return '<NO-CARRIER,BROADCAST,MULTICAST,UP>';
  return '<BROADCAST,MULTICAST,UP,LOWER_UP>';
}

function linkName(iface: Interface, peerIndex?: number): string {
  return iface.kind === 'veth' && peerIndex !== undefined ? `${iface.name}@if${peerIndex}` : iface.name;
}

export function ipAddr(ns: NetNamespace, peerIndexOf: (iface: Interface) => number | undefined = () => undefined): string {
  const out: string[] = [];
  for (const iface of ns.interfaces) {
    const master = iface.master ? ` master ${iface.master}` : '';
    // Neither lo nor a VXLAN device has a carrier of its own: the kernel says UNKNOWN.
    const state =
      iface.kind === 'loopback' || (iface.kind === 'vxlan' && iface.up) ? 'UNKNOWN' : iface.up && !iface.noCarrier ? 'UP' : 'DOWN';
    const qdisc = iface.kind === 'loopback' ? 'noqueue' : iface.kind === 'physical' ? 'pfifo_fast' : 'noqueue';
    out.push(
      `${iface.index}: ${linkName(iface, peerIndexOf(iface))}: ${flags(iface)} mtu ${iface.mtu} qdisc ${qdisc}${master} state ${state} group default qlen 1000`,
    );
    out.push(
      `    link/${iface.kind === 'loopback' ? 'loopback' : 'ether'} ${iface.mac} brd ${iface.kind === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff'}`,
    );
    for (const address of iface.addresses) {
      const brd = iface.kind === 'loopback' ? undefined : broadcastOf(address);
      const scope = iface.kind === 'loopback' ? 'host' : 'global';
      out.push(`    inet ${address}${brd ? ` brd ${brd}` : ''} scope ${scope} ${iface.name}`);
      out.push('       valid_lft forever preferred_lft forever');
    }
  }
  return out.join('\n');
}
