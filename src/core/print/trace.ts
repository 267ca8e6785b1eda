/** A trace as readable text: one line per hop, with the rule and the header before and after. */
import type { Text } from '../message.ts';
import { formatPacket, type Trace } from '../trace/index.ts';

/** `say` puts the tracer's messages into words (the command line's are English). */
export function printTrace(t: Trace, say: (text: Text) => string): string {
  const lines: string[] = [];
  let section = '';
  for (const h of t.hops) {
    const title = `${h.direction === 'request' ? 'request' : 'reply'}${h.leg > 1 ? ` (leg ${h.leg})` : ''}`;
    if (title !== section) lines.push(`-- ${(section = title)}`);
    const place = [h.where.ns, h.where.iface, h.hook && `${h.hook}${h.table ? `/${h.table}` : ''}`, h.chain].filter(Boolean).join(' ');
    lines.push(`[${h.kind}] ${place}`);
    if (h.rule) lines.push(`    ${h.rule}`);
    lines.push(`    ${say(h.explain)}`);
    const change =
      formatPacket(h.before) === formatPacket(h.after) ? formatPacket(h.after) : `${formatPacket(h.before)}  ⇒  ${formatPacket(h.after)}`;
    lines.push(`    ${change}`);
  }
  const to = t.deliveredTo;
  const who = to ? ` to ${to.kind} ${to.namespace ? `${to.namespace}/` : ''}${to.name}${to.container ? ` (${to.container})` : ''}` : '';
  lines.push(
    `== ${t.verdict}${who}${t.serverSees ? `; the server sees the client as ${t.serverSees.ip}:${t.serverSees.port}` : ''}${t.reason ? `: ${say(t.reason)}` : ''}`,
  );
  return lines.join('\n');
}
