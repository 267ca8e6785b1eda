// What a class needs: the lesson in both languages, links that open the same scenario for
// everyone, work kept across reloads and bad links, images of the graph, and offline use.
import { expect, test } from './harness.ts';
import { Packets, Playground } from './playground.ts';

test('the lab lesson runs through every step, in English and in Chinese', async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  await page.getByRole('tab', { name: 'Lesson' }).click();
  await page.getByRole('button', { name: /Pod and Service network practice/ }).click();
  const heading = page.locator('.lesson h3');
  await expect.poll(() => heading.innerText()).toMatch(/step 1\/9: The model/);
  const titles: string[] = [];
  for (let i = 1; i <= 9; i++) {
    await expect.poll(() => heading.innerText()).toContain(`step ${i}/9`);
    titles.push(await heading.innerText());
    // Every command of a step shows output computed from the simulation.
    await expect.poll(() => page.locator('.lesson pre.command[aria-busy="true"]').count()).toBe(0);
    for (const out of await page.locator('.lesson pre.command').allInnerTexts())
      expect(out.trim().split('\n').length, out).toBeGreaterThan(1);
    if (i === 5) await page.screenshot({ path: 'test-results/lesson-step5-en.png' });
    if (i < 9) await page.getByRole('button', { name: /Next/ }).click();
  }
  expect(titles[6]).toMatch(/Publish a Service/);
  // The same lesson in Chinese, walked back to the start.
  await page.getByLabel('Language', { exact: true }).selectOption('zh');
  await expect.poll(() => heading.innerText()).toMatch(/步骤 9\/9/);
  for (let i = 9; i >= 1; i--) {
    await expect.poll(() => heading.innerText()).toContain(`步骤 ${i}/9`);
    if (i === 7) await page.screenshot({ path: 'test-results/lesson-step7-zh.png' });
    if (i > 1) await page.getByRole('button', { name: /上一步/ }).click();
  }
  expect(await page.locator('.lesson').innerText()).toMatch(/可路由的 docker0/);
  // The question checks understanding.
  await page.getByRole('radio', { name: /这样其他节点才知道/ }).check();
  await page.getByRole('button', { name: '检查' }).click();
  expect(await page.locator('.question [role=status]').innerText()).toMatch(/^正确/);
});

test('a shared link opened in a fresh browser restores the scenario, the flow and the lesson step', async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  await page.getByRole('tab', { name: 'Lesson' }).click();
  await page.getByRole('button', { name: /Pod and Service network practice/ }).click();
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: /Next/ }).click();
  await expect.poll(() => page.locator('.lesson h3').innerText()).toContain('step 6/9');
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByLabel('Link to edit', { exact: true }).inputValue();
  expect(link).toMatch(/#v2:[A-Za-z0-9_-]+$/);
  await page.screenshot({ path: 'test-results/share-dialog.png' });
  const text = await page.evaluate(() => window.__store!.getState().text);

  const other = await openPage(link.slice(link.indexOf('kube-netplay/') + 'kube-netplay/'.length), { fresh: true });
  await new Playground(other).ready();
  await expect.poll(() => other.evaluate(() => window.__store!.getState().text)).toBe(text);
  await expect.poll(() => other.locator('.lesson h3').innerText()).toContain('step 6/9');
  await other.getByRole('tab', { name: 'Packets' }).click();
  await expect.poll(() => new Packets(other).verdict()).toMatch(/Delivered to pod default\/frontend-/);
  expect((await new Packets(other).hops()).some((h) => h.includes('-j DNAT'))).toBe(true);
  await other.screenshot({ path: 'test-results/share-opened.png' });
});

test("a corrupt link shows a message and keeps the visitor's text; a reload keeps edits", async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await p.cursorAfter('replicas: 1');
  await page.keyboard.press('Backspace');
  await p.type('2');
  await p.waitForPods(2);
  await page.reload();
  await p.ready();
  await p.waitForPods(2);
  expect(await page.locator('.cm-content').innerText()).toContain('replicas: 2');
  await page.evaluate(() => (location.hash = '#v1:this-is-not-a-scenario'));
  const notice = page.getByRole('alert');
  await notice.waitFor();
  expect(await notice.innerText()).toMatch(/This link is damaged[\s\S]*Your own manifests are kept/);
  expect(await page.locator('.cm-content').innerText()).toContain('replicas: 2');
  await page.screenshot({ path: 'test-results/corrupt-link.png' });
  await page.evaluate(() => (location.hash = '#v9:abc'));
  await expect.poll(() => notice.innerText()).toMatch(/newer version of kube-netplay/);
});

test('PNG export produces an image of the graph', async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG' }).click()]);
  expect(download.suggestedFilename()).toBe('kube-netplay.png');
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const png = readFileSync(path!);
  expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect(width).toBeGreaterThan(800);
  expect(height).toBeGreaterThan(300);
  // At scale 2, the whole graph and a 24-pixel margin on every side: nothing touches the edge.
  const bb = await page.evaluate(() => window.__graph!.cy.elements().boundingBox());
  expect(Math.abs(width - 2 * (bb.w + 48))).toBeLessThan(16);
  expect(Math.abs(height - 2 * (bb.h + 48))).toBeLessThan(16);
  const { copyFileSync, mkdirSync } = await import('node:fs');
  mkdirSync('test-results', { recursive: true });
  copyFileSync(path!, 'test-results/export.png');
});

