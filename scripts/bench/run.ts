/**
 * `npm run bench`: the benchmark of kube-netplay (not a test: it prints figures and judges the
 * budgets, and exits 0 unless it crashes). It builds the site, then measures
 *   1. the core pipeline (text → dataplane) on the lab and on generated clusters,
 *   2. the tracer's throughput on the same scenarios,
 *   3. the built site in headless Chromium (load, edit → painted graph, animation frames),
 *   4. the built site's JavaScript and CSS, raw and gzipped,
 *   5. the hostile corpus (tests/e2e/hostile-corpus.ts): the longest main-thread task per case (traced: the thread's clock and the wall's),
 * prints a table and writes bench-results/bench.json.
 *
 * Environment: BENCH_QUICK=1 fewer runs (a smoke run); BENCH_SKIP_BUILD=1 measures the dist/
 * that is there (for working on the bench itself; figures then may not match the sources);
 * BENCH_ONLY=hostile runs only the hostile corpus (written to bench-results/hostile.json).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH } from '../../tests/e2e/global-setup.ts';
import { benchBrowser, type BrowserResult, type FrameFigures } from './browser.ts';
import { measureBundle, type BundleResult } from './bundle.ts';
import {
  benchPipeline,
  benchTracer,
  FIXED_NODES,
  fixedNodeWorkloads,
  growth,
  workloads,
  type GrowthStep,
  type PipelineResult,
  type TraceResult,
} from './core.ts';
import { benchHostile, hostileTable, type HostileRow } from './hostile.ts';
import { generateScenario } from './scenario.ts';
import { TASK_BUDGET_MS, WALL_CEILING_MS } from '../../tests/e2e/hostile-corpus.ts';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { simulate } from '../../src/core/index.ts';
import { kb, ms, ratio, round, table, times } from './stats.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = join(ROOT, 'dist');
const OUT = join(ROOT, 'bench-results', 'bench.json');
const QUICK = /^(1|true|yes)$/i.test(process.env.BENCH_QUICK ?? '');
const SKIP_BUILD = /^(1|true|yes)$/i.test(process.env.BENCH_SKIP_BUILD ?? '');
const ONLY_HOSTILE = process.env.BENCH_ONLY === 'hostile';

/** Budgets from issue 8. */
const BUDGET = {
  editBigMedianMs: 200,
  frameP95Ms: 20,
  initialJsGzipKB: 400,
  /** time ∝ pods^k between consecutive sizes: k above this is worse than linear (with room for noise). */
  growthExponent: 1.2,
};

// The bench must stop by itself, whatever happens in the browser.
const watchdog = setTimeout(() => {
  console.error('\nbench: still running after 30 minutes; giving up.');
  process.exit(2);
}, 30 * 60_000);
watchdog.unref();

const started = performance.now();
const log = (s: string) => process.stdout.write(`${s}\n`);
const heading = (s: string) => log(`\n${s}\n${'='.repeat(s.length)}`);

function build(): { ms: number } {
  if (SKIP_BUILD) {
    if (!existsSync(join(DIST, 'index.html'))) throw new Error('BENCH_SKIP_BUILD is set but dist/index.html does not exist');
    log('build: skipped (BENCH_SKIP_BUILD): measuring the dist/ that is there');
    return { ms: 0 };
  }
  log('build: npm run build ...');
  const t0 = performance.now();
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', env: process.env, maxBuffer: 64 * 1024 * 1024 });
  const took = performance.now() - t0;
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(`npm run build failed (exit ${r.status ?? r.signal})`);
  }
  log(`build: done in ${ms(took)}`);
  return { ms: round(took, 0) };
}

function frameRow(label: string, f: FrameFigures | undefined, base: BrowserResult['baseline']['frames']): string[] {
  if (!f) return [label, '—', '—', '—', '—', 'failed'];
  return [
    label,
    ms(f.player.median),
    ms(f.player.p95),
    `${ms(base.median)} / ${ms(base.p95)}`,
    `${times(ratio(f.player.median, base.median))} / ${times(ratio(f.player.p95, base.p95))}`,
    `${f.player.n} frames, page max ${ms(f.page.max)}, ${f.longTasks.count} long tasks (max ${ms(f.longTasks.maxMs)})${f.note ? `; ${f.note}` : ''}`,
  ];
}

