/**
 * The hostile corpus: inputs that once froze, crashed or fooled the page, each run in a page opened
 * for testing while a PerformanceObserver records every long task of the page's main thread (and,
 * for the browser test, a trace records every task of it). The browser test
 * (hostile-corpus.test.ts) fails on a task over its budget, a crash, lost text or a raw control
 * character written to the terminal; `npm run bench` prints the longest task per case.
 */
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { encodeLink } from '../../src/share/link.ts';

declare global {
  interface Window {
    /** Durations (ms) of the long tasks of this document's main thread, as the observer saw them. */
    __longTasks?: number[];
    /** The text the next paste delivers, in pieces (see Probe.paste). */
    __clipboard?: string[];
    /** Everything the page wrote to the terminal emulator, in order. */
    __terminalWrites?: string[];
  }
}

/** The longest main-thread task a case may cause. */
export const TASK_BUDGET_MS = 200;

/** The longest a task may take on the wall clock, whatever the machine's load: the thread's own clock misses a wait on another process. */
export const WALL_CEILING_MS = 5 * TASK_BUDGET_MS;

/**
 * Only the category whose RunTask events time each task of a thread, on the wall clock and the
 * thread's own (with no other category named, Chrome would add all its default ones).
 */
const TASK_TRACE = { includedCategories: ['disabled-by-default-devtools.timeline'], excludedCategories: ['*'] };

/** A Chrome trace event, as much of it as the probes read. */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { data?: Record<string, unknown>; name?: string };
}

/** The events of the pages' main threads (every renderer's, so every load of a page). */
export function mainThreadEvents(events: readonly TraceEvent[]): TraceEvent[] {
  const mains = new Set(
    events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  return events.filter((e) => mains.has(`${e.pid}:${e.tid}`));
}

/**
 * The longest task of a page's main thread in a trace, in ms, by the thread's own clock (what the
 * task cost, without the time the thread waited for a core while other processes had it) and by
 * the wall clock. On a quiet machine the two agree; on a busy one the wall clock is the machine's
 * load as much as the page's work.
 */
export function longestTasks(events: readonly TraceEvent[]): { threadMs: number; wallMs: number } {
  const tasks = mainThreadEvents(events).filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.tdur !== undefined);
  // No task timed at all is a trace that did not record, not a page that did nothing.
  if (tasks.length === 0) throw new Error('the trace holds no timed task of a page');
  const longest = (key: 'dur' | 'tdur') => Math.round(Math.max(...tasks.map((e) => e[key]! / 1000)));
  return { threadMs: longest('tdur'), wallMs: longest('dur') };
}

/**
 * Runs `work` while Chrome traces `page`'s browser with `traceConfig`, and returns the events. The
 * trace is the page's own CDP session's: it ends with the page's context even if `work` fails.
 */
export async function traceWhile(page: Page, traceConfig: object, work: () => Promise<void>): Promise<TraceEvent[]> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig });
  try {
    await work();
  } finally {
    // A page that crashed or closed has no trace to end; the error to report is the work's.
    const ended = await cdp.send('Tracing.end').then(
      () => true,
      () => false,
    );
    if (ended) await complete;
  }
  return events;
}

/** Runs in every page before its scripts: records the long tasks of the page's main thread. */
export const LONGTASK_PROBE = `window.__longTasks = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
  }).observe({ type: 'longtask', buffered: true });
} catch (e) {}`;

/** What a case did to the page. */
export interface Outcome {
  /** The longest main-thread task seen, over every load of the page during the case (wall clock). */
  longestMs: number;
  /** When the case was traced: its longest task by the thread's own clock, and by the wall clock (see longestTasks). */
  traced?: { threadMs: number; wallMs: number };
  crashed: boolean;
  /** Set when the text after a reload is not the one typed and the visitor was not told. */
  lostText?: string;
  /** Set when an escape sequence from a manifest reached the terminal emulator raw. */
  rawControl?: string;
}

/** Measures a page across reloads: its long tasks, crashes and text. */
export class Probe {
  private longest = 0;
  crashed = false;
  lostText?: string;
  rawControl?: string;

  constructor(
    readonly page: Page,
    readonly url: string,
  ) {
    page.on('crash', () => (this.crashed = true));
  }

  /** Adds the long tasks seen so far and forgets them. */
  async collect(): Promise<void> {
    const tasks = await this.page.evaluate(() => {
      const seen = window.__longTasks ?? [];
      window.__longTasks = [];
      return seen;
    });
    this.longest = Math.max(this.longest, ...tasks);
  }

  /** Waits for the first graph and the editor, then starts counting from there. */
  async ready(): Promise<void> {
    await this.loaded();
    await this.page.evaluate(() => (window.__longTasks = []));
  }

