import { execFileSync } from 'node:child_process';
import { defineConfig } from 'vitest/config';

/**
 * The seed of the property tests (tests/property/seed.ts): PROPERTY_SEED when given (a number, or
 * `random`), else a number from the hash of the commit's tree, else 1 outside a git checkout.
 */
function propertySeed(): string {
  if (process.env.PROPERTY_SEED) return process.env.PROPERTY_SEED;
  try {
    const tree = execFileSync('git', ['rev-parse', 'HEAD^{tree}'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return String(Number.parseInt(tree.slice(0, 8), 16) | 0);
  } catch {
    return '1';
  }
}

// Three projects:
//   unit   - pure Node tests of the core, the scenarios and the CLI, plus fast-check property tests.
//   e2e    - headless Debian Chromium (via playwright-core) against the BUILT site in dist/,
//            served under a sub-path by tests/e2e/global-setup.ts. Needs `npm run build` first.
//   kernel - tests/kernel/**, replays scenarios on real network namespaces and compares real
//            connections with the tracer; needs root (see tests/kernel/README.md).
//
// `npm test` (scripts/test-all.mjs) runs them in order and prints one summary line.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/property/**/*.test.ts'],
          environment: 'node',
          env: { PROPERTY_SEED: propertySeed() },
          setupFiles: ['tests/property/seed.ts'],
          // A test's time is never its verdict (speed is measured by `npm run bench`): a loaded
          // machine must not fail a heavy input's test.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          // The machine has 2 cores and each file starts its own Chromium: one file at a time.
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'kernel',
          include: ['tests/kernel/**/*.test.ts'],
          environment: 'node',
          // Root only (skipped with a printed reason otherwise; required under CI). Each file builds
          // its namespaces and servers: one file at a time on this 2-core machine.
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
