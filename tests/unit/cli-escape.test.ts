/** The CLI prints a manifest's control characters escaped, as the web terminal does. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const path = join(mkdtempSync(join(tmpdir(), 'kube-netplay-cli-')), 'hostile.yaml');
writeFileSync(
  path,
  [
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  containers:\n  - name: c\n    image: "\\e]8;;https://evil.example\\e\\\\CLICK-ME\\e]8;;\\e\\\\"\n',
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: "x\\e[2Jy"\nspec:\n  ports: [{port: 80}]\n',
  ].join('---\n'),
);

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, encoding: 'utf8' });
// eslint-disable-next-line no-control-regex -- what must never reach a terminal
const RAW = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

describe('cli output', () => {
  it('validate shows an invalid name with its escape sequence written out', () => {
    const run = cli('validate', path);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`${path}:14:9: metadata.name: Invalid value: "x\\x1b[2Jy"`);
    expect(run.stdout).not.toMatch(RAW);
  });

  it('state shows the disguised link as text, on stdout and stderr', () => {
    const run = cli('state', path);
    expect(run.stdout).toContain('\\x1b]8;;https://evil.example\\x1b\\CLICK-ME\\x1b]8;;\\x1b\\');
    expect(run.stdout).not.toMatch(RAW);
    expect(run.stderr).toContain('"x\\x1b[2Jy"');
    expect(run.stderr).not.toMatch(RAW);
  });

  it('JSON stays JSON: its own escapes, the same value', () => {
    const run = cli('state', path, '--json');
    expect(run.stdout).not.toMatch(RAW);
    const pod = (JSON.parse(run.stdout) as { pods: { containers: { image: string }[] }[] }).pods[0]!;
    expect(pod.containers.some((c) => c.image === '\x1b]8;;https://evil.example\x1b\\CLICK-ME\x1b]8;;\x1b\\')).toBe(true);
  });
});
