/**
 * The running network the tracer walks: the dataplane plus what changes as connections are made
 * (conntrack tables, `-m recent` lists, proxies' round-robin turns, the load balancer's random
 * numbers), so a burst of connections behaves as a real node would.
 */
import { indexOf, type DataplaneIndex } from '../dataplane/lookup.ts';
import type { Dataplane, Interface, IpSet, NetNamespace } from '../dataplane/model.ts';
import { parseCidr, type Cidr } from '../net/ipv4.ts';
import { hash53, mulberry32 } from '../hash.ts';
import type { NamespaceId } from '../namespace-id.ts';
import { Conntrack } from './conntrack.ts';
import type { Where } from './model.ts';

/** An ipset as `-m set` looks it up: its members, and for hash:net each network parsed once. */
export interface IpSetView {
  readonly type: string;
  readonly members: ReadonlySet<string>;
  readonly nets: readonly { readonly cidr: Cidr; readonly nomatch: boolean }[];
}

function viewOf(set: IpSet): IpSetView {
  const nomatch = new Set(set.nomatch ?? []);
  const nets =
    set.type === 'hash:net' ? set.members.map((m) => ({ cidr: parseCidr(m.includes('/') ? m : `${m}/32`)!, nomatch: nomatch.has(m) })) : [];
  return { type: set.type, members: new Set(set.members), nets };
}

/** The load balancer's random numbers: the same seed makes the same choices. */
export function seededRandom(seed: number): () => number {
  return mulberry32(hash53(`rng/${seed}`));
}

export class Network {
  /** The dataplane by id (built once per dataplane, shared by every network on it). */
  readonly index: DataplaneIndex;
  readonly conntrack = new Map<NamespaceId, Conntrack>();
  readonly recent = new Map<NamespaceId, Map<string, Set<string>>>();
  readonly turns = new Map<string, number>();
  readonly affinity = new Map<string, number>();
  readonly random: () => number;
  private ports = 0;

  constructor(
    readonly dataplane: Dataplane,
    readonly seed = 1,
  ) {
    this.index = indexOf(dataplane);
    this.random = seededRandom(seed);
  }

  ns(id: NamespaceId): NetNamespace {
    const ns = this.index.namespace(id);
    if (!ns) throw new Error(`no network namespace ${id}`);
    return ns;
  }

  table(id: NamespaceId): Conntrack {
    let t = this.conntrack.get(id);
    if (!t) this.conntrack.set(id, (t = new Conntrack()));
    return t;
  }

  recentLists(id: NamespaceId): Map<string, Set<string>> {
    let r = this.recent.get(id);
    if (!r) this.recent.set(id, (r = new Map()));
    return r;
  }

  private readonly sets = new Map<NamespaceId, ReadonlyMap<string, IpSetView>>();

  /** The ipsets of a node namespace (ipvs mode, policies), for `-m set` matches. */
  ipsets(ns: NetNamespace): ReadonlyMap<string, IpSetView> | undefined {
    const id = ns.id;
    if (!this.sets.has(id)) {
      const node = ns.kind === 'node' ? this.index.node(ns.name) : undefined;
      this.sets.set(id, new Map((node?.ipsets ?? []).map((s) => [s.name, viewOf(s)])));
    }
    return this.sets.get(id);
  }

  /** A fresh ephemeral source port for each new connection, never one still in use. */
  ephemeralPort(): number {
    const range = 61000 - 32768;
    const start = hash53(`port/${this.seed}`) % range;
    return 32768 + ((start + 7919 * this.ports++) % range);
  }

  where(id: NamespaceId, extra: Partial<Where> = {}): Where {
    const node = this.index.nodeOf(id);
    return { ns: id, ...(node ? { node } : {}), ...extra };
  }

  /** The namespace and interface on the other side of a link that answers for `ip` (ARP). */
  neighbour(from: NetNamespace, out: Interface, ip: string): { ns: NetNamespace; iface: Interface } | undefined {
    if (out.kind === 'veth' && out.peer) return this.index.peer(out);
    if (out.kind === 'bridge') return this.index.bridgePort(from, out.name, ip)?.peer;
    if (out.kind === 'physical' && out.segment !== undefined) return this.index.onSegment(out.segment, ip).find((n) => n.iface !== out);
    return undefined;
  }
}
