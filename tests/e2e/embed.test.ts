// An embed of a lesson step (the share dialog's embed link, with the step open): the step's graph
// and flow, whole, without the step's dimming that only its lesson text (not in an embed) explains.
import { expect, test } from './harness.ts';
import { Playground } from './playground.ts';

test("an embed of the lab's step 9 shows its graph whole and undimmed, every name in view, at 1280×720 and 1920×1080", async ({
  openPage,
}) => {
  const page = await openPage();
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await new Playground(page).ready();
  await page.evaluate(() => window.__store!.getState().openStep('lab', 8));
  await expect.poll(() => page.evaluate(() => window.__graph!.cy.$('.dimmed').length)).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Share' }).click();
  const embed = await page.getByLabel('Embed link', { exact: true }).inputValue();
  expect(embed).toMatch(/\?embed#v\d+:/);
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(embed);
    await new Playground(page).ready();
    // The step's flow is played in the embed: its text and flow are there.
    await page.locator('ol.hops li.hop').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1000);
    const seen = await page.evaluate(() => {
      const cy = window.__graph!.cy;
      const bb = cy.elements().boundingBox({ includeLabels: true });
      const e = cy.extent();
      return {
        dimmed: cy.$('.dimmed').length,
        whole: e.x1 <= bb.x1 + 1 && e.y1 <= bb.y1 + 1 && e.x2 >= bb.x2 - 1 && e.y2 >= bb.y2 - 1,
        extent: [e.x1, e.y1, e.x2, e.y2].map(Math.round),
        box: [bb.x1, bb.y1, bb.x2, bb.y2].map(Math.round),
      };
    });
    expect(seen.dimmed, `${width}×${height}`).toBe(0);
    expect(seen.whole, `${width}×${height}: view ${seen.extent.join(',')}, graph ${seen.box.join(',')}`).toBe(true);
    expect(await page.getByRole('button', { name: 'Show all' }).count()).toBe(0);
    await page.screenshot({ path: `test-results/embed-lab-step-9-${width}x${height}.png` });
  }
});
