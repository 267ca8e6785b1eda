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

test('the SVG and PNG exports of a paused flow carry the route so far: the trail and the same numbered markers as the screen', async ({
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
  const onScreen = await page.evaluate(() => window.__packets!.drawn().markers.map((m) => m.text));
  expect(onScreen.length).toBeGreaterThan(1);

  const svg = readFileSync(await downloaded(page, 'SVG'), 'utf8');
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
  // The same numbers as the screen's markers, in the same order.
  expect(read.numbers).toEqual(onScreen);
  expect(read.numbers[0]).toBe('1');
  // The PNG carries the same route: the trail and the markers in the request's colour.
  const routed = await requestPixels(page, await downloaded(page, 'PNG'));
  // Before any flow is shown (a fresh page), the exports have no route at all.
  await page.reload();
  await new Playground(page).ready();
  expect(readFileSync(await downloaded(page, 'SVG'), 'utf8')).not.toContain('packet-route');
  const plain = await requestPixels(page, await downloaded(page, 'PNG'));
  expect(routed.size).toEqual(plain.size);
  expect(routed.count).toBeGreaterThan(plain.count + 2000);
});

/** Clicks an export button of the top bar and returns the downloaded file's path. */
async function downloaded(page: Page, button: 'PNG' | 'SVG'): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
  return (await file.path())!;
}

/** How many pixels of a PNG are in the request's colour (#1c7ed6), and its size. */
function requestPixels(page: Page, path: string): Promise<{ count: number; size: string }> {
  return page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const image = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const ctx = new OffscreenCanvas(image.width, image.height).getContext('2d')!;
    ctx.drawImage(image, 0, 0);
    const data = ctx.getImageData(0, 0, image.width, image.height).data;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] === 0x1c && data[i + 1] === 0x7e && data[i + 2] === 0xd6) count++;
    return { count, size: `${image.width}x${image.height}` };
  }, readFileSync(path).toString('base64'));
}

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

/** Every name drawn on the graph now (a box's title, a leaf's lines), from its rendered bounding box. */
const namesOnScreen = (page: Page) =>
  page.evaluate(() => {
    const cy = window.__graph!.cy;
    return cy
      .nodes()
      .filter((n) => String(n.style('label') ?? '') !== '' && n.style('visibility') !== 'hidden' && n.style('display') !== 'none')
      .map((n) => {
        const b = n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
        return { id: n.id(), dimmed: n.hasClass('dimmed'), box: { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 } };
      })
      .filter((n) => n.box.x2 > n.box.x1);
  });

/** From a point to the nearest edge of a box (0 inside it). */
const distanceTo = (p: { x: number; y: number }, b: Box) =>
  Math.hypot(Math.max(0, b.x1 - p.x, p.x - b.x2), Math.max(0, b.y1 - p.y, p.y - b.y2));

/** How far the packet's label may stand from its dot without a line to it; with the line, how far at most. */
const LABEL_NEAR_PX = 80;
const LABEL_LEADER_PX = 200;

/** Pauses the flow shown on each hop in turn: what covers a name there, and where the label stands too far from the packet. */
async function everyHop(page: Page, flow: string): Promise<{ covered: string[]; far: string[] }> {
  const count = await page.locator('ol.hops li.hop').count();
  const covered: string[] = [];
  const far: string[] = [];
  for (let hop = 0; hop < count; hop++) {
    await page.locator('ol.hops li.hop').nth(hop).locator('button').click();
    await expect.poll(async () => (await drawn(page)).hop).toBe(hop);
    await page.waitForTimeout(60);
    const [names, now, pane] = await Promise.all([namesOnScreen(page), drawn(page), page.locator('[data-testid="graph"]').boundingBox()]);
    // What is drawn in the graph's pane (a packet the camera left behind is out of view, and so are its names).
    const inPane = (b: Box) => overlaps(b, { x1: 0, y1: 0, x2: pane!.width, y2: pane!.height });
    const items = [
      ...(now.dot ? [{ what: 'dot', box: now.dot }] : []),
      ...now.markers.map((m) => ({ what: `marker ${m.hop + 1}`, box: m.box })),
    ].filter((item) => inPane(item.box));
    for (const item of items)
      for (const n of names) if (overlaps(item.box, n.box)) covered.push(`${flow} hop ${hop + 1}: ${item.what} over ${n.id}`);
    // The label may stand over a name the lesson's step dimmed (the background), where that keeps it by its packet.
    if (now.label && inPane(now.label))
      for (const n of names) if (!n.dimmed && overlaps(now.label, n.box)) covered.push(`${flow} hop ${hop + 1}: label over ${n.id}`);
    // Markers do not cover each other either: each number stays readable.
    now.markers.forEach((a, i) =>
      now.markers
        .slice(i + 1)
        .forEach((b) => overlaps(a.box, b.box) && covered.push(`${flow} hop ${hop + 1}: marker ${a.hop + 1} over marker ${b.hop + 1}`)),
    );
    if (now.dot && now.label) {
      const centre = { x: (now.dot.x1 + now.dot.x2) / 2, y: (now.dot.y1 + now.dot.y2) / 2 };
      const away = distanceTo(centre, now.label);
      // Beside its packet; or, where names fill the places beside it, joined to it by a short line.
      const limit = now.leader ? LABEL_LEADER_PX : LABEL_NEAR_PX;
      if (inPane(now.dot) && away > limit)
        far.push(`${flow} hop ${hop + 1}: label ${Math.round(away)} px from the dot${now.leader ? ' (with its line)' : ''}`);
    }
  }
  return { covered, far };
}

