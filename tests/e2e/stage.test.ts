// The classroom stage: the graph read from the back row. Label sizes are measured where they are
// drawn (font size × zoom, for every label Cytoscape draws), for every built-in scenario, at a
// projector's 1280×720 and at 1920×1080, beside the editor and in presenter mode.
import type { Page } from 'playwright-core';
import { expect, test } from './harness.ts';
import { Playground } from './playground.ts';

interface Sizes {
  /** The smallest label drawn, in CSS px, and whose. */
  smallest: number;
  of: string;
  /** Labelled nodes whose label is not drawn at all. */
  missing: string[];
  /** How much of the pane the fitted graph fills, width and height (0..1). */
  fill: [number, number];
  /** Presenting, the step's work is in the editor, which stands beside the graph. */
  editing: boolean;
}

/** Waits for the text to be simulated and drawn, fits the graph as the Fit button does, measures. */
async function measure(page: Page): Promise<Sizes> {
  await page.waitForFunction(() => {
    const s = window.__store!.getState();
    // A step whose text has errors (the lab's lower-case manifest) shows the last valid network.
    return s.simulatedText === s.text;
  });
  // The pane may still be settling (presenter mode, a panel that opened): Fit once it holds still.
  await page.waitForFunction(
    () =>
      new Promise<boolean>((done) => {
        const cy = window.__graph!.cy;
        const before = `${cy.width()}×${cy.height()}`;
        requestAnimationFrame(() => requestAnimationFrame(() => done(`${cy.width()}×${cy.height()}` === before)));
      }),
  );
  // Fit, then make sure nothing moved the view since (a step's flow loading late on a busy
  // machine focuses it): Fit again until the view holds still for a moment.
  const viewport = () => page.evaluate(() => `${window.__graph!.cy.zoom()}@${JSON.stringify(window.__graph!.cy.pan())}`);
  for (let tries = 0; tries < 10; tries++) {
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    // Two frames: the fit's zoom has restyled the graph (the detail shown depends on the zoom).
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const fitted = await viewport();
    await page.waitForTimeout(300);
    if ((await viewport()) === fitted) break;
  }
  return page.evaluate(() => {
    const cy = window.__graph!.cy;
    const zoom = cy.zoom();
    let smallest = Infinity;
    let of = '';
    const missing: string[] = [];
    cy.elements().forEach((e) => {
      if (!String(e.data('label') ?? '') || e.style('display') === 'none') return;
      const drawn = String(e.style('label') ?? '') !== '' && e.style('visibility') !== 'hidden' && Number(e.style('text-opacity')) > 0;
      if (!drawn) {
        // Link names may be left out below a readable zoom; a box's name never.
        if (e.isNode()) missing.push(e.id());
        return;
      }
      const px = parseFloat(e.style('font-size')) * zoom;
      if (px < smallest) [smallest, of] = [px, e.id()];
    });
    const bb = cy.elements().boundingBox();
    const fill: [number, number] = [(bb.w * zoom) / cy.width(), (bb.h * zoom) / cy.height()];
    return { smallest, of, missing, fill, editing: document.querySelector('.app.presenter-editing') !== null };
  });
}

