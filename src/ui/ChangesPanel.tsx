/** What the last edit changed in the network, in words. */
import type { Change } from '../core/diff.ts';
import { msg, type Message } from '../core/message.ts';
import { words, type Language } from '../i18n/words.ts';
import type { ChangeList } from '../store/derive-protocol.ts';

/** What one change says, as a message each language words its own way. */
export function describeChange(c: Change): Message {
  switch (c.kind) {
    case 'pod-added':
      return c.node ? msg('change.pod-added', { name: c.name, node: c.node }) : msg('change.pod-added-pending', { name: c.name });
    case 'pod-removed':
      return msg('change.pod-removed', { name: c.name });
    case 'pod-moved':
      return msg('change.pod-moved', { name: c.name, from: c.from ?? 'Pending', to: c.to ?? 'Pending' });
    case 'service-added':
      return msg('change.service-added', { name: c.name });
    case 'service-removed':
      return msg('change.service-removed', { name: c.name });
    case 'endpoint-added':
      return msg('change.endpoint-added', { name: c.name, address: c.address });
    case 'endpoint-removed':
      return msg('change.endpoint-removed', { name: c.name, address: c.address });
    case 'host-port': {
      const pod = c.node ? msg('change.pod-on-node', { name: c.name, node: c.node }) : msg('change.pod', { name: c.name });
      if (c.from !== undefined && c.to !== undefined) return msg('change.hostport-changed', { pod, from: c.from, to: c.to });
      if (c.to !== undefined) return msg('change.hostport-added', { pod, to: c.to, containerPort: c.containerPort });
      return msg('change.hostport-removed', { pod, from: c.from ?? '' });
    }
    case 'endpoints-none':
      return msg('change.endpoints-none', { name: c.name });
    case 'endpoints-again':
      return msg('change.endpoints-again', { name: c.name });
    case 'rules-changed':
      return msg('change.rules', { node: c.node, added: c.added, removed: c.removed });
    case 'profile':
      return msg('change.profile', { from: c.from, to: c.to, fromNode: c.fromNode, toNode: c.toNode });
    case 'profile-runtime':
      return msg('change.profile-runtime', { from: c.from, to: c.to });
    case 'profile-pod-network':
      return msg('change.profile-pod-network', { from: msg(`podnet.${c.from}`), to: msg(`podnet.${c.to}`) });
    case 'profile-kube-proxy':
      return msg('change.profile-kube-proxy', {
        fromVersion: c.fromVersion,
        fromMode: c.fromMode,
        toVersion: c.toVersion,
        toMode: c.toMode,
      });
    case 'profile-line':
      return msg(`change.profile-${c.part}-${c.sign}`, { line: c.line });
  }
}

/** The change list of the last edit; one that could not be made says why, never "nothing changed". */
export function ChangesPanel({ list, language }: { list: ChangeList; language: Language }) {
  const w = words(language);
  const t = w.ui;
  const { changes, failed } = list;
  return (
    <section className="changes" aria-label={t.changes} aria-live="polite">
      {failed ? (
        <p role="status" className="changes-failed">
          {t.changesFailed} {w.say(failed)}
        </p>
      ) : changes.length === 0 ? (
        <p className="muted">{t.noChanges}</p>
      ) : (
        <ul>
          {changes.map((c, i) => (
            <li key={i} className={c.kind}>
              {w.say(describeChange(c))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