for (const { width, height } of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`at ${width}×${height}, paused at every hop of the lab's hostPort and service flows, of its step 9 and of a DNS lookup, no marker, not the packet's dot nor its label covers a name, and the label stays by its packet`, async ({
    openPage,
  }) => {
    const page = await openPage();
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await new Playground(page).ready();
    const packets = new Packets(page);
    const seen: string[] = [];
    const far: string[] = [];
    for (const [flow, label] of [
      ['hostPort', /laptop → k8smaster01:80 \(hostPort\)/],
      ['service', /pod → frontend service/],
    ] as const) {
      await packets.quick(label);
      await page.getByRole('button', { name: 'Pause' }).click();
      const r = await everyHop(page, flow);
      seen.push(...r.covered);
      far.push(...r.far);
    }
    await page.screenshot({ path: `test-results/packet-names-service-${width}x${height}.png` });

    // The lab's step 9 (kube-proxy in userspace mode): its flow, with the step's focus on the graph.
    await page.evaluate(() => window.__store!.getState().openStep('lab', 8));
    await page.getByRole('tab', { name: /Packets/ }).click();
    await expect.poll(async () => (await packets.hops()).some((h) => /kube-proxy/.test(h))).toBe(true);
    await page.getByRole('button', { name: 'Pause' }).click();
    const step9 = await everyHop(page, 'lab step 9');
    seen.push(...step9.covered);
    far.push(...step9.far);
    await page.screenshot({ path: `test-results/packet-names-lab-step-9-${width}x${height}.png` });

    // A DNS lookup: the question to the DNS pod and back, then the connection. A place the
    // packet comes back to carries one marker whose number lists its runs ("1, 35").
    await page.evaluate(() => window.__store!.getState().openStep('names', 0));
    await page.getByRole('tab', { name: /Packets/ }).click();
    const source = page.getByLabel('Source', { exact: true });
    await expect.poll(async () => (await source.locator('option').allTextContents()).some((o) => /^pod client-/.test(o))).toBe(true);
    const client = (await source.locator('option').allTextContents()).find((o) => /^pod client-/.test(o))!;
    await source.selectOption({ label: client });
    await page.getByLabel('Name to look up').fill('frontend');
    await page.getByRole('button', { name: 'Look up and connect' }).click();
    await page.locator('ol.hops li.hop').first().waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    const dns = await everyHop(page, 'dns');
    seen.push(...dns.covered);
    far.push(...dns.far);
    // The lesson's step brought part of the graph into view; the whole graph shows every marker.
    await page.getByRole('button', { name: 'Show all' }).click();
    await page.waitForTimeout(400);
    const end = await page.evaluate(() => {
      const { markers, steps } = window.__packets!.loaded();
      const places = new Set(steps.map((s) => `${Math.round(s.path.at(-1)!.x)},${Math.round(s.path.at(-1)!.y)} ${s.direction}`));
      return { markers: markers.length, places: places.size, steps: steps.length, drawn: window.__packets!.drawn().markers.length };
    });
    // One marker per place and direction, however often the packet comes back there.
    expect(end.markers).toBe(end.places);
    expect(end.drawn).toBe(end.markers);
    expect(end.markers).toBeLessThan(end.steps / 2);
    await page.screenshot({ path: `test-results/packet-names-dns-${width}x${height}.png` });

    expect(seen).toEqual([]);
    expect(far).toEqual([]);
  });
}

