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

interface Options {
  focus: StepFocus | undefined;
  /** The graph's elements as drawn (the focus is looked up in them once they are). */
  elements: readonly GraphElement<unknown>[];
  trace: Trace | undefined;
  hop: number;
  follow: boolean;
  textSize: TextSize;
  /** The size on screen a followed hop's details are drawn at, at least. */
  readablePx: number;
}

export function useCamera(
  view: { readonly current: GraphView | null },
  { focus, elements, trace, hop, follow, textSize, readablePx }: Options,
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
    v.focus(focusIds(focus.on, elements), focus.flow && trace ? around(pointsOf(v, trace)) : undefined);
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

  const showAll = () => {
    view.current?.showAll();
    setFocused(false);
  };

  return { focused, showAll };
}
