/**
 * A flow for the slides: the whole graph with the packet's route drawn over it and the hop's
 * caption under it, composed on one canvas of the asked size. As a video (WebM, recorded from
 * that canvas by the browser's MediaRecorder, in real time), an animated GIF (frames drawn
 * ahead of time, written by our own encoder) or one picture (PNG) of the route so far.
 */
import { createGif, paletteFor } from './gif.ts';
import type { GraphView } from './graph-view.ts';
import { paintPacket } from './packet-mark.ts';
import { markersOf, paintMarkers, paintTrail, type Box, type View } from './packet-overlay.ts';
import type { PacketStep, Point } from './packet-path.ts';
import { durationOf } from './packet-player.ts';
import { wrapText } from './wrap-text.ts';

/** What a hop says under the picture: where it is, and what happens there. */
export interface Caption {
  readonly title: string;
  readonly text: string;
}

export interface FlowFilm {
  readonly steps: readonly PacketStep[];
  readonly boxAt: (p: Point) => Box | undefined;
  /** The labelled elements around the way (the packet's label keeps off them where it can). */
  readonly around: readonly Box[];
  /** Every name on the graph: the markers, the dot and the label keep off them, as on screen. */
  readonly names: readonly Box[];
  /** Of those, the nodes' and pods' names: the label keeps off them even where the graph is crowded. */
  readonly titles: readonly Box[];
  /** By hop number. */
  readonly captions: readonly Caption[];
  readonly width: number;
  readonly height: number;
  readonly speed: number;
}

/** Where each step starts on the film's clock, and how long the whole flow takes. */
export function timeline(steps: readonly PacketStep[], speed: number) {
  const starts: number[] = [];
  let total = LEAD_MS;
  for (const s of steps) {
    starts.push(total);
    total += durationOf(s, false) / speed;
  }
  return {
    /** The last frame stays a while: the end of the story. */
    total: total + HOLD_MS,
    at(ms: number): { index: number; t: number } {
      let index = 0;
      while (index < starts.length - 1 && starts[index + 1]! <= ms) index++;
      const d = durationOf(steps[index]!, false) / speed;
      return { index, t: Math.min(1, Math.max(0, (ms - starts[index]!) / d)) };
    },
  };
}

const LEAD_MS = 400;
const HOLD_MS = 1500;

/** The graph drawn once, whole, to fit the film's picture area; and the view that maps onto it. */
async function backdrop(graph: GraphView, width: number, height: number, captionHeight: number) {
  const margin = Math.round(height * 0.03);
  const areaW = width - 2 * margin;
  const areaH = height - captionHeight - 2 * margin;
  const { blob, bb } = graph.inDetail(() => {
    // Cytoscape draws the whole graph scaled to fit these bounds (no device pixel ratio then).
    const bb = graph.cy.elements().boundingBox();
    const png = graph.cy.png({ output: 'blob', full: true, maxWidth: areaW, maxHeight: areaH, bg: '#ffffff' });
    return { blob: png, bb };
  });
  const image = await createImageBitmap(blob);
  const zoom = Math.min(areaW / Math.ceil(bb.w), areaH / Math.ceil(bb.h));
  const x = margin + (areaW - image.width) / 2;
  const y = margin + (areaH - image.height) / 2;
  const view: View = {
    zoom,
    pan: { x: x - bb.x1 * zoom, y: y - bb.y1 * zoom },
    width,
    height: height - captionHeight,
    scale: Math.max(1, height / 720),
  };
  return { image, x, y, view };
}

/**
 * Each hop's caption broken into lines that fit the film's width (a canvas squeezes a line too
 * long for it), and the band's height: enough for the longest caption, at least 13% of the
 * picture, at most 40% (a longer caption's last line ends with "…").
 */
export function captionLayout(ctx: Pick<CanvasRenderingContext2D, 'font' | 'measureText'>, film: FlowFilm, s: number) {
  const pad = 14 * s;
  const fonts = { title: `700 ${18 * s}px system-ui, sans-serif`, text: `400 ${16 * s}px system-ui, sans-serif` };
  const lineHeight = { title: 24 * s, text: 22 * s };
  const widest = film.width - 2 * pad;
  const lines = (font: string, text: string) => {
    ctx.font = font;
    return wrapText(text, widest, (t) => ctx.measureText(t).width);
  };
  const laid = film.captions.map((c, hop) => ({
    title: lines(fonts.title, `${hop + 1}/${film.steps.length}  ${c.title}`),
    text: lines(fonts.text, c.text),
  }));
  const heightOf = (titles: number, texts: number) => 1.4 * pad + titles * lineHeight.title + 4 * s + texts * lineHeight.text;
  const needed = Math.max(0, ...laid.map((l) => heightOf(l.title.length, l.text.length)));
  const height = Math.round(Math.min(film.height * 0.4, Math.max(film.height * 0.13, needed)));
  for (const l of laid) {
    const fits = Math.max(1, Math.floor((height - heightOf(l.title.length, 0)) / lineHeight.text));
    if (l.text.length > fits) l.text = [...l.text.slice(0, fits - 1), `${l.text[fits - 1]!.replace(/.$/u, '')}…`];
  }
  return { height, laid, pad, fonts, lineHeight };
}

