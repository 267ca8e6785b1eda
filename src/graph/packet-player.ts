/**
 * Moving packets, drawn on a canvas laid over the graph: a frame costs a handful of canvas calls
 * whatever the size of the graph, because no graph element moves. The player walks a trace's
 * steps: it travels along each step's path, dwells where a rule rewrites the header (the label
 * changes colour by kind of rewrite), and reports each hop it reaches.
 */
import type { Core } from 'cytoscape';
import type { PacketStep, Point, Rewrite } from './packet-path.ts';

export const REWRITE_COLOURS: Readonly<Record<Rewrite | 'request' | 'reply', string>> = {
  request: '#1c7ed6',
  reply: '#2f9e44',
  none: '#1c7ed6',
  dnat: '#e8590c',
  snat: '#d6336c',
  masquerade: '#d6336c',
  redirect: '#7048e8',
  unnat: '#0c8599',
  proxy: '#5f3dc4',
  drop: '#c92a2a',
};

export const REWRITE_NAMES: Readonly<Record<Rewrite, string>> = {
  none: '',
  dnat: 'DNAT',
  snat: 'SNAT',
  masquerade: 'MASQUERADE',
  redirect: 'REDIRECT',
  unnat: 'conntrack un-NAT',
  proxy: 'new connection',
  drop: '✕',
};

export interface PacketPlayer {
  load(steps: readonly PacketStep[]): void;
  play(): void;
  pause(): void;
  /** Moves one hop forward or back and pauses there. */
  step(delta: 1 | -1): void;
  /** Plays on from the start of the next step (after a prediction was answered). */
  playNext(): void;
  seek(hop: number): void;
  setSpeed(speed: number): void;
  /** Many packets at once (a burst of requests), dots only; calls done when all arrived. */
  burst(paths: readonly (readonly PacketStep[])[], done?: () => void): void;
  onHop(listener: (hop: number, playing: boolean) => void): void;
  /** Asked before the packet moves on to a step: false stops it there (to ask a prediction). */
  setGate(gate: ((next: PacketStep) => boolean) | undefined): void;
  /** Milliseconds between animation frames while anything moved (for the benchmark). */
  readonly frameTimes: number[];
  destroy(): void;
}

const MOVE_MS = 750;
const REWRITE_MS = 1000;
const HOP_MS = 160;
const STILL_MS = 550;

function durationOf(s: PacketStep, reduced: boolean): number {
  if (s.rewrite !== 'none') return REWRITE_MS;
  if (s.moves) return reduced ? STILL_MS : MOVE_MS;
  return HOP_MS;
}

function lengthOf(path: readonly Point[]): number {
  let total = 0;
  for (let i = 1; i < path.length; i++) total += Math.hypot(path[i]!.x - path[i - 1]!.x, path[i]!.y - path[i - 1]!.y);
  return total;
}

/** The point a fraction `t` of the way along a polyline. */
export function along(path: readonly Point[], t: number): Point {
  const total = lengthOf(path);
  if (total === 0 || t >= 1) return path[path.length - 1]!;
  let left = Math.max(0, t) * total;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!;
    const b = path[i]!;
    const seg = Math.hypot(b.x - a.x, b.y - a.y);
    if (left <= seg) return seg === 0 ? b : { x: a.x + ((b.x - a.x) * left) / seg, y: a.y + ((b.y - a.y) * left) / seg };
    left -= seg;
  }
  return path[path.length - 1]!;
}

