/**
 * Bursts and predictions, pure: where 100 new connections of a flow went (beside the share the
 * rules give each endpoint), their badges on the graph, and a "predict the packet" question.
 */
import type { ClusterState } from '../core/model.ts';
import { namespaceRef } from '../core/namespace-id.ts';
import { formatPacket } from '../core/trace/packet.ts';
import { traceMany, type Trace, type TraceRequest } from '../core/trace/index.ts';
import { serviceShares, type Share } from '../core/trace/shares.ts';
import { podId } from '../graph/elements.ts';
import { ENDPOINT_COLOURS } from '../graph/packet-overlay.ts';
import type { PacketStep } from '../graph/packet-path.ts';
import { words, type Language } from '../i18n/words.ts';
import type { Derived } from './simulation.ts';

export interface BurstResult {
  readonly total: number;
  readonly counts: readonly {
    readonly label: string;
    readonly count: number;
    readonly share?: number;
    /** Its colour on the graph (dots and badge), and the graph element it is, if a pod. */
    readonly colour: string;
    readonly id?: string;
  }[];
}

/** A "predict the packet" question: the header after a rewriting hop, before it plays. */
export interface Prediction {
  readonly hop: number;
  readonly choices: readonly string[];
  readonly answer: number;
  readonly picked?: number;
}

/** The right header, the unchanged one, and the rewrite applied to the wrong end. */
export function predictionFor(trace: Trace, step: PacketStep): Prediction {
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

/** The node whose rules decide a connection from this source. */
function deciderNode(state: ClusterState, flow: TraceRequest): string | undefined {
  const from = namespaceRef(flow.from);
  if (from.kind === 'node') return from.name;
  if (from.kind === 'pod') return state.pods.find((p) => p.namespace === from.namespace && p.name === from.name)?.node;
  return state.cluster.nodes.find((n) => n.ip === flow.to.ip)?.name ?? state.cluster.nodes[0]?.name;
}

/** 100 new connections: where they went, beside the share the rules give each endpoint. */
export function burstOf(shown: Derived, flow: TraceRequest) {
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
  const colours = traces.map((t) => colourOf.get(JSON.stringify([t.verdict, t.deliveredTo])) ?? ENDPOINT_COLOURS[0]!);
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
