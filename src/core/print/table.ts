/** Column-aligned text tables, as kubectl and docker print them: three spaces between columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], gap = 3): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]! + gap)))
      .join('')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
