/** What the last edit changed in the network, in words. */
import type { Change } from '../core/diff.ts';
import type { Language } from '../i18n/strings.ts';
import { STRINGS } from '../i18n/strings.ts';

export function describeChange(c: Change, language: Language = 'en'): string {
  const zh = language === 'zh';
  switch (c.kind) {
    case 'pod-added':
      return zh ? `+ Pod ${c.name}${c.node ? ` 在 ${c.node}` : '（Pending）'}` : `+ pod ${c.name}${c.node ? ` on ${c.node}` : ' (Pending)'}`;
    case 'pod-removed':
      return zh ? `− Pod ${c.name}` : `− pod ${c.name}`;
    case 'pod-moved':
      return `~ ${zh ? 'Pod' : 'pod'} ${c.name}: ${c.from ?? 'Pending'} → ${c.to ?? 'Pending'}`;
    case 'service-added':
      return zh ? `+ Service ${c.name}` : `+ service ${c.name}`;
    case 'service-removed':
      return zh ? `− Service ${c.name}` : `− service ${c.name}`;
    case 'endpoint-added':
      return zh ? `+ ${c.name} 的后端 ${c.address}` : `+ endpoint ${c.address} of ${c.name}`;
    case 'endpoint-removed':
      return zh ? `− ${c.name} 的后端 ${c.address}` : `− endpoint ${c.address} of ${c.name}`;
    case 'rules-changed':
      return zh ? `~ ${c.node} 的 iptables：+${c.added} / −${c.removed} 条规则` : `~ iptables on ${c.node}: +${c.added} / −${c.removed} rules`;
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
              {describeChange(c, language)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
