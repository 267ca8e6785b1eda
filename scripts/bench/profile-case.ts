/**
 * Where a hostile case's long tasks go: runs one case of tests/e2e/hostile-corpus.ts in headless
 * Chromium under the DevTools sampling profiler and prints, for each stretch of main-thread work
 * longer than the threshold, the functions that took its time (self and with what they call).
 *
 *   npx vite build --minify false --outDir /tmp/dist-profile   # readable names
 *   PROFILE_DIST=/tmp/dist-profile npx tsx scripts/bench/profile-case.ts "10,000 levels" [minMs]
 *
 * With PROFILE_TRACE=1 it records a DevTools trace instead and prints each main-thread task over
 * the threshold with the events inside it (layout, paint, script, storage: what the sampling
 * profiler calls "(program)").
 */
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { createStaticServer, CHROMIUM_PATH, SUB_PATH } from '../../tests/e2e/global-setup.ts';
import { CHROMIUM_ARGS } from './browser.ts';
import { CONTROL, CORPUS, LONGTASK_PROBE, mainThreadEvents, Probe, traceWhile, type TraceEvent } from '../../tests/e2e/hostile-corpus.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  parent?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [wanted = '', minArg] = process.argv.slice(2);
const MIN_MS = Number(minArg ?? 100);
const dist = process.env.PROFILE_DIST ?? 'dist';
const found = [CONTROL, ...CORPUS].find((c) => c.name.includes(wanted));
if (!found) throw new Error(`no case named like "${wanted}"`);
const chosen = found;

const label = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}`;

function report(profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) byId.get(c)!.parent = n.id;
  const idle = (id: number) => byId.get(id)!.callFrame.functionName === '(idle)';
  // Stretches of consecutive non-idle samples: the main thread's tasks, roughly.
  let start = -1;
  let t = 0;
  let startT = 0;
  const stretches: { from: number; to: number; ms: number; at: number }[] = [];
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i]! / 1000;
    if (!idle(id) && start < 0) {
      start = i;
      startT = t;
    } else if (idle(id) && start >= 0) {
      stretches.push({ from: start, to: i, ms: t - startT, at: startT });
      start = -1;
    }
  });
  for (const s of stretches.filter((x) => x.ms >= MIN_MS)) {
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    for (let i = s.from; i < s.to; i++) {
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      let node: ProfileNode | undefined = byId.get(profile.samples[i]!)!;
      self.set(label(node.callFrame), (self.get(label(node.callFrame)) ?? 0) + dt);
      const seen = new Set<string>();
      while (node) {
        const l = label(node.callFrame);
        if (!seen.has(l)) total.set(l, (total.get(l) ?? 0) + dt);
        seen.add(l);
        node = node.parent === undefined ? undefined : byId.get(node.parent);
      }
    }
    const top = (m: Map<string, number>, n: number) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, v]) => `    ${v.toFixed(1).padStart(7)} ms  ${k}`)
        .join('\n');
    console.log(
      `\n== ${s.ms.toFixed(0)} ms of work at ${(s.at / 1000).toFixed(2)} s\n  self:\n${top(self, 15)}\n  total:\n${top(total, 30)}`,
    );
  }
}

function reportTrace(events: TraceEvent[]): void {
  const onMain = mainThreadEvents(events);
  const mains = new Set(onMain.map((e) => `${e.pid}:${e.tid}`));
  const main = onMain.filter((e) => e.ph === 'X' && e.dur !== undefined);
  const all = main.filter((e) => e.name === 'RunTask');
  const longest = (key: 'dur' | 'tdur') => Math.max(0, ...all.map((e) => (e[key] ?? 0) / 1000));
  // The thread's own time (tdur) leaves out the time the thread waited for a core: on a busy
  // machine it is the better guess of what a quiet one measures.
  console.log(`longest main-thread task: ${longest('dur').toFixed(0)} ms wall, ${longest('tdur').toFixed(0)} ms on the thread's own clock`);
  const tasks = all.filter((e) => e.dur! >= MIN_MS * 1000);
  for (const task of tasks) {
    const inside = main.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur!);
    const byName = new Map<string, number>();
    for (const e of inside) {
      const detail = e.args?.data?.functionName ?? e.args?.data?.url ?? e.args?.data?.type ?? '';
      const key = `${e.name}${detail ? ` ${String(detail).slice(-60)}` : ''}`;
      byName.set(key, (byName.get(key) ?? 0) + e.dur! / 1000);
    }
    console.log(`\n== task of ${(task.dur! / 1000).toFixed(0)} ms at ${((task.ts - events[0]!.ts) / 1e6).toFixed(2)} s`);
    const marks = events.filter((e) => mains.has(`${e.pid}:${e.tid}`) && e.ph !== 'X' && e.ts >= task.ts && e.ts <= task.ts + task.dur!);
    for (const m of marks.slice(0, 6)) console.log(`    [${m.ph}] ${m.name} at +${((m.ts - task.ts) / 1000).toFixed(1)} ms`);
    for (const m of inside.filter((e) => e.dur! > 2000).slice(0, 14))
      console.log(
        `    ${m.name} ${JSON.stringify(m.args?.data ?? {}).slice(0, 100)} at +${((m.ts - task.ts) / 1000).toFixed(1)} ms for ${(m.dur! / 1000).toFixed(1)} ms`,
      );
    for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`    ${v.toFixed(1).padStart(7)} ms  ${k}`);
  }
}

const server = createStaticServer(dist, SUB_PATH);
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SUB_PATH}`;
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript({ content: 'window.__testHooks = true;' });
  await context.addInitScript({ content: LONGTASK_PROBE });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log(`console.error: ${m.text()}`));
  await page.goto(url, { waitUntil: 'load' });
  // Each load of the page is a new target for the profiler: profile the case before its reload.
  const cdp = await context.newCDPSession(page);
  if (process.env.PROFILE_TRACE) {
    const probe = new Probe(page, url);
    await probe.ready();
    const events = await traceWhile(
      page,
      { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink', 'v8'] },
      () => chosen.run(probe),
    );
    const outcome = await probe.outcome();
    console.log(`${chosen.name}: ${JSON.stringify(outcome)}`);
    reportTrace(events);
    process.exit(0);
  }
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const reloads: Profile[] = [];
  const original = page.reload.bind(page);
  page.reload = async (options) => {
    reloads.push((await cdp.send('Profiler.stop')).profile as Profile);
    const r = await original(options);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
    return r;
  };
  // As runCase does: from the first graph on.
  const probe = new Probe(page, url);
  await probe.ready();
  await cdp.send('Profiler.start');
  await chosen.run(probe);
  const outcome = await probe.outcome();
  reloads.push((await cdp.send('Profiler.stop')).profile as Profile);
  console.log(`${chosen.name}: ${JSON.stringify(outcome)}`);
  reloads.forEach((p, i) => {
    console.log(`\n######## page load ${i + 1}`);
    report(p);
  });
} finally {
  await browser.close();
  server.close();
}
