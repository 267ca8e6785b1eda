/**
 * Step 1 of the pipeline: scenario text → YAML documents, each with its plain value and the
 * source span of every key and value, so later steps can point at a line and column.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type ErrorCode, type Node } from 'yaml';
import { LineIndex, type Problem } from './diagnostics.ts';
import { MAX_NESTING } from './limits.ts';
import { msg, type Message } from './message.ts';
import { pathText, type Path } from './path.ts';

export interface Span {
  readonly from: number;
  readonly to: number;
}

export interface SourceDocument {
  readonly index: number;
  /** The document's value (documents that could not be read are not listed). */
  readonly value: unknown;
  /** The whole document's span. */
  readonly span: Span;
  /** Where each path's key and value stand in the text. */
  readonly keys: ReadonlyMap<string, Span>;
  readonly values: ReadonlyMap<string, Span>;
}

export interface ParseResult {
  readonly documents: readonly SourceDocument[];
  readonly problems: readonly { problem: Problem; document: number }[];
}

/** Aliases beyond this count are refused: a YAML "billion laughs" would otherwise expand forever. */
export const MAX_ALIAS_COUNT = 100;

/**
 * The YAML reader's slips, by its error code: our problem code (a syntax error unless said), what
 * went wrong in the API server's words, and a hint where one helps. Any other code is said as one.
 */
interface YamlFault {
  readonly code?: Problem['code'];
  readonly detail: Message;
  readonly advice?: Message;
}
const YAML_FAULTS: Partial<Record<ErrorCode, YamlFault>> = {
  TAB_AS_INDENT: { code: 'yaml-tab', detail: msg('yaml.fault.tab-as-indent'), advice: msg('hint.yaml-tab') },
  BAD_INDENT: { detail: msg('yaml.fault.bad-indent'), advice: msg('hint.yaml-indent') },
  MISSING_CHAR: { detail: msg('yaml.fault.missing-char'), advice: msg('hint.yaml-missing-char') },
  MULTILINE_IMPLICIT_KEY: { detail: msg('yaml.fault.multiline-implicit-key'), advice: msg('hint.yaml-multiline-key') },
  BLOCK_AS_IMPLICIT_KEY: { detail: msg('yaml.fault.block-as-implicit-key'), advice: msg('hint.yaml-block-key') },
  BAD_SCALAR_START: { detail: msg('yaml.fault.bad-scalar-start') },
  BAD_DQ_ESCAPE: { detail: msg('yaml.fault.bad-dq-escape') },
  MULTIPLE_ANCHORS: { detail: msg('yaml.fault.multiple-anchors') },
  MULTIPLE_TAGS: { detail: msg('yaml.fault.multiple-tags') },
  ALIAS_PROPS: { detail: msg('yaml.fault.alias-props') },
  UNEXPECTED_TOKEN: { detail: msg('yaml.fault.unexpected-token') },
  BLOCK_IN_FLOW: { detail: msg('yaml.fault.block-in-flow') },
};
const OTHER_FAULT: YamlFault = { detail: msg('yaml.fault.other') };

/** A document as read from its own stretch of text: offsets count from that stretch's start. */
interface ReadDocument {
  /** The document's value; undefined when it could not be read or is empty. */
  readonly value: unknown;
  readonly span: Span;
  readonly keys: ReadonlyMap<string, Span>;
  readonly values: ReadonlyMap<string, Span>;
  readonly problems: readonly ReadProblem[];
}

/** A problem before it is placed: its message names a line only once the stretch's place is known. */
interface ReadProblem {
  readonly code: Problem['code'];
  readonly from: number;
  readonly to: number;
  /** The message, once the line it marks is known. */
  readonly says: (line: number) => Message;
  readonly advice?: Message;
}

/**
 * Reads every document in the text. The text is cut where a line starts with `---` (where YAML
 * always starts a new document, even inside a quoted or block scalar) and each stretch is read
 * once: an edit re-reads only the documents it touched, and a large scenario has hundreds.
 */
