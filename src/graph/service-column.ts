/**
 * The right-hand column: the portal network, each Service a box, one under the other, as tall as
 * its lines: its name and type (wrapped at spaces), its cluster IP (or the words for none) and its
 * ports. Ports that run past the box's width (kube-dns's "53/UDP,53/TCP,9153/TCP") are broken
 * after a comma, as kubectl writes them, onto as many lines as they need. The services under a box
 * move with its height. Under them, in a box of their own, the pods no node took, each as tall as
 * its name and the scheduler's reason. Pure.
 */
import { msg, type Text } from '../core/message.ts';
import type { PodState, ServiceState } from '../core/model.ts';
import { formatPorts } from '../core/print/state.ts';
import type { Lines } from './elements.ts';
import { LAYOUT } from './layout.ts';

/** A service's ports as `kubectl get svc` writes them, broken after commas into lines that fit its box. */
export function portLines(ports: string): string[] {
  const parts = ports.split(',');
  const lines: string[] = [];
  let line = '';
  parts.forEach((part, i) => {
    // Every line but the last ends with the comma it was broken after: that counts too.
    const comma = i < parts.length - 1 ? ',' : '';
    if (line !== '' && `${line},${part}${comma}`.length > LAYOUT.serviceLineChars) {
      lines.push(`${line},`);
      line = part;
    } else line = line === '' ? part : `${line},${part}`;
  });
  lines.push(line);
  return lines;
}

/** How many lines `text` takes in a box of `chars` to a line, broken at spaces (a word wider than a line has one of its own). */
function wrappedLines(text: string, chars: number = LAYOUT.serviceLineChars): number {
  let lines = 1;
  let width = 0;
  for (const word of text.split(' ')) {
    const w = [...word].length;
    if (width > 0 && width + 1 + w > chars) [lines, width] = [lines + 1, w];
    else width += (width > 0 ? 1 : 0) + w;
  }
  return lines;
}

/**
 * A service's label, each part with the lines it takes: its name and type, its cluster IP (the
 * words saying it has none: two lines in English, kept for Chinese's one too), its ports, its affinity.
 */
function parts(svc: ServiceState): { text: Text; lines: number }[] {
  const name = `${svc.name} (${svc.type})`;
  return [
    { text: name, lines: wrappedLines(name) },
    svc.clusterIP === 'None' ? { text: msg('graph.headless'), lines: 2 } : { text: svc.clusterIP, lines: 1 },
    ...portLines(formatPorts(svc)).map((text) => ({ text, lines: 1 })),
    ...(svc.sessionAffinity === 'ClientIP' ? [{ text: msg('graph.affinity', { affinity: 'ClientIP' }), lines: 1 }] : []),
  ];
}

export function serviceLabel(svc: ServiceState): Lines {
  return parts(svc).map((p) => p.text);
}

export interface ServiceBox {
  /** Its middle, and its height. */
  readonly y: number;
  readonly height: number;
}

/** Boxes of these heights one under the other from `top`, `gap` apart, and where the next would start. */
function stacked(heights: readonly number[], top: number, gap: number): { boxes: ServiceBox[]; next: number } {
  let next = top;
  const boxes = heights.map((height) => {
    const box = { y: next + height / 2, height };
    next += height + gap;
    return box;
  });
  return { boxes, next };
}

/**
 * The services' boxes from `top` down (with none, the one box of the note that says so), and where
 * the next box would start.
 */
export function serviceColumn(services: readonly ServiceState[], top: number): { boxes: ServiceBox[]; next: number } {
  const height = (svc: ServiceState) => {
    const lines = parts(svc).reduce((sum, p) => sum + p.lines, 0);
    // The layout's box holds four lines; each line more or less is one main line taller or shorter.
    return LAYOUT.serviceHeight + (lines - 4) * LAYOUT.mainLineHeight;
  };
  return stacked(services.length > 0 ? services.map(height) : [LAYOUT.serviceHeight], top, LAYOUT.gap * 2);
}

/**
 * The pending pods' boxes under the services (whose column ends at `below`): past the portal
 * network's box and the room for the pending box's own name (pendingLabel). Each is as tall as
 * its text at the secondary size: its name and "Pending: <the scheduler's reason>", wrapped at the
 * column's width (style.ts draws only the name, at the main size, until that text is readable).
 * The reason is counted in English, whose words run longer than Chinese's on a line.
 */
export function pendingColumn(pods: readonly PodState[], below: number): ServiceBox[] {
  const height = (pod: PodState) => {
    const lines = [pod.name, `Pending: ${pod.message ?? pod.reason ?? ''}`].reduce(
      (sum, text) => sum + wrappedLines(text, LAYOUT.pendingLineChars),
      0,
    );
    // Two lines at least (its name, its reason): room too for the name alone at the main size.
    return lines * LAYOUT.routesLineHeight + LAYOUT.pendingPad;
  };
  return stacked(pods.map(height), below + LAYOUT.pendingLabel, LAYOUT.gap).boxes;
}
