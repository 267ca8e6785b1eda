/**
 * The terminal pane: an xterm.js terminal over the page's shell (a Web Worker, see
 * terminal-shell.ts), with a node switcher above it (`ssh NODE` moves too). Keys go to the pure
 * line editor of src/terminal/line-editor.ts; this adapter does what it asks (run a line,
 * complete, clear) and writes what it draws. Keys typed while a command runs wait for it;
 * Ctrl+C ends it. The terminal fills its panel (@xterm/addon-fit) and refits on resize.
 *
 * xterm is heavy: this module is the default export so the page can load it lazily,
 * `React.lazy(() => import('./TerminalPane.tsx'))`. What was on the screen and the line being
 * typed are kept per shell and shown again when the pane mounts again.
 */
import { useEffect, useRef, useState } from 'react';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { escapeControls } from '../core/print/escape.ts';
import type { AppStore } from '../store/store.ts';
import { exposeForTests } from '../test-hooks.ts';
import { LIMIT_MESSAGES } from '../terminal/limits.ts';
import { applyCompletion, edit, newLine, render, type LineState } from '../terminal/line-editor.ts';
import { TIME_LIMIT_MS, type RemoteShell } from '../terminal/remote/client.ts';
import { shellOf } from './terminal-shell.ts';

export interface TerminalPaneProps {
  readonly store: AppStore;
  /** The node names for the switcher. */
  readonly nodes: readonly string[];
  /** The accessible name of the pane and of the terminal's input. */
  readonly label?: string;
}

/** What each shell's terminal showed, and the line being typed, kept when the pane unmounts. */
const screens = new WeakMap<RemoteShell, { transcript: string[]; line: LineState }>();
const TRANSCRIPT_LIMIT = 2000;

const FONT = '"DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace';
const FONT_SIZE = 13;
const WELCOME = "Simulated shell on the cluster's nodes. Type \x1b[1mhelp\x1b[0m for the lab's commands, Tab to complete.\r\n";

