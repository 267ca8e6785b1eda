// The terminal under hostile input: escape sequences from manifests are shown as text, and a
// command that runs too long is ended by Ctrl+C or the time limit while the page stays responsive.
import { expect, test } from './harness.ts';
import { Playground, TerminalTab } from './playground.ts';

declare global {
  interface Window {
    /** The longest task of the page's thread seen so far, in ms. */
    __longest?: number;
  }
}

/** OSC 8: a link that shows CLICK-ME and points elsewhere. */
const LINK = '"\\e]8;;https://evil.example\\e\\\\CLICK-ME\\e]8;;\\e\\\\"';

test('escape sequences in manifests are shown escaped in the terminal, and a bad name is no file name', async ({ openPage }) => {
  const page = await openPage();
  const p = new Playground(page);
  await p.ready();
  await p.edit(/image: kubeguide\/guestbook-php-frontend/, `image: ${LINK}`);
  await p.edit(/value: env/, 'value: "\\e[2J"');
  // That text is good: the terminal's network. The Service's bad name below is an error, so the
  // shell answers from this last good text while ls lists the editor's files.
  await page.waitForFunction(() => {
    const s = window.__store!.getState();
    return s.simulatedText === s.text && s.lastGoodText === s.text;
  });
  await p.edit(/$/, '\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: "x\\e[2Jy"\nspec:\n  ports: [{port: 80}]\n');
  const term = new TerminalTab(page);
  await term.open();

  const ps = await term.run('docker ps');
  expect(ps).toContain('\\x1b]8;;https://evil.example\\x1b\\CLICK-ME\\x1b]8;;\\x1b\\');
  const describe = await term.run('kubectl describe pods');
  expect(describe).toContain('GET_HOSTS_FROM:  \\x1b[2J');
  expect(describe).toContain('Image:          \\x1b]8;;https://evil.example');
  const ls = await term.run('ls');
  expect(ls).toMatch(/^document-\d+-service\.yaml\s+frontend-controller\.yaml\s+frontend-service\.yaml$/);
  // Nothing was cleared: the first command and its answer are still on the screen.
  const screen = await term.screen();
  expect(screen).toContain('docker ps');
  expect(screen).toContain('CLICK-ME');
  await page.screenshot({ path: 'test-results/terminal-hostile.png' });
});

test('Ctrl+C ends a long command at once, the time limit ends it after 2 s, and the page stays responsive', async ({ openPage }) => {
  const page = await openPage();
  await new Playground(page).ready();
  const term = new TerminalTab(page);
  await term.open();
  // Two million characters through six hundred greps: many seconds of honest work (linear, but not
  // free) on any machine, so the 2 s limit always ends it; it fits the 16 KiB line limit,
  // in one line, since the shell that starts again after Ctrl+C or the time limit has no variables.
  const slow = `A=${'y'.repeat(250)}${'; A=$A$A'.repeat(13)}; echo $A${" | grep -E '(y|yy)+$'".repeat(600)} | wc -c`;
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest ?? 0, e.duration);
    }).observe({ type: 'longtask' });
  });

  // The prompt being typed at is the last line (trimmed: no space after #); finished ones have one.
  const prompts = async () => ((await term.screen()).match(/\]# /g) ?? []).length;
  const before = await prompts();
  // Pasted: typing it key by key would take longer than the command.
  await page.keyboard.insertText(slow);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  // The page answers while the command runs: a tab opens.
  await page.getByRole('tab', { name: 'Packets' }).click();
  await expect.poll(() => page.getByRole('tab', { name: 'Packets' }).getAttribute('aria-selected')).toBe('true');
  await term.open();
  await page.keyboard.press('Control+C');
  // At once: ^C and a fresh prompt (the typed line's own prompt already counts one more, so the
  // screen's end is what is waited for).
  await expect.poll(() => term.screen(), { timeout: 1500 }).toMatch(/\n\^C\n\[root@k8smaster01 ~\]#$/);
  expect(await prompts()).toBe(before + 1);
  expect(await term.screen()).not.toContain('2048001');

  await page.keyboard.insertText(slow);
  await page.keyboard.press('Enter');
  await expect.poll(async () => term.screen(), { timeout: 10_000 }).toContain('bash: the command ran for more than 2 s and was stopped');
  // A fresh prompt follows the message (the long line may wrap into the screen's every row, so
  // prompts are not counted here).
  expect(await term.screen()).toMatch(/was stopped[^\n]*\n\[root@k8smaster01 ~\]#$/);
  // The shell started again on the same node and still answers.
  expect(await term.run('hostname')).toBe('k8smaster01');
  // No task of the page's own thread came near the command's seconds.
  expect(await page.evaluate(() => window.__longest)).toBeLessThan(1000);
});
