// A lesson step dims what it is not about: faint, never gone. In the lab's step 9 the other
// nodes are dimmed and so are their pods and the pods' containers, boxes inside boxes.
import { expect, test } from './harness.ts';
import { Playground } from './playground.ts';

/** The lowest opacity a lesson step draws its background at (style.ts: '.dimmed'). */
const DIMMED = 0.22;

for (const [width, height] of [
  [1280, 720],
  [1920, 1080],
] as const) {
  test(`in the lab's step 9 at ${width}×${height}, every container of a dimmed pod is drawn faint, with its name`, async ({ openPage }) => {
    const page = await openPage();
    await page.setViewportSize({ width, height });
    await new Playground(page).ready();
    await page.evaluate(() => window.__store!.getState().openStep('lab', 8));
    const read = () =>
      page.evaluate(() => {
        const cy = window.__graph!.cy;
        const dimmedPods = cy.nodes('.dimmed').filter((n) => (n.data('ref') as { type: string }).type === 'pod');
        return dimmedPods.children().map((c) => ({
          id: c.id(),
          pod: String(c.data('parent')),
          visible: c.visible(),
          opacity: c.effectiveOpacity(),
          textOpacity: (c.numericStyle('text-opacity') as number) * c.effectiveOpacity(),
          label: String(c.style('label') ?? ''),
          // Cytoscape leaves out a label smaller than this on screen.
          labelPx: (c.numericStyle('font-size') as number) * cy.zoom(),
          minPx: c.numericStyle('min-zoomed-font-size') as number,
        }));
      });
    // The step's three replicas: two of them, on k8smaster02 and 03, are the background.
    await expect.poll(async () => new Set((await read()).map((c) => c.pod)).size, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await page.waitForTimeout(800);
    const containers = await read();
    expect(containers.length).toBeGreaterThanOrEqual(4);
    for (const c of containers) {
      expect(c.visible, c.id).toBe(true);
      // Faded once, as any dimmed part of the graph, not once per box it sits in (0.22³).
      expect(c.opacity, c.id).toBeGreaterThanOrEqual(DIMMED - 0.001);
      expect(c.textOpacity, c.id).toBeGreaterThanOrEqual(DIMMED - 0.001);
      expect(c.label.trim(), c.id).not.toBe('');
      expect(c.labelPx, c.id).toBeGreaterThanOrEqual(c.minPx);
    }
    await page.screenshot({ path: `test-results/dimmed-lab-step-9-${width}x${height}.png` });
  });
}
