// The site as a thing shipped: the SVG image of the graph (our own writer), the offline copy
// that holds only the app, and the Content-Security-Policy that refuses anything else.
import { readFileSync } from 'node:fs';
import { expect, test } from './harness.ts';
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
    window.__graph!.cy.nodes().filter((n) => n.visible() && n.style('label') !== '').map((n) => String(n.style('label'))),
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
