// Watching packets go: the lab's flows animated on the graph, the hop list, bursts, modes.
import { expect, test } from './harness.ts';
import { Packets, Playground } from './playground.ts';

test("laptop → k8smaster01:80 animates to the frontend pod, with Docker's DNAT at the node", async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  const packets = new Packets(page);
  await packets.quick(/laptop → k8smaster01:80 \(hostPort\)/);
  await page.waitForTimeout(2500);
  await page.screenshot({ path: 'test-results/packets-hostport-moving.png' });
  await packets.waitForEnd();
  const hops = await packets.hops();
  const dnat = hops.find((h) => h.includes('-j DNAT'))!;
  expect(dnat).toMatch(/node k8smaster01 · eth0/);
  expect(dnat).toMatch(/PREROUTING · nat · DOCKER/);
  expect(dnat).toMatch(/-A DOCKER ! -i docker0 -p tcp -m tcp --dport 80 -j DNAT --to-destination 172\.17\.1\.\d+:80/);
  expect(dnat).toMatch(/172\.24\.8\.10:\d+ → 172\.17\.1\.\d+:80/);
  expect(hops.some((h) => h.includes('conntrack undoes'))).toBe(true);
  expect(await packets.verdict()).toMatch(/Delivered to pod default\/frontend-\w+ \(php-redis\); it sees the client as 172\.24\.8\.10:\d+/);
  // The packet was drawn frame by frame on the overlay.
  const frames = await page.evaluate(() => window.__packets!.frameTimes.length);
  expect(frames).toBeGreaterThan(30);
  expect(await page.locator('.conntrack').innerText()).toMatch(
    /original 172\.24\.8\.10:\d+ → 172\.24\.8\.71:80 tcp\s+reply 172\.17\.1\.\d+:80 → 172\.24\.8\.10:\d+ tcp/,
  );
  // Clicking a hop jumps there.
  await page.locator('[aria-label="Packet hops"] li.hop', { hasText: '-j DNAT' }).locator('button').click();
  await expect.poll(() => page.locator('li.hop[aria-current="step"]').innerText()).toContain('-j DNAT');
  await page.screenshot({ path: 'test-results/packets-hostport-dnat.png' });
});

test('after scaling to 3 replicas, 100 requests to the frontend service spread over the three pods', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await p.cursorAfter('replicas: 1');
  await page.keyboard.press('Backspace');
  await p.type('3');
  await p.waitForPods(3);
  const packets = new Packets(page);
  await packets.quick(/pod → frontend service/);
  await page.getByRole('button', { name: 'Send 100 requests' }).click();
  const chart = page.getByRole('figure', { name: 'Requests per endpoint' });
  await chart.waitFor({ timeout: 30_000 });
  const rows = await chart.locator('.bar-row').allInnerTexts();
  expect(rows).toHaveLength(3);
  const counts = rows.map((r) => Number(/(\d+) \(rules: 33\.3%\)/.exec(r)![1]));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(100);
  for (const c of counts) expect(c).toBeGreaterThan(15);
  for (const r of rows) expect(r).toMatch(/^frontend-\w+/);
  await page.screenshot({ path: 'test-results/packets-burst.png' });
});

test('each kube-proxy mode draws its own path for the same flow', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  const packets = new Packets(page);
  await packets.quick(/pod → frontend service/);
  const iptables = (await packets.hops()).join('\n');
  expect(iptables).toMatch(/-j KUBE-SVC-GYQQTB6TY565JPRW/);
  expect(iptables).toMatch(/KUBE-SEP-\w+ .*-j DNAT --to-destination/);

  await packets.setMode('userspace');
  await expect.poll(async () => (await packets.hops()).join('\n')).toMatch(/-j REDIRECT --to-ports \d+/);
  const userspace = (await packets.hops()).join('\n');
  expect(userspace).toMatch(/kube-proxy/);
  expect(userspace).not.toMatch(/KUBE-SVC-/);
  await page.screenshot({ path: 'test-results/packets-userspace.png' });

  await packets.setMode('ipvs');
  await expect.poll(async () => (await packets.hops()).join('\n')).toMatch(/IPVS virtual server 10\.254\.\d+\.\d+:80 \(rr\)/);
  expect((await packets.hops()).join('\n')).not.toMatch(/REDIRECT/);
  await page.screenshot({ path: 'test-results/packets-ipvs.png' });
});

test('a service without endpoints is rejected at the node, and the hop says so', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  const packets = new Packets(page);
  await packets.quick(/pod → frontend service/);
  // Point the service's selector at nothing: the flow replays and ends in a REJECT.
  // The selector is the text's last line: go to the end, one line up (the text ends with a newline).
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
  expect(await page.locator('.cm-activeLine').innerText()).toBe('    name: frontend');
  await p.type('-gone');
  await expect.poll(() => packets.verdict(), { timeout: 10_000 }).toMatch(/^Rejected/);
  const hops = await packets.hops();
  expect(hops.some((h) => h.includes('has no endpoints') && h.includes('-j REJECT'))).toBe(true);
  await page.screenshot({ path: 'test-results/packets-rejected.png' });
});
