/**
 * Keeps the packet player on the graph in step with the store: it loads the flow's trace (and
 * plays it when the flow is new or an edit changed where it goes, or stands on the hop a link or
 * a step asked for), carries out a step's burst, shows the burst's badges, and reports each hop
 * back to the store.
 */
import { useEffect, useRef } from 'react';
import type { Trace, TraceRequest } from '../core/trace/index.ts';
import { packetSteps } from '../graph/packet-path.ts';
import { burstBadges } from '../store/burst.ts';
import { positionsOf } from '../store/playback.ts';
import { traceFor, tracePending } from '../store/text.ts';
import { useApp, type AppStore } from '../store/store.ts';

/** What makes two traces look different on the graph: the way, the rules, the outcome. */
function signature(t: Trace | Error | undefined): string {
  if (!t || t instanceof Error) return String(t);
  return JSON.stringify([t.verdict, t.deliveredTo, t.serverSees?.ip, t.hops.map((h) => [h.kind, h.where.ns, h.where.iface, h.rule])]);
}

export function usePlayer(store: AppStore): void {
  const graph = useApp(store, (s) => s.graph);
  const flow = useApp(store, (s) => s.flow);
  const traced = useApp(store, traceFor);
  const burst = useApp(store, (s) => s.burst);
  const language = useApp(store, (s) => s.language);
  // What a lesson step or a shared link asks for once its flow is loaded (carried out once the
  // text it came with is simulated: a trace of the text before it is not where it stands).
  const wantHop = useApp(store, (s) => s.wantHop);
  const wantBurst = useApp(store, (s) => s.wantBurst);
  const settled = useApp(store, (s) => s.simulatedText === s.text);
  // A hop asked for waits for the trace it stands in: one on its way is not there to stand in.
  const pending = useApp(store, (s) => tracePending(s) || s.wantFlow !== undefined);
  const previous = useRef<{ flow?: TraceRequest; signature: string }>({ signature: '' });

  useEffect(() => {
    if (!graph) return;
    const s = () => store.getState();
    graph.player.onHop((h, playing) => s().atHop(h, playing));
    // A marker on the graph opens its hop, as the hop list's button does.
    graph.player.onMarker((h) => s().seek(h));
    graph.player.setGate((next) => s().mayPlay(next));
    previous.current = { signature: '' };
  }, [store, graph]);

  // The burst's result stays on the graph as badges as long as its chart stays in the panel.
  useEffect(() => {
    graph?.player.setBadges(burst ? burstBadges(burst, language) : []);
  }, [graph, burst, language]);

  // Once the graph has drawn (the elements a link or a step brought, or rows for a new pane), the
  // packet's way is taken again from where the elements now stand.
  useEffect(() => {
    if (!graph) return;
    return graph.view.onDrawn(() => {
      const traced = traceFor(store.getState());
      if (traced && !(traced instanceof Error) && signature(traced) === previous.current.signature)
        graph.player.relocate(packetSteps(traced, positionsOf(graph)));
    });
  }, [store, graph]);

  // Another trace asks its own questions.
  useEffect(() => {
    store.getState().setPredict(store.getState().predict);
  }, [store, traced]);

  useEffect(() => {
    if (!graph) return;
    const sig = signature(traced);
    const prev = previous.current;
    const loadable = traced && !(traced instanceof Error);
    if (prev.flow !== flow || prev.signature !== sig) {
      previous.current = { ...(flow ? { flow } : {}), signature: sig };
      store.setState({ burst: undefined, shares: undefined });
      graph.player.load(loadable ? packetSteps(traced, positionsOf(graph)) : []);
      // A new flow, or an edit that changed where it goes: show it, do not just list it.
      if (loadable && wantHop === undefined) graph.player.play();
    }
    if (loadable && wantHop !== undefined) graph.player.seek(wantHop);
    if (settled && !pending && (wantHop !== undefined || wantBurst)) {
      if (wantBurst && loadable) store.getState().runBurst();
      store.getState().wantsDone();
    }
  }, [store, graph, traced, flow, wantHop, wantBurst, settled, pending]);
}
