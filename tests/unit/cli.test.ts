import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { destination, MAX_TRACE_COUNT, readOptions, table, TABLES, traceOptions, UsageError } from '../../src/cli-args.ts';
import { scenarioFile, LAB_TEXT } from '../helpers.ts';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kube-netplay-cli-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, encoding: 'utf8' });
}

describe('cli validate', () => {
  it('prints FILE:LINE:COL: message with hints and exits 1 on errors', () => {
    const path = file('lower.yaml', scenarioFile('lab-lowercase.yaml'));
    const run = cli('validate', path);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`${path}:3:1: strict decoding error: unknown field "apiversion"\n  hint: Did you mean "apiVersion"?`);
    expect(run.stdout).toMatch(new RegExp(`${path}:4:7: .*no matches for kind "replicationcontroller" in version "v1"`));
  });

  it('exits 0 on a valid file', () => {
    const run = cli('validate', file('lab.yaml', LAB_TEXT));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('valid');
  });

  it('exits 2 with the usage for an unknown command', () => {
    const run = cli('frobnicate', file('x.yaml', LAB_TEXT));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage:');
  });
});

describe('cli state --json', () => {
  it("shows the lab's pod, its containers and the frontend service", () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'state', file('lab2.yaml', LAB_TEXT), '--json'], {
      cwd: root,
      encoding: 'utf8',
    });
    const state = JSON.parse(out);
    expect(state.nodes.map((n: { name: string }) => n.name)).toEqual(['k8smaster01', 'k8smaster02', 'k8smaster03']);
    const [pod] = state.pods;
    expect(pod).toMatchObject({ namespace: 'default', node: 'k8smaster01', phase: 'Running' });
    expect(pod.ip).toMatch(/^172\.17\.1\.\d+$/);
    const [pause, app] = pod.containers;
    expect(pause).toMatchObject({
      name: 'POD',
      image: 'google_containers/pause:latest',
      networkMode: 'default',
      ports: [{ hostIP: '0.0.0.0', hostPort: 80, containerPort: 80, protocol: 'TCP' }],
    });
    expect(app).toMatchObject({
      name: 'php-redis',
      networkMode: `container:${pause.id}`,
      ports: [{ containerPort: 80, protocol: 'TCP', hostPort: 80 }],
    });
    const frontend = state.services.find((s: { name: string }) => s.name === 'frontend');
    expect(frontend).toMatchObject({ type: 'ClusterIP', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] });
    expect(frontend.clusterIP).toMatch(/^10\.254\.\d+\.\d+$/);
    expect(state.endpoints.find((e: { name: string }) => e.name === 'frontend').subsets[0].addresses[0].ip).toBe(pod.ip);
    expect(state.events.some((e: { reason: string }) => e.reason === 'Scheduled')).toBe(true);
  });
});

describe('cli arguments', () => {
  const trace = (...more: string[]) => readOptions('trace', ['--from', 'host:laptop', '--to', '172.24.8.71:80', ...more]);

  it('reads a whole trace request', () => {
    expect(traceOptions(trace('--proto', 'UDP', '--count', '7', '--seed', '3'))).toEqual({
      request: { from: 'host:laptop', to: { ip: '172.24.8.71', port: 80 }, proto: 'udp' },
      seed: 3,
      count: 7,
    });
    expect(traceOptions(trace())).toEqual({ request: { from: 'host:laptop', to: { ip: '172.24.8.71', port: 80 }, proto: 'tcp' }, seed: 1 });
  });

  it.each([
    [['--count', '-5'], '--count must be a whole number from 1 to 10000, not "-5"'],
    [['--count', 'abc'], '--count must be a whole number from 1 to 10000, not "abc"'],
    [['--count', '0'], '--count must be a whole number from 1 to 10000, not "0"'],
    [['--count', '1.5'], '--count must be a whole number from 1 to 10000, not "1.5"'],
    [['--count', String(MAX_TRACE_COUNT + 1)], `--count must be a whole number from 1 to ${MAX_TRACE_COUNT}, not "${MAX_TRACE_COUNT + 1}"`],
    [['--seed', '-1'], '--seed must be a whole number'],
    [['--proto', 'sctp'], '--proto must be tcp or udp, not "sctp"'],
    [['--json', '--bogus'], 'trace has no option "--bogus"'],
    [['--count'], '--count needs a value'],
    [['--count', '2', '--count', '3'], '--count is given twice'],
  ])('refuses %j', (more, message) => {
    expect(() => traceOptions(trace(...more))).toThrow(message);
  });

  it.each([
    ['172.24.8.71:99999', 'the port of --to must be a whole number from 1 to 65535, not "99999"'],
    ['172.24.8.71:0', 'the port of --to must be a whole number from 1 to 65535, not "0"'],
    ['999.1.1.1:80', '--to must be an IPv4 address or a name, and a port'],
    ['172.24.8.71', '--to must be an IPv4 address or a name, and a port'],
    ['front end:80', '--to must be an IPv4 address or a name, and a port'],
    ['-frontend:80', '--to must be an IPv4 address or a name, and a port'],
  ])('refuses --to %s', (to, message) => {
    expect(() => traceOptions(readOptions('trace', ['--from', 'host:laptop', '--to', to]))).toThrow(message);
  });

  it('accepts the ends of the port range and checks the source form', () => {
    expect(destination('10.0.0.1:1').port).toBe(1);
    expect(destination('10.0.0.1:65535').port).toBe(65535);
    expect(() => traceOptions(readOptions('trace', ['--from', 'laptop', '--to', '10.0.0.1:80']))).toThrow(
      '--from must be pod:NAMESPACE/NAME, node:NAME or host:NAME',
    );
  });

  it('knows the four tables', () => {
    expect(TABLES.map(table)).toEqual(['nat', 'filter', 'mangle', 'raw']);
    expect(() => table('NAT')).toThrow(UsageError);
  });

  it('writes usage errors on stderr and exits 2', () => {
    const run = cli('trace', file('t.yaml', LAB_TEXT), '--from', 'host:laptop', '--to', '172.24.8.71:80', '--count', '1000000000');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: --count must be a whole number from 1 to 10000, not "1000000000"\n\nusage:/);
    const node = cli('routes', file('r.yaml', LAB_TEXT), '--node', 'nope');
    expect(node.status).toBe(2);
    expect(node.stderr).toContain('error: no node named "nope": the nodes are k8smaster01, k8smaster02, k8smaster03');
  });

  it('prints the raw table with its built-in chains even when it holds no rule, as iptables-save does', () => {
    const run = cli('iptables-save', file('raw.yaml', LAB_TEXT), '--node', 'k8smaster01', '-t', 'raw');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^# Generated by iptables-save v1\.8\.9 on .*\n\*raw\n:PREROUTING ACCEPT \[0:0\]\n:OUTPUT ACCEPT \[0:0\]\nCOMMIT\n# Completed on .*\n$/,
    );
  });
});
