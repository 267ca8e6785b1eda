// The lesson "Walls" as a class walks it, in English and in Chinese: each step's flow ends as its
// words say (delivered, or rejected by the policy they name), its subject is on the graph, on
// screen, the rest dimmed; its commands print; and an exercise is checked by the reachability
// matrix, wrong and then right.
import type { Page } from 'playwright-core';
import { expect, test } from './harness.ts';
import { Playground } from './playground.ts';

/** What each of the lesson's steps with a flow must show: the verdict, a value its line names, and the step's subject. */
const FLOWS = [
  { verdict: 'delivered', names: /shop\/backend/, subject: [/^pod:shop\/frontend$/, /^pod:shop\/backend$/] },
  { verdict: 'rejected', names: /shop\/default-deny-ingress/, subject: [/^pod:shop\/backend$/] },
  { verdict: 'delivered', names: /shop\/backend/, subject: [/^pod:shop\/backend$/, /^pod:shop\/db$/] },
  { verdict: 'rejected', names: /shop\/default-deny-egress.*53/, subject: [/^pod:shop\/frontend$/, /^svc:kube-system\/kube-dns$/] },
  { verdict: 'delivered', names: /kube-system\/coredns-/, subject: [/^pod:kube-system\/coredns-/] },
] as const;

/** The graph's focused elements, which of them are off screen, and how many are dimmed. */
function subject(page: Page) {
  return page.evaluate(() => {
    const g = window.__graph!;
    const cy = g.cy;
    const ids = g.focusedIds();
    const offScreen = ids.filter((id) => {
      const bb = cy.getElementById(id).renderedBoundingBox({ includeLabels: false });
      return bb.x1 < 0 || bb.y1 < 0 || bb.x2 > cy.width() || bb.y2 > cy.height();
    });
    return { ids, offScreen, dimmed: cy.elements('.dimmed').length };
  });
}

/** The step's flow as the packet panel shows it: the verdict's class and line. */
async function played(page: Page, packets: string): Promise<{ verdict: string; line: string }> {
  await page.getByRole('tab', { name: packets }).click();
  const verdict = page.locator('.playback .verdict:not(.pending)');
  await verdict.waitFor({ timeout: 20_000 });
  const out = { verdict: (await verdict.getAttribute('class'))!.replace('verdict', '').trim(), line: await verdict.innerText() };
  return out;
}

