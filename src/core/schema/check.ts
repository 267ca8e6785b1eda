/**
 * Checks a document against a schema the way the API server's strict decoding does: unknown
 * fields, wrong types and missing required fields, each at its path. Common slips (a field's case,
 * a typo, a field at the wrong indent) get a hint and, where the fix is certain, a quick fix.
 */
import type { Problem } from '../diagnostics.ts';
import { msg, type Message } from '../message.ts';
import { spanAt, type SourceDocument } from '../parse.ts';
import { pathText, type Path } from '../path.ts';
import type { PropSchema, TypeSchema } from './schema-types.ts';

export type TypeTable = Readonly<Record<string, TypeSchema>>;

interface Frame {
  readonly type: string;
  readonly path: Path;
}

export function checkAgainstSchema(doc: SourceDocument, value: unknown, rootType: string, types: TypeTable, problems: Problem[]): void {
  checkObject(doc, value, rootType, [], [], types, problems);
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

function goType(schema: PropSchema): string {
  switch (schema.type) {
    case 'integer':
      return 'int32';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'int-or-string':
      return 'intstr.IntOrString';
    case 'quantity':
      return 'resource.Quantity';
    case 'any':
      return 'interface {}';
    case 'string':
      return 'string';
    case 'array':
      return `[]${goType(schema.items)}`;
    case 'map':
      return `map[string]${goType(schema.values)}`;
    case 'object':
      return `v1.${schema.ref.replace(/^(Core)?V\d+(beta\d+|alpha\d+)?/, '')}`;
  }
}

function goStruct(typeName: string): string {
  return typeName.replace(/^(Core)?V\d+(beta\d+|alpha\d+)?/, '');
}

/** Go's encoding/json names a field by its struct and its path without list indices. */
function goFieldPath(owner: string, path: Path): string {
  return `${goStruct(owner)}.${path.filter((s) => typeof s === 'string').join('.')}`;
}

function valueMatches(schema: PropSchema, value: unknown): boolean {
  switch (schema.type) {
    case 'string':
      return typeof value === 'string';
    case 'quantity':
      return typeof value === 'string' || typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'int-or-string':
      return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
    case 'any':
      return true;
    case 'array':
      return Array.isArray(value);
    case 'map':
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

function typeHint(schema: PropSchema, value: unknown): Message | undefined {
  if ((schema.type === 'integer' || schema.type === 'int-or-string') && typeof value === 'string' && /^\d+$/.test(value))
    return msg('hint.unquote-number', { value });
  if (schema.type === 'string' && (typeof value === 'number' || typeof value === 'boolean'))
    return msg('hint.quote-string', { value: String(value) });
  if (schema.type === 'array' && typeof value === 'object' && value !== null) return msg('hint.is-list');
  if ((schema.type === 'object' || schema.type === 'map') && Array.isArray(value)) return msg('hint.is-mapping');
  if ((schema.type === 'object' || schema.type === 'map') && typeof value === 'string') return msg('hint.holds-fields');
  return undefined;
}

function checkValue(
  doc: SourceDocument,
  value: unknown,
  schema: PropSchema,
  owner: string,
  path: Path,
  stack: readonly Frame[],
  types: TypeTable,
  problems: Problem[],
): void {
  if (value === null || value === undefined) return; // JSON null decodes to the zero value
  if (!valueMatches(schema, value)) {
    const shown = typeof value === 'number' ? `number ${value}` : jsonKind(value);
    const span = spanAt(doc, path, 'value');
    const advice = typeHint(schema, value);
    problems.push({
      code: 'wrong-type',
      says: msg('api.cannot-unmarshal', { value: shown, field: goFieldPath(owner, path), type: goType(schema) }),
      ...(advice ? { advice } : {}),
      ...span,
    });
    return;
  }
  if (schema.type === 'array') {
    (value as unknown[]).forEach((item, i) => checkValue(doc, item, schema.items, owner, [...path, i], stack, types, problems));
  } else if (schema.type === 'map') {
    for (const [k, v] of Object.entries(value as object)) checkValue(doc, v, schema.values, owner, [...path, k], stack, types, problems);
  } else if (schema.type === 'object') {
    checkObject(doc, value, schema.ref, path, stack, types, problems);
  }
}

function checkObject(
  doc: SourceDocument,
  value: unknown,
  typeName: string,
  path: Path,
  stack: readonly Frame[],
  types: TypeTable,
  problems: Problem[],
): void {
  const type = types[typeName];
  if (!type || typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const record = value as Record<string, unknown>;
  const frames = [...stack, { type: typeName, path }];
  for (const [key, child] of Object.entries(record)) {
    const childPath = [...path, key];
    const prop = type.properties[key];
    if (prop) {
      checkValue(doc, child, prop, typeName, childPath, frames, types, problems);
      continue;
    }
    const suggestion = suggestField(key, type);
    problems.push(unknownField(doc, childPath, key, suggestion, typeName, frames, types));
    // Keep checking below a mis-cased field as if it were spelt right, so every slip is reported at once.
    const recovered = suggestion ? type.properties[suggestion] : undefined;
    if (recovered && suggestion!.toLowerCase() === key.toLowerCase() && !(suggestion! in record))
      checkValue(doc, child, recovered, typeName, childPath, frames, types, problems);
  }
  for (const required of type.required) {
    if (record[required] !== undefined) continue;
    const miscased = Object.keys(record).some((k) => k.toLowerCase() === required.toLowerCase());
    if (miscased) continue; // reported as an unknown field with the fix
    problems.push({
      code: 'required',
      says: msg('field.required', { path: pathText([...path, required]) }),
      advice: msg('hint.add-field', { field: required }),
      ...spanAt(doc, path),
    });
  }
}

/** The known field a student most likely meant: same letters in another case, or a small typo. */
export function suggestField(key: string, type: TypeSchema): string | undefined {
  const names = Object.keys(type.properties);
  const lower = key.toLowerCase();
  const sameCase = names.find((n) => n.toLowerCase() === lower);
  if (sameCase) return sameCase;
  if (key.length < 4) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of names) {
    const d = editDistance(lower, name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

function unknownField(
  doc: SourceDocument,
  path: Path,
  key: string,
  suggestion: string | undefined,
  owner: string,
  frames: readonly Frame[],
  types: TypeTable,
): Problem {
  const span = spanAt(doc, path, 'key');
  const says = msg('api.unknown-field', { path: pathText(path) });
  if (suggestion) {
    const miscased = suggestion.toLowerCase() === key.toLowerCase();
    return {
      code: 'unknown-field',
      says,
      advice: msg(miscased ? 'hint.did-you-mean-case' : 'hint.did-you-mean', { name: suggestion }),
      fix: { ...span, insert: suggestion },
      ...span,
    };
  }
  const home = elsewhere(key, owner, frames, types);
  return {
    code: 'unknown-field',
    says,
    advice: home
      ? msg('hint.indentation', { field: home.field, home: goStruct(home.type), owner: goStruct(owner) })
      : msg('hint.no-such-field', { owner: goStruct(owner), field: key, fields: Object.keys(types[owner]?.properties ?? {}).join(', ') }),
    ...span,
  };
}

/** Looks for the field one level up (indented too far) or one level down (not indented enough). */
function elsewhere(key: string, owner: string, frames: readonly Frame[], types: TypeTable): { field: string; type: string } | undefined {
  const lower = key.toLowerCase();
  const candidates: string[] = [];
  for (let i = frames.length - 2; i >= Math.max(0, frames.length - 3); i--) candidates.push(frames[i]!.type);
  for (const prop of Object.values(types[owner]?.properties ?? {})) {
    const ref = refOf(prop);
    if (ref) candidates.push(ref);
  }
  for (const type of candidates) {
    const field = Object.keys(types[type]?.properties ?? {}).find((n) => n.toLowerCase() === lower);
    if (field) return { field, type };
  }
  return undefined;
}

function refOf(schema: PropSchema): string | undefined {
  if (schema.type === 'object') return schema.ref;
  if (schema.type === 'array') return refOf(schema.items);
  if (schema.type === 'map') return refOf(schema.values);
  return undefined;
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
