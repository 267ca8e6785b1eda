// Never lose work: a link of any kind never replaces the visitor's own saved text without asking,
// a view-only page is read-only everywhere and never saves, and "Edit a copy" asks and can be undone.
// A link made by an older version keeps opening where it pointed.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, test } from './harness.ts';
import { Playground, TerminalTab } from './playground.ts';

const TEXT_KEY = 'kube-netplay:text:v1';
const storeText = (page: Page) => page.evaluate(() => window.__store!.getState().text);
const savedText = (page: Page) => page.evaluate((key) => localStorage.getItem(key), TEXT_KEY);
/** The site's root (with its sub-path) of a page's address. */
const rootOf = (page: Page) => page.url().replace(/[?#].*$/, '');

async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/** A teacher's links, made in a browser of their own: the lab with two replicas. */
async function teachersLinks(openPage: (path?: string, o?: { fresh?: boolean }) => Promise<Page>) {
  const teacher = await openPage('', { fresh: true });
  const p = new Playground(teacher);
  await p.ready();
  await p.edit(/replicas: 1/, 'replicas: 2');
  await p.waitForPods(2);
  await teacher.getByRole('button', { name: 'Share' }).click();
  const links = {
    edit: await teacher.getByLabel('Link to edit', { exact: true }).inputValue(),
    view: await teacher.getByLabel('View-only link', { exact: true }).inputValue(),
    embed: await teacher.getByLabel('Embed link', { exact: true }).inputValue(),
    text: await storeText(teacher),
  };
  await teacher.close();
  return links;
}

test("a student's saved work survives a teacher's view-only link, which is read-only everywhere", async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  await typeAtEnd(page, '\n# my own notes');
  await expect.poll(() => savedText(page)).toContain('# my own notes');
  const mine = await storeText(page);
  const teacher = await teachersLinks(openPage);
  expect(teacher.view).toMatch(/#v\d+:/);

  await page.goto(teacher.view);
  await new Playground(page).ready();
  await expect.poll(() => storeText(page)).toBe(teacher.text);
  // Nothing asked (nothing of the student's is replaced), and a badge says what the page is.
  expect(await page.getByRole('alertdialog').count()).toBe(0);
  await expect.poll(() => page.locator('.badge.view-only').innerText()).toBe('View only');
  // Said once, and the top bar keeps one row with it, at a projector's size and at full HD.
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await expect.poll(() => page.getByText('View only', { exact: true }).count()).toBe(1);
    const rows = await page
      .locator('.top-bar > *:not(.tagline)')
      .evaluateAll((items) => new Set(items.map((e) => Math.round(e.getBoundingClientRect().top / 8))).size);
    expect(rows, `${width}×${height}`).toBe(1);
  }
  // The manifests can be read in the editor, not changed; no Open or Save, no kube-proxy mode to change.
  await page.locator('.cm-content').waitFor();
  expect(await page.locator('.cm-content').innerText()).toContain('kind: ReplicationController');
  await page.locator('.cm-content').click();
  await page.keyboard.type('typed on a view-only page');
  await page.keyboard.press('Enter');
  expect(await storeText(page)).toBe(teacher.text);
  expect(await page.getByText('Open', { exact: true }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
  expect(await page.getByLabel('kube-proxy mode', { exact: true }).isDisabled()).toBe(true);
  // No other scenario is opened over the shared one.
  expect(await page.getByLabel('Scenario', { exact: true }).isDisabled()).toBe(true);
  // The terminal reads but refuses to edit.
  const term = new TerminalTab(page);
  await term.open();
  expect(await term.run('kubectl scale rc frontend --replicas=3')).toMatch(/view only: "kubectl scale" would change the scenario/);
  expect(await term.run('kubectl get pods --no-headers | wc -l')).toContain('2');
  expect(await storeText(page)).toBe(teacher.text);
  // The saved work is the student's, and the plain address brings it back.
  expect(await savedText(page)).toBe(mine);
  await page.goto(rootOf(page));
  await new Playground(page).ready();
  await expect.poll(() => storeText(page)).toBe(mine);
  expect(mine).toContain('# my own notes');
  expect(await page.locator('.badge.view-only').count()).toBe(0);
});

test('an embed never touches the saved work; a plain link over it asks, and Undo brings it back', async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  await typeAtEnd(page, '\n# mine');
  await expect.poll(() => savedText(page)).toContain('# mine');
  const mine = await storeText(page);
  const teacher = await teachersLinks(openPage);

  await page.goto(teacher.embed);
  await new Playground(page).ready();
  await expect.poll(() => storeText(page)).toBe(teacher.text);
  expect(await page.locator('.top-bar').count()).toBe(0);
  await page.waitForTimeout(600); // past the autosave's debounce
  expect(await savedText(page)).toBe(mine);

  await page.goto(teacher.edit);
  await new Playground(page).ready();
  const question = page.getByRole('alertdialog', { name: /Replace your manifests/ });
  await question.waitFor();
  expect(await storeText(page)).toBe(mine);
  await question.getByRole('button', { name: 'Keep mine' }).click();
  expect(await storeText(page)).toBe(mine);

  await page.evaluate(() => (location.hash = ''));
  await page.goto(teacher.edit);
  await new Playground(page).ready();
  await page
    .getByRole('alertdialog', { name: /Replace your manifests/ })
    .getByRole('button', { name: 'Replace' })
    .click();
  await expect.poll(() => storeText(page)).toBe(teacher.text);
  await expect.poll(() => savedText(page)).toBe(teacher.text);
  await page.getByRole('status').filter({ hasText: 'Your manifests were replaced' }).getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => storeText(page)).toBe(mine);
  await expect.poll(() => savedText(page)).toBe(mine);
});

test('Edit a copy asks before it replaces the saved work, then the page is editable; Undo restores', async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  await typeAtEnd(page, '\n# mine');
  await expect.poll(() => savedText(page)).toContain('# mine');
  const mine = await storeText(page);
  const teacher = await teachersLinks(openPage);

  await page.goto(teacher.view);
  await new Playground(page).ready();
  await page.getByRole('button', { name: 'Edit a copy' }).click();
  const question = page.getByRole('alertdialog', { name: /Edit a copy of this scenario/ });
  await question.waitFor();
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect.poll(() => page.locator('.badge.view-only').count()).toBe(1);
  expect(await savedText(page)).toBe(mine);

  await page.getByRole('button', { name: 'Edit a copy' }).click();
  await question.getByRole('button', { name: 'Replace my saved manifests' }).click();
  // The copy is editable everywhere: the editor, the terminal; and it is saved.
  await expect.poll(() => page.locator('.badge.view-only').count()).toBe(0);
  await page.locator('.cm-content').waitFor();
  await expect.poll(() => savedText(page)).toBe(teacher.text);
  const term = new TerminalTab(page);
  await term.open();
  expect(await term.run('kubectl scale rc frontend --replicas=3')).toContain('scaled');
  await expect.poll(() => storeText(page)).toContain('replicas: 3');

  await page.getByRole('status').filter({ hasText: 'Your manifests were replaced' }).getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => storeText(page)).toBe(mine);
  await expect.poll(() => savedText(page)).toBe(mine);
});

