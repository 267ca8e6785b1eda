/**
 * No field is silently ignored: the schema of every simulated kind is walked, and each field must
 * be either simulated or warned (src/core/validate/field-fates.ts); each warned field, written in
 * a manifest, gets its warning at its own line.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { simulate } from '../../src/core/index.ts';
import { ALL_TYPES, API_VERSION_OF, rootTypeOf, SIMULATED_KINDS } from '../../src/core/schema/kinds.ts';
import type { PropSchema } from '../../src/core/schema/schema-types.ts';
import { FIELD_FATES } from '../../src/core/validate/field-fates.ts';
import { LAB_TEXT } from '../helpers.ts';

interface Field {
  readonly kind: string;
  readonly path: readonly string[];
  readonly type: string;
  readonly prop: string;
  readonly schema: PropSchema;
}

const objectRef = (s: PropSchema): string | undefined =>
  s.type === 'object' ? s.ref : s.type === 'array' ? objectRef(s.items) : s.type === 'map' ? objectRef(s.values) : undefined;

/** Every field reachable from a kind's root through simulated fields (a warned field covers its subtree). */
function walk(kind: string, type: string, path: readonly string[], out: Field[], missing: string[], seen: Set<string>): void {
  if (seen.has(type)) return;
  const schema = ALL_TYPES[type]!;
  for (const [prop, s] of Object.entries(schema.properties)) {
    const fate = FIELD_FATES[type]?.[prop];
    if (fate === undefined) {
      missing.push(`${kind} ${[...path, prop].join('.')} (${type}.${prop})`);
      continue;
    }
    out.push({ kind, path: [...path, prop], type, prop, schema: s });
    const ref = objectRef(s);
    if (fate === 'simulated' && ref) walk(kind, ref, [...path, prop], out, missing, new Set([...seen, type]));
  }
}

const fields: Field[] = [];
const missing: string[] = [];
for (const kind of SIMULATED_KINDS) walk(kind, rootTypeOf(kind), [], fields, missing, new Set());

describe('every field of every simulated kind has a fate', () => {
  it('no field is neither simulated nor warned', () => {
    expect(missing).toEqual([]);
    expect(fields.length).toBeGreaterThan(150);
  });

  it('the table names no field the schema lacks (no stale entries)', () => {
    const stale = Object.entries(FIELD_FATES).flatMap(([type, props]) =>
      Object.keys(props)
        .filter((p) => ALL_TYPES[type]?.properties[p] === undefined)
        .map((p) => `${type}.${p}`),
    );
    expect(stale).toEqual([]);
  });
});

/** A value of the schema's type, minimal. */
function sample(s: PropSchema): unknown {
  switch (s.type) {
    case 'string':
    case 'quantity':
    case 'any':
      return 'x';
    case 'integer':
    case 'number':
    case 'int-or-string':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'map':
      return {};
    case 'object':
      return {};
  }
}

/** Sets a value at a path whose arrays are object lists: each array step takes element 0. */
function setAt(doc: Record<string, unknown>, path: readonly string[], arrays: ReadonlySet<string>, value: unknown): void {
  let here = doc;
  path.forEach((seg, i) => {
    if (i === path.length - 1) {
      here[seg] = value;
      return;
    }
    const prefix = path.slice(0, i + 1).join('.');
    if (arrays.has(prefix)) {
      const list = (here[seg] as Record<string, unknown>[] | undefined) ?? [{}];
      here[seg] = list;
      here = list[0]!;
    } else here = (here[seg] ??= {}) as Record<string, unknown>;
  });
}

describe('a warned field warns at its line, saying what a real cluster does', () => {
  const warned = fields.filter((f) => FIELD_FATES[f.type]![f.prop] !== 'simulated' && f.kind !== 'Cluster');
  it.each(warned.map((f) => [`${f.kind} ${f.path.join('.')}`, f] as const))('%s', (_, f) => {
    const arrays = new Set(
      fields.filter((g) => g.kind === f.kind && g.schema.type === 'array' && objectRef(g.schema)).map((g) => g.path.join('.')),
    );
    const doc: Record<string, unknown> = { apiVersion: API_VERSION_OF[f.kind as (typeof SIMULATED_KINDS)[number]], kind: f.kind };
    setAt(doc, ['metadata', 'name'], arrays, 'x');
    setAt(doc, f.path, arrays, sample(f.schema));
    const text = stringify(doc);
    const warning = simulate(text).diagnostics.find((d) => d.code === 'not-simulated' && d.message.includes(`${f.prop}: not simulated: `));
    expect(warning, text).toBeDefined();
    expect(text.split('\n')[warning!.line - 1]).toMatch(new RegExp(`^\\s*(- )?${f.prop}:`));
  });
});

describe('simulated fields draw no warning', () => {
  it('the lab (the playground annotations included) has no not-simulated warning', () => {
    expect(simulate(LAB_TEXT).diagnostics.filter((d) => d.code === 'not-simulated')).toEqual([]);
  });

  it('any other annotation is warned as kept for tools', () => {
    const text = LAB_TEXT.replace('kube-netplay/container-id.POD', 'example.com/owner: team-a\n        kube-netplay/container-id.POD');
    const w = simulate(text).diagnostics.filter((d) => d.code === 'not-simulated');
    expect(w).toHaveLength(1);
    expect(text.split('\n')[w[0]!.line - 1]).toContain('example.com/owner');
  });
});
