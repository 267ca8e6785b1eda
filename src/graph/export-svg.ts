/**
 * The graph as an SVG document, written from what Cytoscape has laid out and styled: each node's
 * box, shape, fill, border and label (wrapped as on screen), each edge's curve, arrow and label,
 * in Cytoscape's drawing order. Every piece of text is escaped; the document holds no script.
 */
import type { Core, EdgeSingular, NodeSingular, Position, SingularElementArgument } from 'cytoscape';

/** Text as SVG character data or an attribute value: nothing in it can open a tag or end a quote. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const num = (n: number) => String(Math.round(n * 100) / 100);

interface Font {
  readonly css: string;
  readonly size: number;
  readonly family: string;
  readonly weight: string;
  readonly style: string;
}

function fontOf(ele: SingularElementArgument): Font {
  const size = ele.numericStyle('font-size') as number;
  const family = String(ele.style('font-family'));
  const weight = String(ele.style('font-weight'));
  const style = String(ele.style('font-style'));
  return { css: `${style} ${weight} ${size}px ${family}`, size, family, weight, style };
}

/** Measures text in a font the way the canvas that Cytoscape draws on does. */
type Measure = (text: string, font: Font) => number;

function canvasMeasure(): Measure {
  const ctx = document.createElement('canvas').getContext('2d');
  return (text, font) => {
    if (!ctx) return text.length * font.size * 0.6;
    ctx.font = font.css;
    return ctx.measureText(text).width;
  };
}

/** The label's lines as drawn: split at newlines and, with `text-wrap: wrap`, at spaces (and zero-width spaces) to fit. */
function labelLines(ele: SingularElementArgument, text: string, font: Font, measure: Measure): string[] {
  const wrap = String(ele.style('text-wrap'));
  if (wrap !== 'wrap') return [wrap === 'none' ? text.replace(/\n/g, ' ') : text];
  const max = ele.numericStyle('text-max-width') as number;
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    let current = '';
    // Each word keeps the space (or zero-width space) after it: a break goes there.
    for (const word of line.split(/(?<=[ \u200b])/)) {
      if (current !== '' && measure(`${current}${word}`.trimEnd(), font) > max) {
        lines.push(current);
        current = word;
      } else current += word;
    }
    lines.push(current);
  }
  return lines.map((l) => l.replace(/\u200b/g, '').trimEnd());
}

function colour(ele: SingularElementArgument, property: string): string {
  return escapeXml(String(ele.style(property)));
}

function dash(style: string, width: number): string {
  if (style === 'dashed') return ` stroke-dasharray="${num(width * 3)} ${num(width * 2)}"`;
  if (style === 'dotted') return ` stroke-dasharray="${num(width)} ${num(width)}"`;
  return '';
}

/** Unit polygons (x, y in -1..1) for the shapes that are not rectangles or ellipses. */
const POLYGONS: Record<string, readonly number[]> = {
  diamond: [0, -1, 1, 0, 0, 1, -1, 0],
  triangle: [0, -1, 1, 1, -1, 1],
  hexagon: [-0.5, -1, 0.5, -1, 1, 0, 0.5, 1, -0.5, 1, -1, 0],
  octagon: [-0.4, -1, 0.4, -1, 1, -0.4, 1, 0.4, 0.4, 1, -0.4, 1, -1, 0.4, -1, -0.4],
};

/** The outline of a node's body, centred at (x, y), `w` by `h`, grown by `grow` on every side. */
function outline(shape: string, x: number, y: number, w: number, h: number, grow = 0): string {
  const W = w + 2 * grow;
  const H = h + 2 * grow;
  const left = x - W / 2;
  const top = y - H / 2;
  if (shape === 'ellipse') return `<ellipse cx="${num(x)}" cy="${num(y)}" rx="${num(W / 2)}" ry="${num(H / 2)}"`;
  if (shape === 'round-rectangle' || shape === 'roundrectangle') {
    const r = Math.min(w / 4, h / 4, 8);
    return `<rect x="${num(left)}" y="${num(top)}" width="${num(W)}" height="${num(H)}" rx="${num(r)}"`;
  }
  if (shape === 'cut-rectangle') {
    const c = Math.min(8, W / 2, H / 2);
    const r = left + W;
    const b = top + H;
    const pts = [left + c, top, r - c, top, r, top + c, r, b - c, r - c, b, left + c, b, left, b - c, left, top + c];
    return `<polygon points="${pts.map(num).join(' ')}"`;
  }
  const unit = POLYGONS[shape];
  if (unit) return `<polygon points="${unit.map((v, i) => num(i % 2 === 0 ? x + (v * W) / 2 : y + (v * H) / 2)).join(' ')}"`;
  return `<rect x="${num(left)}" y="${num(top)}" width="${num(W)}" height="${num(H)}"`;
}

function textAttributes(ele: SingularElementArgument, font: Font): string {
  const fill = colour(ele, 'color');
  return `font-family="${escapeXml(font.family)}" font-size="${num(font.size)}" font-weight="${escapeXml(font.weight)}" font-style="${escapeXml(font.style)}" fill="${fill}"`;
}

