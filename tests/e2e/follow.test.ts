// Follow the packet: presenting (where it is on by default), the camera keeps the hop the packet
// is on in view at a zoom where every line of the graph reads from the back row; switched off,
// the view stays where the teacher left it.
import type { Page } from 'playwright-core';
import { fullDetailZoom, PRESENTER_READABLE_PX } from '../../src/graph/style.ts';
import { expect, test } from './harness.ts';
import { Packets, Playground } from './playground.ts';

const view = (page: Page) =>
  page.evaluate(() => {
    const cy = window.__graph!.cy;
    return {
      zoom: cy.zoom(),
      pan: cy.pan(),
      width: cy.width(),
      height: cy.height(),
      dot: window.__packets!.drawn().dot,
      hop: window.__packets!.drawn().hop,
    };
  });

async function openHop(page: Page, hop: number): Promise<void> {
  await page.locator('ol.hops li.hop').nth(hop).locator('button').click();
  await expect.poll(async () => (await view(page)).hop).toBe(hop);
  // Two frames: the camera has moved and the overlay has drawn the packet where it now is.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

for (const { width, height } of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`at ${width}×${height} presenting, following the packet keeps each hop in view at a readable zoom; switched off, the view stays`, async ({
    openPage,
  }) => {
    const page = await openPage();
    await page.setViewportSize({ width, height });
    // Reduced motion: the camera jumps to each hop (no easing to wait out).
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await new Playground(page).ready();
    await page.getByRole('button', { name: 'Presenter' }).click();
    await page.mouse.move(width / 2, height / 2);
    const follow = page.getByRole('button', { name: 'Follow the packet' });
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true');
    const packets = new Packets(page);
    await packets.quick(/pod → frontend service/);
    await page.getByRole('button', { name: 'Pause' }).click();
    const count = await page.locator('ol.hops li.hop').count();
    expect(count).toBeGreaterThan(10);

    // Every line drawn whole (route lists, container details) at presenting's 20 px.
    const readable = fullDetailZoom('medium', PRESENTER_READABLE_PX);
    const wrong: string[] = [];
    for (let hop = 0; hop < count; hop++) {
      await openHop(page, hop);
      const v = await view(page);
      if (v.zoom < readable - 1e-6) wrong.push(`hop ${hop + 1}: zoom ${v.zoom.toFixed(2)} < ${readable.toFixed(2)}`);
      const d = v.dot;
      if (!d || d.x2 < 0 || d.x1 > v.width || d.y2 < 0 || d.y1 > v.height) wrong.push(`hop ${hop + 1}: the packet is out of view`);
    }
    expect(wrong).toEqual([]);
    await page.screenshot({ path: `test-results/follow-${width}x${height}.png` });

    // Switched off: Fit, then the hops from the first to the last leave the view as it is.
    await follow.click();
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('false');
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await openHop(page, 0);
    const fitted = await view(page);
    await openHop(page, count - 1);
    const after = await view(page);
    expect([after.zoom, after.pan]).toEqual([fitted.zoom, fitted.pan]);
  });
}

test("presenting at 1280×720, a lesson step's flow followed to its end gives the camera back to the step's subject, and leaving presenter mode frames it again", async ({
  openPage,
}) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await new Playground(page).ready();
  await page.getByRole('button', { name: 'Presenter' }).click();
  await page.mouse.move(640, 400);
  // Step 7, "Publish a Service": its subject is the Service, its flow a pod's request to it.
  await page.evaluate(() => window.__store!.getState().openStep('lab', 6));
  const inView = (id: string) =>
    page.evaluate((elementId) => {
      const cy = window.__graph!.cy;
      const b = cy.getElementById(elementId).renderedBoundingBox({ includeLabels: true });
      return b.x1 >= -1 && b.y1 >= -1 && b.x2 <= cy.width() + 1 && b.y2 <= cy.height() + 1;
    }, id);
  // While it plays, the camera is on the packet, close enough to read every line.
  await expect.poll(() => page.evaluate(() => window.__store!.getState().playing)).toBe(true);
  await page.waitForFunction(() => !window.__store!.getState().playing, undefined, { timeout: 40_000 });
  await expect.poll(() => inView('svc:default/frontend')).toBe(true);
  await page.screenshot({ path: 'test-results/follow-step-7-end.png' });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('p');
  await expect.poll(() => page.locator('.app.presenter').count()).toBe(0);
  await expect.poll(() => inView('svc:default/frontend')).toBe(true);
});