test('after Edit a copy the address no longer holds the view-only link, so a reload opens the edited copy', async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  await typeAtEnd(page, '\n# mine');
  await expect.poll(() => savedText(page)).toContain('# mine');
  const teacher = await teachersLinks(openPage);

  // Opened under a sub-path with a query of its own, which the plain address keeps.
  const viewLink = teacher.view.replace('#', '?lang=x#');
  await page.goto(viewLink);
  const p = new Playground(page);
  await p.ready();
  await page.getByRole('button', { name: 'Edit a copy' }).click();
  await page
    .getByRole('alertdialog', { name: /Edit a copy of this scenario/ })
    .getByRole('button', { name: 'Replace my saved manifests' })
    .click();
  await expect.poll(() => page.locator('.badge.view-only').count()).toBe(0);
  expect(await page.evaluate(() => location.hash)).toBe('');
  expect(page.url()).toBe(`${rootOf(page)}?lang=x`);
  // Edited by typing, as a student would.
  await p.cursorAfter('replicas: 2');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('3');
  await expect.poll(() => savedText(page)).toContain('replicas: 3');

  await page.reload();
  await p.ready();
  await expect.poll(() => storeText(page)).toContain('replicas: 3');
  expect(await page.locator('.badge.view-only').count()).toBe(0);
  expect(await page.getByRole('alertdialog').count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Edit a copy' }).count()).toBe(0);
  await typeAtEnd(page, '\n# still mine');
  await expect.poll(() => storeText(page)).toContain('# still mine');
});

