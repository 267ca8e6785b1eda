/**
 * Connects the packet panel to the player on the graph: loads a flow's trace as packet steps,
 * plays it when the flow is new or an edit changed where the packet goes, follows the current
 * hop, and runs bursts of requests with their count per endpoint.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClusterState } from '../core/model.ts';
import { namespaceRef } from '../core/namespace-id.ts';
import { traceMany, type Trace, type TraceRequest } from '../core/trace/index.ts';
import { serviceShares, type Share } from '../core/trace/shares.ts';
import type { GraphView } from '../graph/graph-view.ts';
import { formatPacket } from '../core/trace/packet.ts';
import { packetSteps, type PacketStep, type Positions } from '../graph/packet-path.ts';
import type { PacketPlayer } from '../graph/packet-player.ts';
import { ENDPOINT_COLOURS } from '../graph/packet-overlay.ts';
import { podId } from '../graph/elements.ts';
import { words, type Language } from '../i18n/words.ts';
import type { Derived } from '../store/simulation.ts';
import { useApp, type AppStore } from '../store/store.ts';
import type { BurstResult } from './PacketPanel.tsx';

type Graph = { view: GraphView; player: PacketPlayer };

/** A "predict the packet" question: the header after a rewriting hop, before it plays. */
export interface Prediction {
  readonly hop: number;
  readonly choices: readonly string[];
  readonly answer: number;
  readonly picked?: number;
}

/** The right header, the unchanged one, and the rewrite applied to the wrong end. */
function predictionFor(trace: Trace, step: PacketStep): Prediction {
  const h = trace.hops[step.hop]!;
  const right = formatPacket(h.after);
  const wrongEnd =
    h.before.dst !== h.after.dst || h.before.dport !== h.after.dport
      ? formatPacket({ ...h.before, src: h.after.dst, sport: h.after.dport })
      : formatPacket({ ...h.before, dst: h.after.src, dport: h.after.sport });
  const choices = [...new Set([right, formatPacket(h.before), wrongEnd])];
  const rotate = step.hop % choices.length;
  const ordered = [...choices.slice(rotate), ...choices.slice(0, rotate)];
  return { hop: step.hop, choices: ordered, answer: ordered.indexOf(right) };
}

/** What makes two traces look different on the graph: the way, the rules, the outcome. */
function signature(t: Trace | Error | undefined): string {
  if (!t || t instanceof Error) return String(t);
  return JSON.stringify([t.verdict, t.deliveredTo, t.serverSees?.ip, t.hops.map((h) => [h.kind, h.where.ns, h.where.iface, h.rule])]);
}

/** The node whose rules decide a connection from this source. */
function deciderNode(state: ClusterState, flow: TraceRequest): string | undefined {
  const from = namespaceRef(flow.from);
  if (from.kind === 'node') return from.name;
  if (from.kind === 'pod') return state.pods.find((p) => p.namespace === from.namespace && p.name === from.name)?.node;
  return state.cluster.nodes.find((n) => n.ip === flow.to.ip)?.name ?? state.cluster.nodes[0]?.name;
}

function positionsOf(g: Graph): Positions {
  return (id) => {
    const el = g.view.cy.getElementById(id);
    return el.nonempty() && el.isNode() ? { ...el.position() } : undefined;
  };
}

/** 100 new connections: where they went, beside the share the rules give each endpoint. */
function burstOf(shown: Derived, flow: TraceRequest) {
  const { traces, outcomes } = traceMany(shown.dataplane, flow, 100, 7);
  const node = deciderNode(shown.sim.state, flow);
  const shares: readonly Share[] = (node && serviceShares(shown.dataplane, node, flow.to.ip, flow.to.port, flow.proto)) || [];
  const podByIp = new Map(shown.sim.state.pods.map((p) => [p.ip, p.name]));
  const counts = outcomes.map((o, i) => {
    const to = o.deliveredTo;
    const label = to ? to.name : o.verdict;
    const share = shares.find((s) => podByIp.get(s.endpoint.split(':')[0]) === to?.name)?.share;
    const id = to?.kind === 'pod' && to.namespace ? podId({ namespace: to.namespace, name: to.name }) : undefined;
    return {
      label,
      count: o.count,
      colour: ENDPOINT_COLOURS[i % ENDPOINT_COLOURS.length]!,
      ...(id ? { id } : {}),
      ...(share === undefined ? {} : { share }),
    };
  });
  // Each packet in the colour of where it went, as its endpoint's bar and badge.
  const colourOf = new Map(outcomes.map((o, i) => [JSON.stringify([o.verdict, o.deliveredTo]), counts[i]!.colour]));
  const colours = traces.map((t) => colourOf.get(JSON.stringify([t.verdict, t.deliveredTo])) ?? ENDPOINT_COLOURS[0]);
  return { traces, colours, shares, result: { total: traces.length, counts } satisfies BurstResult };
}

/** The count and share of each endpoint pod, for its badge on the graph. */
export function burstBadges(result: BurstResult, language: Language) {
  const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return result.counts.flatMap((c) =>
    c.id
      ? [
          {
            id: c.id,
            colour: c.colour,
            text: words(language).ui.burstBadge(
              c.count,
              percent(c.count / result.total),
              c.share === undefined ? undefined : percent(c.share),
            ),
          },
        ]
      : [],
  );
}

