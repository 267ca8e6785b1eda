// Names on the page (the Names lesson's cluster: the book's, with kube-dns): "pod → name" in the
// flow picker plays the client's DNS question to the kube-dns cluster IP, DNATed to the DNS pod
// (the graph's packet goes there) and back, then the connection to the answer; a name outside
// cluster.local shows kube-dns forwarding it upstream; nslookup in the web terminal prints what
// bind9's nslookup prints.
import { expect, test } from './harness.ts';
import { Packets, Playground, TerminalTab } from './playground.ts';
import type { Page } from 'playwright-core';

/** The graph id of a controller's pod once it is drawn (its containers' ids start with it too). */
async function podIdOf(page: Page, namespace: string, controller: string): Promise<string> {
  const pattern = `^pod:${namespace}/${controller}-[^/]+$`;
  const find = (p: string) =>
    window
      .__graph!.cy.nodes()
      .map((n) => n.id())
      .find((id) => new RegExp(p).test(id));
  await page.waitForFunction(find, pattern);
  return (await page.evaluate(find, pattern))!;
}

test('pod → name: the questions and answers in the hop list, the packet drawn to the DNS pod, then the connection; outside cluster.local, the forward', async ({
  openPage,
}) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await page.evaluate(() => window.__store!.getState().openStep('names', 0));
  const dnsPod = await podIdOf(page, 'kube-system', 'kube-dns-v20');

  await page.getByRole('tab', { name: /Packets/ }).click();
  const source = page.getByLabel('Source', { exact: true });
  const client = (await source.locator('option').allTextContents()).find((o) => /^pod client-/.test(o))!;
  await source.selectOption({ label: client });
  await page.getByLabel('Name to look up').fill('frontend');
  await page.getByRole('button', { name: 'Look up and connect' }).click();
  await page.locator('ol.hops li').first().waitFor();
  const packets = new Packets(page);
  await packets.waitForEnd();
  const hops = await packets.hops();
  expect(hops[0]).toContain('The resolver asks 10.254.0.10 port 53 (UDP) for frontend.default.svc.cluster.local. (A).');
  const dnat = hops.find((h) => h.includes('kube-proxy (kube-system/kube-dns:dns) rewrites the destination: 10.254.0.10:53 →'));
  expect(dnat).toBeDefined();
  const dnsIp = /10\.254\.0\.10:53 → (172\.17\.\d+\.\d+):53/.exec(dnat!)![1]!;
  expect(
    hops.some((h) => /The answer for frontend\.default\.svc\.cluster\.local\. \(A\) comes back: NOERROR, A 10\.254\.\d+\.\d+\./.test(h)),
  ).toBe(true);
  expect(await packets.verdict()).toMatch(/Delivered to pod default\/web-\w+/);
  // The packet player drew the question's way into the DNS pod: a step whose header goes to it, ending there.
  const toDnsPod = await page.evaluate(
    ({ id, ip }) => {
      // The pod's box or one of its containers (the one listening on port 53 gets the packet).
      const places = window
        .__graph!.cy.nodes()
        .map((n) => ({ id: n.id(), at: n.position() }))
        .filter((n) => n.id === id || n.id.startsWith(`${id}/`))
        .map((n) => n.at);
      return window.__packets!.loaded().steps.filter((s) => {
        const end = s.path[s.path.length - 1]!;
        return s.header.includes(`→ ${ip}:53`) && places.some((at) => Math.abs(end.x - at.x) < 1 && Math.abs(end.y - at.y) < 1);
      }).length;
    },
    { id: dnsPod, ip: dnsIp },
  );
  expect(toDnsPod).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/dns-name-flow.png' });

  // A name outside the cluster: three NXDOMAIN answers, then kube-dns forwards it to the laptop's resolver.
  await page.getByLabel('Name to look up').fill('example.com');
  await page.getByRole('button', { name: 'Look up and connect' }).click();
  await expect.poll(async () => (await packets.hops())[0]).toContain('for example.com.default.svc.cluster.local. (A).');
  // The hop list holds the whole journey at once; the packet need not be played to its end.
  const outside = await packets.hops();
  expect(outside.filter((h) => h.includes('The resolver asks'))).toHaveLength(4);
  expect(outside.some((h) => h.includes('it forwards the question (A) to 172.24.8.10 port 53'))).toBe(true);
  expect(outside.some((h) => h.includes('The upstream 172.24.8.10 answers example.com. (A): NXDOMAIN'))).toBe(true);
  expect(await packets.verdict()).toContain('the name does not resolve, no connection is opened');
});

test('nslookup in the web terminal, inside the client pod: a service through the search list, and a name outside the cluster', async ({
  openPage,
}) => {
  const page = await openPage();
  await new Playground(page).ready();
  await page.evaluate(() => window.__store!.getState().openStep('names', 0));
  const client = (await podIdOf(page, 'default', 'client')).split('/')[1]!;
  const term = new TerminalTab(page);
  await term.open();
  await term.run(`kubectl exec -it ${client} -- sh`);
  const found = await term.run('nslookup frontend');
  expect(found).toMatch(
    /^Server:\s+10\.254\.0\.10\nAddress:\s+10\.254\.0\.10#53\n\nName:\s+frontend\.default\.svc\.cluster\.local\nAddress: 10\.254\.\d+\.\d+$/,
  );
  expect(await term.run('nslookup example.com')).toMatch(
    /^Server:\s+10\.254\.0\.10\nAddress:\s+10\.254\.0\.10#53\n\n\*\* server can't find example\.com: NXDOMAIN$/,
  );
});
