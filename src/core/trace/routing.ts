/** The routing decision: local delivery or the longest matching prefix, and the source address. */
import type { Interface, NetNamespace, Route } from '../dataplane/model.ts';
import { cidrContains, parseCidr, parseIp } from '../net/ipv4.ts';

export interface RouteResult {
  readonly route: Route;
  readonly local: boolean;
  /** Where the frame goes next: the gateway, or the destination itself when on-link. */
  readonly nextHop: string;
}

export function lookup(ns: NetNamespace, dst: string): RouteResult | undefined {
  const ip = parseIp(dst);
  if (ip === undefined) return undefined;
  let best: Route | undefined;
  let bestPrefix = -1;
  for (const r of ns.routes) {
    const cidr = parseCidr(r.dst === 'default' ? '0.0.0.0/0' : r.dst.includes('/') ? r.dst : `${r.dst}/32`)!;
    if (!cidrContains(cidr, ip)) continue;
    if (r.type === 'local') return { route: r, local: true, nextHop: dst }; // the local table is consulted first
    if (cidr.prefix > bestPrefix) [best, bestPrefix] = [r, cidr.prefix];
  }
  return best ? { route: best, local: false, nextHop: best.via ?? dst } : undefined;
}

export function iface(ns: NetNamespace, name: string): Interface | undefined {
  return ns.interfaces.find((i) => i.name === name);
}

export function primaryAddress(i: Interface | undefined): string | undefined {
  return i?.addresses[0]?.split('/')[0];
}

/** The source address the kernel picks for a new connection along this route. */
export function sourceFor(ns: NetNamespace, r: RouteResult): string | undefined {
  if (r.local) return r.route.src === '127.0.0.1' ? '127.0.0.1' : r.route.src;
  return r.route.src ?? primaryAddress(iface(ns, r.route.dev));
}

/** True when `ip` is an address of this namespace (`-m addrtype --dst-type LOCAL`). */
export function isLocal(ns: NetNamespace, ip: string): boolean {
  const r = lookup(ns, ip);
  return r?.local ?? false;
}
