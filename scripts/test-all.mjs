#!/usr/bin/env node
// `npm test`: every check of kube-netplay, in order, with output streamed live, then ONE summary
// line `N passed, N failed, N skipped` alone on a line. The exit code is non-zero if anything failed.
//
// Counting: every test of every vitest run, read from its JSON report in test-results/
// (numPassedTests, numFailedTests, numPendingTests + numTodoTests). A test file that failed to load
// counts as 1 failed; a vitest run that exits non-zero without any failed test (no test files,
// global setup error, unhandled error, missing report) counts as 1 failed. A non-test step
// (typecheck, lint, build, licences) that fails counts as 1 failed. A step whose prerequisite failed is not
// run (and says so); later independent steps still run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'test-results');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

/** A step runs a command (pass/fail) or a vitest project (tests counted). One line each. */
const STEPS = [
  { id: 'typecheck', title: 'typecheck (tsc: app + core)', npm: 'typecheck' },
  { id: 'lint', title: 'lint (eslint)', npm: 'lint' },
  { id: 'format', title: 'format (prettier --check)', npm: 'format:check' },
  { id: 'unit', title: 'unit + property tests', vitest: 'unit' },
  { id: 'kernel', title: 'kernel tests (network namespaces, root)', vitest: 'kernel' },
  { id: 'build', title: 'build (vite -> dist/)', npm: 'build' },
  { id: 'licences', title: 'licences of the bundled packages', npm: 'check:licences', needs: ['build'] },
  { id: 'e2e', title: 'browser tests (Chromium against dist/)', vitest: 'e2e', needs: ['build'] },
];

/** Runs a command with inherited stdio; resolves to its exit code (signals count as failure). */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
    child.on('error', (err) => {
      console.error(`test-all: could not start ${cmd}: ${err.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(signal ? 128 : (code ?? 1)));
  });
}

/** Counts from a vitest JSON report, or null if it is missing or unreadable. */
function readReport(file) {
  if (!existsSync(file)) return null;
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    // Files that failed before any test ran (syntax error, failed import, ...).
    const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
    return {
      passed: r.numPassedTests ?? 0,
      failed: (r.numFailedTests ?? 0) + brokenFiles,
      skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
    };
  } catch (e) {
    console.error(`test-all: cannot read ${file}: ${e.message}`);
    return null;
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const outcome = new Map(); // step id -> 'ok' | 'FAILED' | 'not run'
const lines = [];
const started = Date.now();
let interrupted = false;
process.on('SIGINT', () => {
  interrupted = true; // the child gets the same SIGINT; stop after it ends
});

for (const [i, step] of STEPS.entries()) {
  const header = `[${i + 1}/${STEPS.length}] ${step.title}`;
  const missing = (step.needs ?? []).filter((id) => outcome.get(id) !== 'ok');
  if (interrupted || missing.length > 0) {
    const why = interrupted ? 'interrupted' : `needs ${missing.join(', ')}, which did not pass`;
    console.log(`\n==== ${header}: NOT RUN (${why}) ====`);
    outcome.set(step.id, 'not run');
    lines.push(`  ${step.title.padEnd(44)} not run (${why})`);
    continue;
  }

  const t0 = Date.now();
  let status;
  let detail = '';
  if (step.npm) {
    console.log(`\n==== ${header}: npm run ${step.npm} ====\n`);
    const code = await run('npm', ['run', step.npm]);
    status = code === 0 ? 'ok' : 'FAILED';
    if (code !== 0) {
      totals.failed += 1;
      detail = `exit code ${code}, counted as 1 failed`;
    }
  } else {
    const report = join(RESULTS, `${step.vitest}.json`);
    mkdirSync(RESULTS, { recursive: true });
    rmSync(report, { force: true });
    const args = [VITEST, 'run', '--project', step.vitest, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
    console.log(`\n==== ${header}: vitest run --project ${step.vitest} ====\n`);
    const code = await run(process.execPath, args);
    const counts = readReport(report) ?? { passed: 0, failed: 0, skipped: 0 };
    if (code !== 0 && counts.failed === 0) {
      counts.failed = 1; // the run failed without a failed test: no tests found, setup error, ...
      detail = `vitest exit code ${code} without a failed test, counted as 1 failed; `;
    }
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    status = code === 0 && counts.failed === 0 ? 'ok' : 'FAILED';
    detail += `${counts.passed} passed / ${counts.failed} failed / ${counts.skipped} skipped; report ${relative(ROOT, report)}`;
  }
  outcome.set(step.id, status);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  lines.push(`  ${step.title.padEnd(44)} ${status.padEnd(7)} ${secs.padStart(6)}s${detail ? `  (${detail})` : ''}`);
}

console.log(`\n==== summary (${((Date.now() - started) / 1000).toFixed(1)}s) ====`);
for (const line of lines) console.log(line);
const notRun = [...outcome.values()].some((s) => s === 'not run');
if (notRun && totals.failed === 0) totals.failed = 1; // never report green with a step left out
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || interrupted ? 1 : 0);
