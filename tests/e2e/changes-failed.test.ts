// A change list the derive worker could not make says why in the What changed panel, in the
// page's language, rather than reading as "nothing changed".
import { expect, test } from './harness.ts';
import { Playground } from './playground.ts';

/** Appended to the built worker: it never answers a change list, as a worker stuck on one would not. */
const STUCK_ON_CHANGES = `
;(() => {
  const real = self.onmessage;
  self.onmessage = (e) => {
    if (e.data.kind !== 'changes') real(e);
  };
})();`;

test('a change list that runs out of time shows why in What changed (en and zh)', async ({ openPage }) => {
  // No offline worker: it would serve the derive worker's script from its cache, not the route's.
  const page = await openPage('', { serviceWorkers: 'block' });
  await page.route(/derive-worker-[^/]*\.js$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()) + STUCK_ON_CHANGES });
  });
  await page.reload();
  const p = new Playground(page);
  await p.ready();
  await p.edit(/replicas: 1/, 'replicas: 2');
  await p.waitForPods(2);
  await page.getByRole('tab', { name: /What changed/ }).click();
  const status = page.locator('.changes').getByRole('status');
  await expect
    .poll(() => status.innerText(), { timeout: 20_000 })
    .toBe(
      'What the last edit changed could not be listed. This took more than 8 s to work out and was stopped; the scenario may be too large for it.',
    );
  await page.evaluate(() => window.__store!.getState().setLanguage('zh'));
  await expect.poll(() => status.innerText()).toBe('无法列出上次编辑带来的变化。 计算超过 8 秒，已被停止；场景可能太大。');
});
