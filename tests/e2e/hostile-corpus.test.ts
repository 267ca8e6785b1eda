// The hostile corpus in the built site (see hostile-corpus.ts): no case may block the page's main
// thread for more than 200 ms (judged where the lab itself loads within that; the cases still over
// it hold a ceiling at what CI measured, see knownOverMs), crash the page,
// lose the text typed or write a manifest's escape sequence to the terminal raw. `npm run bench` prints the same cases' longest tasks.
import { expect, test } from './harness.ts';
import type { OpenPage } from './harness.ts';
import { CONTROL, CORPUS, LONGTASK_PROBE, runCase, TASK_BUDGET_MS, withServices, type HostileCase } from './hostile-corpus.ts';
import { Playground } from './playground.ts';

/**
 * The same steps on the lab itself: what loading and drawing the lab costs on this machine. On a
 * machine so busy that this alone takes longer than the budget, the longest tasks are printed,
 * not judged (crashes, lost text and raw control characters still are).
 */
let control = 0;

async function measure(openPage: OpenPage, c: HostileCase) {
  const page = await openPage();
  await page.context().addInitScript({ content: LONGTASK_PROBE });
  await page.reload({ waitUntil: 'load' });
  return runCase(page, page.url().replace(/#.*$/, ''), c);
}

test('hostile corpus: the control (the lab pasted over itself, then reloaded)', { timeout: 180_000 }, async ({ openPage }) => {
  const outcome = await measure(openPage, CONTROL);
  expect(outcome).toEqual({ longestMs: expect.any(Number), crashed: false });
  control = outcome.longestMs;
});

for (const c of CORPUS) {
  test(`hostile corpus: ${c.name}`, { timeout: 180_000 }, async ({ openPage }) => {
    const outcome = await measure(openPage, c);
    expect(outcome.crashed).toBe(false);
    expect(outcome.lostText).toBeUndefined();
    expect(outcome.rawControl).toBeUndefined();
    if (control > TASK_BUDGET_MS) {
      // Loading the lab alone took longer than the budget: the machine is too busy to judge it.
      process.stderr.write(`[e2e] "${c.name}": longest task ${outcome.longestMs} ms, not judged: the control took ${control} ms\n`);
      return;
    }
    if (c.knownOverMs !== undefined) {
      process.stderr.write(
        `[e2e] "${c.name}": longest task ${outcome.longestMs} ms, over the ${TASK_BUDGET_MS} ms budget (a known gap; ceiling ${c.knownOverMs} ms)\n`,
      );
      expect(outcome.longestMs).toBeLessThanOrEqual(c.knownOverMs);
      return;
    }
    expect(outcome.longestMs).toBeLessThanOrEqual(TASK_BUDGET_MS);
  });
}

test('a graph past the drawing budget is drawn as an overview that says so, and the lab in it stays selectable', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await page.evaluate((text) => {
    const s = window.__store!.getState();
    s.setText(text);
    s.commit();
  }, withServices(499));
  await expect
    .poll(() => page.locator('.overview-hint[role=status]').innerText(), { timeout: 30_000 })
    .toMatch(/^Too large to draw whole \(1,0\d\d elements\): 1 pod is counted per node, not drawn, and 460 of 500 services/);
  await expect.poll(async () => (await p.nodes()).find((n) => n.id === 'portal/more')?.label).toBe('… 460 more services');
  const nodes = await p.nodes();
  expect(nodes.filter((n) => n.classes.includes('service'))).toHaveLength(40);
  expect(nodes.find((n) => n.id === 'node:k8smaster01/pods')?.label).toBe('pods: 1');
  // A graph within the budget again: drawn whole, and the words are gone.
  await page.evaluate(() => {
    const s = window.__store!.getState();
    s.setText(s.text.slice(0, s.text.indexOf('name: svc-11\n')).replace(/---\napiVersion: v1\nkind: Service\nmetadata:\n {2}$/, ''));
    s.commit();
  });
  await expect.poll(async () => (await p.nodes()).filter((n) => n.classes.includes('service')).length, { timeout: 30_000 }).toBe(11);
  expect(await page.locator('.overview-hint[role=status]').count()).toBe(0);
});