export function usePackets(
  store: AppStore,
  shown: Derived,
  flow: TraceRequest | undefined,
  traced: Trace | Error | undefined,
  language: Language = 'en',
) {
  const graph = useRef<Graph | null>(null);
  const [hop, setHop] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [burst, setBurst] = useState<BurstResult>();
  const [shares, setShares] = useState<readonly Share[]>();
  const [attached, setAttached] = useState(0);
  const previous = useRef<{ flow?: TraceRequest; signature: string }>({ signature: '' });
  // What a lesson step or a shared link asks for once its flow is loaded (carried out once the
  // text it came with is simulated: a trace of the text before it is not where it stands).
  const wantHop = useApp(store, (s) => s.wantHop);
  const wantBurst = useApp(store, (s) => s.wantBurst);
  const settled = useApp(store, (s) => s.simulatedText === s.text);
  const [predict, setPredict] = useState(false);
  const [prediction, setPrediction] = useState<Prediction>();
  const answered = useRef(new Set<number>());

  const onReady = useCallback((g: Graph | null) => {
    graph.current = g;
    if (g) {
      g.player.onHop((h, p) => {
        setHop(h);
        setPlaying(p);
      });
      // A marker on the graph opens its hop, as the hop list's button does.
      g.player.onMarker((h) => {
        setBurst(undefined);
        g.player.seek(h);
      });
    }
    setAttached((n) => n + 1);
  }, []);

  const runBurst = useCallback(() => {
    const g = graph.current;
    if (!g || !flow) return;
    let made: ReturnType<typeof burstOf>;
    try {
      made = burstOf(shown, flow);
    } catch {
      return; // the source is gone: the panel already says so for the single trace
    }
    const { traces, colours, shares: s, result } = made;
    const paths = traces.map((t) => packetSteps({ ...t, hops: t.hops.filter((h) => h.direction === 'request') }, positionsOf(g)));
    setBurst(undefined);
    setShares(s);
    g.player.burst(paths, () => setBurst(result), colours);
  }, [shown, flow]);

  // The latest burst, for the effect that carries out a step's burst once its flow is loaded.
  const latestBurst = useRef(runBurst);
  useEffect(() => {
    latestBurst.current = runBurst;
  }, [runBurst]);

  // The burst's result stays on the graph as badges as long as its chart stays in the panel.
  useEffect(() => {
    graph.current?.player.setBadges(burst ? burstBadges(burst, language) : []);
  }, [burst, language]);

  // In predict mode the packet stops before each rewrite and asks what the header will be.
  useEffect(() => {
    const g = graph.current;
    if (!g) return;
    answered.current.clear();
    setPrediction(undefined);
    g.player.setGate(
      predict && traced && !(traced instanceof Error)
        ? (next) => {
            // Only header rewrites make a question: a proxy's new connection has no "before".
            if (next.rewrite === 'none' || next.rewrite === 'drop' || next.rewrite === 'proxy' || answered.current.has(next.hop))
              return true;
            answered.current.add(next.hop);
            setPrediction(predictionFor(traced, next));
            return false;
          }
        : undefined,
    );
  }, [predict, traced, attached]);

  useEffect(() => {
    const g = graph.current;
    if (!g) return;
    const sig = signature(traced);
    const prev = previous.current;
    const loadable = traced && !(traced instanceof Error);
    if (prev.flow !== flow || prev.signature !== sig) {
      previous.current = { ...(flow ? { flow } : {}), signature: sig };
      setBurst(undefined);
      setShares(undefined);
      g.player.load(loadable ? packetSteps(traced, positionsOf(g)) : []);
      // A new flow, or an edit that changed where it goes: show it, do not just list it.
      if (loadable && wantHop === undefined) g.player.play();
    }
    if (loadable && wantHop !== undefined) g.player.seek(wantHop);
    if (settled && (wantHop !== undefined || wantBurst)) {
      if (wantBurst && loadable) latestBurst.current();
      store.getState().wantsDone();
    }
  }, [store, traced, flow, attached, wantHop, wantBurst, settled]);

  return {
    onReady,
    graph: () => graph.current,
    hop,
    playing,
    speed,
    burst,
    shares,
    // The next thing the visitor does with the packet (not a pause) ends the burst's result.
    play: () => {
      setBurst(undefined);
      graph.current?.player.play();
    },
    pause: () => graph.current?.player.pause(),
    step: (d: 1 | -1) => {
      setBurst(undefined);
      graph.current?.player.step(d);
    },
    seek: (h: number) => {
      setBurst(undefined);
      graph.current?.player.seek(h);
    },
    replay: () => {
      setBurst(undefined);
      answered.current.clear();
      setPrediction(undefined);
      graph.current?.player.seek(0);
      graph.current?.player.play();
    },
    setSpeed: (s: number) => {
      setSpeed(s);
      graph.current?.player.setSpeed(s);
    },
    runBurst,
    predict,
    setPredict,
    prediction,
    answer: (choice: number) => {
      if (!prediction) return;
      setPrediction({ ...prediction, picked: choice });
    },
    /** After the answer: on to the hop that was predicted. */
    resume: () => {
      setPrediction(undefined);
      graph.current?.player.playNext();
    },
  };
}
