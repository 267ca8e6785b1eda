/**
 * The reachability matrix: every running pod (rows) to every running pod (columns) on a chosen
 * port, each cell a connection the derive worker traced. A cell says its outcome by a mark and a
 * colour (✓ delivered, ✕ rejected by a NetworkPolicy, ○ another failure) and opens its flow in the
 * packet panel, where the hop list shows where it died.
 */
import { useEffect, useMemo } from 'react';
import type { ClusterState } from '../core/model.ts';
import { nsId } from '../core/namespace-id.ts';
import { msg } from '../core/message.ts';
import type { MatrixCell, MatrixPod, MatrixPort } from '../core/policy/reachability.ts';
import { policyRef } from '../core/policy/selection.ts';
import { words, type Language } from '../i18n/words.ts';
import { answerOf } from '../store/answers.ts';
import type { Question } from '../store/derive-protocol.ts';
import { shownOf, shownText } from '../store/text.ts';
import { useApp, type AppState, type AppStore } from '../store/store.ts';
import { PolicyList } from './PolicyList.tsx';

const MARKS = { delivered: '✓', rejected: '✕', failed: '○' } as const;

/** A generated pod name shortened to its start and its unique end (the whole name is in the title). */
function short(name: string): string {
  return name.length > 16 ? `${name.slice(0, 8)}…${name.slice(-5)}` : name;
}

/** The ports the running pods declare, most declared first (ties: the lower port). */
export function servedPorts(state: ClusterState): MatrixPort[] {
  const count = new Map<string, { port: MatrixPort; n: number }>();
  for (const pod of state.pods)
    if (pod.phase === 'Running')
      for (const c of pod.spec.containers)
        for (const p of c.ports) {
          if (p.protocol === 'SCTP') continue;
          const key = `${p.containerPort}/${p.protocol}`;
          const seen = count.get(key) ?? { port: { port: p.containerPort, protocol: p.protocol }, n: 0 };
          count.set(key, { ...seen, n: seen.n + 1 });
        }
  return [...count.values()].sort((a, b) => b.n - a.n || a.port.port - b.port.port).map((c) => c.port);
}

/** What a cell says: its mark's meaning, and why it failed when it did. */
function outcomeWords(cell: MatrixCell, language: Language): string {
  const { say, ui } = words(language);
  if (cell.outcome === 'delivered') return ui.reachDelivered;
  const verdict = cell.outcome === 'rejected' ? msg('verdict.rejected') : msg(`verdict.${cell.verdict}`);
  return cell.reason ? say(msg('verdict.line', { verdict, reason: cell.reason })) : say(verdict);
}

function Legend({ language }: { language: Language }) {
  const t = words(language).ui;
  return (
    <ul className="reach-legend">
      {(['delivered', 'rejected', 'failed'] as const).map((o) => (
        <li key={o}>
          <span className={`reach-cell reach-${o}`} aria-hidden="true">
            {MARKS[o]}
          </span>
          {o === 'delivered' ? t.reachDelivered : o === 'rejected' ? t.reachRejected : t.reachFailed}
        </li>
      ))}
    </ul>
  );
}