async function scenarioIds(page: Page): Promise<string[]> {
  return page
    .getByLabel('Scenario', { exact: true })
    .locator('option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
}

/**
 * The lab at every step of its lesson, then every other built-in scenario at its first step, then
 * the lab's last step on each other cluster profile.
 */
async function eachScenario(page: Page, presenter: boolean, check: (name: string, sizes: Sizes) => void): Promise<void> {
  const ids = await scenarioIds(page);
  expect(ids.length).toBeGreaterThan(8);
  await page.getByLabel('Scenario', { exact: true }).selectOption('lab');
  await page.getByRole('tab', { name: 'Lesson' }).click();
  // Presenting, the teacher folds the panel and steps with Alt+→: the graph has the room.
  if (presenter) await page.getByRole('button', { name: 'Hide the panel' }).click();
  for (let i = 1; i <= 9; i++) {
    await expect.poll(() => page.locator('.lesson h3').textContent()).toContain(`step ${i}/9`);
    check(`lab, step ${i}`, await measure(page));
    if (i === 9) break;
    await nextStep(page, presenter);
  }
  for (const id of ids.filter((id) => id !== 'lab')) {
    await page.getByLabel('Scenario', { exact: true }).selectOption(id);
    check(id, await measure(page));
  }
  // The lab's last step (every pod of it) on the other clusters: kind puts CoreDNS's pods on its
  // control-plane, flannel adds a VTEP beside each eth0.
  await page.getByLabel('Scenario', { exact: true }).selectOption('lab');
  await expect.poll(() => page.locator('.lesson h3').textContent()).toContain('step 1/9');
  for (let i = 1; i < 9; i++) await nextStep(page, presenter);
  await expect.poll(() => page.locator('.lesson h3').textContent()).toContain('step 9/9');
  for (const profile of PROFILES) {
    await page.getByLabel('Cluster', { exact: true }).selectOption(profile);
    await page.waitForFunction((p) => window.__store!.getState().text.includes(`profile: ${p}`), profile);
    check(`lab on ${profile}`, await measure(page));
  }
}

/** The other cluster profiles the lab is measured on (the book's is the lab's own). */
const PROFILES = ['kind', 'flannel'] as const;

async function nextStep(page: Page, presenter: boolean): Promise<void> {
  if (presenter) {
    await page.locator('body').focus();
    await page.keyboard.press('Alt+ArrowRight');
  } else await page.getByRole('button', { name: /Next/ }).click();
}

/** The smallest label allowed, the classroom's sizes, for every scenario's graph. */
const SIZES = [
  { width: 1280, height: 720, editor: 12, presenter: 20 },
  { width: 1920, height: 1080, editor: 14, presenter: 20 },
] as const;

for (const { width, height, editor, presenter } of SIZES) {
  for (const mode of ['editor', 'presenter'] as const) {
    const min = mode === 'editor' ? editor : presenter;
    test(`at ${width}×${height}, ${mode === 'editor' ? 'beside the editor' : 'in presenter mode'}, every scenario's labels are at least ${min} px`, async ({
      openPage,
    }) => {
      const page = await openPage();
      await page.setViewportSize({ width, height });
      // Reduced motion: a lesson step's camera jumps, so no easing still under way moves the view
      // after Fit and the measure reads the fitted graph.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await new Playground(page).ready();
      if (mode === 'presenter') {
        const besideEditor = await page.evaluate(() => window.__graph!.cy.width());
        await page.getByRole('button', { name: 'Presenter' }).click();
        await page.waitForFunction((w) => window.__graph!.cy.width() > w, besideEditor);
        // Fit, not a followed packet: presenter mode follows it unless told otherwise.
        const follow = page.getByRole('button', { name: 'Follow the packet' });
        expect(await follow.getAttribute('aria-pressed')).toBe('true');
        await follow.click();
      }
      const seen: string[] = [];
      await eachScenario(page, mode === 'presenter', (name, s) => {
        const fill = s.fill.map((f) => f.toFixed(2)).join('×');
        seen.push(`${name}: ${s.smallest.toFixed(1)} px (${s.of}), fill ${fill}${s.editing ? ', beside the editor' : ''}`);
        expect(s.missing, `${name}: labels left out`).toEqual([]);
        // A step whose work is in the editor (the lab's step 3, an exercise) keeps the editor in
        // view while presenting: its graph stands beside the editor, and is held to that size.
        expect(s.smallest, `${name}: ${s.of}`).toBeGreaterThanOrEqual(s.editing ? editor : min);
        // Fit fills the pane's width or its height.
        expect(Math.max(...s.fill), name).toBeGreaterThanOrEqual(0.8);
      });
      await page.screenshot({ path: `test-results/stage-${width}-${mode}.png` });
      process.stderr.write(`[stage] ${width}×${height} ${mode}, smallest labels:\n  ${seen.join('\n  ')}\n`);
    });
  }
}

test('each step of the lab brings its subject into view and dims the rest; Show all returns', async ({ openPage }) => {
  const page = await openPage();
  // Reduced motion: the camera jumps, no easing (and the test need not wait for it).
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.reload();
  await new Playground(page).ready();
  await page.getByLabel('Scenario', { exact: true }).selectOption('lab');
  const expected: Record<number, RegExp> = {
    1: /^node:k8smaster01\/routes$/,
    2: /^node:k8smaster01$/,
    5: /^pod:default\/frontend-/,
    7: /^svc:default\/frontend$/,
    8: /^svc:default\/frontend$/,
  };
  const subject = () =>
    page.evaluate(() => {
      const g = window.__graph!;
      const cy = g.cy;
      const ids = g.focusedIds();
      const offScreen = ids.filter((id) => {
        const bb = cy.getElementById(id).renderedBoundingBox({ includeLabels: false });
        return bb.x1 < 0 || bb.y1 < 0 || bb.x2 > cy.width() || bb.y2 > cy.height();
      });
      return { ids, offScreen, dimmed: cy.elements('.dimmed').length, zoom: cy.zoom() };
    });
  const seen: string[] = [];
  for (let i = 1; i <= 9; i++) {
    await expect.poll(() => page.locator('.lesson h3').innerText()).toContain(`step ${i}/9`);
    // The step's subject: named, on the graph, on screen, the rest dimmed.
    await expect.poll(async () => (await subject()).ids.some((id) => (expected[i] ?? /./).test(id)), { timeout: 10_000 }).toBe(true);
    const s = await subject();
    seen.push(`step ${i}: ${s.ids.join(' ')} at zoom ${s.zoom.toFixed(2)}`);
    expect(s.offScreen, `step ${i}`).toEqual([]);
    expect(s.dimmed, `step ${i}`).toBeGreaterThan(0);
    if (i < 9) await page.getByRole('button', { name: /Next/ }).click();
  }
  await page.getByRole('button', { name: 'Show all', exact: true }).click();
  expect(await subject()).toMatchObject({ ids: [], dimmed: 0 });
  expect((await new Playground(page).view()).whole).toBe(true);
  process.stderr.write(`[stage] the lab's focus:\n  ${seen.join('\n  ')}\n`);
});

test("a narrow graph pane stacks the lab's nodes in rows, which draws them larger than one row would", async ({ openPage }) => {
  const page = await openPage();
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await new Playground(page).ready();
  await measure(page);
  const oneRow = await page.evaluate(() => ({
    width: window.__graph!.cy.elements().boundingBox().w,
    bars: window.__graph!.cy.nodes('.physical').length,
  }));
  expect(oneRow.bars).toBe(1);
  // A flow on the graph: its packet must move with the elements when they wrap into rows.
  await page.getByRole('button', { name: 'laptop → k8smaster01:80 (hostPort)' }).click();
  await page.waitForFunction(() => window.__packets!.loaded().steps.length > 0);
  // The teacher drags the divider far right: the editor wide, the graph a tall narrow strip.
  const divider = page.getByRole('separator', { name: 'Resize the editor and the graph' });
  await divider.focus();
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => window.__graph!.cy.width() < window.__graph!.cy.height());
  const narrow = await measure(page);
  const drawn = await page.evaluate(() => {
    const cy = window.__graph!.cy;
    return { zoom: cy.zoom(), width: cy.width(), bars: cy.nodes('.physical').map((n) => n.id()) };
  });
  expect(drawn.bars).toContain('net:physical/row1');
  expect(drawn.bars).toContain('net:physical/trunk');
  // One row fitted to this width would draw at (width - margins) / its width.
  const oneRowZoom = (drawn.width - 24) / oneRow.width;
  expect(drawn.zoom).toBeGreaterThan(oneRowZoom * 1.3);
  expect(Math.max(...narrow.fill)).toBeGreaterThanOrEqual(0.8);
  // Every place the packet stops is where an element now stands (on a node: between its eth0 and docker0).
  const strays = await page.evaluate(() => {
    const cy = window.__graph!.cy;
    const at = cy.nodes().map((n) => n.position());
    cy.nodes('.k8s-node').forEach((n) => {
      const eth0 = cy.getElementById(`${n.id()}/eth0`).position();
      const docker0 = cy.getElementById(`${n.id()}/docker0`).position();
      at.push({ x: (eth0.x + docker0.x) / 2, y: (eth0.y + docker0.y) / 2 });
    });
    return window
      .__packets!.loaded()
      .steps.map((s) => s.path.at(-1)!)
      .filter((p) => !at.some((q) => Math.abs(q.x - p.x) < 0.5 && Math.abs(q.y - p.y) < 0.5));
  });
  expect(strays).toEqual([]);
  await page.screenshot({ path: 'test-results/stage-rows.png' });
});