export function parseScenario(text: string): ParseResult {
  const lines = new LineIndex(text);
  const documents: SourceDocument[] = [];
  const problems: { problem: Problem; document: number }[] = [];
  const seen = new Map<string, Stretch>();
  const read = (source: string) => {
    const stretch = seen.get(source) ?? recentlyRead.get(source) ?? readStretch(source);
    seen.set(source, stretch);
    return stretch;
  };
  let parts = stretches(text).map(({ start, source }) => ({ start, stretch: read(source) }));
  // A stretch the parser could not read may end inside a quoted scalar that, in the whole text,
  // goes on past the `---`: only the whole text is then read as YAML reads it.
  if (parts.length > 1 && parts.some((p) => p.stretch.broken)) parts = [{ start: 0, stretch: read(text) }];
  let index = 0;
  for (const { start, stretch } of parts) {
    for (const doc of stretch.documents) {
      const docIndex = index++;
      for (const p of doc.problems) {
        // A parser may point just past the end (an unclosed bracket): keep the mark inside the text.
        const from = Math.max(0, Math.min(start + p.from, text.length - 1));
        const to = Math.min(Math.max(start + p.to, from + 1), Math.max(text.length, 1));
        const says = p.says(lines.position(from).line);
        problems.push({ document: docIndex, problem: { code: p.code, says, ...(p.advice ? { advice: p.advice } : {}), from, to } });
      }
      // A document that could not be read is reported above; an empty one (`---` with nothing
      // after it) is skipped, as kubectl skips it.
      if (doc.value === undefined || doc.value === null) continue;
      documents.push({
        index: docIndex,
        value: doc.value,
        span: shift(doc.span, start),
        keys: shiftAll(doc.keys, start),
        values: shiftAll(doc.values, start),
      });
    }
  }
  recentlyRead = seen;
  return { documents, problems };
}

interface Stretch {
  readonly documents: readonly ReadDocument[];
  /** The YAML parser found an error in it. */
  readonly broken: boolean;
}

/** The stretches read by the last parse, by their text: the next parse, an edit later, reuses them. */
let recentlyRead = new Map<string, Stretch>();

/** The text cut before each line that starts a document; directives (`%YAML`) keep it whole. */
function stretches(text: string): { start: number; source: string }[] {
  // Lines start after \n only: YAML does not break lines at a lone \r, U+2028 or U+2029.
  if (/(?:^|\n)%/.test(text)) return [{ start: 0, source: text }];
  const cuts = [0];
  for (const m of text.matchAll(/(?<=\n)---(?=[ \t\r\n]|$)/g)) cuts.push(m.index);
  return cuts.map((start, i) => ({ start, source: text.slice(start, cuts[i + 1] ?? text.length) }));
}

const shift = (span: Span, by: number): Span => (by === 0 ? span : { from: span.from + by, to: span.to + by });

function shiftAll(spans: ReadonlyMap<string, Span>, by: number): ReadonlyMap<string, Span> {
  if (by === 0) return spans;
  const out = new Map<string, Span>();
  for (const [path, span] of spans) out.set(path, shift(span, by));
  return out;
}

