/**
 * The terminal pane: an xterm.js terminal showing the page's terminal screen (src/terminal/screen.ts:
 * the line editor and the shell in its Web Worker), with a node switcher above it (`ssh NODE`
 * moves too). This adapter only passes keys in and writes out; the terminal fills its panel
 * (@xterm/addon-fit) and refits on resize. Escape then Tab leaves it (terminal-keys.ts).
 *
 * xterm is heavy: this module is the default export so the page can load it lazily,
 * `React.lazy(() => import('./TerminalPane.tsx'))`.
 */
import { useEffect, useRef, useState } from 'react';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { words } from '../i18n/words.ts';
import { useApp, type AppStore } from '../store/store.ts';
import { exposeForTests } from '../test-hooks.ts';
import { escapeThenTab, focusOutOf } from './terminal-keys.ts';
import { screenOf } from './terminal-shell.ts';

export interface TerminalPaneProps {
  readonly store: AppStore;
  /** The node names for the switcher. */
  readonly nodes: readonly string[];
  /** The accessible name of the pane and of the terminal's input. */
  readonly label?: string;
}

const FONT = '"DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace';
const FONT_SIZE = 13;

export function TerminalPane({ store, nodes, label = 'Terminal' }: TerminalPaneProps) {
  const screen = screenOf(store);
  const t = words(useApp(store, (s) => s.language)).ui;
  const hostRef = useRef<HTMLDivElement>(null);
  const [node, setNode] = useState('');
  const termRef = useRef<Terminal | null>(null);

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
    termRef.current = term;
    // Tab completes; Escape then Tab (or Shift+Tab) moves the focus out, as in the editor.
    term.attachCustomKeyEventHandler(escapeThenTab((backward) => term.element && focusOutOf(term.element, backward)));
    term.textarea?.setAttribute('aria-label', label);
    // Opening the tab is asking to type there (keys outside it are shortcuts: P is presenter mode).
    term.focus();
    // For browser tests: the whole scrollback, not only the rows on screen.
    exposeForTests({ __terminal: term });

    // A hidden panel has no size to fit.
    const refit = () => host.clientWidth > 0 && fit.fit();
    refit();
    const observer = new ResizeObserver(refit);
    observer.observe(host);
    screen.attach(
      {
        get cols() {
          return term.cols;
        },
        write: (text) => term.write(text),
      },
      setNode,
    );
    const onData = term.onData((keys) => screen.keys(keys));
    return () => {
      screen.detach();
      onData.dispose();
      observer.disconnect();
      term.dispose();
      termRef.current = null;
    };
  }, [screen, label]);

  const switchTo = (next: string) => {
    screen.switchTo(next);
    termRef.current?.focus();
  };

  return (
    <section
      className="terminal-pane"
      aria-label={label}
      style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: '12rem' }}
    >
      <div className="terminal-pane-bar" style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', padding: '0.25rem 0' }}>
        <label>
          {t.terminalNode}{' '}
          <select aria-label={t.terminalNode} value={node} onChange={(e) => switchTo(e.target.value)}>
            {[...new Set([...nodes, node].filter(Boolean))].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div
        ref={hostRef}
        className="terminal-pane-host"
        style={{ flex: 1, minHeight: 0, background: '#1e1f22', padding: '0.25rem', overflow: 'hidden' }}
      />
    </section>
  );
}

export default TerminalPane;
