/**
 * The few drawing calls the packet overlay makes (paths, rounded chips, text), recorded as SVG
 * instead of pixels, so the SVG export carries the same trail and markers as the screen. It
 * implements `Painter`, the part of the canvas the overlay uses, and nothing more.
 */
import { escapeXml } from './export-svg.ts';
import type { Painter } from './packet-overlay.ts';

interface State {
  lineCap: CanvasLineCap;
  lineJoin: CanvasLineJoin;
  lineWidth: number;
  globalAlpha: number;
  strokeStyle: string;
  fillStyle: string;
  font: string;
  textBaseline: CanvasTextBaseline;
  textAlign: CanvasTextAlign;
}

const n = (v: number) => String(Math.round(v * 100) / 100);

/** The size in px of a CSS font shorthand such as `700 13px system-ui`. */
const fontSize = (font: string) => Number(/([\d.]+)px/.exec(font)?.[1] ?? 10);

export class SvgPainter implements Painter {
  private state: State = {
    lineCap: 'butt',
    lineJoin: 'miter',
    lineWidth: 1,
    globalAlpha: 1,
    strokeStyle: '#000',
    fillStyle: '#000',
    font: '10px sans-serif',
    textBaseline: 'alphabetic',
    textAlign: 'start',
  };
  private readonly saved: State[] = [];
  private path = '';
  private readonly out: string[] = [];

  /** Text widths as a browser measures them (the export measures with a real canvas). */
  constructor(private readonly measure: (text: string, font: string) => number) {}

  get lineCap() {
    return this.state.lineCap;
  }
  set lineCap(v) {
    this.state.lineCap = v;
  }
  get lineJoin() {
    return this.state.lineJoin;
  }
  set lineJoin(v) {
    this.state.lineJoin = v;
  }
  get lineWidth() {
    return this.state.lineWidth;
  }
  set lineWidth(v) {
    this.state.lineWidth = v;
  }
  get globalAlpha() {
    return this.state.globalAlpha;
  }
  set globalAlpha(v) {
    this.state.globalAlpha = v;
  }
  get strokeStyle() {
    return this.state.strokeStyle;
  }
  set strokeStyle(v: string | CanvasGradient | CanvasPattern) {
    this.state.strokeStyle = String(v);
  }
  get fillStyle() {
    return this.state.fillStyle;
  }
  set fillStyle(v: string | CanvasGradient | CanvasPattern) {
    this.state.fillStyle = String(v);
  }
  get font() {
    return this.state.font;
  }
  set font(v) {
    this.state.font = v;
  }
  get textBaseline() {
    return this.state.textBaseline;
  }
  set textBaseline(v) {
    this.state.textBaseline = v;
  }
  get textAlign() {
    return this.state.textAlign;
  }
  set textAlign(v) {
    this.state.textAlign = v;
  }

  save(): void {
    this.saved.push({ ...this.state });
  }
  restore(): void {
    this.state = this.saved.pop() ?? this.state;
  }
  beginPath(): void {
    this.path = '';
  }
  moveTo(x: number, y: number): void {
    this.path += `M${n(x)} ${n(y)}`;
  }
  lineTo(x: number, y: number): void {
    this.path += `L${n(x)} ${n(y)}`;
  }
  roundRect(x: number, y: number, w: number, h: number, radii?: number | DOMPointInit | (number | DOMPointInit)[]): void {
    const r = Math.min(typeof radii === 'number' ? radii : 0, w / 2, h / 2);
    this.path +=
      `M${n(x + r)} ${n(y)}H${n(x + w - r)}A${n(r)} ${n(r)} 0 0 1 ${n(x + w)} ${n(y + r)}V${n(y + h - r)}` +
      `A${n(r)} ${n(r)} 0 0 1 ${n(x + w - r)} ${n(y + h)}H${n(x + r)}A${n(r)} ${n(r)} 0 0 1 ${n(x)} ${n(y + h - r)}` +
      `V${n(y + r)}A${n(r)} ${n(r)} 0 0 1 ${n(x + r)} ${n(y)}Z`;
  }
  stroke(): void {
    if (!this.path) return;
    const s = this.state;
    this.out.push(
      `<path d="${this.path}" fill="none" stroke="${escapeXml(s.strokeStyle)}" stroke-width="${n(s.lineWidth)}" stroke-linecap="${s.lineCap}" stroke-linejoin="${s.lineJoin}"${this.opacity()}/>`,
    );
  }
  fill(): void {
    if (!this.path) return;
    this.out.push(`<path d="${this.path}" fill="${escapeXml(this.state.fillStyle)}"${this.opacity()}/>`);
  }
  measureText(text: string): TextMetrics {
    return { width: this.measure(text, this.state.font) } as TextMetrics;
  }
  fillText(text: string, x: number, y: number): void {
    const s = this.state;
    const anchor = s.textAlign === 'center' ? 'middle' : s.textAlign === 'right' || s.textAlign === 'end' ? 'end' : 'start';
    const baseline = s.textBaseline === 'middle' ? 'central' : s.textBaseline === 'top' ? 'hanging' : 'alphabetic';
    const weight = /^\s*(\d{3}|bold)\b/.exec(s.font)?.[1] ?? 'normal';
    this.out.push(
      `<text x="${n(x)}" y="${n(y)}" fill="${escapeXml(s.fillStyle)}" font-family="system-ui, sans-serif" font-size="${n(fontSize(s.font))}" font-weight="${weight}" text-anchor="${anchor}" dominant-baseline="${baseline}"${this.opacity()}>${escapeXml(text)}</text>`,
    );
  }

  /** Everything drawn so far, as SVG elements in one group. */
  toSvg(className: string): string {
    return `<g class="${escapeXml(className)}">\n${this.out.join('\n')}\n</g>`;
  }

  private opacity(): string {
    return this.state.globalAlpha < 1 ? ` opacity="${n(this.state.globalAlpha)}"` : '';
  }
}
