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

  // By keyboard alone: Tab from the graph's toolbar reaches the graph, which has a name, says its
  // keys and shows a focus ring; P works there.
  await page.getByLabel('Text size', { exact: true }).focus();
  await page.keyboard.press('Tab');
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
  expect(await focused()).toBe('graph');
  const graphEl = page.getByRole('img', { name: 'Network graph' });
  expect(await graphEl.getAttribute('aria-describedby').then((id) => page.locator(`#${id}`).textContent())).toMatch(/P presenter mode/);
  expect(await graphEl.evaluate((el) => getComputedStyle(el, '::after').boxShadow)).toMatch(/inset/);
  await page.screenshot({ path: 'test-results/graph-focused.png' });
  await page.keyboard.press('p');
  await expect.poll(() => presenter(page)).toBe(true);
  expect(await focused()).toBe('graph');
  await page.keyboard.press('p');
  await expect.poll(() => presenter(page)).toBe(false);

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
  for (const what of ['Leave the editor', 'Leave the terminal']) expect(text).toContain(what);
  await page.screenshot({ path: 'test-results/shortcut-sheet.png' });
  await page.keyboard.press('Escape');
  await expect.poll(() => sheet.count()).toBe(0);
});

test('in the terminal Tab completes; Esc then Tab leaves it forward, Esc then Shift+Tab backward', async ({ openPage }) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await new Playground(page).ready();
  const term = new TerminalTab(page);
  await term.open();
  const lastLine = async () => (await term.screen()).split('\n').at(-1)!;
  /** Where the focus is: in the terminal, or after or before it in the page's order, and its name. */
  const focus = () =>
    page.evaluate(() => {
      const active = document.activeElement!;
      const terminal = document.querySelector('.xterm')!;
      const where = terminal.contains(active)
        ? 'terminal'
        : terminal.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING
          ? 'after'
          : 'before';
      return { where, name: active.getAttribute('aria-label') ?? active.textContent ?? '' };
    });

  // A plain Tab completes, and the focus stays.
  await page.keyboard.type('kubec');
  await page.keyboard.press('Tab');
  await expect.poll(lastLine).toMatch(/kubectl$/);
  expect((await focus()).where).toBe('terminal');
  // Escape and then another key: the next Tab is the terminal's again.
  await page.keyboard.press('Escape');
  await page.keyboard.type('get');
  await page.keyboard.press('Tab');
  expect((await focus()).where).toBe('terminal');

  // Escape, then Tab: out to the next control of the page (the terminal is its last, so round to
  // its first, the scenario menu); the line typed is kept.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  expect(await focus()).toEqual({ where: 'before', name: 'Scenario' });
  expect(await lastLine()).toMatch(/kubectl get/);
  // Escape, then Shift+Tab: out to the control before it, the terminal's node switcher.
  await page.locator('.xterm-helper-textarea').focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  expect(await focus()).toEqual({ where: 'before', name: 'Node' });
});

test("Alt+→ with no lesson open starts the lesson of the scenario shown; over text of the visitor's own it does nothing", async ({
  openPage,
}) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  const lesson = () => page.evaluate(() => window.__store!.getState().lesson);
  expect(await lesson()).toBeUndefined();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Alt+ArrowRight');
  await expect.poll(lesson).toEqual({ id: 'lab', step: 0 });
  await page.keyboard.press('Alt+ArrowRight');
  await expect.poll(lesson).toEqual({ id: 'lab', step: 1 });
  // The lesson closed over text of the visitor's own (no scenario's): the key replaces nothing.
  await page.evaluate(() => {
    const s = window.__store!.getState();
    s.setLesson(undefined);
    s.setText(`${s.text}\n# my note\n`);
  });
  await expect.poll(lesson).toBeUndefined();
  await page.keyboard.press('Alt+ArrowRight');
  await page.waitForTimeout(300);
  expect(await lesson()).toBeUndefined();
  expect(await page.evaluate(() => window.__store!.getState().text)).toContain('# my note');
});
