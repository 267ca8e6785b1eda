// Large text: every label of the graph one step larger, and the layout gives it room, so no label
// runs into another. Measured where Cytoscape draws them (each drawn label's rendered box), on the
// lab's last step on each cluster profile, at a projector's 1280×720 and at 1920×1080, beside the
// editor and in presenter mode.
import type { Page } from 'playwright-core';
import { expect, test } from './harness.ts';
import { Playground } from './playground.ts';

/**
 * The pairs of drawn box labels (nodes, interfaces, routes, pods, containers, services, hosts, the
 * physical network) and link names where they are drawn (a veth's, an endpoint's port: only when
 * zoomed in far enough to read them, along their line) whose boxes overlap by more than a pixel each way.
 */
async function overlaps(page: Page): Promise<string[]> {
  await page.waitForFunction(() => {
    const s = window.__store!.getState();
    return s.simulatedText === s.text;
  });
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await page.waitForTimeout(500);
  return page.evaluate(() => {
    const cy = window.__graph!.cy;
    const boxes: { id: string; b: { x1: number; x2: number; y1: number; y2: number } }[] = [];
    cy.nodes().forEach((e) => {
      if (!String(e.data('label') ?? '') || e.style('display') === 'none' || e.style('visibility') === 'hidden') return;
      if (String(e.style('label') ?? '') === '' || Number(e.style('text-opacity')) === 0) return;
      const b = e.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
      if (b.w > 0 && b.h > 0) boxes.push({ id: e.id(), b });
    });
    // A link's name where it is drawn (a veth's, an endpoint's port), along its line.
    cy.edges().forEach((e) => {
      const drawn = String(e.style('label') ?? '') !== '' || String(e.style('target-label') ?? '') !== '';
      if (!String(e.data('label') ?? '') || e.style('display') === 'none' || !drawn) return;
      const b = e.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
      if (b.w > 0 && b.h > 0) boxes.push({ id: e.id(), b });
    });
    const out: string[] = [];
    boxes.forEach(({ id, b }, i) => {
      for (const other of boxes.slice(i + 1)) {
        const w = Math.min(b.x2, other.b.x2) - Math.max(b.x1, other.b.x1);
        const h = Math.min(b.y2, other.b.y2) - Math.max(b.y1, other.b.y1);
        if (w > 1 && h > 1) out.push(`${id} × ${other.id} (${w.toFixed(0)}×${h.toFixed(0)} px)`);
      }
    });
    return out;
  });
}

/**
 * A known gap on kind, held at what it measures: kind's control plane is tainted, so it runs
 * CoreDNS's two pods, whose names are wider than their pods at large text and cross their veths.
 * The book lab and flannel have none.
 */
const KNOWN_OVERLAPS = new Set([
  'pod:kube-system/coredns-qdrhg5h8rx-5qnlj × veth:pod:kube-system/coredns-qdrhg5h8rx-5qnlj',
  'pod:kube-system/coredns-qdrhg5h8rx-6tngr × veth:pod:kube-system/coredns-qdrhg5h8rx-6tngr',
]);

for (const { width, height } of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  for (const presenter of [false, true]) {
    test(`at ${width}×${height}, ${presenter ? 'in presenter mode' : 'beside the editor'}, large text: no two labels overlap on the book lab, none beyond the known ones on kind and flannel`, async ({
      openPage,
    }) => {
      const page = await openPage();
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await new Playground(page).ready();
      await page.getByLabel('Text size', { exact: true }).selectOption('large');
      await page.getByLabel('Scenario', { exact: true }).selectOption('lab');
      await page.getByRole('tab', { name: 'Lesson' }).click();
      for (let i = 1; i < 9; i++) await page.getByRole('button', { name: /Next/ }).click();
      await expect.poll(() => page.locator('.lesson h3').textContent()).toContain('step 9/9');
      if (presenter) {
        await page.getByRole('button', { name: 'Presenter' }).click();
        const follow = page.getByRole('button', { name: 'Follow the packet' });
        await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true');
        await follow.click();
      }
      const seen: Record<string, string[]> = { book: await overlaps(page) };
      for (const profile of ['kind', 'flannel']) {
        await page.getByLabel('Cluster', { exact: true }).selectOption(profile);
        await page.waitForFunction((p) => window.__store!.getState().text.includes(`profile: ${p}`), profile);
        seen[profile] = await overlaps(page);
      }
      process.stderr.write(`[large text] ${width}×${height}${presenter ? ' presenting' : ''}: ${JSON.stringify(seen)}\n`);
      expect(seen.book).toEqual([]);
      // Held at what it measures, so no new overlap can come in unnoticed (see KNOWN_OVERLAPS).
      for (const profile of ['kind', 'flannel'])
        expect(
          seen[profile]!.map((o) => o.replace(/ \(\d+×\d+ px\)$/, '')).filter((o) => !KNOWN_OVERLAPS.has(o)),
          profile,
        ).toEqual([]);
    });
  }
}

