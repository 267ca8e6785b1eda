// A flannel cluster on the page: the VTEPs and their tunnels on the graph, and a pod-to-pod flow
// across nodes wrapped in VXLAN at the sending node's flannel.1, the outer header shown there.
import { readFileSync } from 'node:fs';
import { expect, test } from './harness.ts';
import { Packets, Playground } from './playground.ts';

const FLANNEL = readFileSync(new URL('../fixtures/flannel.yaml', import.meta.url), 'utf8');

test('pod → pod on another node on flannel: wrapped in VXLAN at flannel.1 (outer header node to node, UDP 8472, VNI 1), unwrapped at the far VTEP', async ({
  openPage,
}) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await p.load(FLANNEL);
  await page.waitForFunction(() => window.__graph!.cy.getElementById('node:kind-worker2/flannel.1').length === 1);
  const ids = (await p.nodes()).map((n) => n.id);
  for (const node of ['kind-control-plane', 'kind-worker', 'kind-worker2']) expect(ids).toContain(`node:${node}/flannel.1`);
  expect((await p.edges()).filter((e) => e.classes.includes('tunnel'))).toHaveLength(3);

  const packets = new Packets(page);
  await packets.quick(/pod → pod on another node/);
  await packets.waitForEnd();
  const hops = await packets.hops();
  const wrap = hops.find((h) => h.includes('VXLAN encap'));
  expect(wrap).toBeDefined();
  expect(wrap).toMatch(/flannel\.1 wraps the packet in VXLAN \(VNI 1\)/);
  // The outer header, node address to node address on UDP 8472, around the inner one.
  expect(wrap).toMatch(/172\.18\.0\.\d:\d+ → 172\.18\.0\.\d:8472 \[VXLAN VNI 1: 10\.244\.\d+\.\d+:\d+ → 10\.244\.\d+\.\d+:80 tcp\]/);
  const wrapItem = page.locator('ol.hops li.hop', { hasText: 'VXLAN encap' }).first();
  await expect.poll(() => wrapItem.locator('mark').count()).toBe(2);
  expect(hops.some((h) => h.includes('VXLAN decap') && h.includes('flannel.1 unwraps'))).toBe(true);
  expect(await packets.verdict()).toMatch(/Delivered to pod default\/web-\w+/);
  await wrapItem.locator('button').click();
  await expect.poll(() => page.locator('li.hop[aria-current="step"]').innerText()).toContain('VXLAN encap');
  await page.screenshot({ path: 'test-results/flannel-vxlan-wrap.png' });
});
