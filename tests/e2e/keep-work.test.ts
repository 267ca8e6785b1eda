// Never lose a keystroke: a save that fails is reported at once with the text to download and a
// warning before the page goes; two tabs never overwrite each other silently; a saved text whose
// load never finished is not simulated at the next visit.
import type { Page } from 'playwright-core';
import { expect, test } from './harness.ts';
import { Playground } from './playground.ts';

const TEXT_KEY = 'kube-netplay:text:v1';
const LOADING_KEY = 'kube-netplay:loading:v1';

const storeText = (page: Page) => page.evaluate(() => window.__store!.getState().text);
const savedText = (page: Page) => page.evaluate((key) => localStorage.getItem(key), TEXT_KEY);

async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

test('a save refused for want of room is reported at once, with the text to download and a warning before the page goes', async ({
  openPage,
}) => {
  const page = await openPage();
  await new Playground(page).ready();
  await typeAtEnd(page, '\n# mine');
  await expect.poll(() => savedText(page)).toContain('# mine');
  // Fill the storage until not one more character fits.
  await page.evaluate(() => {
    let i = 0;
    for (let size = 1 << 20; size >= 1; size = Math.floor(size / 4)) {
      for (;;) {
        try {
          localStorage.setItem(`filler-${i++}`, 'x'.repeat(size));
        } catch {
          break;
        }
      }
    }
  });
  await typeAtEnd(page, ' and more');
  const alert = page.getByRole('alert').filter({ hasText: 'not saved' });
  await expect.poll(() => alert.innerText()).toContain("the browser's storage for this page is full");
  const [file] = await Promise.all([page.waitForEvent('download'), alert.getByRole('button', { name: 'Download the text' }).click()]);
  const downloaded = await file.createReadStream().then(async (s) => {
    let out = '';
    for await (const chunk of s) out += String(chunk);
    return out;
  });
  expect(downloaded).toBe(await storeText(page));
  expect(downloaded).toContain('# mine and more');
  // The older text is still what a reload would bring: the page warns before it goes.
  expect(await savedText(page)).not.toContain('and more');
  let asked = '';
  page.on('dialog', (d) => {
    asked = d.type();
    void d.dismiss();
  });
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => asked).toBe('beforeunload');
});

test('two tabs on one scenario: the second is told of the first one’s edit and chooses, never overwritten silently', async ({
  openPage,
}) => {
  const first = await openPage();
  await new Playground(first).ready();
  const second = await openPage();
  await new Playground(second).ready();
  await typeAtEnd(first, '\n# from the first tab');
  await expect.poll(() => savedText(first)).toContain('# from the first tab');
  const question = second.getByRole('alertdialog', { name: /changed in another tab/ });
  await expect.poll(() => question.isVisible()).toBe(true);
  // The second tab's edits are held, not saved over the first one's.
  await typeAtEnd(second, '\n# from the second tab');
  await second.waitForTimeout(1_000);
  expect(await savedText(second)).toContain('# from the first tab');
  expect(await savedText(second)).not.toContain('# from the second tab');
  await question.getByRole('button', { name: "Take the other tab's text" }).click();
  await expect.poll(() => storeText(second)).toContain('# from the first tab');
  expect(await storeText(second)).not.toContain('# from the second tab');
  // Saving again once chosen; the first tab is told in its turn.
  await typeAtEnd(second, '\n# agreed');
  await expect.poll(() => savedText(second)).toContain('# agreed');
  await expect.poll(() => first.getByRole('alertdialog', { name: /changed in another tab/ }).isVisible()).toBe(true);
  await first.getByRole('button', { name: "Keep this tab's text" }).click();
  await expect.poll(() => savedText(first)).not.toContain('# agreed');
});

test('a saved text whose last load never finished is not simulated; it is kept and can be opened anyway', async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  const lab = await storeText(page);
  const heavy = lab.replace('replicas: 1', 'replicas: 2');
  await typeAtEnd(page, '\n');
  // The edit is saved a moment later: wait for it, so that it cannot land over the text put next.
  await expect.poll(async () => (await savedText(page)) === (await storeText(page)) && (await savedText(page)) !== lab).toBe(true);
  await page.evaluate(([key, text]) => localStorage.setItem(key!, text!), [TEXT_KEY, heavy]);
  // A normal load clears its mark once the graph is painted.
  await page.reload();
  await new Playground(page).ready();
  expect(await storeText(page)).toBe(heavy);
  await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), LOADING_KEY)).toBeNull();
  // The load that froze: the mark is still there at the next start.
  await page.evaluate((key) => localStorage.setItem(key, '1'), LOADING_KEY);
  await page.reload();
  await new Playground(page).ready();
  const question = page.getByRole('alertdialog', { name: /did not finish loading/ });
  await expect.poll(() => question.isVisible()).toBe(true);
  expect(await storeText(page)).toBe(lab);
  expect(await new Playground(page).nodes().then((n) => n.filter((x) => x.classes.includes('pod')).length)).toBe(1);
  await question.getByRole('button', { name: 'Open it anyway' }).click();
  await expect.poll(() => storeText(page)).toBe(heavy);
  await new Playground(page).waitForPods(2);
  await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), LOADING_KEY)).toBeNull();
});

test('starting from the lab after a safe start keeps the text aside', async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  const heavy = (await storeText(page)).replace('replicas: 1', 'replicas: 3');
  await page.evaluate(
    ([textKey, text, loadingKey]) => {
      localStorage.setItem(textKey!, text!);
      localStorage.setItem(loadingKey!, '1');
    },
    [TEXT_KEY, heavy, LOADING_KEY],
  );
  await page.reload();
  await new Playground(page).ready();
  await page.getByRole('button', { name: 'Start from the lab' }).click();
  await typeAtEnd(page, '\n# a new start');
  await expect.poll(() => savedText(page)).toContain('# a new start');
  expect(await page.evaluate(() => localStorage.getItem('kube-netplay:set-aside:v1'))).toBe(heavy);
});
