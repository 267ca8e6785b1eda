/** What the last edit changed in the network, in words. */
import type { Change } from '../core/diff.ts';
import type { Language } from '../i18n/strings.ts';
import { STRINGS } from '../i18n/strings.ts';

export function describeChange(c: Change): string {
  switch (c.kind) {
    case 'pod-added':
      return `+ pod ${c.name}${c.node ? ` on ${c.node}` : ' (Pending)'}`;
    case 'pod-removed':
      return `− pod ${c.name}`;
    case 'pod-moved':
      return `~ pod ${c.name}: ${c.from ?? 'Pending'} → ${c.to ?? 'Pending'}`;
    case 'service-added':
      return `+ service ${c.name}`;
    case 'service-removed':
      return `− service ${c.name}`;
    case 'endpoint-added':
      return `+ endpoint ${c.address} of ${c.name}`;
    case 'endpoint-removed':
      return `− endpoint ${c.address} of ${c.name}`;
    case 'rules-changed':
      return `~ iptables on ${c.node}: +${c.added} / −${c.removed} rules`;
  }
}

export function ChangesPanel({ changes, language }: { changes: readonly Change[]; language: Language }) {
  const t = STRINGS[language];
  return (
    <section className="changes" aria-label={t.changes} aria-live="polite">
      {changes.length === 0 ? (
        <p className="muted">{t.noChanges}</p>
      ) : (
        <ul>
          {changes.map((c, i) => (
            <li key={i} className={c.kind}>
              {describeChange(c)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
