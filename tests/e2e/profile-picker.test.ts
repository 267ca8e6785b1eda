// The cluster picker in the top bar: the lab's manifests moved to kind's cluster, undone in one step.
import { expect, test } from './harness.ts';
import { Playground } from './playground.ts';

test('picking kind redraws the lab on kind’s nodes without docker0, What changed compares the nodes, one undo puts the book back', async ({
  openPage,
}) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  const picker = page.getByLabel('Cluster', { exact: true });
  expect(await picker.locator('option').allInnerTexts()).toEqual(expect.arrayContaining(['book', 'kind']));
  await picker.selectOption('kind');
  await page.waitForFunction(() => document.querySelector('.cm-content')?.textContent?.includes('profile: kind'));
  await expect.poll(async () => (await p.nodes()).map((n) => n.label).join('\n')).toMatch(/kind-control-plane[\s\S]*kind-worker/);
  const nodes = await p.nodes();
  expect(nodes.some((n) => /docker0/.test(n.id) || /docker0/.test(n.label))).toBe(false);
  expect(nodes.some((n) => n.id.startsWith('node:k8smaster'))).toBe(false);
  // The pod moved to a kind node keeps its containers (a box given another parent is drawn again whole).
  const pod = nodes.find((n) => n.classes.includes('pod') && n.id.includes('default/'))!;
  // kind's control plane is tainted: the lab's pod goes to the first worker.
  expect(pod.parent).toBe('node:kind-worker');
  expect(nodes.filter((n) => n.parent === pod.id).map((n) => n.label)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^pause/), expect.stringMatching(/^php-redis/)]),
  );
  await page.getByRole('tab', { name: /What changed/ }).click();
  await expect.poll(() => p.inspectorText()).toMatch(/cluster profile book → kind/);
  const changes = await p.inspectorText();
  expect(changes).toContain('− interface docker0 bridge inet 172.17.1.1/24');
  expect(changes).toMatch(/\+ route 10\.244\.0\.0\/24 via 172\.18\.0\.2 dev eth0/);
  expect(changes).toContain('+ iptables chain nat CNI-HOSTPORT-DNAT');
  await page.screenshot({ path: 'test-results/profile-kind.png' });

  // The picker's edit is one step of the editor's history.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => !document.querySelector('.cm-content')?.textContent?.includes('kind: Cluster'));
  await expect.poll(() => picker.inputValue()).toBe('book');
  await expect.poll(async () => (await p.nodes()).some((n) => n.id === 'node:k8smaster01')).toBe(true);
});
