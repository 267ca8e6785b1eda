/**
 * The shell under hostile input: control characters from manifests are shown escaped, never
 * obeyed; patterns match in linear time or are refused as grep refuses; lines, arguments and
 * pipes have limits with messages; an invalid name never becomes a file name.
 */
import { describe, expect, it } from 'vitest';
import { escapeControls } from '../../src/core/print/escape.ts';
import { textShell } from '../../src/terminal/index.ts';
import { ARGS_LIMIT, LINE_LIMIT, PIPE_LIMIT, SCREEN_LIMIT } from '../../src/terminal/limits.ts';
import { cluster, LAB_TEXT, rc, scenario } from '../helpers.ts';

/** A link that shows CLICK-ME and points elsewhere (OSC 8), as the probe put it in an image. */
const LINK = '"\\e]8;;https://evil.example\\e\\\\CLICK-ME\\e]8;;\\e\\\\"';
const CLEAR = '"\\e[2J"';

/** The lab with the payloads in an image, an annotation, a node label and a Service's name. */
const HOSTILE = [
  LAB_TEXT.replace(/image: \S+/, `image: ${LINK}`).replace(
    /^metadata:\n {2}name: frontend\n/m,
    `metadata:\n  name: frontend\n  annotations:\n    note: ${CLEAR}\n`,
  ),
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: "evil\\e[2J"\nspec:\n  ports: [{port: 80}]\n`,
].join('---\n');

// eslint-disable-next-line no-control-regex -- what must never reach a terminal
const RAW = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

describe('control characters from manifests', () => {
  it('escapes them as \\x1b, one function for every output', () => {
    expect(escapeControls('a\x1b[2Jb\r\nc\rd\te\u202ef\x9b')).toBe('a\\x1b[2Jb\r\nc\\rd\te\\u202ef\\x9b');
  });

  it('docker ps shows the disguised link as text', () => {
    const ps = textShell(HOSTILE).run('docker ps');
    expect(ps).not.toMatch(RAW);
    expect(ps).toContain('\\x1b]8;;https://evil.example\\x1b\\CLICK-ME\\x1b]8;;\\x1b\\');
  });

  it('kubectl describe, get --show-labels, get -o yaml and a pipe through grep show them escaped', () => {
    const sh = textShell(HOSTILE);
    const describe = sh.run('kubectl describe rc frontend');
    expect(describe).toContain('Image:      \\x1b]8;;');
    expect(sh.run('kubectl get rc frontend -o yaml')).not.toMatch(RAW);
    expect(sh.run('kubectl get rc --show-labels')).not.toMatch(RAW);
    expect(sh.run('docker ps | grep CLICK')).toContain('\\x1b]8;;');
    for (const line of ['kubectl get all', 'kubectl describe svc', 'docker ps -a --no-trunc', 'cat *.yaml', 'history'])
      expect(sh.run(line)).not.toMatch(RAW);
  });

  it('a node label from the Cluster document is escaped in get nodes --show-labels and describe', () => {
    const sh = textShell(scenario(cluster({ nodes: [{ name: 'a', ip: '172.31.0.10/16', labels: { evil: '\x1b[2J' } }] }), rc('web', 1)));
    expect(sh.run('kubectl get nodes --show-labels')).toContain('evil=\\x1b[2J');
    expect(sh.run('kubectl describe node a')).toContain('evil=\\x1b[2J');
  });

  it('an invalid metadata.name never becomes a file name in ls', () => {
    const sh = textShell(HOSTILE);
    const ls = sh.run('ls');
    expect(ls).not.toMatch(RAW);
    expect(ls).not.toContain('evil');
    expect(ls).toContain('document-');
    expect(sh.run('ls ~')).toBe(ls);
  });
});

describe('grep matches in linear time', () => {
  it('answers the catastrophic pattern at once', () => {
    const sh = textShell(LAB_TEXT);
    // 60 a's: a backtracking engine would take longer than the age of the universe.
    expect(sh.shell.execute(`echo ${'a'.repeat(60)}! | grep -E '(a+)+$'`)).toMatchObject({ output: '', exitCode: 1 });
    expect(sh.run(`echo ${'a'.repeat(60)} | grep -E '(a+)+$'`)).toBe(`${'a'.repeat(60)}\n`);
    expect(sh.run(`echo aaaaaaaaaaaaaaaaaaaaaaaaaaa! | grep -E '(a+)+$'`)).toBe('');
  });

  it('reads basic and extended syntax as GNU grep does', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run(`echo 'a+b (c)' | grep 'a+b (c)'`)).toContain('a+b (c)');
    expect(sh.run(`echo 'aab' | grep 'a\\{2\\}b'`)).toBe('aab\n');
    expect(sh.run(`echo 'aab' | grep -E 'a{2}b'`)).toBe('aab\n');
    expect(sh.run(`echo 'a*b' | grep -E '*b'`)).toBe('a*b\n');
    expect(sh.run(`echo 'x 42 y' | grep -oE '[[:digit:]]+'`)).toBe('42\n');
    expect(sh.run(`echo 'Pod pods' | grep -ow -i 'pod'`)).toBe('Pod\n');
    expect(sh.run(`echo 'a.b' | grep -F '.'`)).toBe('a.b\n');
  });

  it("refuses what it cannot match in linear time, and bad patterns, in grep's words", () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.shell.execute(`echo aa | grep '\\(a\\)\\1'`)).toEqual({
      output: 'grep: back-references are not supported: this grep matches in linear time\n',
      exitCode: 2,
      effects: [],
    });
    expect(sh.run(`echo ab | grep -E 'a(?=b)'`)).toBe('grep: lookaround is not supported: this grep matches in linear time\n');
    expect(sh.run(`echo a | grep -E '(a'`)).toBe('grep: Unmatched ( or \\(\n');
    expect(sh.run(`echo a | grep '[a'`)).toBe('grep: Unmatched [, [^, [:, [., or [=\n');
    expect(sh.run(`echo a | grep -E 'a{2,1}'`)).toBe('grep: Invalid content of \\{\\}\n');
  });
});

describe('sizes', () => {
  it('refuses a line over the limit, saying the limit', () => {
    const sh = textShell(LAB_TEXT);
    const r = sh.shell.execute(`echo ${'x'.repeat(LINE_LIMIT)}`);
    expect(r.exitCode).toBe(2);
    expect(r.output).toBe(`bash: the line is ${LINE_LIMIT + 5} characters long; this shell reads lines of at most ${LINE_LIMIT}\n`);
  });

  it('refuses arguments that grow past the limit, however they grow', () => {
    const sh = textShell(LAB_TEXT);
    sh.run(`A=${'x'.repeat(10_000)}`);
    for (let i = 0; i < 7; i++) sh.run('A=$A$A');
    // 2,560,000 characters: refused as the kernel refuses an exec over ARG_MAX.
    expect(sh.shell.execute('A=$A$A')).toEqual({
      output: 'bash: A=xxxxxxxxxxxxxxxxxx…: Argument list too long\n',
      exitCode: 126,
      effects: [],
    });
    expect(sh.run('echo $A | wc -c')).toBe(`${10_000 * 128 + 1}\n`);
    const huge = `echo ${'$A'.repeat(4_000)}`;
    expect(huge.length).toBeLessThan(LINE_LIMIT);
    expect(sh.run(huge)).toBe('bash: echo: Argument list too long\n');
    expect(ARGS_LIMIT).toBeLessThan(10_000 * 256 * 4_000);
  });

  it('cuts what a command writes to a pipe or the screen, and says so', () => {
    const sh = textShell(LAB_TEXT);
    sh.run(`A=${'y'.repeat(10_000)}`);
    for (let i = 0; i < 6; i++) sh.run('A=$A$A');
    sh.run('echo $A > f');
    for (let i = 0; i < 3; i++) sh.run('cat f f > g; cat g > f');
    const piped = sh.run('cat f f f | wc -c');
    expect(piped).toContain(`${PIPE_LIMIT}\n`);
    expect(piped).toContain('bash: cat: output cut at 8 MiB, the most a pipe or a file holds here\n');
    // f and g hold 5,120,008 characters each: one more f does not fit in a file, four more fill the disk.
    expect(sh.run('cat f >> f')).toBe('bash: f: File too large\n');
    for (let i = 0; i < 4; i++) expect(sh.run(`cat f > f${i}`)).toBe('');
    expect(sh.run('cat f > f4')).toBe('bash: f4: No space left on device\n');
    const shown = sh.run('cat f');
    expect(shown.length).toBeLessThan(SCREEN_LIMIT + 200);
    expect(shown.endsWith('bash: output cut at 1 MiB, the most the terminal shows at once (filter it with grep, head or tail)\n')).toBe(
      true,
    );
  });
});