export function TerminalPane({ store, nodes, label = 'Terminal' }: TerminalPaneProps) {
  const shell = shellOf(store);
  const hostRef = useRef<HTMLDivElement>(null);
  const [node, setNode] = useState(() => shell.node());
  const api = useRef<{ switchTo(node: string): void } | null>(null);

  useEffect(() => {
    const host = hostRef.current!;
    const term = new Terminal({
      convertEol: true,
      cursorBlink: true,
      fontFamily: FONT,
      fontSize: FONT_SIZE,
      scrollback: 5000,
      theme: { background: '#1e1f22', foreground: '#e6e6e6', cursor: '#e6e6e6', selectionBackground: '#4a5568' },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host);
    term.textarea?.setAttribute('aria-label', label);
    // Opening the tab is asking to type there (keys outside it are shortcuts: P is presenter mode).
    term.focus();
    // For browser tests: the whole scrollback, not only the rows on screen.
    exposeForTests({ __terminal: term });

    const screen = screens.get(shell) ?? { transcript: [], line: newLine([]) };
    screens.set(shell, screen);
    let alive = true;
    /** Busy while the shell answers (a command, a completion): keys wait in `waiting`. */
    let busy = true;
    let waiting = '';
    /** The cursor's offset from the start of the prompt, as last drawn. */
    let drawnAt = 0;

    const record = (text: string) => {
      screen.transcript.push(text);
      if (screen.transcript.length > TRANSCRIPT_LIMIT) screen.transcript.splice(0, screen.transcript.length - TRANSCRIPT_LIMIT);
    };
    const write = (text: string) => {
      if (alive) term.write(text);
      record(text);
    };
    // The prompt and the line being edited are drawn, not recorded: a finished line is.
    const draw = (line: LineState = screen.line) => {
      const r = render(shell.prompt(), line, term.cols, drawnAt);
      drawnAt = r.drawnAt;
      if (alive) term.write(r.text);
    };
    /** Leaves a line: drawn whole with the cursor at its end, then the cursor goes below it. */
    const finishLine = (line: string, suffix = '') => {
      draw({ ...screen.line, line, cursor: line.length });
      if (alive) term.write(`${suffix}\r\n`);
      record(`${shell.prompt()}${line}${suffix}\r\n`);
      drawnAt = 0;
    };
    // Written, not term.clear(): writes are queued, and the clearing must come after them.
    const clearScreen = () => {
      if (alive) term.write('\x1b[H\x1b[2J\x1b[3J');
      screen.transcript.length = 0;
      drawnAt = 0;
    };
    const idle = () => {
      busy = false;
      setNode(shell.node());
      const keys = waiting;
      waiting = '';
      if (alive) feed(keys);
    };

    const run = async (line: string) => {
      busy = true;
      const result = await shell.run(line);
      if (result.clear) clearScreen();
      if (result.output) write(result.output);
      if (result.stopped === 'interrupted') write('^C\r\n');
      if (result.stopped === 'timeout') write(LIMIT_MESSAGES.time(TIME_LIMIT_MS / 1000));
      draw();
      idle();
    };

    const complete = async (before: string) => {
      busy = true;
      const r = applyCompletion(screen.line, await shell.complete(before), term.cols);
      screen.line = r.state;
      if (r.listing) {
        finishLine(screen.line.line);
        write(escapeControls(r.listing));
      }
      draw();
      idle();
    };

    /** Keys from the keyboard or a paste: edits, and what they ask of the shell. */
    const feed = (data: string) => {
      let rest = data;
      while (rest !== '' && !busy) {
        const r = edit(screen.line, rest);
        screen.line = r.state;
        rest = r.rest;
        const outcome = r.outcome;
        if (!outcome) draw();
        else if (outcome.kind === 'submit') {
          finishLine(outcome.line);
          void run(outcome.line);
        } else if (outcome.kind === 'interrupt') {
          finishLine(outcome.line, '^C');
          draw();
        } else if (outcome.kind === 'complete') void complete(outcome.before);
        else {
          clearScreen();
          draw();
        }
      }
      waiting += rest;
    };

    const onData = term.onData((data) => {
      if (!busy) feed(data);
      // Ctrl+C ends what runs; other keys wait for it, as a terminal's typeahead does.
      else if (data.includes('\x03')) {
        waiting = '';
        shell.interrupt();
      } else waiting += data;
    });

    api.current = {
      switchTo(next) {
        if (next === shell.node() || busy) return;
        busy = true;
        finishLine(screen.line.line);
        void shell.login(next).then(() => {
          write(`\x1b[2m(logged in to ${escapeControls(shell.node())})\x1b[0m\r\n`);
          draw();
          idle();
          if (alive) term.focus();
        });
      },
    };

    const refit = () => {
      if (!host.isConnected || host.clientWidth === 0) return;
      fit.fit();
    };
    refit();
    const observer = new ResizeObserver(refit);
    observer.observe(host);
    if (screen.transcript.length > 0) term.write(screen.transcript.join(''));
    else write(WELCOME);
    void shell.ready.then(() => {
      draw();
      idle();
    });

    return () => {
      alive = false;
      observer.disconnect();
      onData.dispose();
      api.current = null;
      term.dispose();
    };
  }, [shell, label]);

  return (
    <section className="terminal-pane" aria-label={label} style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: '12rem' }}>
      <div className="terminal-pane-bar" style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', padding: '0.25rem 0' }}>
        <label>
          Node{' '}
          <select aria-label="Node" value={node} onChange={(e) => api.current?.switchTo(e.target.value)}>
            {[...new Set([...nodes, node].filter(Boolean))].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div ref={hostRef} className="terminal-pane-host" style={{ flex: 1, minHeight: 0, background: '#1e1f22', padding: '0.25rem', overflow: 'hidden' }} />
    </section>
  );
}

export default TerminalPane;
