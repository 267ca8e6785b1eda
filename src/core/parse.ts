/**
 * Step 1 of the pipeline: scenario text → YAML documents, each with its plain value and the
 * source span of every key and value, so later steps can point at a line and column.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import { LineIndex, type Problem } from './diagnostics.ts';
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

const YAML_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'YAML indents with spaces only: replace the tab with spaces.',
  BAD_INDENT: 'Check the indentation: fields of one mapping must start in the same column.',
  DUPLICATE_KEY: 'Remove one of the two keys, or merge their values.',
  BLOCK_AS_IMPLICIT_KEY: 'A key is missing its colon, or the line above is indented wrongly.',
  MULTILINE_IMPLICIT_KEY: 'A key must fit on one line: is a colon or a dash missing above?',
  MISSING_CHAR: 'A quote or bracket is not closed.',
};

function codeOf(yamlCode: string): Problem['code'] {
  if (yamlCode === 'TAB_AS_INDENT') return 'yaml-tab';
  if (yamlCode === 'DUPLICATE_KEY') return 'yaml-duplicate-key';
  return 'yaml-syntax';
}

export function parseScenario(text: string): ParseResult {
  const lines = new LineIndex(text);
  // Duplicate keys are found while indexing (a Set per mapping): the parser's own check compares
  // each key with every earlier one, which takes a minute on a mapping of 100,000 keys.
  const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: true });
  const docs = Array.isArray(parsed) ? parsed : [];
  const documents: SourceDocument[] = [];
  const problems: { problem: Problem; document: number }[] = [];

  docs.forEach((doc, docIndex) => {
    const [start, , end] = doc.range;
    const span = { from: start, to: end };
    for (const err of doc.errors) {
      // A parser may point just past the end (an unclosed bracket): keep the mark inside the text.
      const from = Math.max(0, Math.min(err.pos[0], text.length - 1));
      const to = Math.min(Math.max(err.pos[1], from + 1), Math.max(text.length, 1));
      const lead = err.message.split('\n')[0] ?? err.message;
      const { line } = lines.position(from);
      const hint = YAML_HINTS[err.code];
      problems.push({
        document: docIndex,
        problem: {
          code: codeOf(err.code),
          message: `error converting YAML to JSON: yaml: line ${line}: ${lead.replace(/ at line \d+, column \d+.*$/, '')}`,
          ...(hint ? { hint } : {}),
          from,
          to,
        },
      });
    }
    const index: Index = { text, keys: new Map(), values: new Map(), duplicates: [] };
    const { keys, values } = index;
    let value: unknown;
    if (doc.errors.length === 0) {
      try {
        indexNode(doc.contents, [], index);
        for (const dup of index.duplicates)
          problems.push({
            document: docIndex,
            problem: { code: 'yaml-duplicate-key', message: `error converting YAML to JSON: yaml: line ${lines.position(dup.from).line}: Map keys must be unique`, hint: YAML_HINTS.DUPLICATE_KEY!, ...dup },
          });
        value = index.duplicates.length > 0 ? undefined : doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (e) {
        problems.push({
          document: docIndex,
          problem: {
            code: 'yaml-alias-limit',
            message: `error converting YAML to JSON: ${(e as Error).message}`,
            hint: `The playground expands at most ${MAX_ALIAS_COUNT} YAML aliases per document.`,
            from: start,
            to: Math.max(end, start + 1),
          },
        });
        value = undefined;
      }
    }
    // A document that could not be read is reported above; an empty one (`---` with nothing
    // after it) is skipped, as kubectl skips it.
    if (value === undefined || value === null) return;
    documents.push({ index: docIndex, value, span, keys, values });
  });
  return { documents, problems };
}

interface Index {
  readonly text: string;
  readonly keys: Map<string, Span>;
  readonly values: Map<string, Span>;
  /** Keys that repeat one already in their mapping. */
  readonly duplicates: Span[];
}

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
