/**
 * The browser's part of the benchmark: the built site in headless Chromium. Time from load to
 * the first graph, from an edit to the updated graph painted, and animation frame times while
 * packets move, each with a baseline measured in the same run (bare Cytoscape drawing the same
 * elements; a bare requestAnimationFrame loop on an empty page) so the ratios compare across
 * machines. The in-page code is scripts/bench/page-probe.js.
 */
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createStaticServer, CHROMIUM_PATH, SUB_PATH } from '../../tests/e2e/global-setup.ts';
import type { TraceRequest } from '../../src/core/trace/index.ts';
import { simulate } from '../../src/core/index.ts';
import { nsId } from '../../src/core/namespace-id.ts';
import type { GeneratedScenario } from './scenario.ts';
import { appName } from './scenario.ts';
import { summary, type Summary } from './stats.ts';

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
const VIEWPORT = { width: 1280, height: 720 };
const PROBE = fileURLToPath(new URL('./page-probe.js', import.meta.url));

export interface FrameFigures {
  /** The packet player's own frame times (ms between its animation frames). */
  readonly player: Summary;
  /** Every frame of the page over the same time, from a separate requestAnimationFrame loop. */
  readonly page: Summary;
  readonly longTasks: { readonly count: number; readonly maxMs: number };
  readonly seconds: number;
  readonly note?: string;
}

export interface EditFigures {
  /** setText + commit → two frames after the graph shows the new pod count. */
  readonly total: Summary;
  /** The synchronous part of setText + commit (the simulation, when it runs on the main thread). */
  readonly commit: Summary;
  /** setText + commit → the first frame at which the graph shows the new pod count. */
  readonly graph: Summary;
  /** Per edit, the main thread's long tasks (over 50 ms) added up: how long the page could not answer. */
  readonly blocked: Summary;
  readonly longestTask: Summary;
}

export interface BrowserResult {
  readonly chromium: string;
  readonly baseline: {
    readonly frames: Summary;
    readonly bareCytoscapeLab: Summary & { readonly elements: number; readonly how: string };
    readonly bareCytoscapeBig?: Summary & { readonly elements: number; readonly how: string };
  };
  readonly load: {
    readonly firstGraph: Summary;
    readonly firstGraphNodes: Summary;
    readonly firstContentfulPaint: Summary;
    readonly loadEvent: Summary;
  };
  readonly editLab?: EditFigures;
  readonly bigScenario?: { readonly nodes: number; readonly pods: number; readonly switchMs: number; readonly switchCommitMs: number };
  readonly editBig?: EditFigures;
  readonly framesLabFlow?: FrameFigures;
  readonly framesLabBurst?: FrameFigures;
  readonly framesBigFlow?: FrameFigures;
  readonly framesBigBurst?: FrameFigures;
  readonly pageErrors: string[];
  readonly failures: string[];
}

export interface BrowserOptions {
  readonly dist: string;
  readonly big: GeneratedScenario;
  readonly loads: number;
  readonly edits: number;
  readonly flowSeconds: number;
  readonly log: (s: string) => void;
}

interface ApplyResult {
  total?: number;
  commit?: number;
  graph?: number;
  blockedMs?: number;
  longestTaskMs?: number;
  error?: string;
}

interface WatchResult {
  frameTimes: number[];
  pageFrames: number[];
  longTasks: number[];
  stopped: boolean | null;
  ms: number;
}

function frames(w: WatchResult, note?: string): FrameFigures {
  return {
    player: summary(w.frameTimes.length > 0 ? w.frameTimes : [NaN]),
    page: summary(w.pageFrames),
    longTasks: { count: w.longTasks.length, maxMs: Math.round(Math.max(0, ...w.longTasks)) },
    seconds: Math.round(w.ms / 100) / 10,
    ...(note ? { note } : {}),
  };
}