test('with normal motion, the badges per endpoint and the chart appear within 2 s of the burst’s answer, not after every dot has crossed the graph', async ({
  openPage,
}) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  const p = new Playground(page);
  await p.ready();
  await p.edit(/replicas: 1/, 'replicas: 3');
  await p.waitForPods(3);
  await new Packets(page).quick(/pod → frontend service/);
  // Times, on the page's clock, when the worker's answer came (the store stops "bursting") and the badges were drawn.
  const timing = page.evaluate(
    () =>
      new Promise<{ answered: number; badges: number }>((resolve) => {
        let asked = false;
        let answered = 0;
        const look = () => {
          const s = window.__store!.getState();
          if (s.bursting) asked = true;
          else if (asked && !answered) answered = performance.now();
          if (answered && window.__packets!.drawn().badges.length > 0) return resolve({ answered, badges: performance.now() });
          requestAnimationFrame(look);
        };
        look();
      }),
  );
  await page.getByRole('button', { name: 'Send 100 requests' }).click();
  const { answered, badges } = await timing;
  expect(badges - answered).toBeLessThanOrEqual(2000);
  expect((await drawn(page)).badges).toHaveLength(3);
  expect(await page.getByRole('figure', { name: 'Requests per endpoint' }).isVisible()).toBe(true);
});

test("a burst's dots rest beside the names of the places they stop at, never on them, as the packet's dot does", async ({ openPage }) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  // Reduced motion: every dot stands at a hop rather than gliding between two.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const p = new Playground(page);
  await p.ready();
  await p.edit(/replicas: 1/, 'replicas: 3');
  await p.waitForPods(3);
  await new Packets(page).quick(/pod → frontend service/);
  // Every frame from the click to the last dot's arrival: the resting dots that cover a name.
  const watched = page.evaluate(
    () =>
      new Promise<{ frames: number; dots: number; covered: string[] }>((resolve) => {
        const cy = window.__graph!.cy;
        const covered = new Set<string>();
        let frames = 0;
        let dots = 0;
        const look = () => {
          const now = window.__packets!.drawn().bursts.filter((d) => d.resting);
          if (now.length > 0) {
            frames += 1;
            dots += now.length;
            const names = cy
              .nodes()
              .filter((n) => String(n.style('label') ?? '') !== '' && n.style('visibility') !== 'hidden')
              .map((n) => ({ id: n.id(), box: n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }) }));
            for (const d of now)
              for (const n of names)
                if (d.box.x1 < n.box.x2 && n.box.x1 < d.box.x2 && d.box.y1 < n.box.y2 && n.box.y1 < d.box.y2) covered.add(n.id);
          } else if (frames > 0) return resolve({ frames, dots, covered: [...covered] });
          requestAnimationFrame(look);
        };
        look();
      }),
  );
  await page.getByRole('button', { name: 'Send 100 requests' }).click();
  const { frames, dots, covered } = await watched;
  expect(frames).toBeGreaterThan(10);
  expect(dots).toBeGreaterThan(100);
  expect(covered).toEqual([]);
  // The burst has ended: no dot is left on the graph.
  expect((await drawn(page)).bursts).toEqual([]);
  await page.screenshot({ path: 'test-results/packet-burst-dots.png' });
});

test('Escape closes the export dialog after an export was made, the share dialog (after its full-screen QR code) and the shortcut sheet', async ({
  openPage,
}) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await new Playground(page).ready();
  await new Packets(page).quick(/pod → frontend service/);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Export…' }).click();
  const exporting = page.getByRole('dialog', { name: 'Export this flow for slides' });
  await exporting.waitFor();
  await exporting.getByRole('radio', { name: /Picture \(PNG\)/ }).check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    exporting.getByRole('button', { name: 'Export', exact: true }).click(),
  ]);
  expect(await download.path()).toBeTruthy();
  await expect.poll(() => exporting.getByRole('status').innerText()).toMatch(/Saved kube-netplay-flow\.png/);
  await page.keyboard.press('Escape');
  await expect.poll(() => exporting.count()).toBe(0);

  await page.getByRole('button', { name: 'Share' }).click();
  const share = page.getByRole('dialog', { name: 'Share' });
  await share.getByRole('button', { name: 'Show the QR code full screen' }).click();
  const big = page.locator('.qr-full');
  await big.waitFor();
  await page.keyboard.press('Escape');
  await expect.poll(() => big.count()).toBe(0);
  expect(await share.isVisible()).toBe(true);
  await page.keyboard.press('Escape');
  await expect.poll(() => share.count()).toBe(0);

  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await sheet.waitFor();
  await page.keyboard.press('Escape');
  await expect.poll(() => sheet.count()).toBe(0);
});
