/**
 * The bench's hostile corpus (tests/e2e/hostile-corpus.ts) in headless Chromium: each case in a
 * fresh browser context, traced as the browser test traces it, with the longest main-thread task it
 * caused by the thread's own clock and by the wall clock, and whether it crashed the page, lost the
 * text or let an escape sequence reach the terminal.
 */
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { createStaticServer, CHROMIUM_PATH, SUB_PATH } from '../../tests/e2e/global-setup.ts';
import { CHROMIUM_ARGS } from './browser.ts';
import { CONTROL, CORPUS, LONGTASK_PROBE, runCase, type Outcome } from '../../tests/e2e/hostile-corpus.ts';
import { ms, table } from './stats.ts';

export interface HostileRow {
  readonly name: string;
  readonly outcome?: Outcome;
  /** Why the case did not finish (a timeout: the page did not answer). */
  readonly failed?: string;
}

/** A case that has not finished after this long is reported as failed: the page stopped answering. */
const CASE_TIMEOUT_MS = 150_000;

export async function benchHostile(dist: string, log: (s: string) => void): Promise<HostileRow[]> {
  const server = createStaticServer(dist, SUB_PATH);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SUB_PATH}`;
  const rows: HostileRow[] = [];
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
    for (const c of [CONTROL, ...CORPUS]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      await context.addInitScript({ content: 'window.__testHooks = true;' });
      await context.addInitScript({ content: LONGTASK_PROBE });
      const page = await context.newPage();
      page.setDefaultTimeout(CASE_TIMEOUT_MS);
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        await page.goto(url, { waitUntil: 'load' });
        const timeout = new Promise<never>((_, fail) => {
          timer = setTimeout(() => fail(new Error(`no answer after ${CASE_TIMEOUT_MS / 1000} s`)), CASE_TIMEOUT_MS);
        });
        const outcome = await Promise.race([runCase(page, url, c, true), timeout]);
        rows.push({ name: c.name, outcome });
        log(
          `  ${c.name}: longest task ${outcome.traced!.threadMs} ms (${outcome.traced!.wallMs} ms on the wall clock)${outcome.crashed ? ', crashed' : ''}${outcome.lostText ? `, lost text (${outcome.lostText})` : ''}${outcome.rawControl ? ', raw control characters' : ''}`,
        );
      } catch (e) {
        const failed = e instanceof Error ? e.message.split('\n')[0]! : String(e);
        rows.push({ name: c.name, failed });
        log(`  ${c.name}: FAILED ${failed}`);
      } finally {
        clearTimeout(timer);
        await context.close().catch(() => undefined);
      }
    }
  } finally {
    await browser?.close();
    server.close();
  }
  return rows;
}

/** The printed table: one row per case, its longest task against the budget (the thread's clock) and the ceiling (the wall's). */
export function hostileTable(rows: readonly HostileRow[], budgetMs: number, ceilingMs: number): string {
  return table([
    ['case', 'longest task, thread', 'wall clock', `≤ ${budgetMs} / ${ceilingMs} ms`, 'crash / lost text / raw control'],
    ...rows.map((r) =>
      r.outcome?.traced
        ? [
            r.name,
            ms(r.outcome.traced.threadMs),
            ms(r.outcome.traced.wallMs),
            r.outcome.traced.threadMs <= budgetMs && r.outcome.traced.wallMs <= ceilingMs ? 'PASS' : 'FAIL',
            [r.outcome.crashed ? 'crashed' : '', r.outcome.lostText ? 'lost text' : '', r.outcome.rawControl ? 'raw control' : '']
              .filter(Boolean)
              .join(', ') || 'none',
          ]
        : [r.name, '—', '—', 'FAIL', r.failed ?? ''],
    ),
  ]);
}