/** Everything drawn for one moment of the flow, on a canvas of the film's size. */
export async function filmPainter(graph: GraphView, film: FlowFilm) {
  const canvas = document.createElement('canvas');
  canvas.width = film.width;
  canvas.height = film.height;
  const ctx = canvas.getContext('2d')!;
  const s = Math.max(1, film.height / 720);
  const captions = captionLayout(ctx, film, s);
  const captionHeight = captions.height;
  const back = await backdrop(graph, film.width, film.height, captionHeight);
  const markers = markersOf(film.steps, film.boxAt);
  const clock = timeline(film.steps, film.speed);

  const paintCaption = (hop: number) => {
    const c = captions.laid[hop];
    const top = film.height - captionHeight;
    ctx.fillStyle = '#1d2330';
    ctx.fillRect(0, top, film.width, captionHeight);
    if (!c) return;
    const { pad, fonts, lineHeight } = captions;
    ctx.fillStyle = '#fff';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    let y = top + pad * 0.7;
    ctx.font = fonts.title;
    for (const line of c.title) {
      ctx.fillText(line, pad, y);
      y += lineHeight.title;
    }
    y += 4 * s;
    ctx.font = fonts.text;
    for (const line of c.text) {
      ctx.fillText(line, pad, y);
      y += lineHeight.text;
    }
  };

  /** The picture `ms` into the flow (or, with `index`, that step done). */
  const paint = (at: { index: number; t: number }) => {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, film.width, film.height);
    ctx.drawImage(back.image, back.x, back.y);
    const step = film.steps[at.index];
    if (step) {
      paintTrail(ctx, back.view, film.steps, at.index, at.t, film.names);
      const keep = { names: film.names, titles: film.titles };
      const hits = paintMarkers(ctx, back.view, markers, step.hop, keep);
      const from = film.steps[at.index - 1];
      paintPacket(ctx, back.view, step, at.t, [from && film.boxAt(from.path.at(-1)!), film.boxAt(step.path.at(-1)!)], film.around, {
        ...keep,
        drawn: hits.map((h) => h.box),
      });
    }
    paintCaption(step?.hop ?? 0);
  };
  return { canvas, ctx, paint, clock };
}

/** Why an export could not be made: the dialog says it in the page's language. */
export class ExportFailure extends Error {
  constructor(readonly reason: 'no-webm' | 'no-video' | 'no-picture') {
    super(`the export failed: ${reason}`);
  }
}

/**
 * The video codecs to ask MediaRecorder for, best first: VP8 before VP9, since the browser encodes
 * in real time while the flow plays, VP8 costs a fraction of VP9's time on a school laptop (no
 * frame dropped), and slide software plays it more widely.
 */
const WEBM_TYPES = ['video/webm;codecs=vp8', 'video/webm;codecs=vp9', 'video/webm'];

/** Plays the flow on the film's canvas in real time while MediaRecorder records it. */
export async function recordWebm(graph: GraphView, film: FlowFilm, onProgress?: (done: number) => void): Promise<Blob> {
  const type = WEBM_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
  if (!type) throw new ExportFailure('no-webm');
  const painter = await filmPainter(graph, film);
  const stream = painter.canvas.captureStream(30);
  const recorder = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: 6_000_000 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  const stopped = new Promise<void>((resolve) => (recorder.onstop = () => resolve()));
  painter.paint(painter.clock.at(0));
  recorder.start(500);
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const frame = () => {
      const ms = performance.now() - start;
      painter.paint(painter.clock.at(ms));
      onProgress?.(Math.min(1, ms / painter.clock.total));
      if (ms >= painter.clock.total) resolve();
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  recorder.stop();
  await stopped;
  for (const track of stream.getTracks()) track.stop();
  // Never save an empty file as if it were a video: say so, and the dialog shows it.
  if (chunks.length === 0) throw new ExportFailure('no-video');
  return new Blob(chunks, { type: 'video/webm' });
}

/** Draws the flow frame by frame (ten a second) and writes them as an animated GIF. */
export async function recordGif(graph: GraphView, film: FlowFilm, onProgress?: (done: number) => void): Promise<Blob> {
  const painter = await filmPainter(graph, film);
  const { ctx, clock } = painter;
  const FRAME_MS = 100;
  const pixels = () => ctx.getImageData(0, 0, film.width, film.height).data;
  // The palette from the first, middle and last pictures: the graph, and the packet's colours.
  const samples = [0, 0.5, 1].map((f) => {
    painter.paint(clock.at(f * clock.total));
    return pixels();
  });
  const gif = createGif(film.width, film.height, paletteFor(samples));
  for (let ms = 0; ms <= clock.total; ms += FRAME_MS) {
    painter.paint(clock.at(ms));
    gif.add({ rgba: pixels(), delayMs: FRAME_MS });
    onProgress?.(ms / clock.total);
    // Let the page breathe between frames.
    await new Promise((r) => setTimeout(r, 0));
  }
  return new Blob([gif.finish().bytes], { type: 'image/gif' });
}

/** One picture: the route as far as the packet has gone (`index`, the step shown now). */
export async function flowPng(graph: GraphView, film: FlowFilm, index: number): Promise<Blob> {
  const painter = await filmPainter(graph, film);
  painter.paint({ index, t: 1 });
  return new Promise((resolve, reject) =>
    painter.canvas.toBlob((b) => (b ? resolve(b) : reject(new ExportFailure('no-picture'))), 'image/png'),
  );
}