test('a v1 link made before lessons had ids opens at the same lesson step and hop, paused there', async ({ openPage }) => {
  const hash = readFileSync(new URL('../fixtures/link-v1-lab-step6-hop7.txt', import.meta.url), 'utf8').trim();
  const page = await openPage(hash);
  await new Playground(page).ready();
  await expect.poll(() => page.locator('.lesson h3').innerText()).toMatch(/step 7\/9: Publish a Service/);
  await page.getByRole('tab', { name: 'Packets' }).click();
  const current = page.locator('[aria-label="Packet hops"] li.hop[aria-current=step] .n');
  await expect.poll(() => current.innerText()).toBe('8'); // hop 7 counted from 0
  await page.waitForTimeout(3000);
  expect(await current.innerText()).toBe('8');
  expect(await page.evaluate(() => window.__store!.getState().lesson)).toMatchObject({ step: 6 });
});

test('the share dialog shows its QR code full screen for the back row; Escape returns to the dialog', async ({ openPage }) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await new Playground(page).ready();
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share' });
  await dialog.getByRole('button', { name: 'Show the QR code full screen' }).click();
  const full = page.locator('.qr-full-code svg');
  await full.waitFor();
  // As large as the window's shorter side allows: 92% of 720 px.
  const box = (await full.boundingBox())!;
  expect(box.height).toBeGreaterThan(640);
  expect(box.width).toBeGreaterThan(640);
  await page.screenshot({ path: 'test-results/share-qr-full.png' });
  await page.keyboard.press('Escape');
  await expect.poll(() => page.locator('.qr-full').count()).toBe(0);
  expect(await dialog.isVisible()).toBe(true);
});

test("a view-only page offers no quick fix, where the same text's editing page does", async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  // A slip the playground can mend with a click: a misspelt field, its right name suggested.
  await p.edit(/replicas: 1/, 'replicsa: 1');
  // The fixes a student is offered: a pointer on the marked text shows its problem and its buttons.
  const fixes = async (on: Page) => {
    await on.locator('.cm-lintRange-error').first().hover();
    await on.locator('.cm-tooltip-lint').waitFor();
    return on.locator('.cm-tooltip-lint .cm-diagnosticAction').count();
  };
  expect(await fixes(page)).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Share' }).click();
  const view = await page.getByLabel('View-only link', { exact: true }).inputValue();
  const text = await storeText(page);
  expect(text).toContain('replicsa: 1');

  // Opened as a student opens it: a new tab on the link.
  const viewer = await openPage(view, { fresh: true });
  await new Playground(viewer).ready();
  await expect.poll(() => storeText(viewer)).toBe(text);
  expect(await fixes(viewer)).toBe(0);
  expect(await storeText(viewer)).toBe(text);
});

