// crictl typed in the terminal of a kind node: the sandboxes and containers of the simulation.
import { readFileSync } from 'node:fs';
import { expect, test } from './harness.ts';
import { Playground, TerminalTab } from './playground.ts';

const KIND = readFileSync(new URL('../fixtures/kind.yaml', import.meta.url), 'utf8');

test('on a kind node crictl lists the pod sandboxes and inspectp shows the CNI netns; Tab offers crictl, not docker', async ({
  openPage,
}) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await p.load(KIND);
  // The two web pods, on kind's workers (CoreDNS's pods are kind's too).
  await page.waitForFunction(() => window.__graph!.cy.nodes('.pod').filter((n) => /^web-/.test(String(n.data('label')))).length === 2);
  const term = new TerminalTab(page);
  await term.open();
  await term.run('ssh kind-worker');
  expect(await term.screen()).toContain('[root@kind-worker ~]#');
  const pods = await term.run('crictl pods');
  expect(pods).toMatch(/^POD ID\s+CREATED\s+STATE\s+NAME\s+NAMESPACE\s+ATTEMPT\s+RUNTIME$/m);
  const id = /^([0-9a-f]{13})\s+2 minutes ago\s+Ready\s+web-\w{5}\s+default\s+0\s+\(default\)$/m.exec(pods)?.[1];
  expect(id).toBeDefined();
  expect(await term.run('crictl ps')).toMatch(new RegExp(`\\s+Running\\s+web\\s+0\\s+${id}\\s+web-\\w{5}\\s+default$`, 'm'));
  expect(await term.run(`crictl inspectp ${id} | grep '"path"'`)).toMatch(/"path": "\/var\/run\/netns\/cni-[0-9a-f-]{36}",/);
  expect(await term.run('docker ps')).toBe('bash: docker: command not found');
  // Tab completes `cr` to crictl; `dock` completes to nothing on a containerd node.
  await page.keyboard.type('cr');
  await page.keyboard.press('Tab');
  await expect.poll(async () => (await term.screen()).split('\n').pop()).toBe('[root@kind-worker ~]# crictl');
  await page.keyboard.press('Control+C');
  await page.keyboard.type('dock');
  await page.keyboard.press('Tab');
  await page.keyboard.type('X');
  await expect.poll(async () => (await term.screen()).split('\n').pop()).toBe('[root@kind-worker ~]# dockX');
});
