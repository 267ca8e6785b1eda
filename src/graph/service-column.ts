/**
 * The portal network's column: each Service a box, one under the other, as tall as its lines: its
 * name and type (wrapped at spaces), its cluster IP (or the words for none) and its ports. Ports
 * that run past the box's width (kube-dns's "53/UDP,53/TCP,9153/TCP") are broken after a comma,
 * as kubectl writes them, onto as many lines as they need. The services under a box move with its
 * height. Pure.
 */
import { msg } from '../core/message.ts';
import type { ServiceState } from '../core/model.ts';
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

export function serviceLabel(svc: ServiceState): Lines {
  const ip = svc.clusterIP === 'None' ? msg('graph.headless') : svc.clusterIP;
  const affinity = svc.sessionAffinity === 'ClientIP' ? [msg('graph.affinity', { affinity: 'ClientIP' })] : [];
  return [`${svc.name} (${svc.type})`, ip, ...portLines(formatPorts(svc)), ...affinity];
}

export interface ServiceBox {
  /** Its middle, and its height. */
  readonly y: number;
  readonly height: number;
}

/** How many lines `text` takes in a service's box, broken at spaces (a word wider than a line has one of its own). */
function wrappedLines(text: string): number {
  let lines = 1;
  let width = 0;
  for (const word of text.split(' ')) {
    const w = [...word].length;
    if (width > 0 && width + 1 + w > LAYOUT.serviceLineChars) [lines, width] = [lines + 1, w];
    else width += (width > 0 ? 1 : 0) + w;
  }
  return lines;
}

/** A service's lines: its name and type, its cluster IP (two for the words saying it has none, in either language), its ports, its affinity. */
function linesOf(svc: ServiceState): number {
  const ip = svc.clusterIP === 'None' ? 2 : 1;
  const affinity = svc.sessionAffinity === 'ClientIP' ? 1 : 0;
  return wrappedLines(`${svc.name} (${svc.type})`) + ip + portLines(formatPorts(svc)).length + affinity;
}

/** The services' boxes from `top` down, and where the next box would start. */
export function serviceColumn(services: readonly ServiceState[], top: number): { boxes: ServiceBox[]; next: number } {
  let next = top;
  const boxes = services.map((svc) => {
    // The layout's box holds four lines; each line more or less is one main line taller or shorter.
    const height = LAYOUT.serviceHeight + (Math.max(3, linesOf(svc)) - 4) * LAYOUT.mainLineHeight;
    const box = { y: next + height / 2, height };
    next += height + LAYOUT.gap * 2;
    return box;
  });
  return { boxes, next };
}
