/**
 * The text tools the lab pipes into: grep (GNU, basic and extended regular expressions, matched
 * in linear time: see pattern.ts), head, tail, wc and sort, reading standard input or files,
 * with their usual options and messages.
 */
import { resolvePath, visibleFiles, isDirectory } from '../files.ts';
import type { Command, CommandResult, Env } from '../types.ts';
import { compilePatterns } from './pattern.ts';

function lines(text: string): string[] {
  if (text === '') return [];
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

const joinLines = (ls: readonly string[]) => (ls.length === 0 ? '' : `${ls.join('\n')}\n`);

/** Reads the named files (or standard input), as `tool: FILE: No such file or directory` when missing. */
function inputs(tool: string, names: readonly string[], env: Env): { sources: { name: string; text: string }[]; err: string } {
  if (names.length === 0) return { sources: [{ name: '(standard input)', text: env.stdin }], err: '' };
  const files = visibleFiles(env);
  const sources: { name: string; text: string }[] = [];
  let err = '';
  for (const n of names) {
    if (n === '-') {
      sources.push({ name: '(standard input)', text: env.stdin });
      continue;
    }
    const path = resolvePath(env.location.cwd, n);
    const text = files.get(path);
    if (text !== undefined) sources.push({ name: n, text });
    else if (isDirectory(files, path)) err += `${tool}: ${n}: Is a directory\n`;
    else err += `${tool}: ${n}: No such file or directory\n`;
  }
  return { sources, err };
}

const GREP_USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

export const grep: Command = (args, env) => {
  let ignoreCase = false;
  let invert = false;
  let count = false;
  let numbers = false;
  let words = false;
  let onlyMatching = false;
  let quiet = false;
  let mode: 'basic' | 'extended' | 'fixed' = 'basic';
  const patterns: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (a === '-e') {
      patterns.push(args[++i] ?? '');
      continue;
    }
    if (a.startsWith('--')) {
      const long: Record<string, () => void> = {
        '--ignore-case': () => (ignoreCase = true),
        '--invert-match': () => (invert = true),
        '--count': () => (count = true),
        '--line-number': () => (numbers = true),
        '--word-regexp': () => (words = true),
        '--only-matching': () => (onlyMatching = true),
        '--quiet': () => (quiet = true),
        '--extended-regexp': () => (mode = 'extended'),
        '--fixed-strings': () => (mode = 'fixed'),
        '--color=auto': () => undefined,
        '--color': () => undefined,
      };
      if (!long[a]) return { err: `grep: unrecognized option '${a}'\n${GREP_USAGE}`, code: 2 };
      long[a]();
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (const f of a.slice(1)) {
        if (f === 'i') ignoreCase = true;
        else if (f === 'v') invert = true;
        else if (f === 'c') count = true;
        else if (f === 'n') numbers = true;
        else if (f === 'w') words = true;
        else if (f === 'o') onlyMatching = true;
        else if (f === 'q') quiet = true;
        else if (f === 'E') mode = 'extended';
        else if (f === 'F') mode = 'fixed';
        else return { err: `grep: invalid option -- '${f}'\n${GREP_USAGE}`, code: 2 };
      }
      continue;
    }
    rest.push(a);
  }
  if (patterns.length === 0) {
    const p = rest.shift();
    if (p === undefined) return { err: GREP_USAGE, code: 2 };
    patterns.push(p);
  }
  const re = compilePatterns(patterns, { syntax: mode, ignoreCase, words, says: env.session.words() });
  if ('error' in re) return { err: `grep: ${re.error}\n`, code: 2 };
  const { sources, err } = inputs('grep', rest, env);
  const many = sources.length > 1;
  let out = '';
  let any = false;
  for (const src of sources) {
    let n = 0;
    lines(src.text).forEach((line, i) => {
      const hit = re.test(line);
      if (hit === invert) return;
      n++;
      any = true;
      if (count || quiet) return;
      const prefix = `${many ? `${src.name}:` : ''}${numbers ? `${i + 1}:` : ''}`;
      if (onlyMatching && !invert) {
        for (const m of re.matchAll(line)) if (m[0] !== '') out += `${prefix}${m[0]}\n`;
      } else out += `${prefix}${line}\n`;
    });
    if (count && !quiet) out += `${many ? `${src.name}:` : ''}${n}\n`;
  }
  return { out: quiet ? '' : out, err, code: err ? 2 : any ? 0 : 1 };
};

