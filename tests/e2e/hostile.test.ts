// Hostile input in the page: markup in manifests stays text everywhere; huge text is refused
// with its limit while the page stays responsive and the text is kept.
import { expect, test } from './harness.ts';
import { Packets, Playground } from './playground.ts';

test('markup in a manifest is shown as text, never run', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  const evil = '<img src=x onerror="window.__pwned=1">';
  await page.evaluate((bad) => {
    const s = window.__store!.getState();
    s.setText(
      s.text
        .replace('image: kubeguide/guestbook-php-frontend', `image: '${bad}'`)
        .replace('value: env', `value: '<script>window.__pwned=2</script>'`),
    );
    s.commit();
  }, evil);
  const nodes = await p.nodes();
  const app = nodes.find((n) => n.id.endsWith('/php-redis'))!;
  await p.click(app.id);
  await expect.poll(() => p.inspectorText()).toContain(evil);
  expect(await p.inspectorText()).toContain('<script>window.__pwned=2</script>');
  await new Packets(page).quick(/laptop → k8smaster01:80/);
  await page.getByRole('tab', { name: 'Problems' }).click();
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(await page.locator('img[src=x]').count()).toBe(0);
});

test('10 MB of text is refused with its limit, the page stays responsive and the text is kept', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  const length = await page.evaluate(() => {
    const s = window.__store!.getState();
    s.setText(`${s.text}\n#${'x'.repeat(10_000_000)}`);
    s.commit();
    return window.__store!.getState().text.length;
  });
  expect(length).toBeGreaterThan(10_000_000);
  await page.getByRole('tab', { name: /Problems/ }).click();
  await expect.poll(() => p.inspectorText(), { timeout: 20_000 }).toMatch(/characters long; the playground reads at most 1,000,000/);
  // Still responsive (how fast is the benchmark's business): the page answers a click, and the
  // last valid graph is still drawn.
  await page.getByRole('tab', { name: 'Packets' }).click();
  await expect.poll(() => page.getByRole('tab', { name: 'Packets' }).getAttribute('aria-selected')).toBe('true');
  expect((await p.nodes()).some((n) => n.id.startsWith('pod:default/frontend-'))).toBe(true);
});

test('YAML nested 10,000 levels deep, pasted in the editor, is refused at its line and the page stays responsive', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+a');
  // A paste, as the browser delivers it: the editor reads the clipboard's text from the event.
  await page.evaluate(
    (text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document
        .querySelector('.cm-content')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    `${'- '.repeat(10_000)}x\nab\n  c: 1\n`,
  );
  await expect.poll(() => page.evaluate(() => window.__store!.getState().text.length)).toBe(20_000 + 12);
  await page.getByRole('tab', { name: /Problems/ }).click();
  await expect
    .poll(() => p.inspectorText(), { timeout: 20_000 })
    .toMatch(/^1:101\s+error converting YAML to JSON: yaml: line 1: the YAML is nested more than 100 levels deep/m);
  // Typing still works, and the page answers a click with the last valid graph still drawn.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('#');
  await expect.poll(() => page.evaluate(() => window.__store!.getState().text.endsWith('#'))).toBe(true);
  await page.getByRole('tab', { name: 'Packets' }).click();
  await expect.poll(() => page.getByRole('tab', { name: 'Packets' }).getAttribute('aria-selected')).toBe('true');
  expect((await p.nodes()).some((n) => n.id.startsWith('pod:default/frontend-'))).toBe(true);
});