  /** Waits for the first graph and the editor. */
  loaded(): Promise<unknown> {
    const shown = () => (window.__graph?.cy.nodes().length ?? 0) > 0 && !!document.querySelector('.cm-content');
    return this.page.waitForFunction(shown, undefined, { timeout: 60_000 });
  }

  /** Lets the page finish what it started (a simulation, a drawing): a few quiet animation frames. */
  async settle(ms = 1500): Promise<void> {
    await this.page.waitForTimeout(ms);
    await this.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  }

  /**
   * Pastes `text` over the whole editor, as the browser delivers a paste. The text reaches the
   * page first, in pieces joined before the paste: handing 10 MB to the page in one call of the
   * test driver blocks its main thread for a second, work of the driver's, not of the page's.
   */
  async paste(text: string): Promise<void> {
    await this.page.evaluate(() => (window.__clipboard = []));
    for (let at = 0; at < text.length; at += 250_000)
      await this.page.evaluate((piece) => void window.__clipboard!.push(piece), text.slice(at, at + 250_000));
    await this.page.evaluate(() => void (window.__clipboard = [window.__clipboard!.join('')]));
    await this.page.locator('.cm-content').click();
    await this.page.keyboard.press('Control+a');
    await this.page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', window.__clipboard![0]!);
      window.__clipboard = [];
      document
        .querySelector('.cm-content')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await this.page.waitForFunction((n) => window.__store?.getState().text.length === n, text.length, { timeout: 60_000 });
  }

  /** Replaces the first match of `pattern` through the store, as typing would, and simulates. */
  async edit(pattern: RegExp, replacement: string): Promise<void> {
    await this.page.evaluate(
      ([source, to]) => {
        const s = window.__store!.getState();
        s.setText(s.text.replace(new RegExp(source), to));
        s.commit();
      },
      [pattern.source, replacement] as const,
    );
  }

  /**
   * The text's length and a digest of it (FNV-1a), taken in the page: carrying 10 MB of text to the
   * test driver blocks the page's thread for half a second, work of the driver's, not the page's.
   */
  textPrint(): Promise<string | undefined> {
    return this.page.evaluate(() => {
      const text = window.__store?.getState().text;
      if (text === undefined) return undefined;
      let hash = 0x811c9dc5;
      for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
      return `${text.length} characters, digest ${(hash >>> 0).toString(16)}`;
    });
  }

  /**
   * Reloads the page and checks that the text typed is the text it opens with, unless the page
   * told the visitor before the reload that it could not keep it, or set it aside at a safe start.
   */
  async reload(): Promise<void> {
    const typed = await this.textPrint();
    const told = (await this.page.locator('.notice[role=alert]').count()) > 0;
    await this.collect();
    await this.page.reload({ waitUntil: 'load' });
    await this.loaded().catch(() => undefined);
    await this.settle();
    const after = await this.textPrint();
    const setAside = (await this.page.locator('.notice[role=alertdialog]').count()) > 0;
    if (after !== typed && !told && !setAside) this.lostText = `typed: ${typed}; after the reload: ${after ?? 'no text'}`;
  }

  /** Opens the terminal and records everything written to it from now on. */
  async openTerminal(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Terminal' }).click();
    await this.page.locator('.xterm-rows').waitFor();
    await this.page.waitForFunction(() => !!window.__terminal);
    await this.page.evaluate(() => {
      const term = window.__terminal!;
      const writes: string[] = (window.__terminalWrites = []);
      const write = term.write.bind(term);
      term.write = (data, callback) => {
        writes.push(typeof data === 'string' ? data : new TextDecoder().decode(data));
        write(data, callback);
      };
    });
    await this.page.locator('.xterm-helper-textarea').focus();
  }

  /** Types a command line (pasted, then Enter) and waits for the next prompt. */
  async run(line: string, timeout = 15_000): Promise<string> {
    const prompts = () => this.page.evaluate(() => (window.__terminalWrites ?? []).join('').split('# ').length);
    const before = await prompts();
    await this.page.keyboard.insertText(line);
    await this.page.keyboard.press('Enter');
    await this.page.waitForFunction((n) => (window.__terminalWrites ?? []).join('').split('# ').length > n, before, { timeout });
    return this.page.evaluate(() => (window.__terminalWrites ?? []).join(''));
  }

  outcome(): Promise<Outcome> {
    return this.collect().then(() => ({
      longestMs: this.longest,
      crashed: this.crashed,
      ...(this.lostText ? { lostText: this.lostText } : {}),
      ...(this.rawControl ? { rawControl: this.rawControl } : {}),
    }));
  }
}

/** The lab, the page's default scenario (read as a file: the bench runs outside Vite). */
const LAB = readFileSync(new URL('../../src/scenarios/files/lab.yaml', import.meta.url), 'utf8');

