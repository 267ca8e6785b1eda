/**
 * The directed camera on the graph: a lesson step's focus framed and highlighted once its graph
 * is drawn, "Show all" to return, and a played packet followed hop by hop when asked.
 */
import { useEffect, useRef, useState } from 'react';
import type { Trace } from '../core/trace/index.ts';
import { union, type Box } from '../graph/camera.ts';
import type { GraphElement } from '../graph/elements.ts';
import { focusIds, type Focus } from '../graph/focus.ts';
import type { GraphView } from '../graph/graph-view.ts';
import { anchorOf, type Point } from '../graph/packet-path.ts';
import { fullDetailZoom, type TextSize } from '../graph/style.ts';

/** A step's focus and what names the step (a new name: a step opened). */
export interface StepFocus extends Focus {
  readonly key: string;
}

/** Room around a flow's path: the elements its hops are on, not only their middles. */
const PATH_MARGIN = 70;

function pointsOf(view: GraphView, trace: Trace): Point[] {
  const at = (id: string) => {
    const e = view.cy.getElementById(id);
    return e.nonempty() ? e.position() : undefined;
  };
  return trace.hops.flatMap((h) => anchorOf(h, at) ?? []);
}

function around(points: readonly Point[]): Box | undefined {
  return union(points.map((p) => ({ x1: p.x - PATH_MARGIN, y1: p.y - PATH_MARGIN, x2: p.x + PATH_MARGIN, y2: p.y + PATH_MARGIN })));
}

/** The step's subject framed, with its flow's way when it has one; without a step, the whole graph. */
function frameStep(v: GraphView, focus: StepFocus | undefined, elements: readonly GraphElement<unknown>[], trace: Trace | undefined): void {
  if (focus) v.focus(focusIds(focus.on, elements), focus.flow && trace ? around(pointsOf(v, trace)) : undefined);
  else v.fit();
}

interface Options {
  focus: StepFocus | undefined;
  /** The graph's elements as drawn (the focus is looked up in them once they are). */
  elements: readonly GraphElement<unknown>[];
  trace: Trace | undefined;
  hop: number;
  playing: boolean;
  follow: boolean;
  presenter: boolean;
  textSize: TextSize;
  /** The size on screen a followed hop's details are drawn at, at least. */
  readablePx: number;
}

export function useCamera(
  view: { readonly current: GraphView | null },
  { focus, elements, trace, hop, playing, follow, presenter, textSize, readablePx }: Options,
) {
  const applied = useRef<string | undefined>(undefined);
  const [focused, setFocused] = useState(false);

  useEffect(() => {
    const v = view.current;
    if (!focus) {
      applied.current = undefined;
      return;
    }
    if (!v || focus.key === applied.current || (focus.flow && !trace)) return;
    applied.current = focus.key;
    frameStep(v, focus, elements, trace);
    setFocused(true);
  }, [view, focus, elements, trace]);

  useEffect(() => {
    const v = view.current;
    const h = trace?.hops[hop];
    if (!v || !follow || !trace || !h) return;
    const point = anchorOf(h, (id) => {
      const e = v.cy.getElementById(id);
      return e.nonempty() ? e.position() : undefined;
    });
    if (point) v.follow(point, fullDetailZoom(textSize, readablePx));
  }, [view, follow, trace, hop, textSize, readablePx]);

  // The step's subject framed again as it is now (for the effects below, which run later).
  const frame = useRef(() => {});
  useEffect(() => {
    frame.current = () => view.current && frameStep(view.current, focus, elements, trace);
  });
  // A followed flow played to its end: the camera, close on the last hop, steps back to the
  // step's subject (or the whole graph), so what the flow showed and a burst's badges are in view.
  const wasPlaying = useRef(false);
  useEffect(() => {
    const ended = wasPlaying.current && !playing && trace !== undefined && hop >= trace.hops.length - 1;
    wasPlaying.current = playing;
    if (ended && follow) frame.current();
  }, [playing, hop, trace, follow]);
  // Leaving presenter mode, which followed the packet: the camera stays where the packet took it
  // in a pane that changed shape; framed again once the pane has its new size.
  const wasPresenting = useRef(presenter);
  const followed = useRef(follow);
  useEffect(() => {
    const left = wasPresenting.current && !presenter && followed.current;
    wasPresenting.current = presenter;
    if (!left) return;
    let id = requestAnimationFrame(() => (id = requestAnimationFrame(() => frame.current())));
    return () => cancelAnimationFrame(id);
  }, [presenter]);
  useEffect(() => {
    followed.current = follow;
  });

  const showAll = () => {
    view.current?.showAll();
    setFocused(false);
  };

  return { focused, showAll };
}
