/**
 * The playback slice: the flow the packet panel traces, where its packet is, how fast it goes,
 * the burst of 100 requests and its result, and "predict the packet". On the page the packet
 * player on the graph animates and reports each hop back; without one (in Node, before the graph
 * is drawn) the actions move the hop themselves, so a session can be played headless.
 */
import type { StateCreator } from 'zustand';
import type { StepFlow } from '../core/flows.ts';
import type { Trace, TraceRequest } from '../core/trace/index.ts';
import type { Share } from '../core/trace/shares.ts';
import type { GraphView } from '../graph/graph-view.ts';
import { packetSteps, type PacketStep, type Positions } from '../graph/packet-path.ts';
import type { PacketPlayer } from '../graph/packet-player.ts';
import { predictionFor, type BurstResult, type Prediction } from './burst.ts';
import type { AppState } from './store.ts';
import { shownText, traceFor } from './text.ts';

/** The graph on the page and the packet player drawn over it. */
export interface Graph {
  readonly view: GraphView;
  readonly player: PacketPlayer;
}

export interface PlaybackSlice {
  /** The flow the packet panel traces and animates. */
  readonly flow?: TraceRequest;
  /** The hop the packet is at, and whether it is moving. */
  readonly hop: number;
  readonly playing: boolean;
  readonly speed: number;
  /** The last burst's result: shown (chart, badges) until the next thing done with the packet. */
  readonly burst?: BurstResult;
  readonly shares?: readonly Share[];
  /** A burst asked of the worker and not back yet. */
  readonly bursting: boolean;
  readonly predict: boolean;
  readonly prediction?: Prediction;
  /** A lesson step's flow to choose once the text is derived. */
  readonly wantFlow?: StepFlow;
  /** The hop to stand on, paused, once the flow's trace is loaded (a link, a step). */
  readonly wantHop?: number;
  /** Send a burst on the flow once its trace is loaded (a step). */
  readonly wantBurst: boolean;
  /** The graph and its packet player, while one is on the page. */
  readonly graph?: Graph;
  attachGraph(graph: Graph | null): void;
  setFlow(flow: TraceRequest | undefined): void;
  /** The visitor picks a flow: it is traced and the packet panel opens. */
  chooseFlow(flow: TraceRequest): void;
  play(): void;
  pause(): void;
  step(delta: 1 | -1): void;
  seek(hop: number): void;
  replay(): void;
  setSpeed(speed: number): void;
  runBurst(): void;
  setPredict(on: boolean): void;
  answerPrediction(choice: number): void;
  /** After the answer: on to the hop that was predicted. */
  resume(): void;
  /** Whether the packet may play `next` now: in predict mode it stops before each rewrite and asks. */
  mayPlay(next: PacketStep): boolean;
  /** The player says where the packet is. */
  atHop(hop: number, playing: boolean): void;
  /** The hop and burst asked for were carried out. */
  wantsDone(): void;
}

/** Where each element of the graph is drawn. */
export function positionsOf(graph: Graph): Positions {
  return (id) => {
    const el = graph.view.cy.getElementById(id);
    return el.nonempty() && el.isNode() ? { ...el.position() } : undefined;
  };
}

function hopsOf(trace: Trace | Error | undefined): number {
  return trace && !(trace instanceof Error) ? trace.hops.length : 0;
}

/** The last hop of a trace; undefined while the trace is on its way (nothing to clamp against). */
function lastHop(s: AppState): number | undefined {
  const trace = traceFor(s);
  return s.flow && trace === undefined ? undefined : hopsOf(trace) - 1;
}