export function ReachabilityPanel({ store }: { store: AppStore }) {
  const language = useApp(store, (s) => s.language);
  const text = useApp(store, shownText);
  const state = useApp(store, (s) => shownOf(s).sim.state);
  const chosen = useApp(store, (s) => s.matrixPort);
  const shownPolicy = useApp(store, (s) => s.policy?.ref);
  const served = useMemo(() => servedPorts(state), [state]);
  const port = chosen ?? served[0] ?? { port: 80, protocol: 'TCP' };
  const { port: number, protocol } = port;
  const question = useMemo<Question>(() => ({ kind: 'reachability', text, port: { port: number, protocol } }), [text, number, protocol]);
  const answered = useApp(store, (s) => answerOf(s, question));
  useEffect(() => {
    const ask = (s: AppState) => {
      if (shownText(s) === question.text) void s.want(question);
    };
    ask(store.getState());
    // A newer text drops a matrix on its way as old news: asked again while its text is the one shown.
    return store.subscribe(ask);
  }, [store, question]);
  const { say, ui: t } = words(language);
  const matrix = answered?.kind === 'reachability' ? answered.matrix : undefined;
  const failed = answered?.kind === 'failed' ? answered.why : undefined;
  /** A pod's key: its name in its namespace (host-network pods share their node's address). */
  const key = (p: MatrixPod) => `${p.namespace}/${p.name}`;
  const a = store.getState();
  const namespaces = matrix?.kind === 'matrix' ? new Set(matrix.pods.map((p) => p.namespace)) : new Set<string>();
  const name = (p: MatrixPod) => (namespaces.size > 1 ? `${p.namespace}/${p.name}` : p.name);
  const open = (from: MatrixPod, to: MatrixPod) =>
    a.chooseFlow({
      from: nsId.pod(from.namespace, from.name),
      to: { ip: to.ip, port: port.port },
      proto: port.protocol === 'UDP' ? 'udp' : 'tcp',
    });
  const cells = matrix?.kind === 'matrix' ? matrix.cells.flat() : [];
  return (
    <div className="reachability">
      <div className="reach-controls">
        <label>
          {t.reachPort}{' '}
          <input
            type="number"
            min={1}
            max={65535}
            value={port.port}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 1 && n <= 65535) a.setMatrixPort({ ...port, port: n });
            }}
          />
        </label>
        <label>
          {t.reachProtocol}{' '}
          <select value={port.protocol} onChange={(e) => a.setMatrixPort({ ...port, protocol: e.target.value === 'UDP' ? 'UDP' : 'TCP' })}>
            <option value="TCP">TCP</option>
            <option value="UDP">UDP</option>
          </select>
        </label>
        {served.slice(0, 6).map((p) => (
          <button
            key={`${p.port}/${p.protocol}`}
            type="button"
            aria-pressed={p.port === port.port && p.protocol === port.protocol}
            onClick={() => a.setMatrixPort(p)}
          >
            {p.port}/{p.protocol}
          </button>
        ))}
        {matrix?.kind === 'matrix' && cells.length > 0 && (
          <span className="reach-count" role="status">
            {t.reachCount(cells.filter((c) => c.outcome === 'delivered').length, cells.length)}
          </span>
        )}
      </div>
      {!matrix && !failed && <p aria-busy="true">{t.reachPending}</p>}
      {failed && <p role="status">{say(failed)}</p>}
      {matrix?.kind === 'too-many' && <p role="status">{say(matrix.reason)}</p>}
      {matrix?.kind === 'matrix' && matrix.pods.length === 0 && <p>{t.reachNoPods}</p>}
      <div className="reach-body">
        {matrix?.kind === 'matrix' && matrix.pods.length > 0 && (
          <table className="reach-matrix" aria-label={`${t.reachability} ${port.port}/${port.protocol}`}>
            <thead>
              <tr>
                <th scope="col" className="reach-corner">
                  {t.reachCorner}
                </th>
                {matrix.pods.map((p) => (
                  <th key={key(p)} scope="col" className="reach-to" title={`${p.namespace}/${p.name}`}>
                    <span>{short(p.name)}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.pods.map((from, i) => (
                <tr key={key(from)}>
                  <th scope="row" title={`${from.namespace}/${from.name}`}>
                    {namespaces.size > 1 && <span className="muted">{from.namespace}/</span>}
                    {short(from.name)}
                  </th>
                  {matrix.cells[i]!.map((cell, j) => {
                    const to = matrix.pods[j]!;
                    const said = t.reachCell(name(from), `${name(to)}:${port.port}/${port.protocol}`, outcomeWords(cell, language));
                    return (
                      <td key={key(to)}>
                        <button
                          type="button"
                          className={`reach-cell reach-${cell.outcome}`}
                          data-from={`${from.namespace}/${from.name}`}
                          data-to={`${to.namespace}/${to.name}`}
                          title={said}
                          aria-label={said}
                          onClick={() => open(from, to)}
                        >
                          {MARKS[cell.outcome]}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="reach-key">
          <p className="muted">{t.reachIntro}</p>
          <Legend language={language} />
          <PolicyList
            title={t.policiesOfCluster}
            policies={state.networkPolicies.map(policyRef)}
            none={t.policiesNoneInCluster}
            language={language}
            shown={shownPolicy}
            onShow={(ref) => a.showPolicy(ref, 'inspector')}
          />
        </div>
      </div>
    </div>
  );
}