/** The lab and `n` more Services, all selecting the lab's frontend. */
export function withServices(n: number): string {
  const docs = Array.from(
    { length: n },
    (_, i) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i + 1}\nspec:\n  selector:\n    name: frontend\n  ports:\n  - port: 80\n`,
  );
  return `${LAB.trimEnd()}\n---\n${docs.join('---\n')}`;
}

/** The lab and one Service with `n` ports. */
export function withPorts(n: number): string {
  const ports = Array.from({ length: n }, (_, i) => `  - {name: p${i + 1}, port: ${i + 1}}\n`);
  return `${LAB.trimEnd()}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: many-ports\nspec:\n  selector:\n    name: frontend\n  ports:\n${ports.join('')}`;
}

/** OSC 8: a link that shows CLICK-ME and points elsewhere, written as a YAML double-quoted string. */
const LINK = '"\\e]8;;https://evil.example\\e\\\\CLICK-ME\\e]8;;\\e\\\\"';

export interface HostileCase {
  readonly name: string;
  run(probe: Probe): Promise<void>;
}

const pasted = (name: string, text: () => string): HostileCase => ({
  name,
  async run(p) {
    await p.paste(text());
    await p.settle(3000);
    await p.reload();
  },
});

/** The lab pasted over itself, then reloaded: what any case costs at least. */
export const CONTROL: HostileCase = pasted('the lab (control)', () => LAB);

export const CORPUS: readonly HostileCase[] = [
  pasted('500 Services pasted', () => withServices(500)),
  pasted('1,000 Services pasted', () => withServices(1000)),
  {
    name: '1,000-Service share link',
    async run(p) {
      const link = await encodeLink({ text: withServices(1000) });
      await p.page.goto(`${p.url}${link}`, { waitUntil: 'load' });
      await p.page.waitForFunction((n) => window.__store?.getState().text.length === n, withServices(1000).length, { timeout: 60_000 });
      await p.settle(3000);
    },
  },
  pasted('a Service with 20,000 ports', () => withPorts(20_000)),
  pasted('a Service with 65,535 ports', () => withPorts(65_535)),
  {
    name: 'replicas: 1000000, then reload',
    async run(p) {
      await p.edit(/replicas: \d+/, 'replicas: 1000000');
      await p.settle(3000);
      await p.reload();
    },
  },
  {
    name: 'replicas: 2000, then reload',
    async run(p) {
      await p.edit(/replicas: \d+/, 'replicas: 2000');
      await p.settle(3000);
      await p.reload();
    },
  },
  {
    name: 'kubectl scale rc frontend --replicas=100000, then reload',
    async run(p) {
      await p.openTerminal();
      await p.run('kubectl scale rc frontend --replicas=100000');
      await p.settle(3000);
      await p.reload();
    },
  },
  {
    name: "grep -E '(a+)+$' in the terminal",
    async run(p) {
      await p.openTerminal();
      await p.run(`echo ${'a'.repeat(40)}! | grep -E '(a+)+$'`, 30_000);
      await p.settle(500);
    },
  },
  pasted('YAML nested 10,000 levels deep', () => `${'- '.repeat(10_000)}x\n`),
  {
    name: 'terminal escape sequences in a manifest',
    async run(p) {
      await p.edit(/image: kubeguide\/guestbook-php-frontend/, `image: ${LINK}`);
      await p.edit(/value: env/, 'value: "\\e[2J"');
      await p.settle(1000);
      await p.openTerminal();
      await p.run('docker ps');
      const written = await p.run('kubectl describe pods');
      // The page writes its own colours and line editing; an OSC (links, titles) or a screen clear
      // after the welcome can only have come from a manifest.
      const raw = written.indexOf('\x1b]');
      const clear = written.indexOf('\x1b[2J', written.indexOf('docker ps'));
      if (raw >= 0 || clear >= 0) p.rawControl = JSON.stringify(written.slice(Math.max(raw, clear) - 20, Math.max(raw, clear) + 40));
      else if (!written.includes('\\x1b]8;;https://evil.example')) p.rawControl = 'the escaped link is not on the screen';
      await p.reload();
    },
  },
  pasted('10 MB pasted', () => `${LAB}#${'x'.repeat(10_000_000)}\n`),
];

/**
 * Runs one case in `page` (opened for testing, with LONGTASK_PROBE) on the site at `url`; `traced`,
 * it also times every task of the page by both clocks (a trace sees every load of it).
 */
export async function runCase(page: Page, url: string, c: HostileCase, traced = false): Promise<Outcome> {
  const probe = new Probe(page, url);
  await probe.ready();
  if (!traced) {
    await c.run(probe);
    return probe.outcome();
  }
  const events = await traceWhile(page, TASK_TRACE, () => c.run(probe));
  return { ...(await probe.outcome()), traced: longestTasks(events) };
}
