// NetworkPolicy in the page: the reachability matrix (every pod to every pod on a port, traced in
// the derive worker), a denied cell played as a flow that dies at the policy, and a policy chosen
// in the editor or the inspector marked on the graph.
import type { Page } from 'playwright-core';
import { expect, test } from './harness.ts';
import { Packets, Playground } from './playground.ts';

/** A default-deny for namespace default, and web let in from client on port 80: stranger stays out. */
const WALLS = `apiVersion: kube-netplay/v1
kind: Cluster
metadata:
  name: walls
spec:
  profile: kind
---
${['web:kind-worker', 'client:kind-worker2', 'stranger:kind-worker2']
  .map((p) => p.split(':'))
  .map(
    ([name, node]) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  nodeName: ${node}
  containers:
  - name: ${name}
    image: nginx
    ports:
    - {containerPort: 80}
`,
  )
  .join('---\n')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-from-client
spec:
  podSelector:
    matchLabels: {app: web}
  ingress:
  - from:
    - podSelector:
        matchLabels: {app: client}
    ports:
    - {port: 80}
`;

async function openWalls(page: Page): Promise<Playground> {
  const p = new Playground(page);
  await p.ready();
  await p.load(WALLS);
  await page.waitForFunction(() => window.__graph!.cy.nodes('.pod').length >= 3);
  return p;
}

/** The matrix's cell from one pod to another (`namespace/name`): its mark, class and words. */
async function cell(page: Page, from: string, to: string) {
  const button = page.locator(`.reach-matrix button[data-from="${from}"][data-to="${to}"]`);
  await button.waitFor();
  return {
    mark: await button.innerText(),
    classes: (await button.getAttribute('class')) ?? '',
    says: (await button.getAttribute('aria-label')) ?? '',
  };
}

/** The classes of a pod's box on the graph. */
function podClasses(page: Page, name: string): Promise<string[]> {
  return page.evaluate((n) => window.__graph!.cy.getElementById(`pod:default/${n}`).classes(), name);
}

test('the matrix for a default-deny and an allow from one app shows each pair as the policies decide', async ({ openPage }) => {
  const page = await openPage();
  await openWalls(page);
  await page.getByRole('tab', { name: 'Reachability' }).click();
  await page.locator('.reach-matrix').waitFor({ timeout: 30_000 });
  expect(await page.getByLabel('Port', { exact: true }).inputValue()).toBe('80');

  const allowed = await cell(page, 'default/client', 'default/web');
  expect(allowed.mark).toBe('✓');
  expect(allowed.classes).toContain('reach-delivered');
  const denied = await cell(page, 'default/stranger', 'default/web');
  expect(denied.mark).toBe('✕');
  expect(denied.classes).toContain('reach-rejected');
  // The cell says which policies isolate web and that no ingress rule lets the stranger in.
  expect(denied.says).toMatch(
    /default\/stranger → default\/web:80\/TCP: Rejected.*No ingress rule of default\/default-deny, default\/web-from-client/,
  );
  expect((await cell(page, 'default/web', 'default/client')).mark).toBe('✕');
  expect((await cell(page, 'default/client', 'default/stranger')).mark).toBe('✕');
  // A pod reaching its own address never meets a policy.
  expect((await cell(page, 'default/web', 'default/web')).mark).toBe('✓');
  // Nothing listens on 80 in the CoreDNS pods, and no policy of theirs isolates them: refused.
  const refused = await page.locator('.reach-matrix button[data-from="default/web"][data-to^="kube-system/coredns"]').first();
  expect(await refused.innerText()).toBe('○');

  // Another port: the allow names port 80 only, so client → web is rejected on 8080.
  await page.getByLabel('Port', { exact: true }).fill('8080');
  await expect.poll(async () => (await cell(page, 'default/client', 'default/web')).mark, { timeout: 30_000 }).toBe('✕');
  // The tab lists the cluster's policies: one chosen there is shown on the graph.
  await page.locator('.reach-key').getByRole('button', { name: 'default/web-from-client' }).click();
  await page.getByRole('status', { name: 'NetworkPolicy default/web-from-client' }).waitFor();
  expect(await podClasses(page, 'web')).toContain('policy-selected');
  await page.screenshot({ path: 'test-results/reachability-matrix-8080.png' });
});

test('a denied cell plays its flow, which ends rejected at the policy hop on the destination node', async ({ openPage }) => {
  const page = await openPage();
  await openWalls(page);
  await page.getByRole('tab', { name: 'Reachability' }).click();
  await page.locator('.reach-matrix button[data-from="default/stranger"][data-to="default/web"]').click();
  // The packet panel opens on the flow and plays it.
  await expect.poll(() => page.getByRole('tab', { name: 'Packets' }).getAttribute('aria-selected')).toBe('true');
  const packets = new Packets(page);
  await page.locator('ol.hops li').first().waitFor();
  await packets.waitForEnd();
  expect(await packets.verdict()).toMatch(
    /^Rejected.*No ingress rule of default\/default-deny, default\/web-from-client allows pod default\/stranger/,
  );
  const hops = await packets.hops();
  // It dies at web's node: kube-router's REJECT in web's pod firewall chain, then the rejection naming the policies.
  const [rule, last] = hops.slice(-2);
  expect(rule).toMatch(/node kind-worker\b/);
  expect(rule).toMatch(/-A KUBE-POD-FW-\w+ .*-j REJECT/);
  expect(last).toMatch(/node kind-worker\b/);
  expect(last).toMatch(/No ingress rule of default\/default-deny, default\/web-from-client allows pod default\/stranger/);
  // The flow picker shows the pair: from stranger, to web's address on 80.
  const ip = await page.evaluate(() => window.__store!.getState().flow?.to.ip);
  expect(await page.getByLabel('Destination').locator('option:checked').innerText()).toContain(`${ip}:80`);
  await page.screenshot({ path: 'test-results/reachability-denied-flow.png' });
});

test('a policy chosen in the editor or the inspector marks the pods it selects and the peers it lets in', async ({ openPage }) => {
  const page = await openPage();
  const p = await openWalls(page);
  // The cursor in the allow's document.
  await p.cursorAfter('name: web-from-client');
  const banner = page.getByRole('status', { name: 'NetworkPolicy default/web-from-client' });
  await banner.waitFor();
  expect(await banner.innerText()).toMatch(/selects 1 pod.*allows in from 1 pod.*egress not isolated/s);
  expect(await podClasses(page, 'web')).toContain('policy-selected');
  expect(await podClasses(page, 'client')).toContain('policy-from');
  expect(await podClasses(page, 'stranger')).toContain('policy-dimmed');
  expect(await podClasses(page, 'web')).not.toContain('policy-dimmed');
  await page.screenshot({ path: 'test-results/reachability-policy-editor.png' });
  // The cursor in a pod's document: the marks go.
  await p.cursorAfter('name: stranger');
  await banner.waitFor({ state: 'detached' });
  expect(await podClasses(page, 'web')).not.toContain('policy-selected');
  expect(await podClasses(page, 'stranger')).not.toContain('policy-dimmed');

  // The inspector of web lists both policies; the default-deny selects every pod of default.
  // Selected as a tap on its box would select it (a click on the box's corner lands on its veth).
  await page.evaluate(() => {
    const pod = window.__graph!.cy.getElementById('pod:default/web');
    window.__store!.getState().select({ id: pod.id(), ref: pod.data('ref') });
  });
  await page.getByRole('button', { name: 'default/default-deny' }).click();
  const deny = page.getByRole('status', { name: 'NetworkPolicy default/default-deny' });
  await deny.waitFor();
  expect(await deny.innerText()).toMatch(/selects 3 pods.*allows in from 0 pods/s);
  for (const name of ['web', 'client', 'stranger']) expect(await podClasses(page, name)).toContain('policy-selected');
  await deny.getByRole('button', { name: 'Hide' }).click();
  await deny.waitFor({ state: 'detached' });
  expect(await podClasses(page, 'web')).not.toContain('policy-selected');
});

test('in Chinese, the matrix, its cells and the policy key speak Chinese', async ({ openPage }) => {
  const page = await openPage();
  await openWalls(page);
  await page.evaluate(() => window.__store!.getState().setLanguage('zh'));
  await page.getByRole('tab', { name: '可达性' }).click();
  const denied = await cell(page, 'default/stranger', 'default/web');
  expect(denied.mark).toBe('✕');
  expect(denied.says).toMatch(/default\/default-deny, default\/web-from-client 中没有一条入站（ingress）规则允许/);
  expect(await page.locator('.reach-legend').innerText()).toContain('被 NetworkPolicy 拒绝');
  await page.locator('.reach-key').getByRole('button', { name: 'default/default-deny' }).click();
  expect(await page.getByRole('status', { name: 'NetworkPolicy default/default-deny' }).innerText()).toMatch(/选中 3 个 Pod/);
});

test('a matrix the worker could not work out says why, instead of tracing every pair forever', async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  // The worker's answer for the shown text on port 80: it ran past its time budget.
  await page.evaluate(() => {
    const s = window.__store!.getState();
    const text = s.lastGoodText || s.simulatedText;
    const key = JSON.stringify({ kind: 'reachability', port: { port: 80, protocol: 'TCP' } });
    const failed = { kind: 'failed' as const, why: { code: 'question.time' as const, params: { seconds: 8 } } };
    window.__store!.setState({ answers: new Map([[text, new Map([[key, failed]])]]) });
  });
  await page.getByRole('tab', { name: 'Reachability' }).click();
  const status = page.locator('.reachability').getByRole('status');
  await expect
    .poll(() => status.innerText())
    .toBe('This took more than 8 s to work out and was stopped; the scenario may be too large for it.');
  expect(await page.locator('.reachability [aria-busy="true"]').count()).toBe(0);
  await page.evaluate(() => window.__store!.getState().setLanguage('zh'));
  await expect.poll(() => status.innerText()).toBe('计算超过 8 秒，已被停止；场景可能太大。');
});
