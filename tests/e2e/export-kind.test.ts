// "Export for kind" as a teacher uses it: the top bar's button saves one bash script, which writes a
// kind config that kind's v1alpha4 format takes (checked with the schema the unit test uses), the
// manifests, and the flows, every one from a pod run in a debug container with curl.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { kindConfigProblems } from '../unit/kind-config-schema.ts';
import { expect, test } from './harness.ts';
import { Playground } from './playground.ts';

const KIND = readFileSync(new URL('../fixtures/kind.yaml', import.meta.url), 'utf8');

/** The body of the script's heredoc that writes `file`. */
function heredoc(script: string, file: string): string {
  const m = new RegExp(`^cat > ${file.replace('.', '\\.')} <<'(\\w+)'\\n([\\s\\S]*?)\\n\\1$`, 'm').exec(script);
  expect(m, file).not.toBeNull();
  return m![2]!;
}

test('Export for kind saves a script whose config kind takes and whose flows need no curl in the pods’ images', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await p.load(KIND);
  await page.waitForFunction(() => window.__graph!.cy.getElementById('node:kind-worker2').length === 1);
  const saved = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Export for kind' }).click();
  const download = await saved;
  expect(download.suggestedFilename()).toBe('kube-netplay-kind.sh');
  const script = await readFile((await download.path())!, 'utf8');

  expect(spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' }).status).toBe(0);
  const config = parse(heredoc(script, 'kind-config.yaml')) as { nodes: { role: string }[]; networking: { kubeProxyMode: string } };
  expect(kindConfigProblems(config)).toEqual([]);
  expect(config.nodes.map((n) => n.role)).toEqual(['control-plane', 'worker', 'worker']);
  expect(config.networking.kubeProxyMode).toBe('iptables');
  const manifests = heredoc(script, 'manifests.yaml');
  expect(manifests).toContain('kind: ReplicationController');
  expect(manifests).not.toContain('kind: Cluster');
  // Every flow from a pod (one of them from a CoreDNS pod, whose image has no shell) runs in a debug container.
  expect(script).not.toContain('kubectl exec');
  const debug = script.split('\n').filter((l) => l.startsWith('kubectl debug '));
  expect(debug.length).toBeGreaterThanOrEqual(2);
  for (const line of debug) expect(line).toContain(' -q -i --image=curlimages/curl:');
  expect(script).toMatch(/^# kube-netplay predicts: answered by a pod of ReplicationController web/m);
});
