/**
 * The terminal's line editor, pure: the keys a terminal sends (xterm's `onData` strings) turn one
 * line state into the next, as readline does: insert, Backspace, Delete, ←/→, Home/End, Ctrl+A/E/U/K/W,
 * history with ↑/↓ (the line being typed is kept as a draft), Tab, Ctrl+C, Ctrl+L and Enter.
 * What the keys ask of the shell (run a line, complete a word, clear the screen) comes back as an
 * outcome; the adapter (src/ui/TerminalPane.tsx) does it and writes what `render` draws.
 *
 * @example
 * let s = newLine([]);
 * const r = edit(s, 'ls\r'); // r.outcome: { kind: 'submit', line: 'ls' }
 */
import { HISTORY_LIMIT, LINE_LIMIT } from './limits.ts';
import type { Completion } from './types.ts';

export { HISTORY_LIMIT };

export interface LineState {
  readonly line: string;
  /** The cursor's offset in the line, in UTF-16 units. */
  readonly cursor: number;
  /** The lines entered so far, oldest first. */
  readonly history: readonly string[];
  /** The history entry shown, or -1 while editing the line being typed. */
  readonly historyAt: number;
  /** The line being typed, kept while the history is browsed. */
  readonly draft: string;
}

/** What the keys ask for, beyond editing the line. */
export type Outcome =
  /** Enter: run the line (already in the history when not blank); the state is a fresh line. */
  | { readonly kind: 'submit'; readonly line: string }
  /** Ctrl+C: the line is abandoned; the state is a fresh line. */
  | { readonly kind: 'interrupt'; readonly line: string }
  /** Tab: complete the word before the cursor (ask the shell, then `applyCompletion`). */
  | { readonly kind: 'complete'; readonly before: string }
  /** Ctrl+L: clear the screen and draw the line again. */
  | { readonly kind: 'clear' };

export interface EditResult {
  readonly state: LineState;
  /** Set when a key asked for more than an edit: the keys after it are in `rest`, not read yet. */
  readonly outcome?: Outcome;
  readonly rest: string;
}

export function newLine(history: readonly string[]): LineState {
  return { line: '', cursor: 0, history, historyAt: -1, draft: '' };
}