function readStretch(text: string): Stretch {
  // Duplicate keys are found while indexing (a Set per mapping): the parser's own check compares
  // each key with every earlier one, which takes a minute on a mapping of 100,000 keys.
  const docs = readAll(text);
  if (!docs) {
    const from = deepLine(text);
    return {
      documents: [
        {
          value: undefined,
          span: { from: 0, to: text.length },
          keys: new Map(),
          values: new Map(),
          problems: [{ ...TOO_DEEP, from, to: from + 1 }],
        },
      ],
      broken: true,
    };
  }
  const documents = docs.map((doc): ReadDocument => {
    const [start, , end] = doc.range;
    const problems: ReadProblem[] = doc.errors.map((err) => {
      // The parser ran out of stack: the text is nested far deeper than the limit.
      if (err.code === 'RESOURCE_EXHAUSTION') return { ...TOO_DEEP, from: err.pos[0], to: err.pos[1] };
      const { code = 'yaml-syntax', detail, advice } = YAML_FAULTS[err.code] ?? OTHER_FAULT;
      return {
        code,
        from: err.pos[0],
        to: err.pos[1],
        says: (line: number) => msg('yaml.error', { line, detail }),
        ...(advice ? { advice } : {}),
      };
    });
    const index: Index = { text, keys: new Map(), values: new Map(), duplicates: [], tooDeep: [] };
    let value: unknown;
    if (doc.errors.length === 0) {
      try {
        indexNode(doc.contents, [], index);
        for (const dup of index.duplicates)
          problems.push({
            code: 'yaml-duplicate-key',
            ...dup,
            says: (line: number) => msg('yaml.duplicate-key', { line }),
            advice: msg('hint.yaml-duplicate-key'),
          });
        for (const deep of index.tooDeep) problems.push({ ...TOO_DEEP, ...deep });
        value = index.duplicates.length > 0 || index.tooDeep.length > 0 ? undefined : doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch {
        problems.push({
          code: 'yaml-alias-limit',
          from: start,
          to: Math.max(end, start + 1),
          // Only the alias count throws here (toJS's maxAliasCount).
          says: () => msg('yaml.error-unplaced', { detail: msg('yaml.fault.excessive-aliasing') }),
          advice: msg('hint.alias-limit', { max: MAX_ALIAS_COUNT }),
        });
        value = undefined;
      }
    }
    return { value, span: { from: start, to: end }, keys: index.keys, values: index.values, problems };
  });
  return { documents, broken: docs.some((d) => d.errors.length > 0) };
}

/** The YAML documents of a text; undefined when the parser ran out of stack (nesting thousands deep). */
function readAll(text: string) {
  try {
    const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: true });
    return Array.isArray(parsed) ? parsed : [];
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/**
 * Where nesting first goes past MAX_NESTING, as a line's indentation, its leading dashes and the
 * brackets still open show it (quotes aside): only to point at a place, when the parser could not.
 */
function deepLine(text: string): number {
  let open = 0;
  let start = 0;
  for (const line of text.split('\n')) {
    const indent = /^[ -]*/.exec(line)![0];
    if (Math.max(indent.length, open) > MAX_NESTING) return Math.min(start + MAX_NESTING, start + line.length);
    for (const ch of line) open += ch === '[' || ch === '{' ? 1 : ch === ']' || ch === '}' ? -1 : 0;
    if (open > MAX_NESTING) return start;
    start += line.length + 1;
  }
  return 0;
}

interface Index {
  readonly text: string;
  readonly keys: Map<string, Span>;
  readonly values: Map<string, Span>;
  /** Keys that repeat one already in their mapping. */
  readonly duplicates: Span[];
  /** The first collection nested deeper than MAX_NESTING. */
  readonly tooDeep: Span[];
}

const TOO_DEEP = {
  code: 'limit-nesting',
  says: (line: number) => msg('yaml.too-deep', { line, max: MAX_NESTING }),
  advice: msg('hint.too-deep', { max: MAX_NESTING }),
} as const;

/** A node's span, without the line breaks and blanks a block collection ends with. */
function spanOf(node: Node | null | undefined, text: string): Span | undefined {
  if (!node?.range) return undefined;
  let to = node.range[1];
  while (to > node.range[0] && /\s/.test(text[to - 1]!)) to--;
  return { from: node.range[0], to };
}

/** Records the spans of every key and value below `node`, and repeated keys. Aliases are not followed. */
function indexNode(node: unknown, path: Path, index: Index): void {
  if (node === null || node === undefined || isAlias(node)) return;
  const span = spanOf(node as Node, index.text);
  // The root is the first level.
  if (path.length >= MAX_NESTING && (isMap(node) || isSeq(node))) {
    if (span && index.tooDeep.length === 0) index.tooDeep.push({ from: span.from, to: Math.max(span.to, span.from + 1) });
    return;
  }
  if (span) index.values.set(pathText(path), span);
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      const child = [...path, key];
      const keySpan = spanOf(pair.key as Node, index.text);
      if (seen.has(key)) {
        if (keySpan) index.duplicates.push(keySpan);
        continue;
      }
      seen.add(key);
      if (keySpan) index.keys.set(pathText(child), keySpan);
      if (pair.value === null || pair.value === undefined) {
        if (keySpan) index.values.set(pathText(child), keySpan);
      } else indexNode(pair.value, child, index);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => indexNode(item, [...path, i], index));
  }
}

/** The span to mark for a path: its key if it has one, else its value, else the nearest parent's. */
export function spanAt(doc: SourceDocument, path: Path, prefer: 'key' | 'value' = 'key'): Span {
  for (let p = path; ; p = p.slice(0, -1)) {
    const key = pathText(p);
    const span = prefer === 'key' ? (doc.keys.get(key) ?? doc.values.get(key)) : (doc.values.get(key) ?? doc.keys.get(key));
    if (span) return span;
    if (p.length === 0) return doc.span;
  }
}