/** One <text> per line, the block placed as Cytoscape places it (valign, halign, justification, margins). */
function nodeLabel(node: NodeSingular, box: { x: number; y: number; w: number; h: number }, measure: Measure): string {
  const text = String(node.style('label') ?? '');
  if (text === '') return '';
  const font = fontOf(node);
  const lines = labelLines(node, text, font, measure);
  const lineHeight = font.size * (node.numericStyle('line-height') as number);
  const blockH = lines.length * lineHeight;
  const blockW = Math.max(...lines.map((l) => measure(l, font)));
  const valign = String(node.style('text-valign'));
  const halign = String(node.style('text-halign'));
  const x0 = box.x + (node.numericStyle('text-margin-x') as number);
  const y0 = box.y + (node.numericStyle('text-margin-y') as number);
  // The block's top edge and its centre line across.
  const top = valign === 'top' ? y0 - box.h / 2 - blockH : valign === 'bottom' ? y0 + box.h / 2 : y0 - blockH / 2;
  const centre = halign === 'left' ? x0 - box.w / 2 - blockW / 2 : halign === 'right' ? x0 + box.w / 2 + blockW / 2 : x0;
  const justify = String(node.style('text-justification'));
  const side = justify === 'auto' ? (halign === 'left' ? 'right' : halign === 'right' ? 'left' : 'center') : justify;
  const anchor = side === 'left' ? 'start' : side === 'right' ? 'end' : 'middle';
  const x = side === 'left' ? centre - blockW / 2 : side === 'right' ? centre + blockW / 2 : centre;
  const tspans = lines.map((line, i) => `<text x="${num(x)}" y="${num(top + lineHeight * (i + 0.5))}">${escapeXml(line)}</text>`).join('');
  return `<g ${textAttributes(node, font)} text-anchor="${anchor}" dominant-baseline="central">${tspans}</g>`;
}

function drawNode(node: NodeSingular, measure: Measure): string {
  const opacity = node.effectiveOpacity();
  const bb = node.boundingBox({ includeLabels: false, includeOverlays: false });
  const border = node.numericStyle('border-width') as number;
  const box = { x: (bb.x1 + bb.x2) / 2, y: (bb.y1 + bb.y2) / 2, w: bb.w - border, h: bb.h - border };
  const shape = String(node.style('shape'));
  const parts: string[] = [];
  const fillOpacity = node.numericStyle('background-opacity') as number;
  const borderStyle = String(node.style('border-style'));
  const borderColour = colour(node, 'border-color');
  parts.push(
    `${outline(shape, box.x, box.y, box.w, box.h)} fill="${colour(node, 'background-color')}" fill-opacity="${num(fillOpacity)}" stroke="none"/>`,
  );
  if (border > 0) {
    if (borderStyle === 'double') {
      // Two thin lines with a gap between them, the whole as wide as the border.
      const thin = border / 3;
      parts.push(`${outline(shape, box.x, box.y, box.w, box.h, thin)} fill="none" stroke="${borderColour}" stroke-width="${num(thin)}"/>`);
      parts.push(`${outline(shape, box.x, box.y, box.w, box.h, -thin)} fill="none" stroke="${borderColour}" stroke-width="${num(thin)}"/>`);
    } else {
      parts.push(
        `${outline(shape, box.x, box.y, box.w, box.h)} fill="none" stroke="${borderColour}" stroke-width="${num(border)}"${dash(borderStyle, border)}/>`,
      );
    }
  }
  parts.push(nodeLabel(node, box, measure));
  return `<g opacity="${num(opacity)}">${parts.join('')}</g>`;
}

const angle = (from: Position, to: Position) => Math.atan2(to.y - from.y, to.x - from.x);

function drawEdge(edge: EdgeSingular, measure: Measure): string {
  const source = edge.sourceEndpoint();
  const target = edge.targetEndpoint();
  const width = edge.numericStyle('width') as number;
  const lineColour = colour(edge, 'line-color');
  const curve = String(edge.style('curve-style'));
  const bends = curve === 'straight' ? [] : curve === 'segments' ? (edge.segmentPoints() ?? []) : (edge.controlPoints() ?? []);
  const arrow = String(edge.style('target-arrow-shape')) !== 'none';
  const arrowLength = arrow ? Math.max(4.5 * width, 9) : 0;
  // The line stops where the arrow's base begins.
  const last = bends.at(-1) ?? source;
  const heading = angle(last, target);
  const end = { x: target.x - Math.cos(heading) * arrowLength, y: target.y - Math.sin(heading) * arrowLength };
  let d = `M${num(source.x)},${num(source.y)}`;
  if (curve === 'segments' || bends.length === 0) for (const p of [...bends, end]) d += ` L${num(p.x)},${num(p.y)}`;
  else {
    // Cytoscape's multi-point beziers are quadratic pieces joined halfway between control points.
    for (const [i, p] of bends.entries()) {
      const next = bends[i + 1];
      const to = next ? { x: (p.x + next.x) / 2, y: (p.y + next.y) / 2 } : end;
      d += ` Q${num(p.x)},${num(p.y)} ${num(to.x)},${num(to.y)}`;
    }
  }
  const parts = [
    `<path d="${d}" fill="none" stroke="${lineColour}" stroke-width="${num(width)}"${dash(String(edge.style('line-style')), width)}/>`,
  ];
  if (arrow) {
    const half = arrowLength / 2;
    const side = (sign: number) => ({
      x: end.x + Math.cos(heading + (sign * Math.PI) / 2) * half,
      y: end.y + Math.sin(heading + (sign * Math.PI) / 2) * half,
    });
    const a = side(1);
    const b = side(-1);
    parts.push(
      `<polygon points="${[target.x, target.y, a.x, a.y, b.x, b.y].map(num).join(' ')}" fill="${colour(edge, 'target-arrow-color')}"/>`,
    );
  }
  parts.push(edgeLabel(edge, source, target, measure));
  return `<g opacity="${num(edge.effectiveOpacity())}">${parts.join('')}</g>`;
}

