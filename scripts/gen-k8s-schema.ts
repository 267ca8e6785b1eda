// Generates src/core/schema/k8s-schema.json: a trimmed Kubernetes OpenAPI schema covering the root
// kinds the playground accepts and every type reachable from them (minus each root's `status`).
//
// Source of truth: the models of the devDependency @kubernetes/client-node (generated from the
// Kubernetes OpenAPI spec). Property types come from each model's static `attributeTypeMap`;
// required-ness and doc comments come from the model's .d.ts beside it.
//
//   npx tsx scripts/gen-k8s-schema.ts      (or: npm run gen:schema)
//
// buildSchema() / serializeSchema() are pure (they only read the package) so the unit test can
// check that the committed JSON is exactly what the installed package produces.

import { readFileSync, writeFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as models from '@kubernetes/client-node/dist/gen/models/all.js';
import type { K8sSchema, PropertySchema, PropSchema, TypeSchema } from '../src/core/schema/schema-types.ts';

const PACKAGE = '@kubernetes/client-node';

/** Root kinds, in output order: "apiVersion/Kind" → model class name. */
export const ROOTS: Readonly<Record<string, string>> = {
  'v1/Pod': 'V1Pod',
  'v1/ReplicationController': 'V1ReplicationController',
  'apps/v1/ReplicaSet': 'V1ReplicaSet',
  'apps/v1/Deployment': 'V1Deployment',
  'v1/Service': 'V1Service',
  'v1/Endpoints': 'V1Endpoints',
  'v1/Namespace': 'V1Namespace',
  'networking.k8s.io/v1/NetworkPolicy': 'V1NetworkPolicy',
};

/** Properties of root kinds that are never written by hand and are left out with their types. */
const SKIPPED_ROOT_PROPERTIES: ReadonlySet<string> = new Set(['status']);

const MAX_DESCRIPTION = 160;

export const OUTPUT_PATH = fileURLToPath(new URL('../src/core/schema/k8s-schema.json', import.meta.url));

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

interface DeclaredProperty {
  optional: boolean;
  doc: string;
}

interface Declaration {
  classDoc: string;
  properties: Map<string, DeclaredProperty>;
  specVersion: string;
}

const packageDir = dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`));
const modelsDir = join(packageDir, 'dist', 'gen', 'models');

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error(`${PACKAGE}/package.json has no version`);
  return pkg.version;
}

function attributeTypeMap(name: string): Attribute[] {
  const model = (models as Record<string, unknown>)[name] as { attributeTypeMap?: unknown } | undefined;
  const map = model?.attributeTypeMap;
  if (!Array.isArray(map)) throw new Error(`${PACKAGE} has no model ${name} with an attributeTypeMap`);
  return map.map((a: Record<string, unknown>) => {
    const { name: n, baseName, type, format } = a;
    if (typeof n !== 'string' || typeof baseName !== 'string' || typeof type !== 'string' || typeof format !== 'string') {
      throw new Error(`${name}: malformed attributeTypeMap entry ${JSON.stringify(a)}`);
    }
    return { name: n, baseName, type, format };
  });
}

function isModel(name: string): boolean {
  const model: unknown = (models as Record<string, unknown>)[name];
  return typeof model === 'function' && Array.isArray((model as { attributeTypeMap?: unknown }).attributeTypeMap);
}

/** The text of a doc comment's lines (without the comment markers), with the generator's
 * backslash escapes (\' \" \\) undone. */
function commentText(lines: string[]): string {
  return lines
    .map((l) =>
      l
        .replace(/^\s*\/\*\*/, '')
        .replace(/\*\/\s*$/, '')
        .replace(/^\s*\*( |$)/, ''),
    )
    .join('\n')
    .replace(/\\(.)/g, '$1')
    .trim();
}

/** Reads V1Xxx.d.ts: the class's doc comment, each declared property's optionality and doc comment
 * (keyed by its TypeScript name), and the spec version from the file header. */
function readDeclaration(name: string): Declaration {
  const text = readFileSync(join(modelsDir, `${name}.d.ts`), 'utf8');
  const spec = /OpenAPI spec version: (\S+)/.exec(text);
  if (!spec?.[1]) throw new Error(`${name}.d.ts: no "OpenAPI spec version" header`);

  let classDoc: string | undefined;
  const properties = new Map<string, DeclaredProperty>();
  let comment: string[] | null = null; // lines of the comment being read
  let pending: string | null = null; // the last complete comment, if nothing came after it yet
  let inClass = false;
  for (const line of text.split('\n')) {
    if (comment) {
      comment.push(line);
      if (line.includes('*/')) {
        pending = commentText(comment);
        comment = null;
      }
      continue;
    }
    if (/^\s*\/\*\*/.test(line)) {
      if (line.includes('*/', line.indexOf('/**') + 3)) pending = commentText([line]);
      else comment = [line];
      continue;
    }
    if (!inClass) {
      if (new RegExp(`^export declare class ${name}\\b`).test(line)) {
        classDoc = pending ?? '';
        inClass = true;
      }
    } else {
      // Data properties sit at one indent level: `'name': T;` or `'name'?: T;`.
      const prop = /^ {4}'([^']+)'(\?)?:/.exec(line);
      if (prop?.[1]) properties.set(prop[1], { optional: prop[2] === '?', doc: pending ?? '' });
    }
    if (line.trim() !== '') pending = null;
  }
  if (classDoc === undefined) throw new Error(`${name}.d.ts: no "export declare class ${name}"`);
  return { classDoc, properties, specVersion: spec[1] };
}

/** First sentence (up to the first ". ", not counting "e.g. " / "i.e. "), whitespace collapsed,
 * at most MAX_DESCRIPTION characters. */
export function firstSentence(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  let end = s.length;
  for (const m of s.matchAll(/\. /g)) {
    if (/(?:^|[^\w.])(?:e\.g|i\.e)$/i.test(s.slice(0, m.index))) continue;
    end = m.index + 1;
    break;
  }
  const sentence = s.slice(0, end);
  return sentence.length <= MAX_DESCRIPTION ? sentence : `${sentence.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…`;
}

/** Maps an attributeTypeMap type string (and its format) to a property schema; `refs` collects the
 * model names it references. Unknown type strings are an error, so package changes surface here. */
function mapType(type: string, format: string, where: string, refs: string[]): PropSchema {
  const t = type.trim();
  const array = /^Array<(.+)>$/.exec(t);
  if (array?.[1]) return { type: 'array', items: mapType(array[1], format, where, refs) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(t);
  if (map?.[1]) return { type: 'map', values: mapType(map[1], format, where, refs) };
  switch (t) {
    case 'string':
    case 'Date': // format "date-time": RFC 3339 string on the wire
      return { type: 'string' };
    case 'boolean':
      return { type: 'boolean' };
    case 'any':
      return { type: 'any' };
    case 'IntOrString':
      return { type: 'int-or-string' };
    case 'number':
      if (format === 'int32' || format === 'int64') return { type: 'integer' };
      if (format === 'float' || format === 'double') return { type: 'number' };
      throw new Error(`${where}: number with unexpected format ${JSON.stringify(format)}`);
  }
  if (isModel(t)) {
    refs.push(t);
    return { type: 'object', ref: t };
  }
  throw new Error(`${where}: unsupported type ${JSON.stringify(type)} (format ${JSON.stringify(format)})`);
}

function buildType(name: string, isRoot: boolean, refs: string[], specVersions: Set<string>): TypeSchema {
  const decl = readDeclaration(name);
  specVersions.add(decl.specVersion);
  const required: string[] = [];
  const properties: Record<string, PropertySchema> = {};
  for (const attr of attributeTypeMap(name)) {
    if (isRoot && SKIPPED_ROOT_PROPERTIES.has(attr.baseName)) continue;
    const declared = decl.properties.get(attr.name);
    if (!declared) throw new Error(`${name}.d.ts: property '${attr.name}' not declared`);
    const where = `${name}.${attr.baseName}`;
    const schema = mapType(attr.type, attr.format, where, refs);
    properties[attr.baseName] = { ...schema, description: firstSentence(declared.doc) };
    if (!declared.optional) required.push(attr.baseName);
  }
  return { description: firstSentence(decl.classDoc), required, properties };
}

/** Builds the trimmed schema from the installed package. Pure apart from reading the package. */
export function buildSchema(): K8sSchema {
  const specVersions = new Set<string>();
  const built = new Map<string, TypeSchema>();
  const rootNames = new Set(Object.values(ROOTS));
  const queue = [...rootNames];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (built.has(name)) continue;
    const refs: string[] = [];
    built.set(name, buildType(name, rootNames.has(name), refs, specVersions));
    for (const ref of refs) if (!built.has(ref)) queue.push(ref);
  }
  if (specVersions.size !== 1) {
    throw new Error(`models disagree on the OpenAPI spec version: ${[...specVersions].sort().join(', ')}`);
  }
  const types: Record<string, TypeSchema> = {};
  for (const name of [...built.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) types[name] = built.get(name)!;
  return {
    source: `${PACKAGE} ${packageVersion()}, OpenAPI spec ${[...specVersions][0]}`,
    roots: { ...ROOTS },
    types,
  };
}

/** The exact bytes written to k8s-schema.json. */
export function serializeSchema(schema: K8sSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const text = serializeSchema(buildSchema());
  writeFileSync(OUTPUT_PATH, text);
  const schema = JSON.parse(text) as K8sSchema;
  console.log(`wrote ${OUTPUT_PATH}: ${Buffer.byteLength(text)} bytes, ${Object.keys(schema.types).length} types (${schema.source})`);
}