export function createPacketPlayer(cy: Core, host: HTMLElement, options: { reducedMotion?: boolean } = {}): PacketPlayer {
  const reduced = !!options.reducedMotion;
  const canvas = document.createElement('canvas');
  canvas.className = 'packet-overlay';
  canvas.setAttribute('aria-hidden', 'true');
  host.appendChild(canvas);
  const ctx = canvas.getContext('2d')!;
  let steps: readonly PacketStep[] = [];
  let index = 0;
  let t = 1;
  let playing = false;
  let speed = 1;
  let frame = 0;
  let last = 0;
  let bursts: { steps: readonly PacketStep[]; start: number; index: number; t: number }[] = [];
  let burstDone: (() => void) | undefined;
  let gate: ((next: PacketStep) => boolean) | undefined;
  const listeners: ((hop: number, playing: boolean) => void)[] = [];
  const frameTimes: number[] = [];

  const resize = () => {
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = host.getBoundingClientRect();
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    draw();
  };
  const observer = new ResizeObserver(resize);
  observer.observe(host);

  const toScreen = (p: Point): Point => {
    const zoom = cy.zoom();
    const pan = cy.pan();
    return { x: p.x * zoom + pan.x, y: p.y * zoom + pan.y };
  };

  const emit = () => {
    for (const l of listeners) l(steps[index]?.hop ?? 0, playing);
  };

  function drawPacket(step: PacketStep, progress: number, withLabel: boolean): void {
    const p = toScreen(reduced ? step.path[step.path.length - 1]! : along(step.path, progress));
    const colour = step.rewrite === 'none' ? REWRITE_COLOURS[step.direction] : REWRITE_COLOURS[step.rewrite];
    ctx.beginPath();
    ctx.arc(p.x, p.y, withLabel ? 8 : 4.5, 0, Math.PI * 2);
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#fff';
    ctx.stroke();
    if (!withLabel) return;
    const name = REWRITE_NAMES[step.rewrite];
    const text = name ? `${name}: ${step.header}` : step.header;
    ctx.font = '600 13px ui-monospace, "DejaVu Sans Mono", monospace';
    const w = ctx.measureText(text).width + 14;
    const x = Math.min(Math.max(4, p.x - w / 2), canvas.clientWidth - w - 4);
    const y = Math.max(4, p.y - 38);
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.roundRect(x, y, w, 22, 5);
    ctx.fill();
    ctx.fillStyle = '#fff';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, x + 7, y + 11);
  }

  function draw(): void {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    for (const b of bursts) {
      const s = b.steps[b.index];
      if (s && b.start <= 0) drawPacket(s, b.t, false);
    }
    const current = steps[index];
    if (current) drawPacket(current, t, true);
  }

  function tick(now: number): void {
    const dt = last ? now - last : 16;
    last = now;
    frameTimes.push(dt);
    if (frameTimes.length > 2000) frameTimes.splice(0, 1000);
    let moving = false;
    if (playing && steps.length > 0) {
      const current = steps[index]!;
      t += (dt * speed) / durationOf(current, reduced);
      if (t >= 1) {
        if (index < steps.length - 1 && gate && !gate(steps[index + 1]!)) {
          t = 1;
          playing = false;
          emit();
        } else if (index < steps.length - 1) {
          index += 1;
          t = 0;
          emit();
        } else {
          t = 1;
          playing = false;
          emit();
        }
      }
      moving = playing;
    }
    for (const b of bursts) {
      if (b.start > 0) {
        b.start -= dt * speed;
        continue;
      }
      const s = b.steps[b.index];
      if (!s) continue;
      b.t += (dt * speed * 4) / (s.moves ? MOVE_MS : HOP_MS * 2);
      if (b.t >= 1) {
        b.index += 1;
        b.t = 0;
      }
    }
    bursts = bursts.filter((b) => b.index < b.steps.length);
    if (bursts.length === 0 && burstDone) {
      const done = burstDone;
      burstDone = undefined;
      done();
    }
    draw();
    frame = moving || bursts.length > 0 ? requestAnimationFrame(tick) : 0;
    if (!frame) last = 0;
  }

  const run = () => {
    if (!frame) frame = requestAnimationFrame(tick);
  };
  const onViewport = () => {
    if (!frame) draw();
  };
  cy.on('viewport', onViewport);

  return {
    frameTimes,
    load(next) {
      steps = next;
      index = 0;
      t = 0;
      playing = false;
      // A burst of the previous flow ends here: its result belongs to that flow.
      bursts = [];
      burstDone = undefined;
      draw();
      emit();
    },
    play() {
      if (steps.length === 0) return;
      if (index >= steps.length - 1 && t >= 1) {
        index = 0;
        t = 0;
      }
      playing = true;
      emit();
      run();
    },
    pause() {
      playing = false;
      emit();
      draw();
    },
    step(delta) {
      playing = false;
      index = Math.min(steps.length - 1, Math.max(0, index + delta));
      t = 1;
      draw();
      emit();
    },
    playNext() {
      if (index < steps.length - 1) index += 1;
      t = 0;
      playing = true;
      emit();
      run();
    },
    seek(hop) {
      const i = steps.findIndex((s) => s.hop >= hop);
      playing = false;
      index = i < 0 ? steps.length - 1 : i;
      t = 1;
      draw();
      emit();
    },
    setSpeed(s) {
      speed = s;
    },
    burst(paths, done) {
      bursts = paths.map((p, i) => ({ steps: p, start: i * 45, index: 0, t: 0 }));
      burstDone = done;
      run();
    },
    onHop(listener) {
      listeners.push(listener);
    },
    setGate(g) {
      gate = g;
    },
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      cy.off('viewport', onViewport);
      observer.disconnect();
      canvas.remove();
    },
  };
}
