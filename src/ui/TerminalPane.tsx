/**
 * The terminal pane: an xterm.js terminal driving the simulated shell of src/terminal, with line
 * editing (←/→, Home/End, Backspace/Delete, Ctrl-A/E/U/W), history (↑/↓), Tab completion,
 * Ctrl-C, Ctrl-L, and a node switcher above it (`ssh NODE` moves too).
 *
 * xterm is heavy: this module is the default export so the page can load it lazily,
 * `React.lazy(() => import('./TerminalPane.tsx'))`. Give it a shell created once per page
 * (`createShell` of src/terminal) so history, logins and conntrack outlive the tab; what was on
 * the screen is kept per shell and shown again when the pane mounts again.
 */
import { useEffect, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { Shell } from '../terminal/types.ts';
import { exposeForTests } from '../test-hooks.ts';

export interface TerminalPaneProps {
  /** The shell to drive: create it once per page (`createShell`) so it outlives the pane. */
  readonly shell: Shell;
  /** The node names for the switcher. */
  readonly nodes: readonly string[];
  /** The accessible name of the pane and of the terminal's input. */
  readonly label?: string;
}

/** What each shell's terminal showed, replayed when the pane mounts again (capped). */
const transcripts = new WeakMap<Shell, string[]>();
const TRANSCRIPT_LIMIT = 2000;

const FONT = '"DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace';
const FONT_SIZE = 13;

/** The character cell of the terminal's font, measured in the page. */
function cellSize(host: HTMLElement): { width: number; height: number } {
  const probe = document.createElement('span');
  probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;font-family:${FONT};font-size:${FONT_SIZE}px;line-height:normal`;
  probe.textContent = 'W'.repeat(32);
  host.appendChild(probe);
  const rect = probe.getBoundingClientRect();
  probe.remove();
  return { width: rect.width / 32 || 8, height: rect.height || 16 };
}

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0]!;
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** Visible width of text with ANSI escapes removed. */
function visible(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').length;
}

export function TerminalPane({ shell, nodes, label = 'Terminal' }: TerminalPaneProps) {
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
    term.open(host);
    term.textarea?.setAttribute('aria-label', label);
    // Opening the tab is asking to type there (keys outside it are shortcuts: P is presenter mode).
    term.focus();
    // For browser tests: the whole scrollback, not only the rows on screen.
    exposeForTests({ __terminal: term });

    const transcript = transcripts.get(shell) ?? [];
    transcripts.set(shell, transcript);
    const write = (text: string) => {
      term.write(text);
      transcript.push(text);
      if (transcript.length > TRANSCRIPT_LIMIT) transcript.splice(0, transcript.length - TRANSCRIPT_LIMIT);
    };

    let line = '';
    let cursor = 0;
    let prompt = shell.prompt();
    let historyAt = -1;
    let draft = '';
    /** The cursor's offset from the start of the prompt, as last drawn. */
    let drawnAt = visible(prompt);

    const fit = () => {
      const { width, height } = cellSize(host);
      const cols = Math.max(20, Math.floor(host.clientWidth / width));
      const rows = Math.max(4, Math.floor(host.clientHeight / height));
      if (cols !== term.cols || rows !== term.rows) term.resize(cols, rows);
    };

    /** Redraws the prompt and the line from the prompt's first row, and puts the cursor back. */
    const redraw = () => {
      const cols = term.cols;
      const up = Math.floor(drawnAt / cols);
      let out = `${up > 0 ? `\x1b[${up}A` : ''}\r\x1b[J${prompt}${line}`;
      const p = visible(prompt);
      const end = p + line.length;
      if (end > 0 && end % cols === 0) out += '\r\n';
      const endRow = Math.floor(end / cols);
      const target = p + cursor;
      const rowsUp = endRow - Math.floor(target / cols);
      out += `${rowsUp > 0 ? `\x1b[${rowsUp}A` : ''}\x1b[${(target % cols) + 1}G`;
      drawnAt = target;
      term.write(out);
    };

    // The prompt and the line being edited are drawn, not recorded: a finished line is.
    const newPrompt = () => {
      prompt = shell.prompt();
      line = '';
      cursor = 0;
      historyAt = -1;
      drawnAt = visible(prompt);
      term.write(prompt);
    };

    /** Leaves the input line: the cursor goes below it, the line stays on the screen. */
    const finishLine = (suffix = '') => {
      cursor = line.length;
      redraw();
      term.write(`${suffix}\r\n`);
      transcript.push(`${prompt}${line}${suffix}\r\n`);
    };

    // Written, not term.clear(): writes are queued, and the clearing must come after them.
    const clearScreen = () => {
      term.write('\x1b[H\x1b[2J\x1b[3J');
      transcript.length = 0;
    };

    const run = (text: string) => {
      const result = shell.execute(text);
      for (const e of result.effects) if (e.kind === 'clear') clearScreen();
      if (result.output) write(result.output);
      setNode(shell.node());
    };

    const complete = () => {
      const before = line.slice(0, cursor);
      const { word, candidates } = shell.complete(before);
      if (candidates.length === 0) return;
      const prefix = commonPrefix(candidates);
      let insert = prefix.slice(word.length);
      if (candidates.length === 1 && !prefix.endsWith('/')) insert += ' ';
      if (insert) {
        line = before + insert + line.slice(cursor);
        cursor += insert.length;
        redraw();
        return;
      }
      // Nothing in common to add: list the choices below, as bash does on a second Tab.
      const saved = cursor;
      cursor = line.length;
      redraw();
      // Paths are listed by their last component, as bash lists them.
      const shown = candidates.map((c) => (word.includes('/') ? c.slice(c.lastIndexOf('/', c.length - 2) + 1) : c));
      const width = Math.max(...shown.map((c) => c.length)) + 2;
      const perRow = Math.max(1, Math.floor(term.cols / width));
      const rows: string[] = [];
      for (let i = 0; i < shown.length; i += perRow) rows.push(shown.slice(i, i + perRow).map((c) => c.padEnd(width)).join('').trimEnd());
      term.write(`\r\n${rows.join('\r\n')}\r\n`);
      cursor = saved;
      drawnAt = visible(prompt);
      term.write(prompt);
      redraw();
    };

    const recall = (delta: 1 | -1) => {
      const history = shell.history();
      if (history.length === 0) return;
      if (historyAt === -1) {
        if (delta === 1) return;
        draft = line;
        historyAt = history.length;
      }
      historyAt += delta;
      if (historyAt < 0) historyAt = 0;
      if (historyAt >= history.length) {
        historyAt = -1;
        line = draft;
      } else line = history[historyAt]!;
      cursor = line.length;
      redraw();
    };

    const KEYS: Record<string, () => void> = {
      '\x1b[D': () => cursor > 0 && (cursor--, redraw()),
      '\x1b[C': () => cursor < line.length && (cursor++, redraw()),
      '\x1b[A': () => recall(-1),
      '\x1b[B': () => recall(1),
      '\x1b[H': () => ((cursor = 0), redraw()),
      '\x1bOH': () => ((cursor = 0), redraw()),
      '\x01': () => ((cursor = 0), redraw()),
      '\x1b[F': () => ((cursor = line.length), redraw()),
      '\x1bOF': () => ((cursor = line.length), redraw()),
      '\x05': () => ((cursor = line.length), redraw()),
      '\x1b[3~': () => cursor < line.length && ((line = line.slice(0, cursor) + line.slice(cursor + 1)), redraw()),
      '\x7f': () => cursor > 0 && ((line = line.slice(0, cursor - 1) + line.slice(cursor)), cursor--, redraw()),
      '\b': () => cursor > 0 && ((line = line.slice(0, cursor - 1) + line.slice(cursor)), cursor--, redraw()),
      '\x15': () => ((line = line.slice(cursor)), (cursor = 0), redraw()),
      '\x17': () => {
        const start = line.slice(0, cursor).replace(/\S+\s*$/, '').length;
        line = line.slice(0, start) + line.slice(cursor);
        cursor = start;
        redraw();
      },
      '\t': complete,
      '\x03': () => {
        finishLine('^C');
        newPrompt();
      },
      '\x0c': () => {
        clearScreen();
        drawnAt = 0;
        redraw();
      },
    };

    const onData = term.onData((data) => {
      const key = KEYS[data];
      if (key) {
        key();
        return;
      }
      if (data.startsWith('\x1b')) return; // other escape sequences: ignored
      // Typed or pasted text: a newline runs the line so far.
      for (const ch of data.replace(/\r\n/g, '\r').replace(/\n/g, '\r')) {
        if (ch === '\r') {
          const text = line;
          finishLine();
          run(text);
          newPrompt();
        } else if (ch >= ' ' || ch === '\t') {
          line = line.slice(0, cursor) + ch + line.slice(cursor);
          cursor++;
        }
      }
      redraw();
    });

    api.current = {
      switchTo(next) {
        if (next === shell.node()) return;
          finishLine('');
        shell.setNode(next);
        setNode(shell.node());
        write(`\x1b[2m(logged in to ${next})\x1b[0m\r\n`);
        newPrompt();
        term.focus();
      },
    };

    fit();
    const observer = new ResizeObserver(() => fit());
    observer.observe(host);
    if (transcript.length > 0) {
      term.write(transcript.join(''));
      newPrompt();
    } else {
      write('Simulated shell on the cluster\'s nodes. Type \x1b[1mhelp\x1b[0m for the lab\'s commands, Tab to complete.\r\n');
      newPrompt();
    }

    return () => {
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
            {[...new Set([...nodes, node])].map((n) => (
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
