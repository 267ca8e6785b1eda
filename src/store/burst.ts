/**
 * Bursts and predictions on the page, pure: a burst's result (where 100 new connections of a flow
 * went, beside the share the rules give each endpoint: traced in the worker, src/store/questions.ts),
 * its badges on the graph, and a "predict the packet" question.
 */
import { formatPacket } from '../core/trace/packet.ts';
import type { Trace } from '../core/trace/index.ts';
import type { PacketStep } from '../graph/packet-path.ts';
import { words, type Language } from '../i18n/words.ts';

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