function edgeLabel(edge: EdgeSingular, source: Position, target: Position, measure: Measure): string {
  // The main label at the middle; or, as an endpoint's port, one beside the arrow at the target.
  const main = String(edge.style('label') ?? '');
  const text = main || String(edge.style('target-label') ?? '');
  if (text === '') return '';
  const font = fontOf(edge);
  const lines = labelLines(edge, text, font, measure);
  const lineHeight = font.size * (edge.numericStyle('line-height') as number);
  const w = Math.max(...lines.map((l) => measure(l, font)));
  const h = lines.length * lineHeight;
  const mid = edge.midpoint();
  const toward = (from: Position, to: Position, by: number) => {
    const d = Math.hypot(to.x - from.x, to.y - from.y) || 1;
    return { x: from.x + ((to.x - from.x) * by) / d, y: from.y + ((to.y - from.y) * by) / d };
  };
  const at = main ? mid : toward(target, mid, edge.numericStyle('target-text-offset') as number);
  const x = at.x + (edge.numericStyle('text-margin-x') as number);
  const y = at.y + (edge.numericStyle('text-margin-y') as number);
  let rotation = 0;
  if (String(edge.style('text-rotation')) === 'autorotate') {
    rotation = (angle(source, target) * 180) / Math.PI;
    if (rotation > 90) rotation -= 180;
    else if (rotation < -90) rotation += 180;
  }
  const parts: string[] = [];
  const bgOpacity = edge.numericStyle('text-background-opacity') as number;
  if (bgOpacity > 0) {
    const pad = edge.numericStyle('text-background-padding') as number;
    parts.push(
      `<rect x="${num(-w / 2 - pad)}" y="${num(-h / 2 - pad)}" width="${num(w + 2 * pad)}" height="${num(h + 2 * pad)}" fill="${colour(edge, 'text-background-color')}" fill-opacity="${num(bgOpacity)}"/>`,
    );
  }
  const texts = lines.map((line, i) => `<text x="0" y="${num(-h / 2 + lineHeight * (i + 0.5))}">${escapeXml(line)}</text>`).join('');
  parts.push(`<g ${textAttributes(edge, font)} text-anchor="middle" dominant-baseline="central">${texts}</g>`);
  return `<g transform="translate(${num(x)} ${num(y)})${rotation ? ` rotate(${num(rotation)})` : ''}">${parts.join('')}</g>`;
}

/** Cytoscape's drawing order: compound boxes by depth, edges under nodes, then z-index, then order added. */
function drawingOrder(cy: Core): SingularElementArgument[] {
  const depth = (ele: SingularElementArgument): number => {
    if (ele.isNode()) return ele.isParent() ? ele.ancestors().length : Number.MAX_SAFE_INTEGER;
    const edge = ele as EdgeSingular;
    return Math.max(depth(edge.source()), depth(edge.target()), 0);
  };
  const elements = cy.elements().toArray();
  const index = new Map(elements.map((e, i) => [e, i]));
  const key = (e: SingularElementArgument) => [depth(e), e.isNode() ? 1 : 0, e.numericStyle('z-index') as number, index.get(e)!];
  return elements.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return 0;
  });
}

/**
 * The whole graph, every visible element at scale 1 in graph coordinates, on a plain background;
 * `overlay` (SVG elements in the same coordinates, such as a packet's trail) is drawn on top.
 */
export function graphToSvg(cy: Core, background = '#ffffff', overlay = ''): string {
  const measure = canvasMeasure();
  const visible = drawingOrder(cy).filter((e) => e.visible() && e.effectiveOpacity() > 0);
  const bb = cy.elements().boundingBox();
  const body = visible.map((e) => (e.isNode() ? drawNode(e, measure) : drawEdge(e as EdgeSingular, measure))).join('\n');
  const w = Math.max(1, Math.ceil(bb.w));
  const h = Math.max(1, Math.ceil(bb.h));
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="${num(bb.x1)} ${num(bb.y1)} ${w} ${h}">`,
    `<rect x="${num(bb.x1)}" y="${num(bb.y1)}" width="${w}" height="${h}" fill="${escapeXml(background)}"/>`,
    body,
    ...(overlay ? [overlay] : []),
    `</svg>`,
    '',
  ].join('\n');
}
