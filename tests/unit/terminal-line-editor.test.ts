/** The terminal's line editor: keys in, line state and outcomes out, and what it draws. */
import { describe, expect, it } from 'vitest';
import { applyCompletion, edit, HISTORY_LIMIT, newLine, render, type LineState } from '../../src/terminal/line-editor.ts';

const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';
const UP = '\x1b[A';
const DOWN = '\x1b[B';

/** Types keys one call each, as xterm delivers a keystroke, and returns the last state. */
function type(keys: readonly string[], state: LineState = newLine([])): LineState {
  let s = state;
  for (const k of keys) s = edit(s, k).state;
  return s;
}

const at = (s: LineState) => `${s.line.slice(0, s.cursor)}|${s.line.slice(s.cursor)}`;

describe('editing a line', () => {
  it('inserts where the cursor is, moves with ←/→ and stops at the ends', () => {
    expect(at(type(['kubectl', LEFT, LEFT, LEFT, 'X']))).toBe('kubeX|ctl');
    expect(at(type(['ab', RIGHT, RIGHT]))).toBe('ab|');
    expect(at(type(['ab', LEFT, LEFT, LEFT]))).toBe('|ab');
  });

  it('deletes before the cursor with Backspace and under it with Delete', () => {
    expect(at(type(['abc', LEFT, '\x7f']))).toBe('a|c');
    expect(at(type(['abc', LEFT, LEFT, '\x1b[3~']))).toBe('a|c');
    expect(at(type(['abc', '\x1b[3~']))).toBe('abc|');
    expect(at(type(['\x7f']))).toBe('|');
  });

  it('jumps with Home/End and Ctrl+A/E, kills with Ctrl+U/K/W', () => {
    expect(at(type(['abc', '\x1b[H']))).toBe('|abc');
    expect(at(type(['abc', '\x01', '\x05']))).toBe('abc|');
    expect(at(type(['abc', '\x1bOH', '\x1b[F']))).toBe('abc|');
    expect(at(type(['docker ps', LEFT, LEFT, '\x15']))).toBe('|ps');
    expect(at(type(['docker ps', LEFT, LEFT, '\x0b']))).toBe('docker |');
    expect(at(type(['kubectl get  pods', '\x17']))).toBe('kubectl get  |');
    expect(at(type(['kubectl get  ', '\x17']))).toBe('kubectl |');
  });

  it('ignores escape sequences it does not know and control characters, inside pasted text too', () => {
    expect(at(type(['a\x1b[1;5Cb\x07c\x85d\u202ee']))).toBe('abcde|');
  });
});

describe('outcomes', () => {
  it('Enter submits the line, remembers it and starts a fresh one; the keys after it wait in rest', () => {
    const r = edit(newLine([]), 'ls -l\rdocker ps\r');
    expect(r.outcome).toEqual({ kind: 'submit', line: 'ls -l' });
    expect(r.rest).toBe('docker ps\r');
    expect(r.state).toMatchObject({ line: '', cursor: 0, history: ['ls -l'] });
    const next = edit(r.state, r.rest);
    expect(next.outcome).toEqual({ kind: 'submit', line: 'docker ps' });
    expect(next.state.history).toEqual(['ls -l', 'docker ps']);
  });

  it('a pasted CRLF is one Enter; blank lines and repeats are not remembered', () => {
    const r = edit(newLine(['pwd']), 'pwd\r\n');
    expect(r.rest).toBe('');
    expect(r.state.history).toEqual(['pwd']);
    expect(edit(newLine([]), '  \r').state.history).toEqual([]);
  });

  it('keeps at most the last HISTORY_LIMIT lines', () => {
    const history = Array.from({ length: HISTORY_LIMIT }, (_, i) => `echo ${i}`);
    const r = edit(newLine(history), 'echo new\r');
    expect(r.state.history).toHaveLength(HISTORY_LIMIT);
    expect(r.state.history[0]).toBe('echo 1');
    expect(r.state.history.at(-1)).toBe('echo new');
  });

  it('Ctrl+C abandons the line, Tab asks to complete the text before the cursor, Ctrl+L to clear', () => {
    expect(edit(type(['abc']), '\x03')).toMatchObject({ outcome: { kind: 'interrupt', line: 'abc' }, state: { line: '' } });
    expect(edit(type(['kubectl ge pods', LEFT, LEFT, LEFT, LEFT, LEFT]), '\t').outcome).toEqual({ kind: 'complete', before: 'kubectl ge' });
    expect(edit(type(['abc']), '\x0c')).toMatchObject({ outcome: { kind: 'clear' }, state: { line: 'abc' } });
  });
});

