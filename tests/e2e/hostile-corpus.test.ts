// The hostile corpus in the built site (see hostile-corpus.ts): no case may block the page's main
// thread for more than 200 ms by the thread's own clock (the least of up to three tries, each
// traced; judged where the lab itself loads within that) or 1 s by the wall clock, crash the page,
// lose the text typed or write a manifest's escape sequence to the terminal raw.
// `npm run bench` prints the same cases' longest tasks.
import { expect, test } from './harness.ts';
import type { Page } from 'playwright-core';
import type { OpenPage } from './harness.ts';
import {
  CONTROL,
  CORPUS,
  LONGTASK_PROBE,
  runCase,
  TASK_BUDGET_MS,
  WALL_CEILING_MS,
  withServices,
  type HostileCase,
} from './hostile-corpus.ts';
import { Playground } from './playground.ts';

/**
 * The same steps on the lab itself: what loading and drawing the lab costs on this machine. On a
 * machine so busy that this alone takes longer than the budget, the longest tasks are printed,
 * not judged (crashes, lost text and raw control characters still are).
 */
let control = 0;

/**
 * Another process taking a core only ever lengthens a task, never shortens it: a case over its
 * limit is tried again in a fresh page, up to three times, and the least it took is its own cost.
 * A task that is really too long is too long every time.
 */
const TRIES = 3;

/** The least, over up to TRIES fresh pages, of the longest main-thread task, by both clocks. */
async function leastLongest(openPage: OpenPage, c: HostileCase, limit: number): Promise<{ thread: number; wall: number }> {
  let least = Infinity;
  let wall = Infinity;
  let last: Page | undefined;
  for (let i = 0; i < TRIES && (least > limit || wall > WALL_CEILING_MS); i++) {
    // The page of a try over the limit is let go; the last one stays for a failure's screenshot.
    await last?.context().close();
    const page = (last = await openPage('', { fresh: true }));
    await page.context().addInitScript({ content: LONGTASK_PROBE });
    await page.reload({ waitUntil: 'load' });
    const outcome = await runCase(page, page.url().replace(/#.*$/, ''), c, true);
    expect(outcome.crashed).toBe(false);
    expect(outcome.lostText).toBeUndefined();
    expect(outcome.rawControl).toBeUndefined();
    least = Math.min(least, outcome.traced!.threadMs);
    wall = Math.min(wall, outcome.traced!.wallMs);
  }
  return { thread: least, wall };
}

/** Both clocks, for the log (the tracing itself lengthens a task on the wall clock a little). */
const said = (r: { thread: number; wall: number }) => `longest task ${r.thread} ms (${r.wall} ms on the wall clock)`;

test('hostile corpus: the control (the lab pasted over itself, then reloaded)', { timeout: 300_000 }, async ({ openPage }) => {
  const r = await leastLongest(openPage, CONTROL, TASK_BUDGET_MS);
  control = r.thread;
  process.stderr.write(`[e2e] the control: ${said(r)}\n`);
  expect(control).toBeGreaterThan(0);
});

for (const c of CORPUS) {
  test(`hostile corpus: ${c.name}`, { timeout: 300_000 }, async ({ openPage }) => {
    const r = await leastLongest(openPage, c, TASK_BUDGET_MS);
    if (control > TASK_BUDGET_MS) {
      // Loading the lab alone took longer than the budget: the machine is too slow to judge it.
      process.stderr.write(`[e2e] "${c.name}": ${said(r)}, not judged: the control took ${control} ms\n`);
      return;
    }
    process.stderr.write(`[e2e] "${c.name}": ${said(r)}\n`);
    expect(r.thread).toBeLessThanOrEqual(TASK_BUDGET_MS);
    expect(r.wall).toBeLessThanOrEqual(WALL_CEILING_MS);
  });
}

test('a graph past the drawing budget is drawn as an overview that says so, and the lab in it stays selectable', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await p.load(withServices(499));
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
