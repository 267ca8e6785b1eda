/**
 * Connection tracking, one table per network namespace: the first packet of a connection runs
 * the nat table, and its rewrites are remembered, so later packets and every reply are
 * translated the same way without looking at the rules again.
 */
import { reversed, type Packet } from './packet.ts';

export interface ConntrackEntry {
  /** The first packet as it entered this namespace, before any NAT. */
  readonly original: Packet;
  /** The reply as it will arrive, after the NAT of the first packet: what un-NAT looks for. */
  reply: Packet;
  /** The nat table is consulted once per connection: for the destination, then for the source. */
  dstNatDone: boolean;
  srcNatDone: boolean;
  /**
   * Whether NAT changed the destination (DNAT, REDIRECT) or the source (SNAT, MASQUERADE): the
   * kernel's IPS_DST_NAT and IPS_SRC_NAT, which `--ctstate DNAT` and `--ctstate SNAT` match, for
   * every packet of the connection from then on.
   */
  dstNatted: boolean;
  srcNatted: boolean;
}

export class Conntrack {
  readonly entries: ConntrackEntry[] = [];
  /** Tuple → entry, for both directions: a burst of connections stays linear. */
  private readonly index = new Map<string, { entry: ConntrackEntry; direction: 'original' | 'reply' }>();

  find(p: Packet): { entry: ConntrackEntry; direction: 'original' | 'reply' } | undefined {
    return this.index.get(tupleKey(p));
  }

  create(p: Packet): ConntrackEntry {
    const entry = { original: p, reply: reversed(p), dstNatDone: false, srcNatDone: false, dstNatted: false, srcNatted: false };
    this.entries.push(entry);
    this.index.set(tupleKey(p), { entry, direction: 'original' });
    this.index.set(tupleKey(entry.reply), { entry, direction: 'reply' });
    return entry;
  }

  /** Records the first packet's header after NAT: its reply is the reverse of it. */
  update(entry: ConntrackEntry, after: Packet): void {
    const old = tupleKey(entry.reply);
    if (this.index.get(old)?.entry === entry) this.index.delete(old);
    entry.reply = reversed(after);
    this.index.set(tupleKey(entry.reply), { entry, direction: 'reply' });
  }
}

function tupleKey(p: Packet): string {
  return `${p.proto} ${p.src}:${p.sport} ${p.dst}:${p.dport}`;
}