/** 5: the hostile corpus, when Chromium is there. */
async function hostile(): Promise<HostileRow[]> {
  heading(
    `5. Hostile corpus: the longest main-thread task per case (budget ${TASK_BUDGET_MS} ms of the thread's clock, ${WALL_CEILING_MS} ms of the wall's)`,
  );
  if (!existsSync(CHROMIUM_PATH)) {
    log(`${CHROMIUM_PATH} not found: the hostile corpus is skipped`);
    return [];
  }
  const rows = await benchHostile(DIST, log);
  log('');
  log(hostileTable(rows, TASK_BUDGET_MS, WALL_CEILING_MS));
  return rows;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg().map((l) => round(l, 2));
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    memoryGB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
  log(
    `kube-netplay bench${QUICK ? ' (quick)' : ''}: ${machine.cpus} cores (${machine.cpu}), Node ${machine.node}, load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`,
  );
  if (loadAtStart[0]! > machine.cpus / 2)
    log(
      `warning: the machine is busy (load ${loadAtStart[0]!.toFixed(2)} on ${machine.cpus} cores): the figures will be slower and noisier than on a quiet machine`,
    );
  const built = build();
  if (ONLY_HOSTILE) {
    const rows = await hostile();
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(
      join(dirname(OUT), 'hostile.json'),
      `${JSON.stringify({ date: new Date().toISOString(), machine, hostile: rows }, null, 2)}\n`,
    );
    return;
  }

  // 1 and 2: the core in Node.
  heading('1. Core pipeline: simulate(text) + buildDataplane(state)');
  const work = workloads(ROOT);
  const pipeline: PipelineResult[] = [];
  const tracer: TraceResult[] = [];
  // Nothing of one workload is kept while the next is measured: a heap full of earlier clusters
  // makes the garbage collector, and so the larger workloads, slower.
  for (const w of work) pipeline.push(benchPipeline(w, { msPerWorkload: QUICK ? 600 : 3000, minRuns: QUICK ? 3 : 5 }, log));
  const generated = pipeline.filter((p) => p.name !== 'lab');
  const steps: GrowthStep[] = growth(generated);
  log('');
  log(
    table([
      [
        'scenario',
        'nodes',
        'pods',
        'services',
        'runs',
        'median',
        'p95',
        'simulate',
        'dataplane',
        'per pod',
        'iptables rules',
        'dataplane per rule',
        'simulate after an edit',
      ],
      ...pipeline.map((p) => [
        p.name,
        String(p.nodes),
        String(p.pods),
        String(p.services),
        String(p.total.n),
        ms(p.total.median),
        ms(p.total.p95),
        ms(p.simulate.median),
        ms(p.dataplane.median),
        `${p.microsPerPod} µs`,
        String(p.rules),
        `${p.dataplaneMicrosPerRule} µs`,
        ms(p.simulateEdit.median),
      ]),
    ]),
  );
  log('(each run reads a text whose documents are all new to the parser; "simulate after an edit" changes one');
  log(' document of it, and the parser reuses its reading of the others)');
  log('');
  log('growth from size to size (k: time ∝ pods^k; 1 is linear, 2 quadratic):');
  log(
    table([
      ['step', 'pods ×', 'time ×', 'time per pod ×', 'k total', 'k simulate', 'k dataplane', 'k rules'],
      ...steps.map((s) => [
        `${s.from} → ${s.to}`,
        `×${s.podsRatio}`,
        `×${s.timeRatio}`,
        `×${s.perPodRatio}`,
        String(s.exponent),
        String(s.simulateExponent),
        String(s.dataplaneExponent),
        String(s.rulesExponent),
      ]),
    ]),
  );
  log("(the generated clusters grow pods, services and nodes together; every node carries every service's");
  log(' kube-proxy rules, so the dataplane\'s output alone grows as nodes × services: see "k rules")');

  // The same pipeline with the nodes fixed: only pods and services grow.
  const fixed = fixedNodeWorkloads().map((w) => benchPipeline(w, { msPerWorkload: QUICK ? 400 : 1500, minRuns: QUICK ? 3 : 5 }, log));
  const fixedSteps = growth(fixed);
  log('');
  log(`with the nodes fixed at ${FIXED_NODES} (pods per node × pods/5 services):`);
  log(
    table([
      [
        'scenario',
        'pods',
        'services',
        'median',
        'simulate',
        'dataplane',
        'iptables rules',
        'k total',
        'k simulate',
        'k dataplane',
        'k rules',
      ],
      ...fixed.map((p, i) => {
        const s = i > 0 ? fixedSteps[i - 1] : undefined;
        return [
          p.name,
          String(p.pods),
          String(p.services),
          ms(p.total.median),
          ms(p.simulate.median),
          ms(p.dataplane.median),
          String(p.rules),
          ...(s
            ? [String(s.exponent), String(s.simulateExponent), String(s.dataplaneExponent), String(s.rulesExponent)]
            : ['', '', '', '']),
        ];
      }),
    ]),
  );

  heading('2. Tracer throughput');
  for (const w of work) {
    const sim = simulate(w.text);
    tracer.push(...benchTracer(w, sim, buildDataplane(sim.state), QUICK ? 150 : 400, log));
  }
  log('');
  log(
    table([
      ['scenario', 'flow', 'verdict', 'hops', 'trace() per s', 'trace() median', 'traceMany(1000)', 'traceMany per s'],
      ...tracer.map((t) => [
        t.scenario,
        t.flow,
        t.verdict,
        String(t.hops),
        String(t.trace.perSecond),
        ms(t.trace.median),
        ms(t.burst.ms),
        String(t.burst.perSecond),
      ]),
    ]),
  );

  // 3: the browser.
  heading('3. Browser: the built site in headless Chromium, 1280×720');
  let browser: BrowserResult | undefined;
  let browserSkipped: string | undefined;
  if (!existsSync(CHROMIUM_PATH)) {
    browserSkipped = `${CHROMIUM_PATH} not found (apt-get install chromium): browser figures skipped`;
    log(browserSkipped);
  } else {
    const big = generateScenario(50);
    browser = await benchBrowser({ dist: DIST, big, loads: QUICK ? 2 : 5, edits: QUICK ? 3 : 10, flowSeconds: QUICK ? 3 : 5, log });
    const b = browser;
    const base = b.baseline;
    log('');
    log(
      table([
        ['figure', 'median', 'p95', 'baseline', 'ratio', 'notes'],
        [
          'load → first graph painted (lab)',
          ms(b.load.firstGraph.median),
          ms(b.load.firstGraph.p95),
          ms(base.bareCytoscapeLab.median),
          times(ratio(b.load.firstGraph.median, base.bareCytoscapeLab.median)),
          `${b.load.firstGraph.n} loads; first contentful paint ${ms(b.load.firstContentfulPaint.median)}, load event ${ms(b.load.loadEvent.median)}`,
        ],
        b.editLab
          ? [
              'edit → graph painted, lab',
              ms(b.editLab.total.median),
              ms(b.editLab.total.p95),
              ms(base.bareCytoscapeLab.median),
              times(ratio(b.editLab.total.median, base.bareCytoscapeLab.median)),
              `${b.editLab.total.n} edits; graph has the new pods at ${ms(b.editLab.graph.median)}; main thread blocked ${ms(b.editLab.blocked.median)} (longest task ${ms(b.editLab.longestTask.median)})`,
            ]
          : ['edit → graph painted, lab', '—', '—', '—', '—', 'failed'],
        b.editBig && base.bareCytoscapeBig
          ? [
              `edit → graph painted, ${big.nodes} nodes × 10 pods`,
              ms(b.editBig.total.median),
              ms(b.editBig.total.p95),
              ms(base.bareCytoscapeBig.median),
              times(ratio(b.editBig.total.median, base.bareCytoscapeBig.median)),
              `${b.editBig.total.n} edits; graph has the new pods at ${ms(b.editBig.graph.median)}; main thread blocked ${ms(b.editBig.blocked.median)} (longest task ${ms(b.editBig.longestTask.median)}); first switch to it ${ms(b.bigScenario?.switchMs)}`,
            ]
          : [`edit → graph painted, ${big.nodes} nodes × 10 pods`, '—', '—', '—', '—', 'failed'],
        frameRow('frames, lab, hostPort flow', b.framesLabFlow, base.frames),
        frameRow('frames, lab, 100-request burst', b.framesLabBurst, base.frames),
        frameRow(`frames, ${big.nodes} nodes, pod → service flow`, b.framesBigFlow, base.frames),
        frameRow(`frames, ${big.nodes} nodes, 100-request burst`, b.framesBigBurst, base.frames),
      ]),
    );
    log('');
    log(`baselines: bare requestAnimationFrame loop on an empty page ${ms(base.frames.median)} median, ${ms(base.frames.p95)} p95;`);
    log(
      `           bare Cytoscape drawing the same elements (a new instance, two frames): lab ${base.bareCytoscapeLab.elements} elements ${ms(base.bareCytoscapeLab.median)}${base.bareCytoscapeBig ? `, ${big.nodes} nodes ${base.bareCytoscapeBig.elements} elements ${ms(base.bareCytoscapeBig.median)}` : ''}`,
    );
    log('frame figures are the packet player\'s frameTimes; "page max" is the longest frame of the whole page over the same time.');
    if (b.pageErrors.length > 0) log(`page errors (${b.pageErrors.length}): ${b.pageErrors.slice(0, 3).join(' | ')}`);
    if (b.failures.length > 0) log(`failed measurements: ${b.failures.join(' | ')}`);
  }

  // 4: the bundle.
  heading('4. Built site: dist/assets, raw and gzipped (level 9)');
  const bundle: BundleResult = measureBundle(DIST);
  log(
    table([
      ['file', 'raw', 'gzip', 'loaded by index.html'],
      ...bundle.chunks.map((c) => [c.file, kb(c.raw), kb(c.gzip), c.initial ? 'yes' : 'no (lazy)']),
    ]),
  );
  log(
    `initial JavaScript: ${kb(bundle.initialJs.raw)} raw, ${kb(bundle.initialJs.gzip)} gzipped (${bundle.initialJs.files.length} file${bundle.initialJs.files.length === 1 ? '' : 's'}); all JS ${kb(bundle.totalJs.gzip)} gzipped; CSS ${kb(bundle.css.gzip)} gzipped`,
  );
  if (bundle.contributors.length > 0) {
    log('');
    log('heaviest parts of the JavaScript, from the source maps (each part gzipped alone, so an estimate):');
    log(
      table([
        ['part', 'chunk', 'raw', 'gzip'],
        ...bundle.contributors.slice(0, 12).map((c) => [c.source, c.chunk.replace('assets/', ''), kb(c.raw), kb(c.gzip)]),
      ]),
    );
  }

  const hostileRows = await hostile();

  // Budgets.
  heading('Budgets (issue 8)');
  const frameSets = browser ? [browser.framesLabFlow, browser.framesLabBurst, browser.framesBigFlow, browser.framesBigBurst] : [];
  const worstFrameP95 = frameSets.every((f) => f) && frameSets.length > 0 ? Math.max(...frameSets.map((f) => f!.player.p95)) : undefined;
  const worstK = Math.max(...steps.map((s) => s.exponent));
  const budgets = [
    {
      budget: 'edit → painted graph, 50 nodes × 10 pods, median',
      limit: `< ${BUDGET.editBigMedianMs} ms`,
      measured: browser?.editBig ? ms(browser.editBig.total.median) : '—',
      value: browser?.editBig?.total.median,
      pass: browser?.editBig ? browser.editBig.total.median < BUDGET.editBigMedianMs : undefined,
    },
    {
      budget: 'animation frames, p95 (worst of the four)',
      limit: `< ${BUDGET.frameP95Ms} ms`,
      measured: ms(worstFrameP95),
      value: worstFrameP95,
      pass: worstFrameP95 === undefined ? undefined : worstFrameP95 < BUDGET.frameP95Ms,
    },
    {
      budget: 'initial JavaScript, gzipped',
      limit: `< ${BUDGET.initialJsGzipKB} KB`,
      measured: kb(bundle.initialJs.gzip),
      value: round(bundle.initialJs.gzip / 1024, 1),
      pass: bundle.initialJs.gzip < BUDGET.initialJsGzipKB * 1024,
    },
    {
      budget: 'core pipeline growth in pods and services (worst k)',
      limit: `k ≤ ${BUDGET.growthExponent}`,
      measured: `k = ${worstK} (${steps.map((s) => `${s.from.replace(' nodes', '')}→${s.to.replace(' nodes', '')}: ${s.exponent}`).join(', ')}; nodes fixed: ${fixedSteps.map((s) => s.exponent).join(', ')})`,
      value: worstK,
      pass: worstK <= BUDGET.growthExponent,
    },
  ];
  const verdict = (p: boolean | undefined) => (p === undefined ? 'n/a' : p ? 'PASS' : 'FAIL');
  log(table([['budget', 'limit', 'measured', 'result'], ...budgets.map((b) => [b.budget, b.limit, b.measured, verdict(b.pass)])]));

  const seconds = round((performance.now() - started) / 1000, 1);
  const result = {
    date: new Date().toISOString(),
    quick: QUICK,
    machine: { ...machine, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg().map((l) => round(l, 2)) },
    build: built,
    pipeline,
    growth: steps,
    fixedNodes: { nodes: FIXED_NODES, pipeline: fixed, growth: fixedSteps },
    tracer,
    browser: browser ?? { skipped: browserSkipped },
    bundle,
    hostile: hostileRows,
    budgets: budgets.map(({ budget, limit, value, pass }) => ({ budget, limit, value, result: verdict(pass) })),
    seconds,
  };
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  log(
    `\nwrote ${OUT.replace(`${ROOT}/`, '')} in ${seconds} s; load average ${loadAtStart[0]} at the start, ${result.machine.loadAverageAtEnd[0]} at the end (the bench exits 0 whatever the budgets say)`,
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
