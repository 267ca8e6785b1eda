/**
 * The packet panel: pick a flow (or one of the lab's), play it on the graph hop by hop, read
 * every hop (place, hook, chain, the rule's text, what it does, the header before and after),
 * the conntrack entries, and a burst of requests spread over a service's endpoints.
 */
import { Fragment, useEffect, useRef, useState } from 'react';
import type { Destination, Endpoint, QuickFlow } from '../core/flows.ts';
import { namespaceRef, type NamespaceId } from '../core/namespace-id.ts';
import type { Hop, Trace, TraceRequest } from '../core/trace/index.ts';
import type { Share } from '../core/trace/shares.ts';
import { formatPacket, type Packet } from '../core/trace/packet.ts';
import { rewriteOf } from '../graph/packet-path.ts';
import { destinations, lookupNames, quickFlows, sources } from '../core/flows.ts';
import { NameFlowPicker } from './NameFlowPicker.tsx';
import { Unanswerable } from '../store/answers.ts';
import type { BurstResult, Prediction } from '../store/burst.ts';
import { shownOf, traceFor, tracePending } from '../store/text.ts';
import { useApp, type AppStore } from '../store/store.ts';
import { REWRITE_COLOURS, REWRITE_NAMES } from '../graph/packet-player.ts';
import { placeOf, verdictOf } from '../core/trace/words.ts';
import { words, type Language } from '../i18n/words.ts';

/** What the panel shows and the actions it calls. */
interface Props {
  language: Language;
  sources: readonly Endpoint[];
  destinations: readonly Destination[];
  /** Names to suggest for a flow to a name. */
  names: readonly string[];
  quick: readonly QuickFlow[];
  flow: TraceRequest | undefined;
  trace: Trace | Error | undefined;
  /** The flow's trace is on its way from the worker. */
  pending: boolean;
  currentHop: number;
  playing: boolean;
  speed: number;
  burst: BurstResult | undefined;
  /** A burst is on its way from the worker. */
  bursting: boolean;
  shares: readonly Share[] | undefined;
  onFlow(flow: TraceRequest): void;
  onPlay(): void;
  onPause(): void;
  onStep(delta: 1 | -1): void;
  onSeek(hop: number): void;
  onReplay(): void;
  onSpeed(speed: number): void;
  onBurst(): void;
  /** Opens the export of this flow (video, GIF, picture). */
  onExport?(): void;
  predict: boolean;
  prediction: Prediction | undefined;
  onPredict(on: boolean): void;
  onAnswer(choice: number): void;
  onResume(): void;
}

function Header({ before, after }: { before: Packet; after: Packet }) {
  const field = (a: string, b: string) => (a === b ? <span>{b}</span> : <mark>{b}</mark>);
  // Inside a VXLAN tunnel the header is the outer one, around the packet it carries.
  const inner = after.vxlan && (
    <span className="inner">
      {' '}
      [VXLAN VNI {after.vxlan.vni}: {formatPacket(after.vxlan.inner)}]
    </span>
  );
  return (
    <span className="header">
      {field(`${before.src}:${before.sport}`, `${after.src}:${after.sport}`)} →{' '}
      {field(`${before.dst}:${before.dport}`, `${after.dst}:${after.dport}`)}
      {inner}
    </span>
  );
}

export function place(h: Hop, language: Language): string {
  return placeOf(h).map(words(language).say).join(' · ');
}

