/** Small statistics and formatting helpers for the benchmark. */

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least q of the samples at or below it.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);
export const p95 = (values: readonly number[]): number => quantile(values, 0.95);

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
}

export function summary(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: round(median(values)),
    p95: round(p95(values)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
  };
}

export function round(x: number, digits = 2): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** `12.3 ms`, `1.23 s`: a duration in milliseconds, readable. */
export function ms(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  if (x >= 1000) return `${(x / 1000).toFixed(2)} s`;
  if (x >= 100) return `${x.toFixed(0)} ms`;
  if (x >= 10) return `${x.toFixed(1)} ms`;
  return `${x.toFixed(2)} ms`;
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function ratio(x: number | undefined, base: number | undefined): number | undefined {
  if (x === undefined || base === undefined || !Number.isFinite(x) || !Number.isFinite(base) || base <= 0) return undefined;
  return round(x / base, 2);
}

export function times(x: number | undefined): string {
  return x === undefined ? '—' : `×${x >= 100 ? x.toFixed(0) : x.toFixed(2)}`;
}

/** A plain text table: the first row is the header; numbers are right-aligned. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  // Short numeric cells (`12.3 ms`, `×1.50`, `42`) are right-aligned, text left-aligned.
  const right = (s: string) => /^[×\d—-]/.test(s) && s.length <= 12;
  const line = (r: readonly string[]) =>
    r
      .map((cell, c) => (c > 0 && right(cell) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Runs `fn` (warm-up first) until `minRuns` runs and `minMs` have passed, or `maxRuns`. */
export function repeat(fn: () => void, opts: { warmup: number; minRuns: number; maxRuns: number; minMs: number; maxMs: number }): number[] {
  for (let i = 0; i < opts.warmup; i++) fn();
  const samples: number[] = [];
  const start = performance.now();
  for (;;) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
    const spent = performance.now() - start;
    if (samples.length >= opts.maxRuns) break;
    if (samples.length >= opts.minRuns && (spent >= opts.minMs || spent >= opts.maxMs)) break;
  }
  return samples;
}
