/**
 * Where the cursor is in a multi-document YAML text, read line by line from indentation: which
 * document, which mapping (as a path of keys and list indexes), whether at a key or a value.
 * Pure and tolerant: it reads the half-typed text of an editor, which a YAML parser would refuse.
 */

export type PathSegment = string | number;

/** One line, as far as block structure goes. */
export interface Line {
  /** Offset of the line's first character in the text. */
  readonly start: number;
  readonly text: string;
  /** Columns of the `- ` markers that open list items on this line, left to right. */
  readonly dashes: readonly number[];
  /** The `key:` on this line, after its dashes. */
  readonly key?: { readonly name: string; readonly col: number; readonly value: string };
  /** Nothing but spaces and a comment. */
  readonly blank: boolean;
}

/** A key (plain or quoted) followed by a colon that ends the line or is followed by a space. */
const KEY_RE = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\]},][^#]*?)[ \t]*:(?=\s|$)/;

function unquote(key: string): string {
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) return key.slice(1, -1).replace(/\\(.)/g, '$1');
  if (key.length >= 2 && key.startsWith("'") && key.endsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  return key.trimEnd();
}

/** The value after a key's colon, without its comment. */
function inlineValue(rest: string): string {
  const hash = rest.search(/(^|\s)#/);
  return (hash === -1 ? rest : rest.slice(0, hash)).trim();
}

export function parseLine(text: string, start = 0): Line {
  const line = text.endsWith('\r') ? text.slice(0, -1) : text;
  let i = 0;
  while (line[i] === ' ') i++;
  if (i === line.length || line[i] === '#') return { start, text: line, dashes: [], blank: true };
  const dashes: number[] = [];
  while (line[i] === '-' && (i + 1 === line.length || line[i + 1] === ' ')) {
    dashes.push(i);
    i++;
    while (line[i] === ' ') i++;
  }
  const m = KEY_RE.exec(line.slice(i));
  if (!m) return { start, text: line, dashes, blank: false };
  const key = { name: unquote(m[1]!), col: i, value: inlineValue(line.slice(i + m[0].length)) };
  return { start, text: line, dashes, key, blank: false };
}

function isSeparator(line: string): boolean {
  return /^(---|\.\.\.)(\s|$)/.test(line);
}

/** The text cut into lines, and the bounds of the document holding a given line. */
export interface Lines {
  readonly lines: readonly Line[];
  lineAt(offset: number): number;
}

export function splitLines(text: string): Lines {
  const lines: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    lines.push(parseLine(raw, start));
    start += raw.length + 1;
  }
  return {
    lines,
    lineAt(offset: number): number {
      let lo = 0;
      let hi = lines.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lines[mid]!.start <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
  };
}

/** The lines [first, end) of the document holding line `at`, and its index among the documents. */
function documentBounds(lines: readonly Line[], at: number): { first: number; end: number; index: number } {
  let index = 0;
  let first = 0;
  let content = false;
  for (let i = 0; i < at; i++) {
    const line = lines[i]!;
    if (isSeparator(line.text)) {
      // A leading `---` opens the first document rather than ending an empty one.
      if (content || first > 0) index++;
      first = i + 1;
      content = false;
    } else if (!line.blank) content = true;
  }
  let end = at + 1;
  while (end < lines.length && !isSeparator(lines[end]!.text)) end++;
  return { first, end, index };
}

type Entity = { kind: 'dash'; col: number } | { kind: 'key'; col: number; name: string; value: string };

/** The structural marks of a line, right to left. */
function entities(line: Line): Entity[] {
  const out: Entity[] = line.dashes.map((col) => ({ kind: 'dash', col }));
  if (line.key) out.push({ kind: 'key', ...line.key });
  return out.reverse();
}

/** The mapping a key at column `col` of line `at` belongs to: its path and the keys it already has. */
function enclosingMapping(
  lines: readonly Line[],
  first: number,
  end: number,
  at: number,
  col: number,
): { path: PathSegment[]; siblings: string[] } | null {
  const path: PathSegment[] = [];
  const siblings: string[] = [];
  let mode: 'map' | 'seq' = 'map';
  let c = col;
  let inOwnMapping = true;

  for (let i = at; i >= first; i--) {
    const line = lines[i]!;
    if (line.blank) continue;
    const marks = entities(line).filter((e) => i !== at || (e.kind === 'dash' && e.col < col));
    for (const e of marks) {
      if (mode === 'map') {
        if (e.col > c) continue;
        if (e.col === c) {
          if (e.kind === 'key' && inOwnMapping) siblings.push(e.name);
          continue;
        }
        inOwnMapping = false;
        if (e.kind === 'key') {
          if (/^[|>]/.test(e.value)) return null; // inside a block scalar
          path.unshift(e.name);
          c = e.col;
        } else {
          path.unshift(0);
          c = e.col;
          mode = 'seq';
        }
      } else {
        // In a list whose items' dashes are at column c: count earlier items, find the list's owner.
        if (e.kind === 'dash' && e.col === c) {
          path[0] = (path[0] as number) + 1;
        } else if (e.kind === 'dash' && e.col < c) {
          path.unshift(0);
          c = e.col;
        } else if (e.kind === 'key' && e.col <= c) {
          if (/^[|>]/.test(e.value)) return null;
          path.unshift(e.name);
          c = e.col;
          mode = 'map';
        }
      }
    }
  }

  for (let i = at + 1; i < end; i++) {
    const line = lines[i]!;
    if (line.blank) continue;
    const leftmost = line.dashes[0] ?? line.key?.col ?? line.text.search(/\S/);
    if (leftmost < col) break;
    if (line.key && line.key.col === col && !line.dashes.some((d) => d >= col)) siblings.push(line.key.name);
  }
  return { path, siblings };
}

/** The top-level `field: value` of a document, unquoted. */
function topLevelValue(lines: readonly Line[], first: number, end: number, field: string): string | undefined {
  for (let i = first; i < end; i++) {
    const key = lines[i]!.key;
    if (key && key.col === 0 && lines[i]!.dashes.length === 0 && key.name === field && key.value) return unquote(key.value);
  }
  return undefined;
}

export interface CursorContext {
  /** Index of the `---`-separated document the cursor is in. */
  readonly document: number;
  /** The document's `kind` and `apiVersion`, wherever they are in it. */
  readonly kind?: string;
  readonly apiVersion?: string;
  /** At a key of a mapping, or at the value of a `key:`. */
  readonly at: 'key' | 'value';
  /** Path from the document root to the mapping that holds the key (list items are numbers). */
  readonly path: readonly PathSegment[];
  /** For `at: 'value'`: the key whose value the cursor is at. */
  readonly key?: string;
  /** For `at: 'key'`: the keys the mapping already has, other than the one at the cursor. */
  readonly siblings: readonly string[];
  /** The word being typed: `from` to the cursor; `to` is the end of the word under the cursor. */
  readonly typed: string;
  readonly from: number;
  readonly to: number;
  /** At a value right after the colon, with no space yet. */
  readonly needsSpace: boolean;
  /** Column of the key (at the cursor, or whose value is at the cursor). */
  readonly keyColumn: number;
  /** The text on the cursor's line after `to`. */
  readonly after: string;
}

const WORD = /[\w.\-/]/;

/**
 * The YAML context of the cursor at `offset`, or null where nothing can be completed (inside a
 * comment, a block scalar, a flow collection, a separator line, after a complete value, …).
 * @example cursorContext('spec:\n  ports:\n  - ', 21) // { at: 'key', path: ['spec', 'ports', 0], … }
 */
export function cursorContext(text: string, offset: number): CursorContext | null {
  const pos = Math.min(Math.max(0, offset), text.length);
  const { lines, lineAt } = splitLines(text);
  const at = lineAt(pos);
  const line = lines[at]!;
  if (isSeparator(line.text)) return null;
  const col = pos - line.start;
  if (col > line.text.length) return null;
  const prefix = parseLine(line.text.slice(0, col), line.start);
  const { first, end, index } = documentBounds(lines, at);

  let rest = line.text.slice(0, col);
  let i = 0;
  while (rest[i] === ' ') i++;
  for (const d of prefix.dashes) i = Math.max(i, d + 1);
  while (rest[i] === ' ') i++;
  rest = rest.slice(i);

  let wordEnd = col;
  while (wordEnd < line.text.length && WORD.test(line.text[wordEnd]!)) wordEnd++;
  const after = line.text.slice(wordEnd);

  let result: Omit<CursorContext, 'document' | 'kind' | 'apiVersion' | 'path' | 'siblings'>;
  let keyCol: number;
  if (/^([A-Za-z_$][\w.\-/$]*)?$/.test(rest)) {
    keyCol = col - rest.length;
    result = { at: 'key', typed: rest, from: keyCol, to: wordEnd, needsSpace: false, keyColumn: keyCol, after };
  } else if (prefix.key && !line.blank) {
    const valuePart = line.text.slice(0, col).slice(prefix.key.col).replace(KEY_RE, '');
    const m = /^(\s*)["']?([\w.\-/]*)$/.exec(valuePart);
    if (!m) return null;
    keyCol = prefix.key.col;
    const typed = m[2]!;
    result = {
      at: 'value',
      key: prefix.key.name,
      typed,
      from: col - typed.length,
      to: wordEnd,
      needsSpace: m[1] === '',
      keyColumn: keyCol,
      after,
    };
  } else return null;

  const mapping = enclosingMapping(lines, first, end, at, keyCol);
  if (!mapping) return null;
  const kind = topLevelValue(lines, first, end, 'kind');
  const apiVersion = topLevelValue(lines, first, end, 'apiVersion');
  return {
    document: index,
    ...(kind === undefined ? {} : { kind }),
    ...(apiVersion === undefined ? {} : { apiVersion }),
    path: mapping.path,
    siblings: mapping.siblings,
    ...result,
    from: line.start + result.from,
    to: line.start + result.to,
  };
}