export const playbackSlice: StateCreator<AppState, [], [], PlaybackSlice> = (set, get) => {
  /** Hops of the current trace already predicted: asked once each until a replay. */
  const answered = new Set<number>();
  /**
   * Without a player, the packet stands where it is put, in the trace's bounds; a hop asked for
   * before the trace has arrived (a link's) is kept as it is, not clamped against nothing.
   */
  const standAt = (hop: number | undefined) => {
    const last = lastHop(get());
    const at = hop ?? last ?? get().hop;
    set({ hop: Math.max(0, last === undefined ? at : Math.min(last, at)), playing: false });
  };
  /** Counts what ends a burst's result: a burst that comes back after it is not shown. */
  let bursts = 0;
  const endBurst = () => {
    bursts++;
    set({ burst: undefined, bursting: false });
  };
  return {
    hop: 0,
    playing: false,
    speed: 1,
    bursting: false,
    predict: false,
    wantBurst: false,
    attachGraph(graph) {
      set({ graph: graph ?? undefined });
    },
    // A flow chosen now wins over a step's flow still waiting for its text.
    setFlow(flow) {
      set({ flow, hop: 0, wantFlow: undefined });
    },
    chooseFlow(flow) {
      set({ flow, hop: 0, tab: 'packets', wantFlow: undefined });
    },
    // The next thing the visitor does with the packet (not a pause) ends the burst's result.
    play() {
      endBurst();
      const { graph } = get();
      if (graph) graph.player.play();
      else standAt(undefined);
    },
    pause() {
      get().graph?.player.pause();
      set({ playing: false });
    },
    step(delta) {
      endBurst();
      const { graph, hop } = get();
      if (graph) graph.player.step(delta);
      else standAt(hop + delta);
    },
    seek(hop) {
      endBurst();
      const { graph } = get();
      if (graph) graph.player.seek(hop);
      else standAt(hop);
    },
    replay() {
      answered.clear();
      endBurst();
      set({ prediction: undefined });
      const { graph } = get();
      if (!graph) return standAt(undefined);
      graph.player.seek(0);
      graph.player.play();
    },
    setSpeed(speed) {
      set({ speed });
      get().graph?.player.setSpeed(speed);
    },
    runBurst() {
      const s = get();
      const flow = s.flow;
      if (!flow) return;
      const text = shownText(s);
      endBurst();
      const ticket = bursts;
      set({ bursting: true });
      // The worker traces the hundred connections; the burst is shown only if nothing ended it meanwhile.
      void s.want({ kind: 'burst', text, flow }).then((answered) => {
        const now = get();
        if (ticket !== bursts || now.flow !== flow || shownText(now) !== text) return;
        set({ bursting: false });
        // The source is gone: the panel already says so for the single trace.
        if (answered?.kind !== 'burst' || answered.burst instanceof Error) return;
        const { traces, colours, shares, result } = answered.burst;
        set({ shares });
        if (!now.graph) return set({ burst: result });
        const at = positionsOf(now.graph);
        const paths = traces.map((t) => packetSteps({ ...t, hops: t.hops.filter((h) => h.direction === 'request') }, at));
        // The result is shown as soon as it is known (badges, chart); the dots go on across the graph.
        now.graph.player.burst(paths, undefined, colours);
        set({ burst: result });
      });
    },
    setPredict(predict) {
      answered.clear();
      set({ predict, prediction: undefined });
    },
    answerPrediction(choice) {
      const { prediction } = get();
      if (prediction) set({ prediction: { ...prediction, picked: choice } });
    },
    resume() {
      set({ prediction: undefined });
      get().graph?.player.playNext();
    },
    mayPlay(next) {
      const s = get();
      const trace = traceFor(s);
      if (!s.predict || !trace || trace instanceof Error) return true;
      // Only header rewrites make a question: a proxy's new connection has no "before".
      if (next.rewrite === 'none' || next.rewrite === 'drop' || next.rewrite === 'proxy' || answered.has(next.hop)) return true;
      answered.add(next.hop);
      set({ prediction: predictionFor(trace, next) });
      return false;
    },
    atHop(hop, playing) {
      set({ hop, playing });
    },
    wantsDone() {
      set({ wantHop: undefined, wantBurst: false });
    },
  };
};