test('a link pasted while the page is still starting is opened, not lost', async ({ openPage }) => {
  // The teacher makes two links: two replicas, then three.
  const teacher = await openPage('', { fresh: true });
  const t = new Playground(teacher);
  await t.ready();
  const share = async () => {
    await teacher.getByRole('button', { name: 'Share' }).click();
    const link = await teacher.getByLabel('Link to edit', { exact: true }).inputValue();
    await teacher.keyboard.press('Escape');
    return { link, text: await storeText(teacher) };
  };
  await t.edit(/replicas: 1/, 'replicas: 2');
  const first = await share();
  await t.edit(/replicas: 2/, 'replicas: 3');
  const second = await share();
  await teacher.close();

  // The student's page opens the first link and, while it is still reading it, the second one is
  // pasted into the address: the moment between the page reading the address and listening to it.
  const page = await openPage('', { fresh: true });
  // Away first: the link must start the page, not be a hash change of the page already open.
  await page.goto('about:blank');
  await page.addInitScript((hash) => {
    const Inflate = window.DecompressionStream;
    let pasted = false;
    window.DecompressionStream = class extends Inflate {
      constructor(format: CompressionFormat) {
        super(format);
        if (!pasted) location.hash = hash;
        pasted = true;
      }
    };
  }, new URL(second.link).hash);
  await page.goto(first.link);
  await new Playground(page).ready();
  const replace = page.getByRole('alertdialog', { name: /Replace your manifests/ }).getByRole('button', { name: 'Replace' });
  await expect.poll(async () => (await replace.isVisible()) || (await storeText(page)) === second.text).toBe(true);
  if (await replace.isVisible()) await replace.click();
  await expect.poll(() => storeText(page)).toBe(second.text);
  expect(second.text).toContain('replicas: 3');
});

/** Each notice on the page, by its box: every one visible, and no two overlapping. */
async function noticeBoxes(page: Page) {
  const notices = page.locator('.notice');
  const boxes = [];
  for (let i = 0; i < (await notices.count()); i++) {
    expect(await notices.nth(i).isVisible()).toBe(true);
    boxes.push((await notices.nth(i).boundingBox())!);
  }
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1)) {
      const apart = a.y + a.height <= b.y || b.y + b.height <= a.y || a.x + a.width <= b.x || b.x + b.width <= a.x;
      expect(apart, `notices ${JSON.stringify(a)} and ${JSON.stringify(b)} overlap`).toBe(true);
    }
  return boxes;
}

test('notices that come at once stand one under the other: a link asking to replace and another tab’s save', async ({ openPage }) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await new Playground(page).ready();
  await typeAtEnd(page, '\n# mine');
  await expect.poll(() => savedText(page)).toContain('# mine');
  const teacher = await teachersLinks(openPage);

  await page.goto(teacher.edit);
  await new Playground(page).ready();
  const replace = page.getByRole('alertdialog', { name: /Replace your manifests/ });
  await replace.waitFor();
  // Meanwhile another tab saves a text of its own.
  const other = await openPage();
  await new Playground(other).ready();
  await typeAtEnd(other, '\n# from another tab');
  await expect.poll(() => savedText(other)).toContain('# from another tab');
  const otherTab = page.getByRole('alertdialog', { name: /changed in another tab/ });
  await expect.poll(() => otherTab.isVisible()).toBe(true);
  expect(await replace.isVisible()).toBe(true);
  expect(await noticeBoxes(page)).toHaveLength(2);
  await page.screenshot({ path: 'test-results/notices-two.png' });
  // Both can be answered: the lower one's buttons are not under the upper one.
  await otherTab.getByRole('button', { name: 'Keep this tab' }).click();
  await replace.getByRole('button', { name: 'Keep mine' }).click();
  await expect.poll(() => page.locator('.notice').count()).toBe(0);
});

test('on a view-only page with "Edit a copy?" open, a broken link’s notice is shown beside it, not under it', async ({ openPage }) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await new Playground(page).ready();
  // Saved work of the visitor's own, so that "Edit a copy" asks before replacing it.
  await typeAtEnd(page, '\n# mine');
  await expect.poll(() => savedText(page)).toContain('# mine');
  const teacher = await teachersLinks(openPage);
  await page.goto(teacher.view);
  await new Playground(page).ready();
  await page.getByRole('button', { name: 'Edit a copy' }).click();
  const question = page.getByRole('alertdialog', { name: /Edit a copy of this scenario/ });
  await question.waitFor();
  await page.goto(rootOf(page) + '#v2:AAAAgarbage!!');
  const broken = page.getByRole('alert');
  await expect.poll(() => broken.isVisible()).toBe(true);
  expect(await question.isVisible()).toBe(true);
  expect(await noticeBoxes(page)).toHaveLength(2);
  await page.screenshot({ path: 'test-results/notices-broken-link.png' });
});