/** The smallest main label on screen (a box's name: not a route list's or a container's lines), in CSS px, after Fit. */
async function smallestMainLabel(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const cy = window.__graph!.cy;
    let smallest = Infinity;
    cy.nodes().forEach((e) => {
      if (e.hasClass('routes') || e.hasClass('container') || !String(e.data('label') ?? '')) return;
      if (e.style('display') === 'none' || e.style('visibility') === 'hidden' || String(e.style('label') ?? '') === '') return;
      smallest = Math.min(smallest, parseFloat(e.style('font-size')) * cy.zoom());
    });
    return smallest;
  });
}

for (const { width, height } of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`at ${width}×${height} beside the editor, Fit at large text draws the lab's labels 1.2 times as large as at medium, at least 18 px, and says when only part is shown`, async ({
    openPage,
  }) => {
    const page = await openPage();
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await new Playground(page).ready();
    await page.getByLabel('Scenario', { exact: true }).selectOption('lab');
    await page.getByRole('tab', { name: 'Lesson' }).click();
    for (let i = 1; i < 9; i++) await page.getByRole('button', { name: /Next/ }).click();
    await expect.poll(() => page.locator('.lesson h3').textContent()).toContain('step 9/9');
    await page.waitForFunction(() => {
      const s = window.__store!.getState();
      return s.simulatedText === s.text;
    });
    const hint = page.getByText('Large text: part of the graph is shown; drag to see the rest');
    const medium = await smallestMainLabel(page);
    await expect.poll(() => hint.count()).toBe(0);
    await page.getByLabel('Text size', { exact: true }).selectOption('large');
    await page.waitForTimeout(500);
    const large = await smallestMainLabel(page);
    expect(large).toBeGreaterThanOrEqual(18);
    expect(large / medium).toBeGreaterThanOrEqual(1.19);
    // The whole lab does not fit at that size: the page says so, and dragging still moves the view.
    await expect.poll(() => hint.isVisible()).toBe(true);
    const pan = await page.evaluate(() => window.__graph!.cy.pan().x);
    const box = (await page.getByTestId('graph').boundingBox())!;
    // From the pane's empty top margin, leftwards.
    await page.mouse.move(box.x + box.width - 40, box.y + 6);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 240, box.y + 6, { steps: 5 });
    await page.mouse.up();
    expect(await page.evaluate(() => window.__graph!.cy.pan().x)).toBeLessThan(pan - 100);
    // Back to medium: the whole graph again, and no hint.
    await page.getByLabel('Text size', { exact: true }).selectOption('medium');
    await page.waitForTimeout(500);
    expect(Math.abs((await smallestMainLabel(page)) - medium)).toBeLessThan(0.2);
    await expect.poll(() => hint.count()).toBe(0);
  });
}

test('zoomed far out, a changed pod dimmed by a lesson step is a faint tint, not a solid block', async ({ openPage }) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await new Playground(page).ready();
  await page.getByLabel('Scenario', { exact: true }).selectOption('lab');
  await page.getByRole('tab', { name: 'Lesson' }).click();
  for (let i = 1; i < 9; i++) await page.getByRole('button', { name: /Next/ }).click();
  await page.waitForFunction(() => {
    const s = window.__store!.getState();
    return s.simulatedText === s.text && window.__graph!.cy.nodes('.pod').length > 1;
  });
  // Every pod and its containers marked as an edit marks them; the focus on one node dims the
  // pods of the others; then the view zooms out to where a pod is a few dozen pixels wide.
  const pod = await page.evaluate(() => {
    const g = window.__graph!;
    const pods = g.cy.nodes('.pod');
    g.markChanged(pods.union(pods.descendants()).map((e) => e.id()));
    const node = pods[0]!.ancestors('.k8s-node')[0]!;
    g.focus([node.id()]);
    const dark = pods.filter((p) => p.hasClass('dimmed'))[0]!;
    g.cy.stop(true);
    g.cy.zoom({ level: 0.2, renderedPosition: { x: g.cy.width() / 2, y: g.cy.height() / 2 } });
    g.cy.center(dark);
    return dark.id();
  });
  await page.waitForTimeout(400);
  const style = await page.evaluate((id) => {
    const e = window.__graph!.cy.getElementById(id);
    const overlays = [e, ...e.descendants()].map((c) => Number(c.style('overlay-opacity')) * c.effectiveOpacity());
    return { opacity: e.effectiveOpacity(), overlay: Math.max(...overlays), box: e.renderedBoundingBox({ includeLabels: false }) };
  }, pod);
  expect(style.opacity).toBeLessThan(0.3);
  expect(style.overlay).toBeLessThan(0.1);
  // On screen: the pod's box is mostly light, with hardly any of the change's orange.
  const pane = (await page.getByTestId('graph').boundingBox())!;
  const png = await page.screenshot({
    clip: { x: pane.x + style.box.x1 + 2, y: pane.y + style.box.y1 + 2, width: style.box.w - 4, height: style.box.h - 4 },
  });
  const orange = await page.evaluate(async (data) => {
    const img = new Image();
    img.src = `data:image/png;base64,${data}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [img.width, img.height];
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, img.width, img.height).data;
    let strong = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i]! > 180 && px[i + 2]! < 120 && px[i]! - px[i + 2]! > 100) strong++;
    return strong / (px.length / 4);
  }, png.toString('base64'));
  expect(orange).toBeLessThan(0.05);
});
