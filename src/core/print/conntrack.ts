/**
 * `conntrack -L` (conntrack-tools): one line per tracked connection, the original tuple then
 * the reply tuple. A TCP connection that was answered is shown ESTABLISHED and ASSURED with a
 * fresh timeout (kube-proxy sets nf_conntrack_tcp_timeout_established to a day, 86400 s); one
 * that got no answer as SYN_SENT, UNREPLIED.
 */
import type { Packet } from '../trace/packet.ts';

export interface ConntrackLine {
  readonly original: Packet;
  readonly reply: Packet;
  /** The reply was seen: the connection is established. */
  readonly replied: boolean;
}

const PROTO_NUMBER = { tcp: 6, udp: 17 } as const;

function tuple(p: Packet): string {
  return `src=${p.src} dst=${p.dst} sport=${p.sport} dport=${p.dport}`;
}

export function conntrackLine(e: ConntrackLine): string {
  const proto = e.original.proto;
  const head = `${proto.padEnd(8)} ${PROTO_NUMBER[proto]} `;
  if (proto === 'tcp')
    return e.replied
      ? `${head}86399 ESTABLISHED ${tuple(e.original)} ${tuple(e.reply)} [ASSURED] mark=0 use=1`
      : `${head}119 SYN_SENT ${tuple(e.original)} [UNREPLIED] ${tuple(e.reply)} mark=0 use=1`;
  return e.replied
    ? `${head}29 ${tuple(e.original)} ${tuple(e.reply)} mark=0 use=1`
    : `${head}29 ${tuple(e.original)} [UNREPLIED] ${tuple(e.reply)} mark=0 use=1`;
}

/** The summary conntrack writes to stderr after the list. */
export function conntrackSummary(count: number): string {
  return `conntrack v1.4.4 (conntrack-tools): ${count} flow entries have been shown.`;
}