/** `-n N`, `-N`, `-nN`, `--lines=N`: the count, and for tail `+N` (from line N). */
function countOption(tool: string, args: readonly string[]): { n: number; fromStart: boolean; files: string[] } | CommandResult {
  let n = 10;
  let fromStart = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let value: string | undefined;
    if (a === '-n' || a === '--lines') value = args[++i];
    else if (a.startsWith('--lines=')) value = a.slice(8);
    else if (/^-n.+/.test(a)) value = a.slice(2);
    else if (/^-\d+$/.test(a)) value = a.slice(1);
    else if (a.startsWith('-') && a !== '-')
      return { err: `${tool}: invalid option -- '${a.slice(1, 2)}'\nTry '${tool} --help' for more information.\n`, code: 1 };
    else {
      files.push(a);
      continue;
    }
    if (value === undefined)
      return { err: `${tool}: option requires an argument -- 'n'\nTry '${tool} --help' for more information.\n`, code: 1 };
    if (tool === 'tail' && value.startsWith('+')) {
      fromStart = true;
      value = value.slice(1);
    }
    if (!/^-?\d+$/.test(value)) return { err: `${tool}: invalid number of lines: ‘${value}’\n`, code: 1 };
    n = Number(value);
  }
  return { n, fromStart, files };
}

function perFile(
  tool: string,
  args: readonly string[],
  env: Env,
  pick: (ls: string[], n: number, fromStart: boolean) => string[],
): CommandResult {
  const opt = countOption(tool, args);
  if (!('n' in opt)) return opt;
  const { sources, err } = inputs(tool, opt.files, env);
  const many = sources.length > 1;
  const out = sources
    .map((s, i) => `${many ? `${i > 0 ? '\n' : ''}==> ${s.name} <==\n` : ''}${joinLines(pick(lines(s.text), opt.n, opt.fromStart))}`)
    .join('');
  return { out, err, code: err ? 1 : 0 };
}

export const head: Command = (args, env) =>
  perFile('head', args, env, (ls, n) => (n >= 0 ? ls.slice(0, n) : ls.slice(0, Math.max(0, ls.length + n))));

export const tail: Command = (args, env) =>
  perFile('tail', args, env, (ls, n, fromStart) => (fromStart ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-Math.abs(n))));

export const wc: Command = (args, env) => {
  const flags = args
    .filter((a) => a.startsWith('-') && a !== '-')
    .join('')
    .replace(/-/g, '');
  const names = args.filter((a) => !a.startsWith('-') || a === '-');
  const { sources, err } = inputs('wc', names, env);
  const counts = sources.map((s) => ({
    name: s.name,
    l: lines(s.text).length,
    w: s.text.split(/\s+/).filter(Boolean).length,
    c: new TextEncoder().encode(s.text).length,
  }));
  const show = flags === '' ? 'lwc' : flags;
  const cellsOf = (c: { l: number; w: number; c: number }) => [
    ...(show.includes('l') ? [c.l] : []),
    ...(show.includes('w') ? [c.w] : []),
    ...(show.includes('c') ? [c.c] : []),
  ];
  const total = counts.reduce((a, b) => ({ name: 'total', l: a.l + b.l, w: a.w + b.w, c: a.c + b.c }), { name: 'total', l: 0, w: 0, c: 0 });
  // GNU wc: no padding for one count of one input; 7 columns for standard input; else the widest number.
  const single = cellsOf(total).length === 1 && counts.length === 1;
  const width = single ? 1 : names.length === 0 ? 7 : Math.max(...cellsOf(total).map((n) => String(n).length));
  const row = (c: { l: number; w: number; c: number }, name: string) =>
    `${cellsOf(c)
      .map((x) => String(x).padStart(width))
      .join(' ')}${name ? ` ${name}` : ''}`;
  const out = counts.map((c) => row(c, names.length === 0 ? '' : c.name));
  if (counts.length > 1) out.push(row(total, 'total'));
  return { out: joinLines(out), err, code: err ? 1 : 0 };
};

export const sort: Command = (args, env) => {
  const reverse = args.some((a) => /^-[a-z]*r/.test(a));
  const numeric = args.some((a) => /^-[a-z]*n/.test(a));
  const unique = args.some((a) => /^-[a-z]*u/.test(a));
  const { sources, err } = inputs(
    'sort',
    args.filter((a) => !a.startsWith('-')),
    env,
  );
  let all = sources.flatMap((s) => lines(s.text));
  all.sort(numeric ? (a, b) => parseFloat(a) - parseFloat(b) || (a < b ? -1 : a > b ? 1 : 0) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (unique) all = all.filter((l, i) => i === 0 || l !== all[i - 1]);
  if (reverse) all.reverse();
  return { out: joinLines(all), err, code: err ? 2 : 0 };
};

export const cat: Command = (args, env) => {
  const names = args.filter((a) => a === '-' || !a.startsWith('-'));
  const { sources, err } = inputs('cat', names, env);
  return { out: sources.map((s) => s.text).join(''), err, code: err ? 1 : 0 };
};
