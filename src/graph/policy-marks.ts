/**
 * A NetworkPolicy on the graph (pure): the classes its pods' boxes take, by element id. A pod the
 * policy selects is `policy-selected`; a peer its rules let in, `policy-from`; one they let the
 * selected pods reach, `policy-to` (a pod may be several: the stylesheet draws the selection on top).
 */
import type { PolicyMarks } from '../core/policy/selection.ts';
import { podId } from './elements.ts';

function idOf(ref: string): string {
  const slash = ref.indexOf('/');
  return podId({ namespace: ref.slice(0, slash), name: ref.slice(slash + 1) });
}

export function policyClasses(marks: PolicyMarks): Map<string, string> {
  const classes = new Map<string, string[]>();
  const add = (refs: readonly string[], mark: string) => {
    for (const ref of refs) classes.set(idOf(ref), [...(classes.get(idOf(ref)) ?? []), `policy-${mark}`]);
  };
  add(marks.from, 'from');
  add(marks.to, 'to');
  add(marks.selected, 'selected');
  return new Map([...classes].map(([id, list]) => [id, list.join(' ')]));
}
