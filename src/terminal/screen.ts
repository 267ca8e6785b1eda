/**
 * What the terminal shows, kept per shell: the transcript, the line being typed, and whether a
 * command runs. Keys go to the pure line editor; what it asks (run a line, complete, clear) goes
 * to the shell in its worker, and what comes back is written to the display attached now, if
 * any. A display (xterm in src/ui/TerminalPane.tsx) comes and goes with the terminal tab: a
 * command's answer that arrives while the tab is closed is on the screen when it opens again.
 * Keys typed while a command runs wait for it; Ctrl+C ends it.
 *
 * @example
 * const screen = createScreen(shell);
 * screen.attach({ cols: 80, write: (t) => term.write(t) }, setNode);
 * term.onData((keys) => screen.keys(keys));
 */
import { escapeControls } from '../core/print/escape.ts';
import { shellEn, type ShellWords } from '../i18n/shell-words.ts';
import { LIMIT_MESSAGES } from './limits.ts';
import { applyCompletion, edit, newLine, render, type LineState } from './line-editor.ts';
import { TIME_LIMIT_MS, type RemoteShell } from './remote/client.ts';

/** Where the screen is drawn: a terminal `cols` wide. */
export interface Display {
  readonly cols: number;
  write(text: string): void;
}

export interface Screen {
  /** Shows the screen on a display (its transcript, then the prompt); `onNode` hears logins. */
  attach(display: Display, onNode: (node: string) => void): void;
  detach(): void;
  /** Keys from the keyboard or a paste (xterm's onData). */
  keys(data: string): void;
  /** Logs in to another node (the node switcher). */
  switchTo(node: string): void;
}

const TRANSCRIPT_LIMIT = 2000;
const WELCOME = "Simulated shell on the cluster's nodes. Type \x1b[1mhelp\x1b[0m for the lab's commands, Tab to complete.";

/** Bold on a terminal. */
export const bold = (text: string): string => `\x1b[1m${text}\x1b[0m`;

/**
 * `welcome`: the first line, in the page's language, and `words` the shell's own words in it now
 * (the commands' own output stays the real tools' English).
 */
export function createScreen(shell: RemoteShell, welcome = WELCOME, words: () => ShellWords = () => shellEn): Screen {
  const transcript: string[] = [];
  let line: LineState = newLine([]);
  let display: Display | undefined;
  let onNode: (node: string) => void = () => undefined;
  /** Busy while the shell answers (a command, a completion): keys wait in `waiting`. */
  let busy = true;
  let waiting = '';
  /** The cursor's offset from the start of the prompt, as last drawn. */
  let drawnAt = 0;

  const record = (text: string) => {
    transcript.push(text);
    if (transcript.length > TRANSCRIPT_LIMIT) transcript.splice(0, transcript.length - TRANSCRIPT_LIMIT);
  };
  const write = (text: string) => {
    display?.write(text);
    record(text);
  };
  // The prompt and the line being edited are drawn, not recorded: a finished line is.
  const draw = (shown: LineState = line) => {
    const r = render(shell.prompt(), shown, display?.cols ?? 80, drawnAt);
    drawnAt = r.drawnAt;
    display?.write(r.text);
  };
  /** Leaves a line: drawn whole with the cursor at its end, then the cursor goes below it. */
  const finishLine = (text: string, suffix = '') => {
    draw({ ...line, line: text, cursor: text.length });
    display?.write(`${suffix}\r\n`);
    record(`${shell.prompt()}${text}${suffix}\r\n`);
    drawnAt = 0;
  };
  // Written as a sequence, not term.clear(): writes are queued, and the clearing comes after them.
  const clearScreen = () => {
    display?.write('\x1b[H\x1b[2J\x1b[3J');
    transcript.length = 0;
    drawnAt = 0;
  };
  const idle = () => {
    busy = false;
    onNode(shell.node());
    const keys = waiting;
    waiting = '';
    feed(keys);
  };

  const run = async (text: string) => {
    busy = true;
    const result = await shell.run(text);
    if (result.clear) clearScreen();
    if (result.output) write(result.output);
    if (result.stopped === 'interrupted') write('^C\r\n');
    if (result.stopped === 'timeout') write(LIMIT_MESSAGES.time(words(), TIME_LIMIT_MS / 1000));
    draw();
    idle();
  };

  const complete = async (before: string) => {
    busy = true;
    const r = applyCompletion(line, await shell.complete(before), display?.cols ?? 80);
    line = r.state;
    if (r.listing) {
      finishLine(line.line);
      write(escapeControls(r.listing));
    }
    draw();
    idle();
  };

  const feed = (data: string) => {
    let rest = data;
    while (rest !== '' && !busy) {
      const r = edit(line, rest);
      line = r.state;
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

  write(`${welcome}\r\n`);
  void shell.ready.then(() => {
    draw();
    idle();
  });

  return {
    attach(next, listener) {
      display = next;
      onNode = listener;
      display.write(transcript.join(''));
      drawnAt = 0;
      if (!busy) draw();
      onNode(shell.node());
    },
    detach() {
      display = undefined;
      onNode = () => undefined;
    },
    keys(data) {
      if (!busy) feed(data);
      // Ctrl+C ends what runs; other keys wait for it, as a terminal's typeahead does.
      else if (data.includes('\x03')) {
        waiting = '';
        shell.interrupt();
      } else waiting += data;
    },
    switchTo(node) {
      if (node === shell.node() || busy) return;
      busy = true;
      finishLine(line.line);
      line = newLine(line.history);
      void shell.login(node).then(() => {
        write(`\x1b[2m(logged in to ${escapeControls(shell.node())})\x1b[0m\r\n`);
        draw();
        idle();
      });
    },
  };
}
