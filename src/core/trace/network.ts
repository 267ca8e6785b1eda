/**
 * The running network the tracer walks: the dataplane plus what changes as connections are made
 * (conntrack tables, `-m recent` lists, proxies' round-robin turns, the load balancer's random
 * numbers), so a burst of connections behaves as a real node would.
 */
import type { Dataplane, Interface, NetNamespace } from '../dataplane/model.ts';
import { hash53, mulberry32 } from '../hash.ts';
import { Conntrack } from './conntrack.ts';
import type { Where } from './model.ts';

/** The load balancer's random numbers: the same seed makes the same choices. */
export function seededRandom(seed: number): () => number {
  return mulberry32(hash53(`rng/${seed}`));
}

export class Network {
  readonly namespaces = new Map<string, NetNamespace>();
  readonly conntrack = new Map<string, Conntrack>();
  readonly recent = new Map<string, Map<string, Set<string>>>();
  readonly turns = new Map<string, number>();
  readonly affinity = new Map<string, number>();
  readonly random: () => number;
  private ports = 0;

  constructor(
    readonly dataplane: Dataplane,
    readonly seed = 1,
  ) {
    for (const ns of dataplane.namespaces) this.namespaces.set(ns.id, ns);
    this.random = seededRandom(seed);
  }

  ns(id: string): NetNamespace {
    const ns = this.namespaces.get(id);
    if (!ns) throw new Error(`no network namespace ${id}`);
    return ns;
  }

  table(id: string): Conntrack {
    let t = this.conntrack.get(id);
    if (!t) this.conntrack.set(id, (t = new Conntrack()));
    return t;
  }

  recentLists(id: string): Map<string, Set<string>> {
    let r = this.recent.get(id);
    if (!r) this.recent.set(id, (r = new Map()));
    return r;
  }

  private readonly sets = new Map<string, ReadonlyMap<string, ReadonlySet<string>>>();

  /** The ipsets of a node namespace (ipvs mode), for `-m set` matches. */
  ipsets(id: string): ReadonlyMap<string, ReadonlySet<string>> | undefined {
    if (!this.sets.has(id)) {
      const node = this.dataplane.nodes.find((n) => `node:${n.node}` === id);
      this.sets.set(id, new Map((node?.ipsets ?? []).map((s) => [s.name, new Set(s.members)])));
    }
    return this.sets.get(id);
  }

  /** A fresh ephemeral source port for each new connection, never one still in use. */
  ephemeralPort(): number {
    const range = 61000 - 32768;
    const start = hash53(`port/${this.seed}`) % range;
    return 32768 + ((start + 7919 * this.ports++) % range);
  }

  where(id: string, extra: Partial<Where> = {}): Where {
    const ns = this.namespaces.get(id);
    let node: string | undefined;
    if (ns?.kind === 'node') node = ns.name;
    if (ns?.kind === 'pod') node = ns.interfaces.find((i) => i.peer)?.peer?.ns.replace(/^node:/, '');
    return { ns: id, ...(node ? { node } : {}), ...extra };
  }

  /** The namespace and interface on the other side of a link that answers for `ip` (ARP). */
  neighbour(from: NetNamespace, out: Interface, ip: string): { ns: NetNamespace; iface: Interface } | undefined {
    const owns = (i: Interface) => i.addresses.some((a) => a.split('/')[0] === ip);
    if (out.kind === 'veth' && out.peer) {
      const ns = this.ns(out.peer.ns);
      const iface = ns.interfaces.find((i) => i.name === out.peer!.ifname)!;
      return { ns, iface };
    }
    if (out.kind === 'bridge') {
      for (const port of from.interfaces.filter((i) => i.master === out.name && i.peer)) {
        const ns = this.ns(port.peer!.ns);
        const iface = ns.interfaces.find((i) => i.name === port.peer!.ifname)!;
        if (owns(iface)) return { ns, iface };
      }
      return undefined;
    }
    if (out.kind === 'physical')
      for (const ns of this.namespaces.values())
        for (const iface of ns.interfaces) if (iface.segment === out.segment && iface !== out && owns(iface)) return { ns, iface };
    return undefined;
  }
}