test('the page works offline after a first load', async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.waitForFunction(() => !!navigator.serviceWorker.controller || document.readyState === 'complete');
  // Reload once so the service worker controls the page, then cut the network.
  await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
  await page.context().setOffline(true);
  await page.reload();
  const p = new Playground(page);
  await p.ready();
  expect((await p.nodes()).some((n) => n.id === 'node:k8smaster01')).toBe(true);
  await page.screenshot({ path: 'test-results/offline.png' });
  await page.context().setOffline(false);
});

test('predict the packet: the animation stops before a rewrite and asks for the header', async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  await new Packets(page).quick(/laptop → k8smaster01:80 \(hostPort\)/);
  await page.getByRole('checkbox', { name: 'predict the packet' }).check();
  await page.getByRole('button', { name: 'Replay' }).click();
  const box = page.getByRole('group', { name: 'Predict the packet' });
  await box.waitFor({ timeout: 20_000 });
  expect(await box.locator('legend').innerText()).toMatch(/comes in as 172\.24\.8\.10:\d+ → 172\.24\.8\.71:80 tcp/);
  // Nothing on the page gives the answer away: no later hop, no verdict, no conntrack table.
  expect(await page.locator('section.conntrack').count()).toBe(0);
  expect(await page.locator('.playback .verdict').count()).toBe(0);
  // The question stays in view however far the hop list is scrolled under it.
  await page.locator('.dock-panel').evaluate((panel) => panel.scrollTo(0, panel.scrollHeight));
  const panel = (await page.locator('.dock-panel').boundingBox())!;
  const question = (await box.boundingBox())!;
  expect(question.y).toBeGreaterThanOrEqual(panel.y - 1);
  expect(question.y + question.height).toBeLessThanOrEqual(panel.y + panel.height + 1);
  await page.screenshot({ path: 'test-results/predict.png' });
  await box.getByRole('button', { name: /→ 172\.17\.1\.\d+:80 tcp/ }).click();
  expect(await box.getByRole('status').innerText()).toMatch(/^Right: Docker rewrites the destination/);
  // Answered, every choice stays readable (not faded), and the right one and the one chosen say so in words.
  const choices = box.locator(':scope > button');
  expect(await choices.count()).toBeGreaterThan(1);
  for (const opacity of await choices.evaluateAll((bs) => bs.map((b) => getComputedStyle(b).opacity))) expect(opacity).toBe('1');
  expect(await box.locator('button.right').innerText()).toMatch(/→ 172\.17\.1\.\d+:80 tcp\s*✓ the right answer\s*· your choice$/);
  expect(await box.locator('button.other').first().innerText()).not.toMatch(/answer|choice/);
  await page.screenshot({ path: 'test-results/predict-answered.png' });
  await box.getByRole('button', { name: /continue/ }).click();
  // The next rewrite (the reply's un-NAT) asks again.
  await expect
    .poll(async () => (await box.count()) > 0 && (await box.locator('legend').innerText()), { timeout: 20_000 })
    .toMatch(/conntrack|comes in as 172\.17\.1\.\d+:80/);
});

test("an exercise is checked by running the flow on the learner's manifests", async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await page.getByLabel('Scenario', { exact: true }).selectOption('exercises');
  await expect.poll(() => page.locator('.lesson h3').innerText()).toMatch(/Reach the frontend from the laptop on port 8080/);
  await page.getByRole('button', { name: 'Check' }).click();
  // The check runs in the derive worker: its answer arrives after the click.
  await expect.poll(() => page.locator('.exercise [role=status]').innerText()).toMatch(/^✗ No node answers on port 8080/);
  await p.cursorAfter('hostPort: 80');
  await p.type('80');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect.poll(() => page.locator('.exercise [role=status]').innerText()).toMatch(/^✓ Yes: k8smaster01:8080 reaches frontend-/);
  await page.screenshot({ path: 'test-results/exercise.png' });
});