/** What the panel shows and does, read from the store. */
function usePanel(store: AppStore, onExport: (() => void) | undefined): Props {
  const state = useApp(store, (s) => shownOf(s).sim.state);
  const a = store.getState();
  return {
    language: useApp(store, (s) => s.language),
    sources: sources(state),
    destinations: destinations(state),
    names: lookupNames(state),
    quick: quickFlows(state),
    flow: useApp(store, (s) => s.flow),
    trace: useApp(store, traceFor),
    pending: useApp(store, tracePending),
    currentHop: useApp(store, (s) => s.hop),
    playing: useApp(store, (s) => s.playing),
    speed: useApp(store, (s) => s.speed),
    burst: useApp(store, (s) => s.burst),
    bursting: useApp(store, (s) => s.bursting),
    shares: useApp(store, (s) => s.shares),
    predict: useApp(store, (s) => s.predict),
    prediction: useApp(store, (s) => s.prediction),
    onFlow: a.chooseFlow,
    onPlay: a.play,
    onPause: a.pause,
    onStep: a.step,
    onSeek: a.seek,
    onReplay: a.replay,
    onSpeed: a.setSpeed,
    onBurst: a.runBurst,
    ...(onExport ? { onExport } : {}),
    onPredict: a.setPredict,
    onAnswer: a.answerPrediction,
    onResume: a.resume,
  };
}