test("a lesson step's subject stays framed when a resize stacks the graph in rows", async ({ openPage }) => {
  const page = await openPage();
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const p = new Playground(page);
  await p.ready();
  await page.getByLabel('Scenario', { exact: true }).selectOption('lab');
  await page.getByRole('tab', { name: 'Lesson' }).click();
  await page.getByRole('button', { name: /Next/ }).click();
  await expect.poll(() => page.locator('.lesson h3').innerText()).toContain('step 2/9');
  await expect.poll(() => page.evaluate(() => window.__graph!.focusedIds())).toEqual(['node:k8smaster01']);
  const framed = () =>
    page.evaluate(() => {
      const cy = window.__graph!.cy;
      const bb = cy.getElementById('node:k8smaster01').renderedBoundingBox({ includeLabels: false });
      return {
        onScreen: bb.x1 >= 0 && bb.y1 >= 0 && bb.x2 <= cy.width() && bb.y2 <= cy.height(),
        // The subject fills the pane's width or its height, as the step framed it.
        fill: Math.max(bb.w / cy.width(), bb.h / cy.height()),
        rows: cy.nodes('.physical').length > 1,
      };
    });
  expect(await framed()).toMatchObject({ onScreen: true, rows: false });
  expect((await framed()).fill).toBeGreaterThan(0.5);
  const divider = page.getByRole('separator', { name: 'Resize the editor and the graph' });
  await divider.focus();
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await framed()).rows, { timeout: 10_000 }).toBe(true);
  await expect.poll(async () => (await framed()).onScreen).toBe(true);
  expect((await framed()).fill).toBeGreaterThan(0.5);
  expect((await p.view()).whole).toBe(false);
  await page.screenshot({ path: 'test-results/stage-rows-framed.png' });
});

