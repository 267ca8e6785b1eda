/** The routing decision: local delivery or the longest matching prefix, and the source address. */
import type { Interface, NetNamespace, Route } from '../dataplane/model.ts';
import { cidrContains, maskOf, parseCidr, parseIp, type Cidr } from '../net/ipv4.ts';

export interface RouteResult {
  readonly route: Route;
  readonly local: boolean;
  /** Where the frame goes next: the gateway, or the destination itself when on-link. */
  readonly nextHop: string;
}

/** A namespace's routes read once: the local table in order, the main table by prefix length, longest first. */
interface Tables {
  readonly local: readonly { readonly cidr: Cidr; readonly route: Route }[];
  readonly main: readonly { readonly prefix: number; readonly routes: ReadonlyMap<number, Route> }[];
}

const tables = new WeakMap<NetNamespace, Tables>();

function tablesOf(ns: NetNamespace): Tables {
  let t = tables.get(ns);
  if (t) return t;
  const local: { cidr: Cidr; route: Route }[] = [];
  const main = new Map<number, Map<number, Route>>();
  for (const route of ns.routes) {
    const cidr = parseCidr(route.dst === 'default' ? '0.0.0.0/0' : route.dst.includes('/') ? route.dst : `${route.dst}/32`)!;
    if (route.type === 'local') local.push({ cidr, route });
    else {
      const byBase = main.get(cidr.prefix) ?? new Map<number, Route>();
      main.set(cidr.prefix, byBase);
      if (!byBase.has(cidr.base)) byBase.set(cidr.base, route); // the first of equal routes wins
    }
  }
  t = { local, main: [...main].sort((a, b) => b[0] - a[0]).map(([prefix, routes]) => ({ prefix, routes })) };
  tables.set(ns, t);
  return t;
}

export function lookup(ns: NetNamespace, dst: string): RouteResult | undefined {
  const ip = parseIp(dst);
  if (ip === undefined) return undefined;
  const t = tablesOf(ns);
  // The local table is consulted first.
  for (const { cidr, route } of t.local) if (cidrContains(cidr, ip)) return { route, local: true, nextHop: dst };
  for (const { prefix, routes } of t.main) {
    const route = routes.get((ip & maskOf(prefix)) >>> 0);
    if (route) return { route, local: false, nextHop: route.via ?? dst };
  }
  return undefined;
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
