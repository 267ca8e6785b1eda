// What the packet overlay draws on the graph, read back through the player's test hook
// (window.__packets.drawn(): where the markers, the label and the badges were drawn, in the
// overlay's pixels) and the graph's (window.__graph.cy: where each element is on screen).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { simulate } from '../../src/core/index.ts';
import { expect, test } from './harness.ts';
import { Packets, Playground } from './playground.ts';

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const POLICY_TEXT = readFileSync(new URL('../fixtures/network-policy.yaml', import.meta.url), 'utf8');
const POLICY_STATE = simulate(POLICY_TEXT).state;

const drawn = (page: Page) => page.evaluate(() => window.__packets!.drawn());

/** An element's box on screen (its label included), in the graph container's pixels. */
const screenBox = (page: Page, id: string) =>
  page.evaluate((elementId) => {
    const cy = window.__graph!.cy;
    const b = cy.getElementById(elementId).renderedBoundingBox({ includeLabels: true });
    return { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 };
  }, id);

const overlaps = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

async function clickInGraph(page: Page, box: Box): Promise<void> {
  const origin = await page.locator('[data-testid="graph"]').boundingBox();
  await page.mouse.click(origin!.x + (box.x1 + box.x2) / 2, origin!.y + (box.y1 + box.y2) / 2);
}

test('a paused packet shows its route so far: a trail, numbered markers matching the hop list, its label beside the element', async ({
  openPage,
}) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const p = new Playground(page);
  await p.ready();
  const packets = new Packets(page);
  await packets.quick(/laptop → k8smaster01:80 \(hostPort\)/);
  await page.getByRole('button', { name: 'Pause' }).click();
  const hops = await packets.hops();
  // Open the first hop on k8smaster01's eth0 from the hop list: the route up to it is drawn.
  const atEth0 = hops.findIndex((h) => /node k8smaster01 · eth0/.test(h));
  expect(atEth0).toBeGreaterThan(0);
  await page.locator('[aria-label="Packet hops"] li.hop').nth(atEth0).locator('button').click();
  await expect.poll(async () => (await drawn(page)).hop).toBe(atEth0);
  const paused = await drawn(page);
  expect(paused.trail.request).toBeGreaterThan(0);
  expect(paused.trail.reply).toBe(0);
  // Markers for the hops reached, numbered from 1 as the list is: the laptop's, then eth0's.
  expect(paused.markers.map((m) => m.hop)).toEqual([0, atEth0]);
  // The label is beside eth0, not over its name.
  const eth0 = await screenBox(page, 'node:k8smaster01/eth0');
  expect(paused.label).toBeDefined();
  expect(overlaps(paused.label!, eth0)).toBe(false);
  await page.screenshot({ path: 'test-results/packet-trail-paused.png' });

  // Clicking the first marker opens hop 1 in the list.
  await clickInGraph(page, paused.markers[0]!.box);
  await expect.poll(() => page.locator('li.hop[aria-current="step"] .n').innerText()).toBe('1');
  expect((await drawn(page)).hop).toBe(0);
  // And the marker of eth0 opens the first hop there.
  await page.locator('[aria-label="Packet hops"] li.hop').nth(atEth0).locator('button').click();
  await clickInGraph(page, (await drawn(page)).markers[1]!.box);
  await expect.poll(() => page.locator('li.hop[aria-current="step"] .n').innerText()).toBe(String(paused.markers[1]!.hop + 1));

  // At the end the reply's way is drawn too, in its own markers, and every number is a hop's.
  await page.locator('[aria-label="Packet hops"] li.hop').last().locator('button').click();
  const end = await drawn(page);
  expect(end.trail.reply).toBeGreaterThan(0);
  const numbers = await page.locator('[aria-label="Packet hops"] li.hop .n').allInnerTexts();
  for (const m of end.markers) expect(numbers).toContain(String(m.hop + 1));
  expect(new Set(end.markers.map((m) => m.hop)).size).toBe(end.markers.length);
  await page.screenshot({ path: 'test-results/packet-trail-end.png' });
});

test('after a burst each endpoint pod carries a badge with its count, and the chart stays in view until the next action', async ({
  openPage,
}) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const p = new Playground(page);
  await p.ready();
  await p.edit(/replicas: 1/, 'replicas: 3');
  await p.waitForPods(3);
  const packets = new Packets(page);
  await packets.quick(/pod → frontend service/);
  await page.getByRole('button', { name: 'Send 100 requests' }).click();
  const chart = page.getByRole('figure', { name: 'Requests per endpoint' });
  await chart.waitFor({ timeout: 30_000 });
  const badges = (await drawn(page)).badges;
  expect(badges).toHaveLength(3);
  const pods = await page.evaluate(() => {
    const cy = window.__graph!.cy;
    return cy.nodes('.pod').map((n) => {
      const b = n.renderedBoundingBox({ includeLabels: false });
      return { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 };
    });
  });
  // One badge on each pod: its middle over the pod, at the pod's bottom edge.
  for (const pod of pods) {
    const on = badges.filter((b) => (b.x1 + b.x2) / 2 > pod.x1 && (b.x1 + b.x2) / 2 < pod.x2 && b.y1 < pod.y2 && b.y2 > pod.y2);
    expect(on).toHaveLength(1);
  }
  // The counts on the chart add up to the burst.
  const rows = await chart.locator('.bar-row').allInnerTexts();
  expect(rows.map((r) => Number(/(\d+) \(rules: 33\.3%\)/.exec(r)![1])).reduce((a, b) => a + b, 0)).toBe(100);
  // The flow plays on and the hop list follows it: the chart stays where it can be seen.
  await packets.waitForEnd();
  // The packet's label, where the flow ended, keeps off the badges.
  const end = await drawn(page);
  const covered = end.badges.filter(
    (b) => end.label && b.x1 < end.label.x2 && end.label.x1 < b.x2 && b.y1 < end.label.y2 && end.label.y1 < b.y2,
  );
  expect(covered).toEqual([]);
  const panel = await page.locator('.dock-panel').boundingBox();
  const shown = await chart.boundingBox();
  expect(shown!.y).toBeGreaterThanOrEqual(panel!.y);
  expect(shown!.y + shown!.height).toBeLessThanOrEqual(panel!.y + panel!.height);
  await page.screenshot({ path: 'test-results/packet-burst-badges.png' });
  // The next action ends it: the chart and the badges go.
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect.poll(() => chart.count()).toBe(0);
  expect((await drawn(page)).badges).toHaveLength(0);
});

