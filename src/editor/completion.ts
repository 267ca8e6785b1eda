/**
 * Autocompletion from the schema: field names at a key, the allowed values of a few fields at a
 * value. `complete` is pure (text + offset → options) and runs in Node; `completionSource` is its
 * thin wrapper for @codemirror/autocomplete.
 */
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { ALL_TYPES, API_VERSION_OF, SIMULATED_KINDS, rootTypeOf, type SimulatedKind } from '../core/schema/kinds.ts';
import type { PropSchema, PropertySchema, TypeSchema } from '../core/schema/schema-types.ts';
import { cursorContext, type CursorContext, type PathSegment } from './yaml-path.ts';

/** The root of a document whose kind is missing or unknown: the fields every object has. */
const GENERIC_ROOT = '(any object)';
const GENERIC_TYPE: TypeSchema = {
  description: 'A Kubernetes object.',
  required: ['apiVersion', 'kind'],
  properties: {
    apiVersion: ALL_TYPES.V1Pod!.properties.apiVersion!,
    kind: ALL_TYPES.V1Pod!.properties.kind!,
    metadata: ALL_TYPES.V1Pod!.properties.metadata!,
    spec: { type: 'object', ref: '(depends on the kind)', description: 'The desired state of the object; its fields depend on the kind.' },
  },
};

function typeNamed(name: string): TypeSchema | undefined {
  return name === GENERIC_ROOT ? GENERIC_TYPE : ALL_TYPES[name];
}

/** The simulated kind a `kind:` value names, forgiving its case (the validator reports the case). */
export function simulatedKind(kind: string | undefined): SimulatedKind | undefined {
  if (kind === undefined) return undefined;
  return SIMULATED_KINDS.find((k) => k === kind) ?? SIMULATED_KINDS.find((k) => k.toLowerCase() === kind.toLowerCase());
}

function property(type: TypeSchema, key: string): PropertySchema | undefined {
  const exact = type.properties[key];
  if (exact) return exact;
  const lower = key.toLowerCase();
  const found = Object.keys(type.properties).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : type.properties[found];
}

/** The schema of the value at `path` in a document of `kind`, or undefined where the schema does not reach. */
export function schemaAt(kind: string | undefined, path: readonly PathSegment[]): PropSchema | undefined {
  const simulated = simulatedKind(kind);
  let schema: PropSchema = { type: 'object', ref: simulated ? rootTypeOf(simulated) : GENERIC_ROOT };
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (schema.type !== 'array') return undefined;
      schema = schema.items;
    } else if (schema.type === 'object') {
      const type = typeNamed(schema.ref);
      const prop = type && property(type, segment);
      if (!prop) return undefined;
      schema = prop;
    } else if (schema.type === 'map') {
      schema = schema.values;
    } else return undefined;
  }
  return schema;
}

/** A type as `kubectl explain` writes it: string, integer, Object, []Object, map[string]string. */
export function typeText(schema: PropSchema): string {
  switch (schema.type) {
    case 'object':
      return 'Object';
    case 'array':
      return `[]${typeText(schema.items)}`;
    case 'map':
      return `map[string]${typeText(schema.values)}`;
    case 'int-or-string':
      return 'IntOrString';
    case 'quantity':
      return 'Quantity';
    default:
      return schema.type;
  }
}

/** Case-insensitive, in order, not necessarily adjacent: what CodeMirror's own filter accepts. */
export function matchesTyped(label: string, typed: string): boolean {
  const l = label.toLowerCase();
  let i = 0;
  for (const ch of typed.toLowerCase()) {
    i = l.indexOf(ch, i);
    if (i === -1) return false;
    i++;
  }
  return true;
}

/** What to insert for a field name: the key, its colon and the start of its value. */
function keyInsertion(name: string, schema: PropSchema, ctx: CursorContext): string {
  if (/^\s*:/.test(ctx.after)) return name;
  const indent = ' '.repeat(ctx.keyColumn);
  if (schema.type === 'object' || schema.type === 'map') return `${name}:\n${indent}  `;
  if (schema.type === 'array') return `${name}:\n${indent}- `;
  return `${name}: `;
}

function keyOptions(ctx: CursorContext): Completion[] {
  const schema = schemaAt(ctx.kind, ctx.path);
  if (schema?.type !== 'object') return [];
  const type = typeNamed(schema.ref);
  if (!type) return [];
  const present = new Set(ctx.siblings);
  return Object.entries(type.properties)
    .filter(([name]) => !present.has(name))
    .map(([name, prop]) => {
      const required = type.required.includes(name);
      const info = prop.description || (prop.type === 'object' ? (typeNamed(prop.ref)?.description ?? '') : '');
      return {
        label: name,
        type: 'property',
        detail: required ? `${typeText(prop)}, required` : typeText(prop),
        ...(info ? { info } : {}),
        apply: keyInsertion(name, prop, ctx),
        boost: required ? 1 : 0,
      };
    });
}

