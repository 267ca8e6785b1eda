// The lesson "From the book's lab to today's cluster" as a class walks it: every step's commands
// print from the simulation of its cluster (Docker on the book's nodes, crictl and no bridge on
// kind's, VXLAN on flannel's), in English and in Chinese.
import { expect, test } from './harness.ts';
import { Playground } from './playground.ts';

test("the lesson from the book's lab to today's cluster runs every step's commands, in English and in Chinese", async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  await page.getByRole('tab', { name: 'Lesson' }).click();
  await page.getByRole('button', { name: /From the book's lab to today's cluster/ }).click();
  const heading = page.locator('.lesson h3');
  const steps = Number(/step 1\/(\d+)/.exec(await heading.innerText())![1]);
  expect(steps).toBeGreaterThanOrEqual(6);
  const printed: string[] = [];
  for (let i = 1; i <= steps; i++) {
    await expect.poll(() => heading.innerText()).toContain(`step ${i}/${steps}`);
    await expect.poll(() => page.locator('.lesson pre.command[aria-busy="true"]').count(), { timeout: 20_000 }).toBe(0);
    const outputs = await page.locator('.lesson pre.command').allInnerTexts();
    expect(outputs.length, `step ${i}`).toBeGreaterThan(0);
    for (const out of outputs) expect(out.trim().split('\n').length, out).toBeGreaterThan(1);
    printed.push(outputs.join('\n'));
    if (i < steps) await page.getByRole('button', { name: /Next/ }).click();
  }
  // Each cluster as its nodes print it.
  expect(printed[0]).toMatch(/google_containers\/pause/);
  expect(printed[1]).toMatch(/POD ID\s+CREATED\s+STATE\s+NAME/);
  expect(printed[2]).toMatch(/^10\.244\.1\.\d+ dev veth\w+ scope host$/m);
  expect(printed[3]).toMatch(/CNI-HOSTPORT-DNAT/);
  expect(printed.join('\n')).toMatch(/vxlan id 1 .*dstport 8472/);
  // The same lesson in Chinese.
  await page.getByLabel('Language', { exact: true }).selectOption('zh');
  await expect.poll(() => heading.innerText()).toMatch(new RegExp(`从书中的实验到今天的集群 · 步骤 ${steps}/${steps}`));
  expect(await page.locator('.lesson').innerText()).toMatch(/nftables/);
});