test('the SVG export of a paused flow carries the route so far: the trail and the same numbered markers as the screen', async ({
  openPage,
}) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await new Playground(page).ready();
  const packets = new Packets(page);
  await packets.quick(/pod → frontend service/);
  await page.getByRole('button', { name: 'Pause' }).click();
  const hops = await packets.hops();
  const at = Math.min(hops.length - 1, 6);
  await page.locator('[aria-label="Packet hops"] li.hop').nth(at).locator('button').click();
  await expect.poll(async () => (await drawn(page)).hop).toBe(at);
  const onScreen = await page.evaluate(() => window.__packets!.drawn().markers.length);
  expect(onScreen).toBeGreaterThan(1);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()]);
  const svg = readFileSync((await download.path())!, 'utf8');
  const read = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const route = doc.querySelector('g.packet-route');
    return {
      parseError: doc.querySelector('parsererror')?.textContent ?? null,
      // The trail: stroked paths without fill; the markers: filled chips with their numbers.
      trail: route ? [...route.querySelectorAll('path[fill="none"]')].map((p) => p.getAttribute('d') ?? '') : [],
      numbers: route ? [...route.querySelectorAll('text')].map((t) => t.textContent) : [],
    };
  }, svg);
  expect(read.parseError).toBeNull();
  expect(read.trail.length).toBeGreaterThan(0);
  expect(read.trail.some((d) => (d.match(/L/g) ?? []).length >= 2)).toBe(true);
  expect(read.numbers).toHaveLength(onScreen);
  expect(read.numbers[0]).toBe('1');
  // Before any flow is shown (a fresh page), the export has no route at all.
  await page.reload();
  await new Playground(page).ready();
  const [plain] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()]);
  expect(readFileSync((await plain.path())!, 'utf8')).not.toContain('packet-route');
});

for (const { width, height, presenter } of [
  { width: 1280, height: 720, presenter: false },
  { width: 1920, height: 1080, presenter: true },
]) {
  test(`at ${width}×${height}${presenter ? ' presenting' : ''}, at every paused hop the packet's label is as large as the graph's names and neither it nor a marker covers a node's or a pod's name`, async ({
    openPage,
  }) => {
    const page = await openPage();
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await new Playground(page).ready();
    await page.evaluate(
      (text) => {
        const s = window.__store!.getState();
        s.setText(text);
        s.commit();
      },
      readFileSync(new URL('../fixtures/network-policy.yaml', import.meta.url), 'utf8'),
    );
    await page.waitForFunction(() => window.__graph!.cy.getElementById('pod:default/db').length === 1);
    if (presenter) await page.getByRole('button', { name: 'Presenter' }).click();
    await page.getByRole('tab', { name: /Packets/ }).click();
    // The default deny's flow: a stranger to db, rejected at db's node.
    await page.getByLabel('Source', { exact: true }).selectOption('pod:default/stranger');
    await page.getByLabel('Destination', { exact: true }).selectOption(`${POLICY_STATE.pods.find((p) => p.name === 'db')!.ip}:5432/tcp`);
    await page.locator('ol.hops li.hop').first().waitFor();
    await new Packets(page).waitForEnd();
    const count = await page.locator('ol.hops li.hop').count();
    const seen: string[] = [];
    for (let hop = 0; hop < count; hop++) {
      await page.locator('ol.hops li.hop').nth(hop).locator('button').click();
      await expect.poll(async () => (await drawn(page)).hop).toBe(hop);
      await page.waitForTimeout(100);
      const frame = await page.evaluate(() => {
        const cy = window.__graph!.cy;
        // The names drawn at the top of the boxes that hold others: nodes and pods.
        const titles = cy
          .nodes(':parent')
          .filter((n) => String(n.style('label') ?? '') !== '' && n.style('visibility') !== 'hidden')
          .map((n) => {
            const b = n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
            return { id: n.id(), box: { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 } };
          });
        const main = Math.min(...cy.nodes('.pod').map((n) => parseFloat(n.style('font-size')) * cy.zoom()));
        return { titles, main, drawn: window.__packets!.drawn() };
      });
      expect(frame.drawn.labelPx).toBeGreaterThanOrEqual(Math.min(frame.main, 36) - 0.01);
      const shown = [
        ...(frame.drawn.label ? [{ what: 'label', box: frame.drawn.label }] : []),
        ...frame.drawn.markers.map((m) => ({ what: `marker ${m.hop + 1}`, box: m.box })),
      ];
      for (const s of shown) for (const t of frame.titles) if (overlaps(s.box, t.box)) seen.push(`hop ${hop + 1}: ${s.what} over ${t.id}`);
    }
    expect(seen).toEqual([]);
    await page.screenshot({ path: `test-results/packet-titles-${width}x${height}.png` });
  });
}
