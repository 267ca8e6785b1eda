/**
 * Where a new line starts, from the line above it: inside the value of a `key:` that has none
 * yet, beside a key that has one, at the dash of a list item. lang-yaml indents a new line after
 * `spec:` at column 0, which sends students' next field to the top level. Pure.
 */
import { parseLine } from './yaml-path.ts';

/** The indentation of a new line below `above`, or undefined to leave it to the YAML language. */
export function indentAfter(above: string): number | undefined {
  const line = parseLine(above);
  if (line.blank) return undefined;
  if (line.key) return line.key.col + (line.key.value === '' || /^[|>]/.test(line.key.value) ? 2 : 0);
  const dash = line.dashes[line.dashes.length - 1];
  if (dash === undefined) return undefined;
  return /^\s*-\s*$/.test(above.slice(dash)) ? dash + 2 : dash;
}

/** The subset of CodeMirror's IndentContext the service reads. */
interface LineSource {
  lineAt(pos: number, bias?: -1 | 1): { text: string; from: number };
}

/**
 * An indentService for CodeMirror: the indentation of the (blank) line at `pos`, from the nearest
 * non-blank line above. Lines with text are left to the YAML language.
 */
export function yamlIndentService(cx: LineSource, pos: number): number | undefined {
  const line = cx.lineAt(pos, 1);
  if (line.text.trim() !== '') return undefined;
  for (let from = line.from; from > 0;) {
    const above = cx.lineAt(from - 1, -1);
    if (above.text.trim() !== '' && !above.text.trimStart().startsWith('#')) return indentAfter(above.text);
    from = above.from;
  }
  return undefined;
}
