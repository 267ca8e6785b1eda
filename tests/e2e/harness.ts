// Browser harness for the `e2e` vitest project.
//
//   import { test, expect } from './harness';
//   test('shows the cluster', async ({ openPage }) => {
//     const page = await openPage();            // the built site's index.html
//     await expect.poll(() => page.title()).toBe('kube-netplay');
//   });
//
// - One headless Debian Chromium (/usr/bin/chromium, driven by playwright-core) per test file,
//   a fresh browser context (fresh storage) per test.
// - Any console message of type 'error', uncaught page exception ('pageerror') or
//   Content-Security-Policy violation during a test fails that test, listing what was seen.
// - Pages are opened for testing: the app lends them its test hooks (window.__store, __graph, ...).
// - When a test fails, a full-page screenshot of each page it opened is saved to
//   test-results/<test name>.png (then -2.png, -3.png ... for more pages).
// - Without /usr/bin/chromium the tests FAIL when CI is set, and otherwise are skipped with a
//   printed reason.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject, test as base } from 'vitest';
import { CHROMIUM_PATH, IN_CI } from './global-setup.ts';

export { expect } from 'vitest';

declare global {
  interface Window {
    /** Set only if a hostile payload ever runs: the tests check that it never is. */
    __pwned?: number;
  }
}

/**
 * Runs in every page before the app's scripts: asks the app for its test hooks (src/test-hooks.ts)
 * and turns each Content-Security-Policy violation into a console error, which fails the test.
 */
export const TEST_PAGE_SCRIPT = `window.__testHooks = true;
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('Content-Security-Policy violation: ' + e.effectiveDirective + ' refused ' + (e.blockedURI || 'inline') + (e.sourceFile ? ' at ' + e.sourceFile + ':' + e.lineNumber : ''));
});`;

/** A fresh browser context (no storage, no service worker) whose pages are opened for testing. */
export async function newTestContext(browser: Browser, locale?: string, serviceWorkers?: 'block'): Promise<BrowserContext> {
  const context = await browser.newContext({ ...(locale ? { locale } : {}), ...(serviceWorkers ? { serviceWorkers } : {}) });
  await context.addInitScript({ content: TEST_PAGE_SCRIPT });
  return context;
}

/** Records every console error and uncaught exception of `page` into `problems`. */
export function watchProblems(page: Page, problems: string[]): void {
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const { url, lineNumber } = msg.location();
    problems.push(`console.error: ${msg.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
  });
  page.on('pageerror', (err) => {
    problems.push(`uncaught exception: ${err.stack ?? err.message}`);
  });
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

/**
 * Opens the served site in a new page of this test's browser context and waits for `load`;
 * with `fresh`, in a browser context of its own (a fresh profile: no storage, no service worker).
 * `path` is relative to the site's root (the sub-path), e.g. '', 'index.html', '?scenario=x';
 * a leading '/' is dropped so that it can never escape the sub-path.
 */
export type OpenPage = (
  path?: string,
  /**
   * `serviceWorkers: 'block'`: the site's offline worker is not registered, so what a test serves
   * with page.route (a changed script) reaches the page; the worker would answer from its cache.
   */
  options?: { fresh?: boolean; locale?: string; serviceWorkers?: 'block' },
) => Promise<Page>;

const MISSING_CHROMIUM =
  `${CHROMIUM_PATH} not found: install Debian's chromium (apt-get install -y chromium; .ci/run does it). ` +
  'Browsers are never downloaded through playwright.';

/** File name for a test's screenshot: its full name, made safe for a file system. */
function screenshotName(fullName: string, index: number): string {
  const safe = fullName
    .replace(/[^A-Za-z0-9._ -]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 180);
  return `${safe || 'test'}${index === 0 ? '' : `-${index + 1}`}.png`;
}

function fullNameOf(task: { name: string; suite?: { name: string; suite?: unknown } | undefined }): string {
  const names = [task.name];
  let suite = task.suite as { name: string; suite?: unknown } | undefined;
  while (suite && suite.name) {
    names.unshift(suite.name);
    suite = suite.suite as { name: string; suite?: unknown } | undefined;
  }
  return names.join(' > ');
}

export const test = base
  // vitest reads a fixture's dependencies from its destructured first parameter: it must be `{}`.
  // eslint-disable-next-line no-empty-pattern
  .extend('browser', { scope: 'file' }, async ({}, { onCleanup }): Promise<Browser | null> => {
    if (!existsSync(CHROMIUM_PATH)) return null;
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    onCleanup(() => browser.close());
    return browser;
  })
  .extend('openPage', async ({ browser, task, skip }, { onCleanup }): Promise<OpenPage> => {
    if (!browser) {
      if (IN_CI) throw new Error(`[e2e] ${MISSING_CHROMIUM}`);
      process.stderr.write(`[e2e] SKIPPING "${task.name}": ${MISSING_CHROMIUM} (CI is not set)\n`);
      return skip(`${CHROMIUM_PATH} not found (CI not set)`);
    }
    const b: Browser = browser;

    const baseUrl = inject('baseUrl');
    const problems: string[] = [];
    const pages: Page[] = [];
    let context: BrowserContext | undefined;
    const contexts: BrowserContext[] = [];

    onCleanup(async () => {
      const failed = task.result?.state === 'fail' || problems.length > 0;
      if (failed && pages.length > 0) {
        mkdirSync(RESULTS_DIR, { recursive: true });
        const name = fullNameOf(task);
        for (const [i, page] of pages.entries()) {
          const path = `${RESULTS_DIR}${screenshotName(name, i)}`;
          try {
            await page.screenshot({ path, fullPage: true, timeout: 15_000 });
            process.stderr.write(`[e2e] screenshot of failed test saved to ${path}\n`);
          } catch (e) {
            process.stderr.write(`[e2e] could not save screenshot ${path}: ${String(e)}\n`);
          }
        }
      }
      await context?.close();
      for (const c of contexts) await c.close();
      if (problems.length > 0) {
        throw new Error(
          `The page reported ${problems.length} console error(s) / uncaught exception(s):\n` + problems.map((p) => `  - ${p}`).join('\n'),
        );
      }
    });

    return async (path = '', options = {}) => {
      let target: BrowserContext;
      if (options.fresh || options.locale || options.serviceWorkers) {
        target = await newTestContext(b, options.locale, options.serviceWorkers);
        contexts.push(target);
      } else target = context ??= await newTestContext(b);
      const page = await target.newPage();
      pages.push(page);
      watchProblems(page, problems);
      const url = new URL(path.replace(/^\/+/, ''), baseUrl).href;
      const response = await page.goto(url, { waitUntil: 'load' });
      if (!response || !response.ok()) {
        throw new Error(`GET ${url} answered ${response ? response.status() : 'nothing'}`);
      }
      return page;
    };
  });
