/**
 * The page's side of the shell: it runs in a Web Worker (remote/worker.ts), so a command never
 * blocks the page. A request not answered within the time limit, or one the user interrupts
 * (Ctrl+C), ends the worker and starts a new one on the same text, node and history: a command
 * that loops cannot hang the page nor the terminal.
 *
 * @example
 * const shell = createRemoteShell({ spawn, text, onText: setText, onFlow: setFlow });
 * await shell.ready;
 * (await shell.run('docker ps')).output;
 */
import type { TraceRequest } from '../../core/trace/index.ts';
import { HISTORY_LIMIT } from '../limits.ts';
import type { Completion } from '../types.ts';
import type { Carried, FromShell, Place, ToShell } from './protocol.ts';

/** What the client needs of a Worker (a fake one in tests). */
export interface ShellWorker {
  postMessage(message: ToShell): void;
  terminate(): void;
  onmessage: ((event: { readonly data: FromShell }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface RemoteShellOptions {
  readonly spawn: () => ShellWorker;
  /** The scenario text the shell starts on. */
  readonly text: string;
  /** The page's last text without errors (the network its graph shows while the text is broken). */
  readonly lastGood?: string;
  /** The shell set a new text (kubectl apply, scale…): put it in the editor. */
  readonly onText: (text: string) => void;
  /** The shell made a connection (curl): trace and animate it. */
  readonly onFlow: (request: TraceRequest) => void;
  /** A view-only page: commands that would change the scenario refuse. */
  readonly readOnly?: boolean;
  /** The page's language, which the shell's own words follow ('en' if not given). */
  readonly language?: string;
  /** How long a request may run before its worker is ended, in ms. */
  readonly limitMs?: number;
}

export interface RunResult {
  readonly output: string;
  readonly exitCode: number;
  /** `clear` ran: clear the screen before the output. */
  readonly clear: boolean;
  /** Why the command did not finish: over the time limit, or interrupted. */
  readonly stopped?: 'timeout' | 'interrupted';
}

export interface RemoteShell {
  /** Resolves when the first shell has started (its prompt is known). */
  readonly ready: Promise<void>;
  prompt(): string;
  node(): string;
  /** Whether a command is running. */
  busy(): boolean;
  run(line: string): Promise<RunResult>;
  complete(line: string): Promise<Completion>;
  /** Logs in to another node (the node switcher). */
  login(node: string): Promise<void>;
  /** The page's text changed (and its last text without errors). */
  setText(text: string, lastGood?: string): void;
  /** The page became view-only or editable. */
  setReadOnly(readOnly: boolean): void;
  /** The page's language changed. */
  setLanguage(language: string): void;
  /** Ends what runs now (Ctrl+C): its result says `interrupted`. */
  interrupt(): void;
  dispose(): void;
}

/** Two seconds: far above any command on a classroom scenario, short enough to feel stuck. */
export const TIME_LIMIT_MS = 2000;

/** The exit status of a command ended by the time limit, as timeout(1) gives. */
export const TIMED_OUT = 124;
/** The exit status of a command ended by Ctrl+C (128 + SIGINT). */
export const INTERRUPTED = 130;

type Pending =
  | { readonly kind: 'run'; readonly resolve: (r: RunResult) => void; readonly timer: ReturnType<typeof setTimeout> }
  | { readonly kind: 'complete'; readonly resolve: (c: Completion) => void; readonly timer: ReturnType<typeof setTimeout> };

export function createRemoteShell(options: RemoteShellOptions): RemoteShell {
  const limit = options.limitMs ?? TIME_LIMIT_MS;
  let text = options.text;
  let lastGood = options.lastGood ?? '';
  let readOnly = options.readOnly ?? false;
  let language = options.language ?? 'en';
  let place: Place = { prompt: '$ ', node: '' };
  let worker: ShellWorker;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  /** The lines run, carried into a new worker. */
  const history: string[] = [];
  let started: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (started = resolve));

  const onMessage = (message: FromShell) => {
    switch (message.kind) {
      case 'ready':
        place = { prompt: message.prompt, node: message.node };
        started();
        return;
      case 'text':
        text = message.text;
        options.onText(message.text);
        return;
      case 'flow':
        options.onFlow(message.request);
        return;
      case 'done': {
        place = { prompt: message.prompt, node: message.node };
        const p = settle(message.id);
        if (p?.kind === 'run') p.resolve({ output: message.output, exitCode: message.exitCode, clear: message.clear });
        return;
      }
      case 'completion': {
        const p = settle(message.id);
        if (p?.kind === 'complete') p.resolve(message.completion);
        return;
      }
    }
  };

  const settle = (id: number) => {
    const p = pending.get(id);
    if (p) clearTimeout(p.timer);
    pending.delete(id);
    return p;
  };

  const start = (carried: Carried) => {
    worker = options.spawn();
    worker.onmessage = (e) => onMessage(e.data);
    // A worker that fails (it could not load, a bug threw) is replaced; what waited on it ends.
    worker.onerror = () => restart('interrupted');
    worker.postMessage({ kind: 'start', text, lastGood, readOnly, language, carried });
  };

  /** Ends the worker and what waits on it, and starts a new one where the shell was. */
  const restart = (why: 'timeout' | 'interrupted') => {
    worker.onmessage = null;
    worker.onerror = null;
    worker.terminate();
    const waiting = [...pending.keys()].map(settle);
    start({ node: place.node, history: [...history] });
    for (const p of waiting) {
      if (p?.kind === 'run') p.resolve({ output: '', exitCode: why === 'timeout' ? TIMED_OUT : INTERRUPTED, clear: false, stopped: why });
      else p?.resolve({ word: '', candidates: [] });
    }
  };

  const request = <K extends Pending['kind']>(
    kind: K,
    message: (id: number) => ToShell,
    resolve: Extract<Pending, { kind: K }>['resolve'],
  ) => {
    const id = nextId++;
    const timer = setTimeout(() => pending.has(id) && restart('timeout'), limit);
    pending.set(id, { kind, resolve, timer } as Pending);
    worker.postMessage(message(id));
  };

  start({});

  return {
    ready,
    prompt: () => place.prompt,
    node: () => place.node,
    busy: () => [...pending.values()].some((p) => p.kind === 'run'),
    run(line) {
      if (line.trim() !== '') history.push(line);
      if (history.length > HISTORY_LIMIT) history.shift();
      return new Promise((resolve) => request('run', (id) => ({ kind: 'run', id, line }), resolve));
    },
    complete(line) {
      return new Promise((resolve) => request('complete', (id) => ({ kind: 'complete', id, line }), resolve));
    },
    login(node) {
      return new Promise((resolve) =>
        request(
          'run',
          (id) => ({ kind: 'login', id, node }),
          () => resolve(),
        ),
      );
    },
    setText(next, good = lastGood) {
      if (next === text && good === lastGood) return;
      [text, lastGood] = [next, good];
      worker.postMessage({ kind: 'text', text, lastGood });
    },
    setReadOnly(next) {
      if (next === readOnly) return;
      readOnly = next;
      worker.postMessage({ kind: 'read-only', readOnly });
    },
    setLanguage(next) {
      if (next === language) return;
      language = next;
      worker.postMessage({ kind: 'language', language });
    },
    interrupt() {
      if (pending.size > 0) restart('interrupted');
    },
    dispose() {
      for (const id of [...pending.keys()]) settle(id);
      worker.terminate();
    },
  };
}
