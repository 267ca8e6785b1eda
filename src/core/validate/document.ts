/**
 * One YAML document → its kind, checked against that kind's schema. The messages are kubectl's:
 * `apiVersion not set`, `no matches for kind "X" in version "Y"`, strict decoding errors.
 */
import type { Problem } from '../diagnostics.ts';
import { msg, type Message } from '../message.ts';
import { spanAt, type SourceDocument } from '../parse.ts';
import { checkAgainstSchema, editDistance } from '../schema/check.ts';
import { ALL_TYPES, API_VERSION_OF, OTHER_KNOWN_KINDS, rootTypeOf, SIMULATED_KINDS, type SimulatedKind } from '../schema/kinds.ts';

export interface TypedDocument {
  readonly doc: SourceDocument;
  readonly kind: SimulatedKind;
  readonly value: Record<string, unknown>;
}

export type DocumentResult = { typed?: TypedDocument; problems: Problem[] };

/** The value of a top-level field, also when the student wrote it in the wrong case. */
function looseField(record: Record<string, unknown>, name: string): { key: string; value: unknown } | undefined {
  if (name in record) return { key: name, value: record[name] };
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : { key, value: record[key] };
}

function closestKind(kind: string): SimulatedKind | undefined {
  const lower = kind.toLowerCase();
  const exact = SIMULATED_KINDS.find((k) => k.toLowerCase() === lower);
  if (exact) return exact;
  let best: SimulatedKind | undefined;
  let bestDistance = 3;
  for (const k of SIMULATED_KINDS) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

export function checkDocument(doc: SourceDocument): DocumentResult {
  const problems: Problem[] = [];
  const value = doc.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push({
      code: 'not-an-object',
      says: msg('api.not-an-object', { value: jsonKind(value) }),
      advice: msg('hint.mapping'),
      ...doc.span,
    });
    return { problems };
  }
  const record = value as Record<string, unknown>;
  const apiField = looseField(record, 'apiVersion');
  const kindField = looseField(record, 'kind');

  if (!apiField) {
    problems.push({
      code: 'missing-api-version',
      says: msg('api.no-api-version'),
      advice: msg('hint.add-api-version'),
      ...spanAt(doc, []),
    });
  }
  if (!kindField) {
    problems.push({
      code: 'missing-kind',
      says: msg('api.no-kind'),
      advice: msg('hint.add-kind'),
      ...spanAt(doc, []),
    });
  }
  if (!apiField || !kindField) return { problems };
  const apiVersion = String(apiField.value ?? '');
  const kind = String(kindField.value ?? '');

  const simulated = SIMULATED_KINDS.find((k) => k === kind);
  const served = simulated ? API_VERSION_OF[simulated] : OTHER_KNOWN_KINDS[kind];
  if (served === undefined) {
    const guess = closestKind(kind);
    const kindSpan = spanAt(doc, [kindField.key], 'value');
    problems.push({
      code: 'unknown-kind',
      says: msg('api.no-kind-match', { name: JSON.stringify(nameOf(record)), kind, version: apiVersion }),
      ...(guess
        ? { advice: msg('hint.kind-case', { kind: guess }), fix: { ...kindSpan, insert: guess } }
        : { advice: msg('hint.simulated-kinds', { kinds: SIMULATED_KINDS.join(', ') }) }),
      ...kindSpan,
    });
  } else if (served !== apiVersion) {
    const apiSpan = spanAt(doc, [apiField.key], 'value');
    problems.push({
      code: 'wrong-api-version',
      says: msg('api.wrong-version', { kind, version: apiVersion }),
      advice: msg('hint.served-at', { kind, version: served }),
      fix: { ...apiSpan, insert: served },
      ...apiSpan,
    });
  } else if (!simulated) {
    problems.push({
      code: 'not-simulated',
      severity: 'warning',
      says: msg('api.kind-not-simulated', { kind }),
      ...spanAt(doc, [kindField.key], 'value'),
    });
    return { problems };
  }

  // Check the fields even when the kind is misspelt, against the kind it most likely is.
  const checkedKind = simulated ?? closestKind(kind);
  if (checkedKind) checkAgainstSchema(doc, record, rootTypeOf(checkedKind), ALL_TYPES, problems);
  // The semantic checks run on a document with schema errors too, so every problem shows at once;
  // such a document is reported, never simulated.
  if (!simulated) return { problems };
  return { typed: { doc, kind: simulated, value: record }, problems };
}

/** What a document is when it is not a mapping, in JSON's words. */
function jsonKind(value: unknown): Message {
  if (Array.isArray(value)) return msg('json.list');
  if (typeof value === 'number' || typeof value === 'bigint') return msg('json.number');
  if (typeof value === 'boolean') return msg('json.boolean');
  return msg('json.string');
}

function nameOf(record: Record<string, unknown>): string {
  const meta = record.metadata;
  if (typeof meta === 'object' && meta !== null && 'name' in meta) return String((meta as { name: unknown }).name);
  return '';
}