test('reduced motion asked for while the page is open: the next step jumps to its frame, no easing', async ({ openPage }) => {
  const page = await openPage();
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await page.reload();
  const p = new Playground(page);
  await p.ready();
  await page.getByLabel('Scenario', { exact: true }).selectOption('lab');
  await page.getByRole('tab', { name: 'Lesson' }).click();
  await expect.poll(() => page.evaluate(() => window.__graph!.focusedIds().length)).toBeGreaterThan(0);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.getByRole('button', { name: /Next/ }).click();
  await expect.poll(() => page.evaluate(() => window.__graph!.focusedIds())).toEqual(['node:k8smaster01']);
  // In the same task as the focus: already where the step frames it, and it stays there.
  const zoom = () => page.evaluate(() => window.__graph!.cy.zoom());
  const first = await zoom();
  await page.waitForTimeout(300);
  expect(await zoom()).toBe(first);
});

test('a graph shown whole stays whole when its labels change language', async ({ openPage }) => {
  const page = await openPage();
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await new Playground(page).ready();
  await measure(page);
  const whole = () =>
    page.evaluate(() => {
      const cy = window.__graph!.cy;
      const bb = cy.elements().boundingBox();
      const e = cy.extent();
      return e.x1 <= bb.x1 + 1 && e.y1 <= bb.y1 + 1 && e.x2 >= bb.x2 - 1 && e.y2 >= bb.y2 - 1;
    });
  expect(await whole()).toBe(true);
  await page.getByLabel('Language', { exact: true }).selectOption('zh');
  // The portal network's Chinese label is wider than the English one: refitted, not cut at the edge.
  await page.waitForFunction(() =>
    window
      .__graph!.cy.$('#portal')
      .data('label')
      .replace(/\u200b/g, '')
      .includes('网络'),
  );
  await expect.poll(whole).toBe(true);
});
