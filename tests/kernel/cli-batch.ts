/**
 * Runs many CLI commands in one process (`node --import tsx tests/kernel/cli-batch.ts < jobs.json`):
 * the same `main` as `npm run cli`, with its output captured, so the suite does not pay a tsx
 * start-up per trace. Input: a JSON array of argument arrays. Output: a JSON array of
 * { code, stdout, stderr }, one per job, in order.
 */
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli.ts';

const jobs = JSON.parse(readFileSync(0, 'utf8')) as string[][];
const results: { code: number; stdout: string; stderr: string }[] = [];
const real = { log: console.log, error: console.error, warn: console.warn, write: process.stdout.write.bind(process.stdout) };
for (const args of jobs) {
  let stdout = '';
  let stderr = '';
  console.log = (...a: unknown[]) => void (stdout += `${a.map(String).join(' ')}\n`);
  console.error = console.warn = (...a: unknown[]) => void (stderr += `${a.map(String).join(' ')}\n`);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  let code: number;
  try {
    code = Number(await main(args)) || 0;
  } catch (e) {
    code = 70;
    stderr += (e as Error).stack ?? String(e);
  } finally {
    Object.assign(console, { log: real.log, error: real.error, warn: real.warn });
    process.stdout.write = real.write;
  }
  results.push({ code, stdout, stderr });
}
process.stdout.write(JSON.stringify(results));
