/** Label selectors, matched as the API machinery matches them. */
import type { LabelSelector, Labels, PodState } from './model.ts';

export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  for (const req of selector.matchExpressions) {
    const has = Object.hasOwn(labels, req.key);
    const value = labels[req.key];
    switch (req.operator) {
      case 'In':
        if (!has || !req.values.includes(value!)) return false;
        break;
      case 'NotIn':
        if (has && req.values.includes(value!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** A Service's selector is plain equality; an empty one selects nothing. */
export function equalitySelects(selector: Labels, labels: Labels): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

export function formatSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator.toLowerCase()} (${e.values.join(',')})`);
  }
  return parts.join(',');
}

/**
 * Pods by namespace and label, so a service finds the pods its selector matches among those
 * carrying its rarest label instead of scanning every pod of the cluster.
 */
export class PodIndex {
  private readonly byLabel = new Map<string, PodState[]>();

  constructor(pods: readonly PodState[]) {
    for (const pod of pods)
      for (const [k, v] of Object.entries(pod.labels)) {
        const key = `${pod.namespace}\u0000${k}=${v}`;
        const list = this.byLabel.get(key);
        if (list) list.push(pod);
        else this.byLabel.set(key, [pod]);
      }
  }

  /** The pods of `namespace` an equality selector matches; none for an empty selector. */
  select(namespace: string, selector: Labels): PodState[] {
    let smallest: PodState[] | undefined;
    for (const [k, v] of Object.entries(selector)) {
      const list = this.byLabel.get(`${namespace}\u0000${k}=${v}`) ?? [];
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    return (smallest ?? []).filter((p) => equalitySelects(selector, p.labels));
  }
}
