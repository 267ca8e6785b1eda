// Single-key shortcuts (P, Space, ?) act only when the page or the graph has the focus: a key
// pressed in a tab strip, a field, the editor or the terminal is that control's own.
import type { Page } from 'playwright-core';
import { expect, test } from './harness.ts';
import { Playground, TerminalTab } from './playground.ts';

const presenter = (page: Page) => page.evaluate(() => window.__store!.getState().presenter);

test('P works on the page and the graph, never in a tab strip, a field, the editor or the terminal; ? shows the sheet', async ({
  openPage,
}) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const p = new Playground(page);
  await p.ready();

  // In a tab strip: the Inspector tab has the focus.
  await page.getByRole('tab', { name: 'Inspector' }).focus();
  await page.keyboard.press('p');
  expect(await presenter(page)).toBe(false);
  // In a field: the kube-proxy mode menu (none of its choices starts with P, so nothing changes).
  await page.getByLabel('kube-proxy mode', { exact: true }).focus();
  await page.keyboard.press('p');
  expect(await presenter(page)).toBe(false);
  // In the editor: the key is text.
  await p.cursorAfter('kind: ReplicationController');
  await page.keyboard.press('p');
  expect(await presenter(page)).toBe(false);
  expect(await page.evaluate(() => window.__store!.getState().text)).toContain('kind: ReplicationControllerp');
  await page.keyboard.press('Backspace');
  // In the terminal: the key is typed at the prompt.
  const term = new TerminalTab(page);
  await term.open();
  await page.keyboard.press('p');
  expect(await presenter(page)).toBe(false);
  expect(await term.screen()).toMatch(/\]# p$/);
  await page.keyboard.press('Backspace');

  // On the graph (clicked on an empty spot) and on the page itself: P toggles presenter mode.
  const graph = (await page.locator('[data-testid="graph"]').boundingBox())!;
  await page.mouse.click(graph.x + 8, graph.y + graph.height - 8);
  await page.keyboard.press('p');
  await expect.poll(() => presenter(page)).toBe(true);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('p');
  await expect.poll(() => presenter(page)).toBe(false);

  // ? opens the sheet listing the keys; Escape closes it.
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect.poll(() => sheet.isVisible()).toBe(true);
  const text = await sheet.innerText();
  for (const key of ['P', 'Space', 'Alt + →', '?']) expect(text).toContain(key);
  await page.screenshot({ path: 'test-results/shortcut-sheet.png' });
  await page.keyboard.press('Escape');
  await expect.poll(() => sheet.count()).toBe(0);
});
