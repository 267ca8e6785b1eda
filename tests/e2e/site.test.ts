// The site as a thing shipped: the SVG image of the graph (our own writer), the offline copy
// that holds only the app, and the Content-Security-Policy that refuses anything else.
import { readFileSync } from 'node:fs';
import { expect, newTestContext, test, watchProblems } from './harness.ts';
import { Playground } from './playground.ts';

test('SVG export is a well-formed image with every label as text and nothing that runs', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  // A label with markup in it: it must come out as text.
  const hostile = `<script>window.__pwned=3</script> & "quotes" 'too'`;
  await page.evaluate((label) => {
    const cy = window.__graph!.cy;
    cy.nodes('.pod').first().data('label', label);
  }, hostile);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()]);
  expect(download.suggestedFilename()).toBe('kube-netplay.svg');
  const svg = readFileSync((await download.path())!, 'utf8');
  const labels = await page.evaluate(() =>
    window
      .__graph!.cy.nodes()
      .filter((n) => n.visible() && n.style('label') !== '')
      .map((n) => String(n.style('label'))),
  );
  expect(labels.length).toBeGreaterThan(10);
  const read = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const all = [...doc.querySelectorAll('*')];
    return {
      root: doc.documentElement.localName,
      parseError: doc.querySelector('parsererror')?.textContent ?? null,
      width: Number(doc.documentElement.getAttribute('width')),
      height: Number(doc.documentElement.getAttribute('height')),
      scripts: doc.querySelectorAll('script, foreignObject, iframe').length,
      handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value)).map((a) => a.name)),
      text: [...doc.querySelectorAll('text')].map((t) => t.textContent).join(' '),
      shapes: doc.querySelectorAll('rect, ellipse, polygon').length,
      paths: doc.querySelectorAll('path').length,
    };
  }, svg);
  expect(read.parseError).toBeNull();
  expect(read.root).toBe('svg');
  expect(read.scripts).toBe(0);
  expect(read.handlers).toEqual([]);
  // Each label's lines are consecutive <text> elements: joined with spaces, the label reads whole.
  const words = (s: string) => s.split(/\s+/).filter(Boolean).join(' ');
  const text = words(read.text);
  for (const label of labels) expect(text).toContain(words(label));
  expect(text).toContain(hostile);
  expect(svg).not.toContain('<script');
  expect(read.shapes).toBeGreaterThan(labels.length);
  expect(read.paths).toBeGreaterThan(5);
  // The whole graph with its margin, as the PNG has it.
  const bb = await page.evaluate(() => window.__graph!.cy.elements().boundingBox());
  expect(Math.abs(read.width - (bb.w + 48))).toBeLessThan(8);
  expect(Math.abs(read.height - (bb.h + 48))).toBeLessThan(8);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  // Drawn by the browser, the image shows the graph (looked at in test-results/export-svg.png).
  const shot = await page.context().newPage();
  await shot.setViewportSize({ width: 1280, height: 720 });
  await shot.setContent(`<img id="g" style="max-width:100%">`);
  await shot.evaluate((text) => {
    (document.getElementById('g') as HTMLImageElement).src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  }, svg);
  await shot.waitForFunction(() => (document.getElementById('g') as HTMLImageElement).naturalWidth > 0);
  await shot.screenshot({ path: 'test-results/export-svg.png', fullPage: true });
  await shot.close();
});

test('the offline copy is only the app: a 404 and sw.js visited before going offline are never served as the page', async ({
  openPage,
}) => {
  const page = await openPage();
  await new Playground(page).ready();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
  // Online, through the worker: the 404 stays a 404 and sw.js stays JavaScript (in a tab of its
  // own: the 404 is expected there, not a fault of the app).
  const visitor = await page.context().newPage();
  const missing = await visitor.goto(new URL('no-such-page', page.url()).href);
  expect(missing?.status()).toBe(404);
  const worker = await visitor.goto(new URL('sw.js', page.url()).href);
  expect(worker?.status()).toBe(200);
  expect(await worker?.text()).toContain('kube-netplay-');
  await visitor.close();
  // What the worker kept: the app's own files, the page kept as HTML.
  const kept = await page.evaluate(async () => {
    const out: { url: string; status: number; type: string | null }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        const r = (await cache.match(req))!;
        out.push({ url: req.url, status: r.status, type: r.headers.get('content-type') });
      }
    }
    return out;
  });
  expect(kept.length).toBeGreaterThan(3);
  for (const k of kept) {
    expect(k.status, k.url).toBe(200);
    expect(k.url).not.toMatch(/no-such-page|sw\.js|\.map$/);
  }
  expect(kept.find((k) => k.url.endsWith('/kube-netplay/'))?.type).toMatch(/text\/html/);
  // Offline: the site's address, the 404's, sw.js's and a deeper folder's all open the app.
  await page.context().setOffline(true);
  for (const path of ['', 'no-such-page', 'sw.js', '?embed', 'a/deeper/folder?embed']) {
    await page.goto(new URL(path, new URL('./', page.url())).href);
    const p = new Playground(page);
    await p.ready();
    expect(
      (await p.nodes()).some((n) => n.id === 'node:k8smaster01'),
      path,
    ).toBe(true);
  }
  await page.screenshot({ path: 'test-results/offline-after-404.png' });
  await page.context().setOffline(false);
});

test('the Content-Security-Policy refuses an injected inline script, and the harness hears of it', async ({ openPage, browser }) => {
  // The app itself runs under the policy with no violation: every test's page fails on one.
  const page = await openPage();
  await new Playground(page).ready();
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self'");
  expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  // A page of its own, watched as the harness watches every page, given an inline script.
  const context = await newTestContext(browser!);
  const seen: string[] = [];
  const other = await context.newPage();
  watchProblems(other, seen);
  await other.goto(page.url());
  await new Playground(other).ready();
  await other.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__pwned = 4';
    document.body.append(s);
  });
  await expect.poll(() => seen.join('\n')).toMatch(/Content-Security-Policy violation: script-src-elem refused inline/);
  expect(await other.evaluate(() => window.__pwned)).toBeUndefined();
  await context.close();
});

test("a visitor's page lends no test hooks: only a page opened for testing has window.__store", async ({ openPage, browser }) => {
  const tested = await openPage();
  await new Playground(tested).ready();
  expect(await tested.evaluate(() => typeof window.__store?.getState)).toBe('function');
  // A plain browser context, as a visitor's: the same page, drawn, without the hooks.
  const context = await browser!.newContext();
  const seen: string[] = [];
  const page = await context.newPage();
  watchProblems(page, seen);
  await page.goto(tested.url());
  await page.locator('canvas').first().waitFor();
  await page.getByRole('button', { name: 'SVG' }).waitFor();
  expect(await page.evaluate(() => ['__store', '__graph', '__packets', '__terminal'].filter((k) => k in window))).toEqual([]);
  expect(seen).toEqual([]);
  await context.close();
});