test('a link to a lesson step that does not exist opens the scenario without the lesson, and the page works', async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  const hash = await page.evaluate(async () => {
    const json = JSON.stringify({
      text: window.__store!.getState().text.replace('replicas: 1', 'replicas: 2'),
      lesson: { id: 'lab', step: 99 },
    });
    const packed = new Uint8Array(
      await new Response(new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer(),
    );
    let bin = '';
    for (const b of packed) bin += String.fromCharCode(b);
    return `#v1:${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
  });
  const other = await openPage(hash, { fresh: true });
  const p = new Playground(other);
  await p.ready();
  await p.waitForPods(2);
  await other.getByRole('tab', { name: 'Lesson' }).click();
  expect(await other.locator('.lesson-list').innerText()).toMatch(/pick one to start/);
});

test('presenter mode (P) gives the graph the room and shows it whole, larger; a resize keeps it whole', async ({ openPage }) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1920, height: 1080 });
  const p = new Playground(page);
  await p.ready();
  const view = () => p.view();
  await expect.poll(async () => (await view()).whole).toBe(true);
  const before = (await view()).zoom;
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('p');
  await expect.poll(() => page.locator('.app.presenter').count()).toBe(1);
  // Larger: the lab's graph is as tall as the pane allows beside the editor already at 1920×1080,
  // so presenter mode gains what its height gives (its label sizes: tests/e2e/stage.test.ts).
  await expect.poll(async () => (await view()).zoom).toBeGreaterThan(before * 1.05);
  expect((await view()).whole).toBe(true);
  // The top bar folds up to a lip at the window's top, the graph below it; the pointer there or
  // the focus in it brings the bar down.
  const bar = page.locator('.top-bar');
  await expect.poll(async () => (await bar.boundingBox())!.y + (await bar.boundingBox())!.height).toBeLessThanOrEqual(7);
  expect((await page.getByTestId('graph').boundingBox())!.y).toBeLessThanOrEqual(7);
  await page.screenshot({ path: 'test-results/presenter.png' });
  await page.mouse.move(960, 2);
  await expect.poll(async () => (await bar.boundingBox())!.y).toBeGreaterThanOrEqual(0);
  await page.mouse.move(960, 500);
  await expect.poll(async () => (await bar.boundingBox())!.y).toBeLessThan(-20);
  // Tab from the page reaches the bar's first control, and the bar comes down with it.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('.top-bar') !== null)).toBe(true);
  await expect.poll(async () => (await bar.boundingBox())!.y).toBeGreaterThanOrEqual(0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // A narrower window: still whole, smaller.
  await page.setViewportSize({ width: 900, height: 700 });
  await expect.poll(async () => (await view()).zoom).toBeLessThan(before);
  expect((await view()).whole).toBe(true);
});

test("presenting, a step whose work is in the editor keeps the editor in view, in the class's size; the next step gives the graph the room", async ({
  openPage,
}) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const p = new Playground(page);
  await p.ready();
  // The lab's step 3: the write-up's manifest, all lower case, to fix in the editor.
  await page.evaluate(() => window.__store!.getState().openStep('lab', 2));
  await page.getByRole('button', { name: 'Presenter' }).click();
  await expect.poll(() => page.locator('.app.presenter').count()).toBe(1);
  const editor = page.locator('.editor-pane .cm-editor');
  await expect.poll(() => editor.count()).toBe(1);
  expect((await editor.boundingBox())!.width).toBeGreaterThan(300);
  expect(await editor.evaluate((e) => getComputedStyle(e).fontSize)).toBe('18px');
  expect(await page.locator('.cm-lintRange-error').count()).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/presenter-editing.png' });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Alt+ArrowRight');
  await expect.poll(() => page.locator('.lesson h3').textContent()).toContain('step 4/9');
  await expect.poll(() => page.locator('.editor-pane').count()).toBe(0);
  await page.keyboard.press('Alt+ArrowLeft');
  await expect.poll(() => editor.count()).toBe(1);
});

test('a reload keeps the lesson step the class is on', async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('lab');
  const next = page.locator('.lesson-nav').getByRole('button', { name: /Next/ });
  await next.click();
  await next.click();
  await expect.poll(() => page.locator('.lesson h3').innerText()).toContain('step 3/9');
  await page.reload();
  await new Playground(page).ready();
  await expect.poll(() => page.locator('.lesson h3').innerText()).toContain('step 3/9');
  expect(await page.getByRole('combobox', { name: 'Scenario' }).inputValue()).toBe('lab');
});

test("picking a scenario over the visitor's edits asks first; Keep mine keeps them, Replace can be undone", async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  const text = () => page.evaluate(() => window.__store!.getState().text);
  await p.cursorAfter('replicas: 1');
  await p.type('2');
  await expect.poll(text).toContain('replicas: 12');
  const scenario = page.getByRole('combobox', { name: 'Scenario' });
  await scenario.selectOption('nodeport');
  const prompt = page.getByRole('alertdialog');
  await expect.poll(() => prompt.count()).toBe(1);
  await prompt.getByRole('button', { name: 'Keep mine' }).click();
  expect(await prompt.count()).toBe(0);
  expect(await text()).toContain('replicas: 12');
  await scenario.selectOption('nodeport');
  await prompt.getByRole('button', { name: 'Replace' }).click();
  await expect.poll(text).toContain('nodePort: 30001');
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+z');
  await expect.poll(text).toContain('replicas: 12');
  // Undone, the text is the visitor's again: the next pick asks again.
  await scenario.selectOption('scaling');
  await expect.poll(() => prompt.count()).toBe(1);
  // While it asks, the visitor undoes their own edit: the next pick replaces a built-in text at
  // once, and the question left open goes with it.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+z');
  await expect.poll(text).toContain('replicas: 1\n');
  await scenario.selectOption('scaling');
  await expect.poll(text).toContain('replicas: 3');
  expect(await prompt.count()).toBe(0);
});