/** The values a field takes, in the order they are offered, keyed by "Type.field". */
const VALUES: Readonly<Record<string, readonly string[]>> = {
  'V1ServiceSpec.type': ['ClusterIP', 'NodePort', 'LoadBalancer'],
  'V1ServiceSpec.sessionAffinity': ['None', 'ClientIP'],
  'ClusterSpec.profile': ['book', 'kind', 'flannel'],
  'ClusterSpec.kubeProxyMode': ['userspace', 'iptables', 'ipvs'],
  'ClusterSpec.podMasquerade': ['outsideClusterCIDR', 'dockerDefault'],
};
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

function valueList(ctx: CursorContext): { values: string[]; detail?: (v: string) => string } {
  const key = ctx.key ?? '';
  if (ctx.path.length === 0 && key === 'kind') {
    return { values: [...SIMULATED_KINDS], detail: (k) => API_VERSION_OF[k as SimulatedKind] };
  }
  if (ctx.path.length === 0 && key === 'apiVersion') {
    const all = [...new Set(Object.values(API_VERSION_OF))];
    const kind = simulatedKind(ctx.kind);
    const mine = kind && API_VERSION_OF[kind];
    const kindsAt = (v: string) => SIMULATED_KINDS.filter((k) => API_VERSION_OF[k] === v).join(', ');
    return { values: mine ? [mine, ...all.filter((v) => v !== mine)] : all, detail: kindsAt };
  }
  const mapping = schemaAt(ctx.kind, ctx.path);
  if (mapping?.type !== 'object') return { values: [] };
  const listed = VALUES[`${mapping.ref}.${key}`];
  if (listed) return { values: [...listed] };
  const prop = typeNamed(mapping.ref)?.properties[key];
  if (key === 'protocol' && prop?.type === 'string') return { values: PROTOCOLS };
  return { values: [] };
}

function valueOptions(ctx: CursorContext): Completion[] {
  const { values, detail } = valueList(ctx);
  // Boosts keep the order above (the kind's own apiVersion first) when nothing is typed yet.
  return values.map((value, i) => ({
    label: value,
    type: 'enum',
    ...(detail ? { detail: detail(value) } : {}),
    apply: ctx.needsSpace ? ` ${value}` : value,
    boost: 50 - i,
  }));
}

export interface Completions {
  /** The range the chosen option replaces. */
  readonly from: number;
  readonly to: number;
  readonly options: readonly Completion[];
  /** Where the cursor is, as the options were worked out from it. */
  readonly context: CursorContext;
}

/**
 * The completions at `offset` in `text`, filtered (case-insensitively) by the word being typed,
 * those it begins first.
 * Without `explicit` (the list opening as the student types), a key position with nothing typed
 * yet offers nothing, so a new line does not open a list.
 * @example complete('kind: Pod\nspec:\n  containers:\n  - name: a\n    im', 48)?.options[0]?.label // 'image'
 */
export function complete(text: string, offset: number, explicit = true): Completions | null {
  const ctx = cursorContext(text, offset);
  if (!ctx) return null;
  if (ctx.at === 'key' && ctx.typed === '' && !explicit) return null;
  const all = ctx.at === 'key' ? keyOptions(ctx) : valueOptions(ctx);
  // Those that start with what is typed first, as CodeMirror ranks them.
  const typed = ctx.typed.toLowerCase();
  const options = all
    .filter((o) => matchesTyped(o.label, typed))
    .sort((a, b) => Number(b.label.toLowerCase().startsWith(typed)) - Number(a.label.toLowerCase().startsWith(typed)));
  if (options.length === 0) return null;
  // A value typed out in full is done: an open list would take the Enter that ends the line.
  if (ctx.at === 'value' && options.some((o) => o.label === ctx.typed)) return null;
  return { from: ctx.from, to: ctx.to, options, context: ctx };
}

const WORD_RE = /^[\w.\-/]*$/;

/** The completion source for @codemirror/autocomplete. */
export function completionSource(context: CompletionContext): CompletionResult | null {
  const result = complete(context.state.doc.toString(), context.pos, context.explicit);
  if (!result) return null;
  const { from, to, options } = result;
  const values = result.context.at === 'value' ? new Set(options.map((o) => o.label)) : undefined;
  // Reuse the list while a word is typed, but ask again (and close) once a value is complete.
  const validFor = (typed: string) => WORD_RE.test(typed) && !values?.has(typed);
  return { from, to, options: [...options], validFor };
}