/** A run of text: what is not a control character (C0, DEL, C1, bidirectional overrides). */
// eslint-disable-next-line no-control-regex -- control characters are what ends a run
const TEXT = /^[^\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+/;

/** One key: an escape sequence (CSI or SS3), a control character, or a run of text (typed or pasted). */
function nextKey(data: string): string {
  const text = TEXT.exec(data);
  if (text) return text[0];
  if (data[0] !== '\x1b') return data[0]!;
  // eslint-disable-next-line no-control-regex -- terminal keys are escape sequences
  const csi = /^\x1b\[[0-9;?]*[\x20-\x2f]*[\x40-\x7e]/.exec(data);
  if (csi) return csi[0];
  // eslint-disable-next-line no-control-regex -- terminal keys are escape sequences
  const ss3 = /^\x1bO./s.exec(data);
  if (ss3) return ss3[0];
  // Alt+key: ESC then the key.
  return data.slice(0, 2);
}

const set = (s: LineState, line: string, cursor: number): LineState => ({ ...s, line, cursor });

/** The cursor's offset after moving back over a word (readline's unix-word-rubout boundary). */
function wordStart(line: string, cursor: number): number {
  return line.slice(0, cursor).replace(/\S+\s*$|\s+$/, '').length;
}

function recall(s: LineState, delta: 1 | -1): LineState {
  const { history } = s;
  if (history.length === 0) return s;
  let at = s.historyAt;
  let draft = s.draft;
  if (at === -1) {
    if (delta === 1) return s;
    draft = s.line;
    at = history.length;
  }
  at = Math.max(0, at + delta);
  if (at >= history.length) return { ...s, line: draft, cursor: draft.length, historyAt: -1, draft };
  const line = history[at]!;
  return { ...s, line, cursor: line.length, historyAt: at, draft };
}

const EDITS: Readonly<Record<string, (s: LineState) => LineState>> = {
  '\x1b[D': (s) => set(s, s.line, Math.max(0, s.cursor - 1)),
  '\x02': (s) => set(s, s.line, Math.max(0, s.cursor - 1)),
  '\x1b[C': (s) => set(s, s.line, Math.min(s.line.length, s.cursor + 1)),
  '\x06': (s) => set(s, s.line, Math.min(s.line.length, s.cursor + 1)),
  '\x1b[A': (s) => recall(s, -1),
  '\x10': (s) => recall(s, -1),
  '\x1b[B': (s) => recall(s, 1),
  '\x0e': (s) => recall(s, 1),
  '\x1b[H': (s) => set(s, s.line, 0),
  '\x1bOH': (s) => set(s, s.line, 0),
  '\x1b[1~': (s) => set(s, s.line, 0),
  '\x01': (s) => set(s, s.line, 0),
  '\x1b[F': (s) => set(s, s.line, s.line.length),
  '\x1bOF': (s) => set(s, s.line, s.line.length),
  '\x1b[4~': (s) => set(s, s.line, s.line.length),
  '\x05': (s) => set(s, s.line, s.line.length),
  '\x1b[3~': (s) => set(s, s.line.slice(0, s.cursor) + s.line.slice(s.cursor + 1), s.cursor),
  '\x7f': (s) => (s.cursor > 0 ? set(s, s.line.slice(0, s.cursor - 1) + s.line.slice(s.cursor), s.cursor - 1) : s),
  '\b': (s) => (s.cursor > 0 ? set(s, s.line.slice(0, s.cursor - 1) + s.line.slice(s.cursor), s.cursor - 1) : s),
  '\x15': (s) => set(s, s.line.slice(s.cursor), 0),
  '\x0b': (s) => set(s, s.line.slice(0, s.cursor), s.cursor),
  '\x17': (s) => {
    const start = wordStart(s.line, s.cursor);
    return set(s, s.line.slice(0, start) + s.line.slice(s.cursor), start);
  },
};

/** A finished line joins the history (not a blank one, nor a repeat of the last), capped. */
function remember(history: readonly string[], line: string): readonly string[] {
  if (line.trim() === '' || history[history.length - 1] === line) return history;
  const next = [...history, line];
  return next.length > HISTORY_LIMIT ? next.slice(next.length - HISTORY_LIMIT) : next;
}

/**
 * Reads keys until one asks for more than an edit (Enter, Tab, Ctrl+C, Ctrl+L) or the data ends.
 * Typed or pasted text is inserted; a newline in it is Enter; other control keys are ignored.
 */
export function edit(state: LineState, data: string): EditResult {
  let s = state;
  let rest = data;
  while (rest !== '') {
    // A pasted CRLF is one Enter.
    const key = rest.startsWith('\r\n') ? '\r\n' : nextKey(rest);
    rest = rest.slice(key.length);
    if (key === '\r' || key === '\n' || key === '\r\n') {
      const history = remember(s.history, s.line);
      return { state: newLine(history), outcome: { kind: 'submit', line: s.line }, rest };
    }
    if (key === '\x03') return { state: newLine(s.history), outcome: { kind: 'interrupt', line: s.line }, rest };
    if (key === '\t') return { state: s, outcome: { kind: 'complete', before: s.line.slice(0, s.cursor) }, rest };
    if (key === '\x0c') return { state: s, outcome: { kind: 'clear' }, rest };
    const move = EDITS[key];
    if (move) s = move(s);
    else if (TEXT.test(key)) {
      const room = key.slice(0, Math.max(0, LINE_LIMIT - s.line.length));
      s = set(s, s.line.slice(0, s.cursor) + room + s.line.slice(s.cursor), s.cursor + room.length);
    }
  }
  return { state: s, rest: '' };
}

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0]!;
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/**
 * The shell's answer to Tab: what the candidates have in common is inserted (with a space after
 * a single whole word); with nothing to add, `listing` holds the choices in columns as bash lists
 * them on a second Tab (paths by their last component), rows ending in `\r\n`.
 */
export function applyCompletion(state: LineState, completion: Completion, cols: number): { state: LineState; listing?: string } {
  const { word, candidates } = completion;
  if (candidates.length === 0) return { state };
  const prefix = commonPrefix(candidates);
  let insert = prefix.slice(word.length);
  if (candidates.length === 1 && !prefix.endsWith('/')) insert += ' ';
  if (insert)
    return { state: set(state, state.line.slice(0, state.cursor) + insert + state.line.slice(state.cursor), state.cursor + insert.length) };
  const shown = candidates.map((c) => (word.includes('/') ? c.slice(c.lastIndexOf('/', c.length - 2) + 1) : c));
  const width = Math.max(...shown.map((c) => c.length)) + 2;
  const perRow = Math.max(1, Math.floor(cols / width));
  let listing = '';
  for (let i = 0; i < shown.length; i += perRow) {
    listing += `${shown
      .slice(i, i + perRow)
      .map((c) => c.padEnd(width))
      .join('')
      .trimEnd()}\r\n`;
  }
  return { state, listing };
}

/** Width of text on the screen: ANSI escapes take none. */
export function visibleWidth(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').length;
}

/**
 * What redraws the prompt and the line on a terminal `cols` wide, from wherever the cursor was
 * last drawn (`drawnAt`, its offset from the prompt's start; 0 right after the prompt's row was
 * cleared), and where the cursor is after it. A line longer than a row wraps.
 */
export function render(prompt: string, state: LineState, cols: number, drawnAt: number): { text: string; drawnAt: number } {
  const up = Math.floor(drawnAt / cols);
  let text = `${up > 0 ? `\x1b[${up}A` : ''}\r\x1b[J${prompt}${state.line}`;
  const p = visibleWidth(prompt);
  const end = p + state.line.length;
  // At the very end of a row the terminal's cursor waits there; move it to the next row.
  if (end > 0 && end % cols === 0) text += '\r\n';
  const target = p + state.cursor;
  const rowsUp = Math.floor(end / cols) - Math.floor(target / cols);
  text += `${rowsUp > 0 ? `\x1b[${rowsUp}A` : ''}\x1b[${(target % cols) + 1}G`;
  return { text, drawnAt: target };
}
