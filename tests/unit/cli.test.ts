import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'state', file('lab2.yaml', LAB_TEXT), '--json'], { cwd: root, encoding: 'utf8' });
    const state = JSON.parse(out);
    expect(state.nodes.map((n: { name: string }) => n.name)).toEqual(['k8smaster01', 'k8smaster02', 'k8smaster03']);
    const [pod] = state.pods;
    expect(pod).toMatchObject({ namespace: 'default', node: 'k8smaster01', phase: 'Running' });
    expect(pod.ip).toMatch(/^172\.17\.1\.\d+$/);
    const [pause, app] = pod.containers;
    expect(pause).toMatchObject({ name: 'POD', image: 'google_containers/pause:latest', networkMode: 'default', ports: [{ hostIP: '0.0.0.0', hostPort: 80, containerPort: 80, protocol: 'TCP' }] });
    expect(app).toMatchObject({ name: 'php-redis', networkMode: `container:${pause.id}`, ports: [{ containerPort: 80, protocol: 'TCP', hostPort: 80 }] });
    const frontend = state.services.find((s: { name: string }) => s.name === 'frontend');
    expect(frontend).toMatchObject({ type: 'ClusterIP', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] });
    expect(frontend.clusterIP).toMatch(/^10\.254\.\d+\.\d+$/);
    expect(state.endpoints.find((e: { name: string }) => e.name === 'frontend').subsets[0].addresses[0].ip).toBe(pod.ip);
    expect(state.events.some((e: { reason: string }) => e.reason === 'Scheduled')).toBe(true);
  });
});