/** Sets a controller's `replicas` (the first line equal to `line`) and appends a comment that makes each edit's text new. */
function edited(text: string, line: string, replicas: number, k: number): string {
  const i = text.indexOf(`\n${line}\n`);
  if (i < 0) throw new Error(`bench: no line "${line}" in the scenario`);
  const indent = line.slice(0, line.indexOf('replicas:'));
  return `${text.slice(0, i + 1)}${indent}replicas: ${replicas}${text.slice(i + 1 + line.length)}# bench edit ${k}\n`;
}

export async function benchBrowser(opts: BrowserOptions): Promise<BrowserResult> {
  const { log } = opts;
  const probe = readFileSync(PROBE, 'utf8');
  const pageErrors: string[] = [];
  const failures: string[] = [];
  const server = createStaticServer(opts.dist, SUB_PATH);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SUB_PATH}`;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
    const b = browser;
    const open = async (target = url): Promise<Page> => {
      const context = await b.newContext({ viewport: VIEWPORT });
      await context.addInitScript({ content: probe });
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      page.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(`console.error: ${m.text()}`);
      });
      page.on('pageerror', (e) => pageErrors.push(`uncaught: ${e.message}`));
      await page.goto(target, { waitUntil: 'load' });
      return page;
    };
    const close = (page: Page) => page.context().close();
    const firstGraph = (page: Page) =>
      // A function, not a string: the site's Content-Security-Policy forbids evaluating strings.
      page.waitForFunction(
        () => {
          const bench = (window as unknown as { __bench?: { firstGraph?: unknown } }).__bench;
          return bench !== undefined && bench.firstGraph !== undefined;
        },
        undefined,
        { timeout: 60_000 },
      );
    /** Runs a measurement; a failure is recorded and the bench goes on. */
    const attempt = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await fn();
      } catch (e) {
        const message = `${what}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
        failures.push(message);
        log(`  FAILED ${message}`);
        return undefined;
      }
    };

    // Baseline: a bare requestAnimationFrame loop on an empty page.
    const blank = await open('about:blank');
    const baseFrames = summary((await blank.evaluate('__bench.frameLoop(3000)')) as number[]);
    await close(blank);
    log(`  baseline rAF loop on an empty page: median ${baseFrames.median} ms, p95 ${baseFrames.p95} ms`);

    // Load → first graph, in a fresh context each time.
    const loads: { firstGraph: number; firstGraphNodes: number; fcp: number; load: number }[] = [];
    for (let i = 0; i < opts.loads; i++) {
      const page = await open();
      await firstGraph(page);
      loads.push(
        (await page.evaluate(`({
          firstGraph: __bench.firstGraph,
          firstGraphNodes: __bench.firstGraphNodes,
          fcp: (performance.getEntriesByName('first-contentful-paint')[0] || { startTime: NaN }).startTime,
          load: performance.getEntriesByType('navigation')[0].loadEventEnd,
        })`)) as (typeof loads)[number],
      );
      await close(page);
    }
    const load = {
      firstGraph: summary(loads.map((l) => l.firstGraph)),
      firstGraphNodes: summary(loads.map((l) => l.firstGraphNodes)),
      firstContentfulPaint: summary(loads.map((l) => l.fcp)),
      loadEvent: summary(loads.map((l) => l.load)),
    };
    log(`  load → first graph: median ${load.firstGraph.median} ms over ${loads.length} loads`);

    // The lab: bare Cytoscape, edits, one flow, a burst.
    const lab = await open();
    await firstGraph(lab);
    const bareLab = (await lab.evaluate('__bench.bareCytoscape(7)')) as { samples: number[]; how: string; elements: number };
    const bareCytoscapeLab = { ...summary(bareLab.samples), elements: bareLab.elements, how: bareLab.how };
    log(`  baseline bare Cytoscape, lab (${bareLab.elements} elements, ${bareLab.how}): median ${bareCytoscapeLab.median} ms`);

    const labText = (await lab.evaluate('__store.getState().text')) as string;
    const labLine = /^ *replicas: *\d+ *$/m.exec(labText)?.[0];
    const editLab = await attempt('edit → graph, lab', async () => {
      if (!labLine) throw new Error('no replicas line in the lab');
      return editLoop(lab, labText, labLine, [3, 1], opts.edits, (text) => simulate(text).state.pods.length);
    });
    if (editLab) log(`  edit → graph, lab: median ${editLab.total.median} ms (main thread blocked ${editLab.blocked.median} ms)`);

    const framesLabFlow = await attempt('frames, lab, one flow', async () => {
      if (!labLine) throw new Error('no replicas line in the lab');
      const three = edited(labText, labLine, 3, 999);
      const applied = (await lab.evaluate(
        `__bench.apply(${JSON.stringify(three)}, ${simulate(three).state.pods.length}, 30000)`,
      )) as ApplyResult;
      if (applied.error) throw new Error(applied.error);
      await lab.getByRole('tab', { name: /Packets/ }).click();
      await lab.evaluate('__bench.resetFrames()');
      await lab
        .getByRole('button', { name: /\(hostPort\)/ })
        .first()
        .click();
      return frames((await lab.evaluate(`__bench.watchFrames(${opts.flowSeconds * 1000})`)) as WatchResult);
    });
    if (framesLabFlow) log(`  frames, lab, hostPort flow: player p95 ${framesLabFlow.player.p95} ms`);

    const framesLabBurst = await attempt('frames, lab, 100-request burst', async () => {
      await lab
        .getByRole('button', { name: /pod → .* service/ })
        .first()
        .click();
      await lab.waitForTimeout(300);
      await lab.evaluate('__bench.resetFrames()');
      await lab.getByRole('button', { name: 'Send 100 requests' }).click();
      const w = (await lab.evaluate(`__bench.watchFrames(30000, 'figure.burst')`)) as WatchResult;
      return frames(w, w.stopped ? undefined : 'the burst did not end within 30 s');
    });
    if (framesLabBurst) log(`  frames, lab, burst: player p95 ${framesLabBurst.player.p95} ms, ${framesLabBurst.seconds} s`);
    await close(lab);

    // The generated cluster: 50 nodes × 10 pods.
    const big = opts.big;
    const bigPage = await open();
    await firstGraph(bigPage);
    let bigScenario: BrowserResult['bigScenario'];
    let bareCytoscapeBig: BrowserResult['baseline']['bareCytoscapeBig'];
    let editBig: EditFigures | undefined;
    let framesBigFlow: FrameFigures | undefined;
    let framesBigBurst: FrameFigures | undefined;
    const switched = await attempt(`switch to ${big.nodes} nodes`, async () => {
      const r = (await bigPage.evaluate(`__bench.apply(${JSON.stringify(big.text)}, ${big.pods}, 120000)`)) as ApplyResult;
      if (r.error) throw new Error(r.error);
      await bigPage.evaluate(
        '(async () => { __graph.fit(); await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))); })()',
      );
      return r;
    });
    if (switched) {
      bigScenario = {
        nodes: big.nodes,
        pods: big.pods,
        switchMs: Math.round(switched.total!),
        switchCommitMs: Math.round(switched.commit!),
      };
      log(`  switch to ${big.nodes} nodes × 10 pods: ${bigScenario.switchMs} ms (commit ${bigScenario.switchCommitMs} ms)`);
      const bare = (await bigPage.evaluate('__bench.bareCytoscape(5)')) as { samples: number[]; how: string; elements: number };
      bareCytoscapeBig = { ...summary(bare.samples), elements: bare.elements, how: bare.how };
      log(`  baseline bare Cytoscape, ${big.nodes} nodes (${bare.elements} elements): median ${bareCytoscapeBig.median} ms`);

      const base = big.pods - Number(/\d+/.exec(big.editable.replicasLine)![0]);
      editBig = await attempt(`edit → graph, ${big.nodes} nodes`, () =>
        editLoop(bigPage, big.text, big.editable.replicasLine, [6, 5], opts.edits, (_, r) => base + r),
      );
      if (editBig)
        log(`  edit → graph, ${big.nodes} nodes: median ${editBig.total.median} ms (main thread blocked ${editBig.blocked.median} ms)`);

      const state = simulate(big.text).state;
      const target = state.services.find((s) => s.name === appName(0))!;
      const client = state.pods.find((p) => p.labels.app === appName(1))!;
      const request: TraceRequest = { from: nsId.pod(client.namespace, client.name), to: { ip: target.clusterIP, port: 80 }, proto: 'tcp' };
      framesBigFlow = await attempt(`frames, ${big.nodes} nodes, one flow`, async () => {
        await bigPage.getByRole('tab', { name: /Packets/ }).click();
        await bigPage.evaluate('__bench.resetFrames()');
        await bigPage.evaluate(`__store.getState().setFlow(${JSON.stringify(request)})`);
        return frames((await bigPage.evaluate(`__bench.watchFrames(${opts.flowSeconds * 1000})`)) as WatchResult);
      });
      if (framesBigFlow) log(`  frames, ${big.nodes} nodes, pod → service flow: player p95 ${framesBigFlow.player.p95} ms`);
      framesBigBurst = await attempt(`frames, ${big.nodes} nodes, 100-request burst`, async () => {
        await bigPage.evaluate('__bench.resetFrames()');
        await bigPage.getByRole('button', { name: 'Send 100 requests' }).click();
        const w = (await bigPage.evaluate(`__bench.watchFrames(30000, 'figure.burst')`)) as WatchResult;
        return frames(w, w.stopped ? undefined : 'the burst did not end within 30 s');
      });
      if (framesBigBurst)
        log(`  frames, ${big.nodes} nodes, burst: player p95 ${framesBigBurst.player.p95} ms, ${framesBigBurst.seconds} s`);
    }
    await close(bigPage);

    return {
      chromium: b.version(),
      baseline: { frames: baseFrames, bareCytoscapeLab, ...(bareCytoscapeBig ? { bareCytoscapeBig } : {}) },
      load,
      ...(editLab ? { editLab } : {}),
      ...(bigScenario ? { bigScenario } : {}),
      ...(editBig ? { editBig } : {}),
      ...(framesLabFlow ? { framesLabFlow } : {}),
      ...(framesLabBurst ? { framesLabBurst } : {}),
      ...(framesBigFlow ? { framesBigFlow } : {}),
      ...(framesBigBurst ? { framesBigBurst } : {}),
      pageErrors,
      failures,
    };
  } finally {
    await browser?.close().catch(() => undefined);
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  }
}

/**
 * Edits the text `edits` times (after two warm-up edits), alternating `replicas` of one
 * controller between `values`; each edit's text is new (a trailing comment), so no cache helps.
 */
async function editLoop(
  page: Page,
  text: string,
  line: string,
  values: readonly number[],
  edits: number,
  podsFor: (text: string, replicas: number) => number,
): Promise<EditFigures> {
  const results: ApplyResult[] = [];
  for (let k = 0; k < edits + 2; k++) {
    const replicas = values[k % values.length]!;
    const next = edited(text, line, replicas, k);
    const r = (await page.evaluate(`__bench.apply(${JSON.stringify(next)}, ${podsFor(next, replicas)}, 60000)`)) as ApplyResult;
    if (r.error) throw new Error(r.error);
    if (k >= 2) results.push(r);
    // Let the moves (250 ms) and the flash settle before the next edit.
    await page.waitForTimeout(400);
  }
  const of = (key: 'total' | 'commit' | 'graph' | 'blockedMs' | 'longestTaskMs') => summary(results.map((r) => r[key] ?? NaN));
  return { total: of('total'), commit: of('commit'), graph: of('graph'), blocked: of('blockedMs'), longestTask: of('longestTaskMs') };
}
