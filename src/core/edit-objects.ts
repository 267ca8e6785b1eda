/**
 * Edits of the scenario text that `kubectl create|apply|delete|scale` make: add a document,
 * replace or remove the document of an object, set a controller's replicas. Each changes only
 * the text it must; comments, order and formatting of the rest stay as the student wrote them.
 *
 * @example setReplicas(lab, 'ReplicationController', 'frontend', 'default', 3) // "replicas: 1" → "replicas: 3"
 */
import { isMap, isScalar, parseAllDocuments, parseDocument, type Document } from 'yaml';

export interface DocumentInfo {
  readonly index: number;
  readonly kind?: string;
  readonly apiVersion?: string;
  readonly name?: string;
  /** metadata.namespace, or `default`. */
  readonly namespace: string;
  /** The document's text without the `---` line that starts it, to the end of its content. */
  readonly body: string;
  /** The whole document, its `---` line included. */
  readonly from: number;
  readonly to: number;
  /**
   * Where its content ends: comment lines after it, before the next `---`, belong to the
   * document in YAML but introduce the next one as the student wrote them, so edits keep them.
   */
  readonly contentTo: number;
  /** Where the body starts. */
  readonly bodyFrom: number;
}

export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function parsed(text: string): Document.Parsed[] {
  const docs = parseAllDocuments(text);
  return Array.isArray(docs) ? docs : [];
}

function info(text: string, doc: Document.Parsed, index: number): DocumentInfo {
  const [from, contentTo, to] = doc.range;
  let bodyFrom = from;
  if (text.startsWith('---', from)) {
    const eol = text.indexOf('\n', from);
    bodyFrom = eol < 0 || eol > to ? Math.min(from + 3, to) : eol + 1;
  }
  const value = (path: string[]) => {
    try {
      return str(doc.getIn(path));
    } catch {
      return undefined;
    }
  };
  const kind = value(['kind']);
  const apiVersion = value(['apiVersion']);
  const name = value(['metadata', 'name']);
  return {
    index,
    ...(kind !== undefined ? { kind } : {}),
    ...(apiVersion !== undefined ? { apiVersion } : {}),
    ...(name !== undefined ? { name } : {}),
    namespace: value(['metadata', 'namespace']) ?? 'default',
    body: text.slice(bodyFrom, contentTo),
    from,
    to,
    contentTo,
    bodyFrom,
  };
}

/** An empty `---` section: the parser gives it a null scalar, not nothing. */
function isEmpty(doc: Document.Parsed): boolean {
  return doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null);
}

/** The documents of a text that hold something (an empty `---` section is skipped, as kubectl does). */
export function documentsOf(text: string): DocumentInfo[] {
  return parsed(text)
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => !isEmpty(d))
    .map(({ d, i }) => info(text, d, i));
}

function matches(d: DocumentInfo, ref: ObjectRef): boolean {
  return d.kind === ref.kind && d.name === ref.name && d.namespace === (ref.namespace ?? 'default');
}

export function findDocument(text: string, ref: ObjectRef): DocumentInfo | undefined {
  return documentsOf(text).find((d) => matches(d, ref));
}

function withNewline(s: string): string {
  return s === '' || s.endsWith('\n') ? s : `${s}\n`;
}

function bare(body: string): string {
  return withNewline(body.replace(/^---[^\n]*\n/, ''));
}

/** Appends a document (the text of one object) at the end, after a `---`. */
export function addDocument(text: string, body: string): string {
  const doc = bare(body);
  if (documentsOf(text).length === 0) return withNewline(text) + doc;
  return `${withNewline(text)}---\n${doc}`;
}

/** Removes the document of an object, its `---` with it; undefined when there is none. */
export function removeDocument(text: string, ref: ObjectRef): string | undefined {
  const docs = documentsOf(text);
  const at = docs.findIndex((d) => matches(d, ref));
  if (at < 0) return undefined;
  const doc = docs[at]!;
  const prev = docs[at - 1];
  // The comments (and empty sections) between the previous document and this one's `---`
  // introduce it: they go too.
  if (prev) return joined(text.slice(0, prev.contentTo), text.slice(doc.contentTo));
  // A first document without a `---` of its own takes the next one's, and leaves what
  // introduces the next one.
  const next = docs[at + 1];
  if (doc.bodyFrom === doc.from && next)
    return joined(text.slice(0, doc.from), text.slice(doc.contentTo, next.from) + text.slice(next.bodyFrom));
  return joined(text.slice(0, doc.from), text.slice(doc.contentTo));
}

/** Two pieces of text, the second starting on a line of its own (a `---` must start its line). */
function joined(head: string, tail: string): string {
  return head === '' || tail === '' || head.endsWith('\n') ? head + tail : `${head}\n${tail}`;
}

/** Replaces the document of an object with new text; undefined when there is none. */
export function replaceDocument(text: string, ref: ObjectRef, body: string): string | undefined {
  const doc = findDocument(text, ref);
  if (!doc) return undefined;
  return text.slice(0, doc.bodyFrom) + bare(body) + text.slice(doc.contentTo);
}

/** Sets `spec.replicas` of a controller's document; undefined when there is no such document. */
export function setReplicas(text: string, ref: ObjectRef, replicas: number): string | undefined {
  const docs = parsed(text);
  const infos = docs.map((d, i) => info(text, d, i));
  const at = infos.findIndex((d) => !isEmpty(docs[d.index]!) && matches(d, ref));
  if (at < 0) return undefined;
  const doc = docs[at]!;
  const existing = doc.getIn(['spec', 'replicas'], true);
  if (isScalar(existing) && existing.range) return text.slice(0, existing.range[0]) + String(replicas) + text.slice(existing.range[1]);
  const spec = doc.get('spec', true);
  if (isMap(spec) && !spec.flow && spec.items.length > 0 && spec.range) {
    const lineStart = text.lastIndexOf('\n', spec.range[0] - 1) + 1;
    const indent = text.slice(lineStart, spec.range[0]);
    if (/^\s*$/.test(indent)) return `${text.slice(0, lineStart)}${indent}replicas: ${replicas}\n${text.slice(lineStart)}`;
  }
  doc.setIn(['spec', 'replicas'], replicas);
  const d = infos[at]!;
  return text.slice(0, d.bodyFrom) + withNewline(doc.toString().replace(/^---\n/, '')) + text.slice(d.to);
}

/**
 * A document without its `status`, which the API server ignores on create and update (a file
 * saved with `kubectl get -o yaml` has one). Other documents come back unchanged.
 */
export function withoutStatus(body: string): string {
  const doc = parseDocument(body);
  if (doc.errors.length > 0 || !isMap(doc.contents) || !doc.has('status')) return body;
  doc.delete('status');
  return doc.toString();
}
