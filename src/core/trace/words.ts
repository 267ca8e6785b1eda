/** The words a view shows about a trace beside each hop's explanation: where a hop is, and the outcome. */
import { msg, type Message, type Text } from '../message.ts';
import { namespaceRef } from '../namespace-id.ts';
import type { Hop, Peer, Trace } from './model.ts';

/** Where a hop happens: its namespace, then the interface, container or process in it. */
export function placeOf(h: Hop): Text[] {
  const ref = namespaceRef(h.where.ns);
  const name = ref.kind === 'pod' ? `${ref.namespace}/${ref.name}` : ref.name;
  const parts: Text[] = [msg(`place.${ref.kind}`, { name })];
  if (h.where.iface) parts.push(h.where.iface);
  if (h.where.container) parts.push(msg('place.container', { name: h.where.container }));
  if (h.where.process) parts.push(h.where.process);
  return parts;
}

function peer(to: Peer): Message {
  const name = to.namespace ? `${to.namespace}/${to.name}` : to.name;
  if (to.kind === 'pod') return to.container ? msg('peer.pod-container', { name, container: to.container }) : msg('peer.pod', { name });
  return msg(to.kind === 'node' ? 'peer.node' : 'peer.host', { name });
}

/** The outcome in one line: who got the connection and what it saw, or why it failed. */
export function verdictOf(t: Trace): Message {
  if (t.verdict === 'delivered' && t.deliveredTo)
    return msg('verdict.delivered-to', { to: peer(t.deliveredTo), sees: `${t.serverSees?.ip}:${t.serverSees?.port}` });
  return msg('verdict.line', { verdict: msg(`verdict.${t.verdict}`), reason: t.reason ?? '' });
}
