// A derive worker that fails (an error escapes it) is given up: the work it was on says why in the
// page's language, and the next edit is derived by a new worker, never on the page's thread.
import { expect, test } from './harness.ts';
import { Playground } from './playground.ts';

/** Appended to the built worker: a change list makes it fail, as an error escaping the worker would. */
const FAILS_ON_CHANGES = `
;(() => {
  const real = self.onmessage;
  self.onmessage = (e) => {
    if (e.data.kind === 'changes') setTimeout(() => { throw new Error('the worker failed'); });
    else real(e);
  };
})();`;

test('a worker that fails answers its work as failed (en and zh) and a new one derives the next edit', async ({ openPage }) => {
  // No offline worker: it would serve the derive worker's script from its cache, not the route's.
  const page = await openPage('', { serviceWorkers: 'block' });
  await page.route(/derive-worker-[^/]*\.js$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()) + FAILS_ON_CHANGES });
  });
  // Counts the derive workers the page makes.
  await page.addInitScript(() => {
    const Made = window.Worker;
    const made = { count: 0 };
    (window as unknown as { __deriveWorkers: typeof made }).__deriveWorkers = made;
    window.Worker = class extends Made {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (String(url).includes('derive-worker')) made.count++;
      }
    };
  });
  await page.reload();
  const made = () => page.evaluate(() => (window as unknown as { __deriveWorkers: { count: number } }).__deriveWorkers.count);
  const p = new Playground(page);
  await p.ready();
  expect(await made()).toBe(1);
  await page.getByRole('tab', { name: /What changed/ }).click();
  await p.edit(/replicas: 1/, 'replicas: 2');
  await p.waitForPods(2);
  const status = page.locator('.changes').getByRole('status');
  await expect
    .poll(() => status.innerText(), { timeout: 20_000 })
    .toBe(
      'What the last edit changed could not be listed. This could not be worked out: the worker working it out failed before it answered (a new worker takes the next question).',
    );
  await page.evaluate(() => window.__store!.getState().setLanguage('zh'));
  await expect
    .poll(() => status.innerText())
    .toBe('无法列出上次编辑带来的变化。 无法算出结果：负责计算的后台线程在给出结果之前出错退出（下一个问题由新的后台线程处理）。');
  // The next edit goes to a new worker, which derives it.
  await p.edit(/replicas: 2/, 'replicas: 3');
  await p.waitForPods(3);
  expect(await made()).toBe(2);
});
