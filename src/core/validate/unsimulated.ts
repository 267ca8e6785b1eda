/**
 * Warns at every field the playground does not simulate (field-fates.ts), saying what a real
 * cluster would do with it, so no field of a valid manifest is silently ignored.
 */
import { ALL_TYPES } from '../schema/kinds.ts';
import type { PropSchema } from '../schema/schema-types.ts';
import { msg } from '../message.ts';
import { pathText, type Path } from '../path.ts';
import type { Reporter } from './finding.ts';
import { FIELD_FATES } from './field-fates.ts';
import { CONTAINER_ID_ANNOTATION } from './pinned-ids.ts';

export function warnUnsimulated(r: Reporter, typeName: string, value: unknown, path: Path = []): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const fates = FIELD_FATES[typeName];
  const type = ALL_TYPES[typeName];
  if (!fates || !type) return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const fate = fates[key];
    const prop = type.properties[key];
    if (fate === undefined || prop === undefined) continue; // an unknown field: the schema check reports it
    const at: Path = [...path, key];
    if (fate !== 'simulated') {
      r.warn(at, 'not-simulated', msg('sim.field', { path: pathText(at), fate: fate.warn }));
      continue;
    }
    if (typeName === 'V1ObjectMeta' && key === 'annotations') {
      for (const name of Object.keys(child ?? {}))
        if (!name.startsWith(CONTAINER_ID_ANNOTATION))
          r.warn([...at, name], 'not-simulated', msg('sim.annotation', { path: pathText(at), name }));
      continue;
    }
    descend(r, prop, child, at);
  }
}

function descend(r: Reporter, schema: PropSchema, value: unknown, path: Path): void {
  if (schema.type === 'object') warnUnsimulated(r, schema.ref, value, path);
  else if (schema.type === 'array' && Array.isArray(value)) value.forEach((item, i) => descend(r, schema.items, item, [...path, i]));
  else if (schema.type === 'map' && typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) descend(r, schema.values, v, [...path, k]);
}
