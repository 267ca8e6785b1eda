/** What the last edit changed in the network, in words. */
import type { Change } from '../core/diff.ts';
import { words, type Language } from '../i18n/words.ts';

export function describeChange(c: Change, language: Language = 'en'): string {
  const zh = language === 'zh';
  switch (c.kind) {
    case 'pod-added':
      return zh
        ? `+ Pod ${c.name}${c.node ? ` 在 ${c.node}` : '（Pending）'}`
        : `+ pod ${c.name}${c.node ? ` on ${c.node}` : ' (Pending)'}`;
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
    case 'host-port': {
      const on = c.node ? (zh ? `（${c.node}）` : ` (${c.node})`) : '';
      if (c.from !== undefined && c.to !== undefined)
        return zh
          ? `~ ${c.name}${on} 的 hostPort ${c.from} → ${c.to}：Docker 的 DNAT 规则现在匹配 ${c.to} 端口`
          : `~ hostPort ${c.from} → ${c.to} on ${c.name}${on}: Docker's DNAT now matches port ${c.to}`;
      if (c.to !== undefined)
        return zh
          ? `+ ${c.name}${on} 发布 hostPort ${c.to} → ${c.containerPort}：Docker 的 DNAT 规则匹配 ${c.to} 端口`
          : `+ hostPort ${c.to} → ${c.containerPort} on ${c.name}${on}: Docker's DNAT now matches port ${c.to}`;
      return zh
        ? `− ${c.name}${on} 不再发布 hostPort ${c.from}：Docker 的 DNAT 规则已删除`
        : `− hostPort ${c.from} on ${c.name}${on}: Docker's DNAT rule for it is gone`;
    }
    case 'endpoints-none':
      return zh
        ? `! Service ${c.name} 的选择器现在没有匹配任何 Pod：kube-proxy 拒绝发往它的连接`
        : `! service ${c.name}: its selector now matches no pod, so kube-proxy rejects its connections`;
    case 'endpoints-again':
      return zh
        ? `+ Service ${c.name} 又有了后端：kube-proxy 把连接发给它们`
        : `+ service ${c.name} has endpoints again: kube-proxy sends its connections to them`;
    case 'rules-changed':
      return zh
        ? `~ ${c.node} 的 iptables：+${c.added} / −${c.removed} 条规则`
        : `~ iptables on ${c.node}: +${c.added} / −${c.removed} rules`;
  }
}

export function ChangesPanel({ changes, language }: { changes: readonly Change[]; language: Language }) {
  const t = words(language).ui;
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
