/**
 * The playground's own annotations that pin Docker container IDs, so a scenario can reproduce a
 * book's capture exactly. On a real cluster Docker draws every ID at random and kubelet ignores
 * these annotations (an annotation never changes a pod); here they name the ID of the pause
 * container (`kube-netplay/container-id.POD`) or of an app container
 * (`kube-netplay/container-id.<container name>`).
 */
import { msg } from '../message.ts';
import type { Path } from '../path.ts';
import type { Reporter } from './finding.ts';
import { rec, str } from './fields.ts';

export const CONTAINER_ID_ANNOTATION = 'kube-netplay/container-id.';
const FULL_ID = /^[0-9a-f]{64}$/;

/** container name (POD for the pause container) → 64-hex ID, from a pod's or template's metadata. */
export function pinnedContainerIds(
  r: Reporter,
  metadata: unknown,
  path: Path,
  containerNames: readonly string[],
): Readonly<Record<string, string>> | undefined {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(rec(rec(metadata).annotations))) {
    if (!key.startsWith(CONTAINER_ID_ANNOTATION)) continue;
    const at: Path = [...path, 'annotations', key];
    const name = key.slice(CONTAINER_ID_ANNOTATION.length);
    const id = str(value) ?? '';
    if (name !== 'POD' && !containerNames.includes(name)) {
      r.warn(
        at,
        'invalid-value',
        msg('api.container-id-unused', { name }),
        msg('hint.container-id-names', { names: ['POD', ...containerNames].join(', ') }),
      );
      continue;
    }
    if (!FULL_ID.test(id)) {
      r.error(
        at,
        'invalid-value',
        msg('field.invalid', { path: key, value: `"${id}"`, why: msg('why.container-id') }),
        msg('hint.container-id-full'),
      );
      continue;
    }
    if (seen.has(id)) {
      r.error(at, 'invalid-value', msg('field.duplicate-because', { path: key, value: `"${id}"`, why: msg('why.container-id-twice') }));
      continue;
    }
    seen.add(id);
    out[name] = id;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
