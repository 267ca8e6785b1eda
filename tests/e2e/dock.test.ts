// The panel under the graph: resized from the keyboard and by dragging, remembered across a reload,
// folded to its tabs; the terminal fills whatever height it is given.
import { expect, test } from './harness.ts';
import { Playground, TerminalTab } from './playground.ts';

const dockHeight = (page: import('playwright-core').Page) => page.locator('.dock').evaluate((el) => el.getBoundingClientRect().height);
const terminalRows = (page: import('playwright-core').Page) => page.evaluate(() => window.__terminal!.rows);

test('the panel resizes by keyboard and by drag, keeps its height after a reload, folds, and the terminal fills it', async ({
  openPage,
}) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await new Playground(page).ready();
  const term = new TerminalTab(page);
  await term.open();
  const rowsBefore = await terminalRows(page);
  const before = await dockHeight(page);

  // Keyboard: focus the panel's top edge, five steps up.
  const edge = page.getByRole('separator', { name: 'Resize the panel below the graph' });
  await edge.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
  const taller = await dockHeight(page);
  expect(taller).toBeGreaterThan(before + 100);
  // The terminal takes the new room: more rows.
  await expect.poll(() => terminalRows(page)).toBeGreaterThan(rowsBefore + 4);

  // Drag: the edge follows the pointer.
  const box = (await edge.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, 400, { steps: 5 });
  await page.mouse.up();
  const dragged = await dockHeight(page);
  expect(Math.abs(dragged - (720 - 400))).toBeLessThan(12);
  // The graph above gave the room: its pane ends where the panel begins.
  const graphBottom = await page.locator('.graph-pane').evaluate((el) => el.getBoundingClientRect().bottom);
  expect(Math.abs(graphBottom - 400)).toBeLessThan(12);

  // Remembered across a reload.
  await page.reload();
  await new Playground(page).ready();
  expect(Math.abs((await dockHeight(page)) - dragged)).toBeLessThan(2);

  // Folded: only the tab row is left, and the graph grows; clicking a tab unfolds it.
  const graphBefore = await page.evaluate(() => window.__graph!.cy.height());
  await page.getByRole('button', { name: 'Hide the panel' }).click();
  expect(await dockHeight(page)).toBeLessThan(50);
  await expect.poll(() => page.evaluate(() => window.__graph!.cy.height())).toBeGreaterThan(graphBefore + 200);
  await page.getByRole('tab', { name: 'Inspector' }).click();
  expect(Math.abs((await dockHeight(page)) - dragged)).toBeLessThan(2);
  expect(await page.getByRole('tabpanel').isVisible()).toBe(true);
  await page.screenshot({ path: 'test-results/dock-1280.png' });
});

test('presenter mode starts with the panel folded, so the graph has the height; unfolding it there is remembered apart', async ({
  openPage,
}) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await new Playground(page).ready();
  // The panel's own small text (the flows, the hop list, the chart): its size beside the editor.
  const flowText = () =>
    page
      .locator('.packet-panel button')
      .first()
      .evaluate((b) => parseFloat(getComputedStyle(b).fontSize));
  const besideEditor = await flowText();
  await page.getByRole('button', { name: 'Presenter' }).click();
  await expect.poll(() => dockHeight(page)).toBeLessThan(50);
  // The graph's tools sit in the tab row, not over the graph.
  const tools = await page.getByRole('button', { name: 'Fit', exact: true }).boundingBox();
  const tabs = await page.locator('.dock-tabs').boundingBox();
  expect(tools!.y).toBeGreaterThanOrEqual(tabs!.y - 1);
  expect(await page.evaluate(() => window.__graph!.cy.height())).toBeGreaterThan(600);
  // Folded, no tab looks open (the one chosen before is not drawn as a tab joined to a panel).
  const chosenTab = page.locator('.dock-tabs [aria-selected=true]');
  const look = () => chosenTab.evaluate((tab) => `${getComputedStyle(tab).backgroundColor} ${getComputedStyle(tab).fontWeight}`);
  expect(await look()).toBe('rgba(0, 0, 0, 0) 400');
  // The lab's step 3 (errors: the graph's note that it shows the last valid network): no tool and
  // no note covers a tab, each takes a click at its middle.
  await page.evaluate(() => window.__store!.getState().openStep('lab', 2));
  await page.locator('.stale-badge').waitFor();
  const covered = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.dock-tabs [role=tab]')]
      .filter((tab) => {
        const r = tab.getBoundingClientRect();
        const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
        return !hit || !tab.contains(hit);
      })
      .map((tab) => tab.textContent),
  );
  expect(covered).toEqual([]);
  await page.screenshot({ path: 'test-results/presenter-tabs-1280.png' });
  await page.getByRole('button', { name: 'Show the panel' }).click();
  expect(await dockHeight(page)).toBeGreaterThan(150);
  expect(await look()).toBe('rgb(255, 255, 255) 600');
  // Presenting, the panel's small text is a quarter larger, as the panel's own text is.
  await page.getByRole('tab', { name: 'Packets' }).click();
  expect(await flowText()).toBeCloseTo(besideEditor * 1.25, 1);
  // Presenter mode's fold is its own: leaving and coming back keeps each as it was left. (The
  // top bar, folded up while presenting, comes down under the pointer at the window's top.)
  await page.mouse.move(640, 2);
  await page.getByRole('button', { name: 'Presenter' }).click();
  expect(await dockHeight(page)).toBeGreaterThan(150);
  await page.getByRole('button', { name: 'Presenter' }).click();
  expect(await dockHeight(page)).toBeGreaterThan(150);
});
