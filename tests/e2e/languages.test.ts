// The page in Chinese: the lab's graph, a hop's explanation and the share dialog say no English
// sentence (names, addresses, rules and Kubernetes terms stay as they are).
import { LANGUAGES } from '../../src/i18n/words.ts';
import { expect, test } from './harness.ts';
import { Packets, Playground, TerminalTab } from './playground.ts';

/** The fixed words of every English template and interface string that Chinese says otherwise. */
function englishOnly(): string[] {
  const { en, zh } = LANGUAGES;
  const fixed = (template: string) => template.split(/\{\w+\}/).map((part) => part.trim());
  const messages = Object.entries(en.messages).flatMap(([code, template]) =>
    template === zh.messages[code as keyof typeof en.messages] ? [] : fixed(template),
  );
  const ui = Object.entries(en.ui).flatMap(([key, value]) =>
    typeof value === 'string' && value !== zh.ui[key as keyof typeof en.ui] ? [value] : [],
  );
  // Phrases of two words or more: a single word may be a name or a term both languages share.
  return [...new Set([...messages, ...ui])].filter((s) => /[a-z]{2,} [a-z]{2,}/i.test(s));
}

test('with Chinese chosen, the graph, a hop explanation and a dialog speak Chinese', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await page.getByLabel('Language', { exact: true }).selectOption('zh');
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  // The editor, made in English, is named in Chinese too (a screen reader says its name).
  await expect.poll(() => page.locator('.cm-content').getAttribute('aria-label')).toBe('资源清单');
  const english = englishOnly();
  expect(english.length).toBeGreaterThan(50);
  const leftovers = (text: string) => english.filter((phrase) => text.includes(phrase));

  // The lab's graph: its own words in Chinese, the book's term for the service network.
  await expect.poll(async () => (await p.nodes()).find((n) => n.id === 'portal')?.label).toMatch(/^portal 网络 /);
  const labels = (await p.nodes()).map((n) => n.label).join('\n');
  expect(labels).toContain('docker0 网桥');
  expect(leftovers(labels)).toEqual([]);

  // A flow: each hop's explanation and the outcome.
  await page.getByRole('tab', { name: '数据包' }).click();
  await page.getByRole('button', { name: /Pod → Service frontend/ }).click();
  await page.locator('[aria-label="数据包的每一跳"] li').first().waitFor();
  const packets = new Packets(page);
  await packets.waitForEnd();
  const explanations = await page.locator('[aria-label="数据包的每一跳"] .explain').allInnerTexts();
  expect(explanations.length).toBeGreaterThan(5);
  for (const e of explanations) expect(e, e).toMatch(/[\u4e00-\u9fff]/);
  expect(leftovers(explanations.join('\n'))).toEqual([]);
  expect(await packets.verdict()).toMatch(/^已送达 Pod default\/frontend-/);

  // A dialog: the share dialog, every word of it.
  await page.getByRole('button', { name: '分享' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const said = await dialog.innerText();
  expect(said).toContain('只读');
  expect(leftovers(said)).toEqual([]);
  expect(said).not.toMatch(/\b(OK|link|characters|view only)\b/);
  await page.screenshot({ path: 'test-results/languages-zh.png' });
});

test('with Chinese chosen, a broken text shows its problem in Chinese at its line, in the Problems panel and the editor', async ({
  openPage,
}) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await page.getByLabel('Language', { exact: true }).selectOption('zh');
  await p.edit(/hostPort: 80/, 'hostPort: 99999');
  const text = await page.evaluate(() => window.__store!.getState().text);
  const line = text.split('\n').findIndex((l) => l.includes('hostPort: 99999')) + 1;
  expect(line).toBeGreaterThan(1);

  // The Problems panel: the line and column, the API server's check in Chinese, the path and value as written.
  await page.getByRole('tab', { name: /^问题/ }).click();
  const problem = page.locator('.problems li.error').first();
  await expect.poll(() => problem.innerText()).toContain('必须在 0 到 65535 之间');
  const said = await problem.innerText();
  expect(said).toMatch(new RegExp(`^${line}:\\d+ `));
  expect(said).toContain('hostPort：值 99999 无效');
  expect(said).not.toMatch(/Invalid value|must be/);

  // The editor's mark on that line says the same in its tooltip.
  const mark = page.locator('.cm-line', { hasText: 'hostPort: 99999' }).locator('.cm-lintRange-error');
  await mark.hover();
  const tooltip = page.locator('.cm-tooltip-lint');
  await tooltip.waitFor();
  expect(await tooltip.innerText()).toContain('必须在 0 到 65535 之间');
  // Words only: no raw problem code (such as invalid-value) beside them.
  expect(await tooltip.innerText()).not.toMatch(/invalid-value|\b[a-z]+-[a-z-]+\b/);
  await page.screenshot({ path: 'test-results/languages-zh-problems.png' });

  // The editor's own panels: search.
  await page.locator('.cm-line', { hasText: 'hostPort: 99999' }).click();
  await page.keyboard.press('Control+f');
  const search = page.locator('.cm-search');
  await search.waitFor();
  expect(await search.locator('button[name=next]').innerText()).toBe('下一个');
  expect(await search.locator('input[name=search]').getAttribute('placeholder')).toBe('查找');
});

test('the language chosen is kept for the next visit; a Chinese browser opens in Chinese, an English one in English', async ({
  openPage,
}) => {
  const page = await openPage();
  await new Playground(page).ready();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  await page.getByLabel('Language', { exact: true }).selectOption('zh');
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  await page.reload();
  await new Playground(page).ready();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  expect(await page.getByRole('tab', { name: '数据包' }).count()).toBe(1);
  // And back: English is kept too.
  await page
    .getByLabel('语言', { exact: true })
    .or(page.getByLabel('Language', { exact: true }))
    .selectOption('en');
  await page.reload();
  await new Playground(page).ready();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');

  // A first visit from a browser set to Chinese (Taiwan too: zh-* is Chinese).
  for (const locale of ['zh-CN', 'zh-TW']) {
    const zh = await openPage('', { locale });
    await new Playground(zh).ready();
    await expect.poll(() => zh.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  }
  const en = await openPage('', { locale: 'de-DE' });
  await new Playground(en).ready();
  expect(await en.evaluate(() => document.documentElement.lang)).toBe('en');
});

test("with Chinese chosen, the terminal's own words are Chinese (the tools' output stays theirs), and follow a switch back", async ({
  openPage,
}) => {
  const page = await openPage();
  await new Playground(page).ready();
  await page.getByLabel('Language', { exact: true }).selectOption('zh');
  await page.getByRole('tab', { name: '终端' }).click();
  await page.locator('.xterm-rows').waitFor();
  await page.locator('.xterm-helper-textarea').focus();
  const term = new TerminalTab(page);
  expect(await term.run('help')).toMatch(/集群节点上的模拟 shell。命令的回答来自模拟：[\s\S]*伸缩控制器/);
  expect(await term.run('kubectl get pods -w')).toContain('不模拟 --watch');
  expect(await term.run('ip route add 10.0.0.0/8 dev eth0')).toContain('网络是由清单计算出来的');
  expect(await term.run('kubectl get pods nosuch')).toContain('Error from server (NotFound): pods "nosuch" not found');
  await page.screenshot({ path: 'test-results/languages-zh-terminal.png' });
  await page.evaluate(() => window.__store!.getState().setLanguage('en'));
  await page.locator('.xterm-helper-textarea').focus();
  expect(await term.run('kubectl get pods -w')).toContain('error: --watch is not simulated');
});