describe('history', () => {
  const past = ['kubectl get pods', 'docker ps'];

  it('↑ walks back from the newest, ↓ forward and back to the draft being typed', () => {
    const s = type(['ip r'], newLine(past));
    expect(type([UP], s).line).toBe('docker ps');
    expect(type([UP, UP], s).line).toBe('kubectl get pods');
    expect(type([UP, UP, UP], s).line).toBe('kubectl get pods');
    expect(type([UP, UP, DOWN], s).line).toBe('docker ps');
    expect(at(type([UP, DOWN], s))).toBe('ip r|');
    expect(type([DOWN], s).line).toBe('ip r');
  });

  it('does nothing without history', () => {
    expect(at(type(['x', UP]))).toBe('x|');
  });
});

describe('completion', () => {
  it('inserts the common part, with a space after one whole word and none after a folder', () => {
    const s = type(['kubectl ge']);
    expect(at(applyCompletion(s, { word: 'ge', candidates: ['get'] }, 80).state)).toBe('kubectl get |');
    expect(at(applyCompletion(type(['cat /e']), { word: '/e', candidates: ['/etc/'] }, 80).state)).toBe('cat /etc/|');
    expect(at(applyCompletion(type(['docker ', 'p']), { word: 'p', candidates: ['port', 'ps'] }, 80).state)).toBe('docker p|');
  });

  it('lists the choices in columns when there is nothing to add, paths by their last part', () => {
    const r = applyCompletion(type(['docker p']), { word: 'p', candidates: ['port', 'ps'] }, 80);
    expect(r.listing).toBe('port  ps\r\n');
    const narrow = applyCompletion(type(['docker p']), { word: 'p', candidates: ['port', 'ps'] }, 8);
    expect(narrow.listing).toBe('port\r\nps\r\n');
    const paths = applyCompletion(type(['cat /etc/host']), { word: '/etc/host', candidates: ['/etc/hostname', '/etc/hosts'] }, 80);
    expect(paths.listing).toBe('hostname  hosts\r\n');
  });

  it('leaves the line alone when nothing completes', () => {
    const s = type(['zz']);
    expect(applyCompletion(s, { word: 'zz', candidates: [] }, 80)).toEqual({ state: s });
  });
});

describe('drawing', () => {
  it('clears from the prompt and puts the cursor at its column', () => {
    const s = type(['abc', LEFT]);
    expect(render('$ ', s, 80, 0)).toEqual({ text: '\r\x1b[J$ abc\x1b[5G', drawnAt: 4 });
  });

  it('goes back up the rows a wrapped line took, and ignores colour codes in the prompt', () => {
    const s = type(['0123456789']);
    const first = render('\x1b[1m$\x1b[0m ', s, 8, 0);
    expect(first.drawnAt).toBe(12);
    expect(first.text).toBe('\r\x1b[J\x1b[1m$\x1b[0m 0123456789\x1b[5G');
    expect(render('$ ', s, 8, first.drawnAt).text.startsWith('\x1b[1A\r\x1b[J')).toBe(true);
  });

  it('moves to the next row when the line ends exactly at a row end', () => {
    const s = type(['123456']);
    expect(render('$ ', s, 8, 0).text).toBe('\r\x1b[J$ 123456\r\n\x1b[1G');
  });
});