async function walk(page: Page, language: 'en' | 'zh', shots: string[]) {
  const [lessonTab, packetsTab, stepWord, next] =
    language === 'en' ? ['Lesson', 'Packets', 'step', /Next/] : ['课程', '数据包', '步骤', /下一步/];
  const heading = page.locator('.lesson h3');
  const lines: string[] = [];
  for (let i = 1; i <= FLOWS.length; i++) {
    const want = FLOWS[i - 1]!;
    await expect.poll(() => heading.innerText()).toContain(`${stepWord} ${i}/7`);
    await expect.poll(() => page.locator('.lesson pre.command[aria-busy="true"]').count(), { timeout: 20_000 }).toBe(0);
    for (const out of await page.locator('.lesson pre.command').allInnerTexts())
      expect(out.trim().split('\n').length, out).toBeGreaterThan(1);
    // The subject: named, on the graph, on screen, the rest dimmed.
    await expect
      .poll(
        async () => {
          const ids = (await subject(page)).ids;
          return want.subject.every((re) => ids.some((id) => re.test(id)));
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    const s = await subject(page);
    expect(s.offScreen, `step ${i}`).toEqual([]);
    expect(s.dimmed, `step ${i}`).toBeGreaterThan(0);
    const flow = await played(page, packetsTab);
    expect(flow.verdict, `step ${i}: ${flow.line}`).toBe(want.verdict);
    expect(flow.line, `step ${i}`).toMatch(want.names);
    lines.push(flow.line);
    await page.getByRole('tab', { name: lessonTab }).click();
    shots.push(`${language} step ${i}: ${s.ids.join(' ')}`);
    if (i < FLOWS.length) await page.locator('.lesson-nav').getByRole('button', { name: next }).click();
  }
  return lines;
}

test('the lesson "Walls" plays each step\'s flow to the outcome its words say, its subject on screen, in English and in Chinese', async ({
  openPage,
}) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await new Playground(page).ready();
  await page.getByLabel('Scenario', { exact: true }).selectOption('walls');
  const seen: string[] = [];
  const en = await walk(page, 'en', seen);
  expect(en[1]).toMatch(/^Rejected: No ingress rule of shop\/default-deny-ingress allows pod shop\/frontend/);
  expect(en[3]).toMatch(
    /^Rejected: No egress rule of shop\/default-deny-egress, shop\/frontend-to-backend lets the pod reach pod kube-system\/coredns-/,
  );
  // The classic mistake is warned about while the egress walls stand without DNS.
  await page
    .locator('.lesson-nav')
    .getByRole('button', { name: /Previous/ })
    .click();
  await expect.poll(() => page.getByRole('tab', { name: /Problems/ }).innerText()).toMatch(/Problems \(2\)/);
  await page.locator('.lesson-nav').getByRole('button', { name: /Next/ }).click();
  await expect.poll(() => page.getByRole('tab', { name: /Problems/ }).innerText()).toMatch(/Problems \(0\)/);

  // The same lesson in Chinese, from its first step.
  await page.getByLabel('Language', { exact: true }).selectOption('zh');
  await page.evaluate(() => window.__store!.getState().openStep('walls', 0));
  const zh = await walk(page, 'zh', seen);
  expect(zh[1]).toMatch(/shop\/default-deny-ingress 中没有一条入站（ingress）规则允许/);
  expect(zh[3]).toMatch(/shop\/default-deny-egress, shop\/frontend-to-backend 中没有一条出站（egress）规则/);
  expect(await page.locator('.lesson').innerText()).toMatch(/放行 DNS 出站/);
  process.stderr.write(`[walls] focus per step:\n  ${seen.join('\n  ')}\n`);
});

test('a "Walls" exercise is checked by the reachability matrix: wrong pairs are named, then a right answer passes', async ({
  openPage,
}) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await page.getByLabel('Scenario', { exact: true }).selectOption('walls');
  await page.evaluate(() => window.__store!.getState().openStep('walls', 5));
  await expect.poll(() => page.locator('.lesson h3').innerText()).toMatch(/step 6\/7: Exercise: only backend may reach db/);
  const status = page.locator('.exercise [role=status]');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect
    .poll(() => status.innerText(), { timeout: 20_000 })
    .toMatch(
      /^✗ 1 of \d+ pairs are not as asked: backend → db:5432\/TCP is rejected by shop\/default-deny-egress \(no egress rule lets it out\), and should be delivered\.$/,
    );
  // A door on db's side only: the other wall is named.
  await p.edit(/$(?![\s\S])/, DB_FROM_BACKEND);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect
    .poll(() => status.innerText(), { timeout: 20_000 })
    .toMatch(/^✗ .*backend → db:5432\/TCP is rejected by shop\/default-deny-egress/);
  await p.edit(/$(?![\s\S])/, BACKEND_TO_DB);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect.poll(() => status.innerText(), { timeout: 20_000 }).toMatch(/^✓ Yes: all \d+ pairs of pods on 5432\/TCP are as asked\.$/);
  await page.screenshot({ path: 'test-results/walls-exercise.png' });
  // In Chinese, the same check says it in Chinese.
  await page.getByLabel('Language', { exact: true }).selectOption('zh');
  await page.getByRole('button', { name: '检查' }).click();
  await expect.poll(() => status.innerText(), { timeout: 20_000 }).toMatch(/^✓ 正确：5432\/TCP 上全部 \d+ 对 Pod 都符合要求。$/);
});

const DB_FROM_BACKEND = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-from-backend
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: db}
  ingress:
  - from:
    - podSelector:
        matchLabels: {app: backend}
    ports:
    - {protocol: TCP, port: 5432}
`;

const BACKEND_TO_DB = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: backend-to-db
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: backend}
  policyTypes: [Egress]
  egress:
  - to:
    - podSelector:
        matchLabels: {app: db}
    ports:
    - {protocol: TCP, port: 5432}
`;
