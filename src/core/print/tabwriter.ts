/**
 * Go's text/tabwriter, which kubectl and docker print their tables and descriptions with: cells
 * are tab-terminated, the text after a line's last tab is not part of any column, and a column
 * is aligned over a block of consecutive lines that all have a cell in it. Reproducing the
 * algorithm (not just "pad to the widest") gives the same alignment quirks the real tools show,
 * e.g. `kubectl describe` realigning after a line without a tab.
 */

export interface TabwriterOptions {
  /** The minimal width of a column, padding included. */
  readonly minwidth: number;
  /** Added to the widest cell of a column. */
  readonly padding: number;
}

/** kubectl get (cli-runtime printers.GetNewTabWriter). */
export const KUBECTL_TABLE: TabwriterOptions = { minwidth: 6, padding: 3 };
/** kubectl describe (tabbedString). */
export const KUBECTL_DESCRIBE: TabwriterOptions = { minwidth: 0, padding: 2 };
/** docker ps and friends (formatter.NewContainerFormat's tabwriter). */
export const DOCKER_TABLE: TabwriterOptions = { minwidth: 20, padding: 3 };

/** Aligns `text` (lines of tab-separated cells) as a tabwriter flushed once would. */
export function tabwrite(text: string, options: TabwriterOptions): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      let line = '';
      cells.forEach((cell, j) => {
        line += cell;
        // Every cell but the trailing one is padded to its column's width.
        if (j < cells.length - 1 && j < widths.length) line += ' '.repeat(Math.max(0, widths[j]! - cell.length));
      });
      out.push(line);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let current = line0; current < line1; current++) {
      if (column >= lines[current]!.length - 1) continue;
      // A block of lines with a cell in this column begins here.
      writeLines(start, current);
      start = current;
      let width = options.minwidth;
      for (; current < line1; current++) {
        const cells = lines[current]!;
        if (column >= cells.length - 1) break;
        width = Math.max(width, cells[column]!.length + options.padding);
      }
      widths.push(width);
      format(start, current);
      widths.pop();
      start = current;
      current--; // the for loop's increment re-reads the line that ended the block
    }
    writeLines(start, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}
