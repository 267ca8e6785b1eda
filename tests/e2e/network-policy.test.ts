// A packet a NetworkPolicy denies, played on the page: the default-deny of tests/fixtures/
// network-policy.yaml (db-deny-all: ingress with no rule) and an allow-list that admits port 80
// from one app only. The hop list ends at the destination pod's KUBE-POD-FW chain, where
// kube-router rejects it, naming the policy and the rule that is missing; the graph marks the place.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { podFirewallChain } from '../../src/core/dataplane/netpol/names.ts';
import { simulate } from '../../src/core/index.ts';
import { expect, test } from './harness.ts';
import { Packets, Playground } from './playground.ts';

const TEXT = readFileSync(new URL('../fixtures/network-policy.yaml', import.meta.url), 'utf8');
const state = simulate(TEXT).state;
const pod = (name: string) => state.pods.find((p) => p.name === name)!;

/** Plays a flow picked as a person would: the source, then the destination, in the packet panel. */
async function play(page: Page, from: string, to: string, port: number): Promise<string[]> {
  await page.getByRole('tab', { name: /Packets/ }).click();
  await page.getByLabel('Source', { exact: true }).selectOption(`pod:${from}`);
  await page.getByLabel('Destination', { exact: true }).selectOption(`${pod(to).ip}:${port}/tcp`);
  const packets = new Packets(page);
  await page.locator('ol.hops li.hop').first().waitFor();
  await packets.waitForEnd();
  return packets.hops();
}

/** Where the graph draws the packet's last step, and whether that is inside the node's box. */
function lastStep(page: Page, node: string) {
  return page.evaluate((nodeId) => {
    const { steps } = window.__packets!.loaded();
    const last = steps.at(-1)!;
    const at = last.path.at(-1)!;
    const bb = window.__graph!.cy.getElementById(nodeId).boundingBox();
    return {
      hop: last.hop,
      steps: steps.length,
      drawnHop: window.__packets!.drawn().hop,
      rewrite: last.rewrite,
      inside: at.x >= bb.x1 && at.x <= bb.x2 && at.y >= bb.y1 && at.y <= bb.y2,
    };
  }, `node:${node}`);
}

test('a packet a policy denies ends at the pod chain, rejected, naming the policy and the missing rule', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await p.load(TEXT);
  await page.waitForFunction(() => window.__graph!.cy.getElementById('pod:default/db').length === 1);

  // Default deny: db-deny-all selects db for ingress and has no rule.
  let hops = await play(page, 'default/stranger', 'db', 5432);
  let last = hops.at(-1)!;
  expect(last).toContain(`FORWARD · filter · ${podFirewallChain('default', 'db')}`);
  expect(last).toMatch(
    /No ingress rule of default\/db-deny-all allows pod default\/stranger \(10\.244\.\d+\.\d+\) to port 5432\/tcp: kube-router rejects the packet\./,
  );
  expect(hops.at(-2)).toMatch(/-m comment --comment "default\/db reject" -m mark ! --mark 0x10000\/0x10000 -j REJECT/);
  expect(hops.some((h) => h.includes('-m comment --comment "default/db-deny-all policy"'))).toBe(true);
  await expect.poll(() => new Packets(page).verdict()).toMatch(/^Rejected/);
  // db runs on kind-worker2: the packet dies there, drawn as a drop at the node.
  expect(pod('db').node).toBe('kind-worker2');
  expect(await lastStep(page, 'kind-worker2')).toEqual({
    hop: hops.length - 1,
    steps: hops.length,
    drawnHop: hops.length - 1,
    rewrite: 'drop',
    inside: true,
  });

  // An allow-list that admits another app: stranger lacks the rule web-from-client would need.
  hops = await play(page, 'default/stranger', 'web', 80);
  last = hops.at(-1)!;
  expect(last).toContain(`FORWARD · filter · ${podFirewallChain('default', 'web')}`);
  expect(last).toMatch(/No ingress rule of default\/web-from-client allows pod default\/stranger \(10\.244\.\d+\.\d+\) to port 80\/tcp/);
  expect(await lastStep(page, pod('web').node!)).toMatchObject({ rewrite: 'drop', inside: true });

  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `test-results/network-policy-denied-${width}x${height}.png` });
  }
});