/** The panel reads the store; `onExport` opens the export of the flow (video, GIF, picture). */
export function PacketPanel({ store, onExport }: { store: AppStore; onExport?: () => void }) {
  const props = usePanel(store, onExport);
  const { trace, flow } = props;
  const t = words(props.language).ui;
  const { say } = words(props.language);
  // The source a student picks before any destination: kept until the destination is chosen.
  const [pickedSource, setPickedSource] = useState<NamespaceId>();
  const source = flow?.from ?? pickedSource ?? '';
  // In predict mode the hops not yet played, and the outcome, stay hidden: they are the answers.
  const hiding = props.predict && trace && !(trace instanceof Error) && props.currentHop < trace.hops.length - 1;
  const destKey = flow && flow.name === undefined ? `${flow.to.ip}:${flow.to.port}/${flow.proto}` : '';
  // The hop being played stays in sight, below the sticky playback bar. Only the dock's panel
  // scrolls (scrollIntoView would scroll the page too, and the graph out of sight on a narrow one).
  const hops = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const hop = hops.current?.querySelector<HTMLElement>('.hop.current');
    const panel = hop?.closest<HTMLElement>('.dock-panel');
    if (!hop || !panel) return;
    const bar = panel.querySelector<HTMLElement>('.playback')?.offsetHeight ?? 0;
    const top = hop.getBoundingClientRect().top - panel.getBoundingClientRect().top;
    const bottom = top + hop.offsetHeight;
    if (top < bar) panel.scrollTop += top - bar;
    else if (bottom > panel.clientHeight) panel.scrollTop += bottom - panel.clientHeight;
  }, [props.currentHop, trace]);
  const known = props.destinations.some((d) => `${d.ip}:${d.port}/${d.proto}` === destKey);
  return (
    <div className="packet-panel">
      <div className="flow-picker">
        <div className="quick-flows" role="group" aria-label={t.a11yLabFlows}>
          {props.quick.map((q) => (
            <button
              key={q.id}
              type="button"
              disabled={!q.request}
              title={say(q.missing ?? q.label)}
              onClick={() => q.request && props.onFlow(q.request)}
            >
              {say(q.label)}
            </button>
          ))}
        </div>
        <label>
          {t.from}
          <select
            aria-label={t.a11ySource}
            value={source}
            onChange={(e) => {
              const picked = props.sources.find((s) => s.id === e.target.value)?.id;
              if (picked && flow) props.onFlow({ ...flow, from: picked });
              else if (picked) setPickedSource(picked);
            }}
          >
            {!source && <option value="">—</option>}
            {props.sources.map((s) => (
              <option key={s.id} value={s.id}>
                {say(s.label)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.to}
          <select
            aria-label={t.a11yDestination}
            value={known ? destKey : ''}
            onChange={(e) => {
              const d = props.destinations.find((x) => `${x.ip}:${x.port}/${x.proto}` === e.target.value);
              const from = source || props.sources[0]?.id;
              if (d && from) props.onFlow({ from, to: { ip: d.ip, port: d.port }, proto: d.proto });
            }}
          >
            {!known && <option value="">{flow ? `${flow.name ?? flow.to.ip}:${flow.to.port}/${flow.proto}` : '—'}</option>}
            {props.destinations.map((d) => (
              <option key={`${d.ip}:${d.port}/${d.proto}`} value={`${d.ip}:${d.port}/${d.proto}`}>
                {say(d.label)}
              </option>
            ))}
          </select>
        </label>
        <NameFlowPicker
          key={flow?.name === undefined ? '' : `${flow.name}:${flow.to.port}`}
          language={props.language}
          from={source || props.sources[0]?.id}
          flow={flow}
          names={props.names}
          onFlow={props.onFlow}
        />
      </div>
      {flow && (
        <div className="playback" role="group" aria-label={t.a11yPlayback}>
          <button type="button" onClick={props.onReplay} aria-label={t.a11yReplay}>
            ↺ {t.replay}
          </button>
          <button type="button" onClick={() => props.onStep(-1)} aria-label={t.a11yStepBack}>
            ◀
          </button>
          {props.playing ? (
            <button type="button" onClick={props.onPause} aria-label={t.a11yPause}>
              {t.pause}
            </button>
          ) : (
            <button type="button" onClick={props.onPlay} aria-label={t.a11yPlay}>
              ▶ {t.play}
            </button>
          )}
          <button type="button" onClick={() => props.onStep(1)} aria-label={t.a11yStepForward}>
            ▶|
          </button>
          <label>
            {t.speed}
            <select value={props.speed} onChange={(e) => props.onSpeed(Number(e.target.value))}>
              {[0.25, 0.5, 1, 2, 4].map((s) => (
                <option key={s} value={s}>
                  {s}×
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={props.onBurst} disabled={props.bursting || props.pending} aria-busy={props.bursting}>
            {t.burst}
          </button>
          {props.onExport && trace && !(trace instanceof Error) && (
            <button type="button" onClick={props.onExport}>
              {t.exportFlow}
            </button>
          )}
          <label>
            <input type="checkbox" checked={props.predict} onChange={(e) => props.onPredict(e.target.checked)} /> {t.predict}
          </label>
          {trace && !(trace instanceof Error) && !hiding && <span className={`verdict ${trace.verdict}`}>{say(verdictOf(trace))}</span>}
          {trace instanceof Error && (
            <span className="verdict dropped">{trace instanceof Unanswerable ? say(trace.why) : trace.message}</span>
          )}
          {props.pending && (
            <span className="verdict pending" role="status" aria-busy="true">
              {t.tracing}
            </span>
          )}
          {/* Pinned with the controls: the hop list scrolling under them never hides it. */}
          {props.burst && <BurstChart burst={props.burst} language={props.language} />}
          {/* The question too: it stays in view while the hop list moves under it. */}
          {props.prediction && trace && !(trace instanceof Error) && (
            <PredictionBox
              prediction={props.prediction}
              hop={trace.hops[props.prediction.hop]!}
              language={props.language}
              onAnswer={props.onAnswer}
              onResume={props.onResume}
            />
          )}
        </div>
      )}
      {!flow && <p className="muted">{t.pickFlow}</p>}
      {props.shares && props.burst && <SharesNote shares={props.shares} language={props.language} />}
      {trace && !(trace instanceof Error) && (
        <div className="hops-and-ct">
          <ol className="hops" aria-label={t.a11yPacketHops} ref={hops}>
            {trace.hops.slice(0, hiding ? props.currentHop + 1 : undefined).map((h, i) => {
              const rewrite = rewriteOf(h);
              const firstReply = h.direction === 'reply' && trace.hops[i - 1]?.direction === 'request';
              return (
                <Fragment key={i}>
                  {firstReply && <li className="section">{t.theReply}</li>}
                  <li
                    className={`hop ${h.kind}${i === props.currentHop ? ' current' : ''}`}
                    aria-current={i === props.currentHop ? 'step' : undefined}
                  >
                    <button type="button" onClick={() => props.onSeek(i)}>
                      <span className="n">{i + 1}</span>
                      <span className="where">{place(h, props.language)}</span>
                      {h.hook && (
                        <span className="hook">
                          {h.hook}
                          {h.table ? ` · ${h.table}` : ''}
                          {h.chain && h.chain !== h.hook ? ` · ${h.chain}` : ''}
                        </span>
                      )}
                      {rewrite !== 'none' && (
                        <span className="rewrite" style={{ background: REWRITE_COLOURS[rewrite] }}>
                          {REWRITE_NAMES[rewrite]}
                        </span>
                      )}
                      {h.rule && <code className="rule">{h.rule}</code>}
                      <span className="explain">{say(h.explain)}</span>
                      <Header before={h.before} after={h.after} />
                    </button>
                  </li>
                </Fragment>
              );
            })}
          </ol>
          {/* The connection's NAT is the answer to a prediction: shown once it is answered. */}
          {trace.conntrack.length > 0 && !hiding && (
            <section className="conntrack" aria-label={t.a11yConnectionTracking}>
              <h4>{t.conntrackEntries}</h4>
              <ul>
                {trace.conntrack.map((c, i) => (
                  <li key={i}>
                    <b>{namespaceRef(c.ns).name}</b> {t.ctOriginal} {formatPacket(c.original)}
                    <br />
                    {t.ctReply} {formatPacket(c.reply)}
                  </li>
                ))}
              </ul>
              <p className="muted">{t.conntrackNote}</p>
            </section>
          )}
        </div>
      )}
    </div>
  );
}

function PredictionBox({
  prediction,
  hop,
  language,
  onAnswer,
  onResume,
}: {
  prediction: Prediction;
  hop: Hop;
  language: Language;
  onAnswer(i: number): void;
  onResume(): void;
}) {
  const done = prediction.picked !== undefined;
  const t = words(language).ui;
  return (
    <fieldset className="prediction" aria-label={t.a11yPredictThePacket}>
      <legend>
        {t.predictHop(prediction.hop + 1, hop.hook ?? hop.kind, place(hop, language))}
        <code>{formatPacket(hop.before)}</code>
        {t.predictOut}
      </legend>
      {prediction.choices.map((c, i) => (
        <button
          key={c}
          type="button"
          disabled={done}
          className={done ? (i === prediction.answer ? 'right' : i === prediction.picked ? 'wrong' : 'other') : ''}
          onClick={() => onAnswer(i)}
        >
          {c}
          {/* Marked in words as well as colour: the right answer, and the one chosen. */}
          {done && i === prediction.answer && <span className="mark">✓ {t.predictTheAnswer}</span>}
          {done && i === prediction.picked && (
            <span className="mark">
              {i === prediction.answer ? '· ' : '✗ '}
              {t.predictYourChoice}
            </span>
          )}
        </button>
      ))}
      {done && (
        <p role="status">
          {prediction.picked === prediction.answer ? t.predictRight : t.predictWrong}
          {words(language).say(hop.explain)}{' '}
          <button type="button" onClick={onResume}>
            {t.predictContinue} ▶
          </button>
        </p>
      )}
    </fieldset>
  );
}

function BurstChart({ burst, language }: { burst: BurstResult; language: Language }) {
  const max = Math.max(1, ...burst.counts.map((c) => c.count));
  return (
    <figure className="burst" aria-label={words(language).ui.a11yRequestsPerEndpoint}>
      <figcaption>
        {burst.total} {words(language).ui.requests}
      </figcaption>
      {burst.counts.map((c) => (
        <div key={c.label} className="bar-row">
          <span className="bar-label">{c.label}</span>
          <span className="bar" style={{ width: `${(c.count / max) * 60}%`, background: c.colour }} />
          <span className="bar-count">
            {c.count}
            {c.share !== undefined ? words(language).ui.rulesShare(`${(c.share * 100).toFixed(1)}%`) : ''}
          </span>
        </div>
      ))}
    </figure>
  );
}

function SharesNote({ shares, language }: { shares: readonly Share[]; language: Language }) {
  const t = words(language).ui;
  if (!shares.some((s) => s.rule)) return <p className="muted">{t.roundRobin}</p>;
  return (
    <details className="shares">
      <summary>{t.splitRules}</summary>
      <pre>{shares.map((s) => s.rule).join('\n')}</pre>
    </details>
  );
}
