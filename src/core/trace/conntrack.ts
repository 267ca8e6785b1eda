/**
 * Connection tracking, one table per network namespace: the first packet of a connection runs
 * the nat table, and its rewrites are remembered, so later packets and every reply are
 * translated the same way without looking at the rules again.
 */
import { reversed, sameFlow, type Packet } from './packet.ts';

export interface ConntrackEntry {
  /** The first packet as it entered this namespace, before any NAT. */
  readonly original: Packet;
  /** The reply as it will arrive, after the NAT of the first packet: what un-NAT looks for. */
  reply: Packet;
  /** The nat table is consulted once per connection: for the destination, then for the source. */
  dstNatDone: boolean;
  srcNatDone: boolean;
}

export class Conntrack {
  readonly entries: ConntrackEntry[] = [];

  find(p: Packet): { entry: ConntrackEntry; direction: 'original' | 'reply' } | undefined {
    for (const entry of this.entries) {
      if (sameFlow(entry.original, p)) return { entry, direction: 'original' };
      if (sameFlow(entry.reply, p)) return { entry, direction: 'reply' };
    }
    return undefined;
  }

  create(p: Packet): ConntrackEntry {
    const entry = { original: p, reply: reversed(p), dstNatDone: false, srcNatDone: false };
    this.entries.push(entry);
    return entry;
  }

  /** Records the first packet's header after NAT: its reply is the reverse of it. */
  update(entry: ConntrackEntry, after: Packet): void {
    entry.reply = reversed(after);
  }
}

/** `conntrack -L` shows an entry as its original and reply tuples. */
export function formatEntry(e: ConntrackEntry): string {
  const o = e.original;
  const r = e.reply;
  return `${o.proto} src=${o.src} dst=${o.dst} sport=${o.sport} dport=${o.dport} src=${r.src} dst=${r.dst} sport=${r.sport} dport=${r.dport}`;
}
