/**
 * What an edit changed in the network: pods added, removed or moved, endpoints gained or lost,
 * services added or removed, and iptables rules rewritten on each node. The page highlights and
 * lists these after each edit.
 */
import type { Dataplane } from './dataplane/model.ts';
import type { ClusterState } from './model.ts';

export type Change =
  | { readonly kind: 'pod-added' | 'pod-removed'; readonly namespace: string; readonly name: string; readonly node?: string }
  | { readonly kind: 'pod-moved'; readonly namespace: string; readonly name: string; readonly from?: string; readonly to?: string }
  | { readonly kind: 'service-added' | 'service-removed'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'endpoint-added' | 'endpoint-removed'; readonly namespace: string; readonly name: string; readonly address: string }
  | { readonly kind: 'rules-changed'; readonly node: string; readonly added: number; readonly removed: number };

const key = (o: { namespace: string; name: string }) => `${o.namespace}/${o.name}`;

function ruleLines(dp: Dataplane, node: string): string[] {
  const ns = dp.namespaces.find((n) => n.id === `node:${node}`);
  const out: string[] = [];
  for (const table of ns?.iptables.values() ?? []) for (const chain of table.chains.values()) for (const r of chain.rules) out.push(`${table.name} ${r.text}`);
  return out;
}

function endpointSet(state: ClusterState): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of state.endpoints) {
    const set = new Set<string>();
    for (const s of e.subsets) for (const a of s.addresses) for (const p of s.ports) set.add(`${a.ip}:${p.port}`);
    out.set(key(e), set);
  }
  return out;
}

export function diffStates(before: ClusterState, after: ClusterState, dpBefore: Dataplane, dpAfter: Dataplane): Change[] {
  const changes: Change[] = [];
  const oldPods = new Map(before.pods.map((p) => [key(p), p]));
  const newPods = new Map(after.pods.map((p) => [key(p), p]));
  for (const [k, p] of newPods) {
    const old = oldPods.get(k);
    if (!old) changes.push({ kind: 'pod-added', namespace: p.namespace, name: p.name, ...(p.node ? { node: p.node } : {}) });
    else if (old.node !== p.node || old.phase !== p.phase) changes.push({ kind: 'pod-moved', namespace: p.namespace, name: p.name, ...(old.node ? { from: old.node } : {}), ...(p.node ? { to: p.node } : {}) });
  }
  for (const [k, p] of oldPods) if (!newPods.has(k)) changes.push({ kind: 'pod-removed', namespace: p.namespace, name: p.name, ...(p.node ? { node: p.node } : {}) });
  const oldSvcs = new Set(before.services.map(key));
  const newSvcs = new Set(after.services.map(key));
  for (const s of after.services) if (!oldSvcs.has(key(s))) changes.push({ kind: 'service-added', namespace: s.namespace, name: s.name });
  for (const s of before.services) if (!newSvcs.has(key(s))) changes.push({ kind: 'service-removed', namespace: s.namespace, name: s.name });
  const oldEp = endpointSet(before);
  const newEp = endpointSet(after);
  for (const [k, set] of newEp) {
    if (!newSvcs.has(k) || !oldSvcs.has(k)) continue;
    const [namespace, name] = k.split('/') as [string, string];
    const prev = oldEp.get(k) ?? new Set<string>();
    for (const a of set) if (!prev.has(a)) changes.push({ kind: 'endpoint-added', namespace, name, address: a });
    for (const a of prev) if (!set.has(a)) changes.push({ kind: 'endpoint-removed', namespace, name, address: a });
  }
  for (const node of after.cluster.nodes) {
    const a = new Set(ruleLines(dpBefore, node.name));
    const b = new Set(ruleLines(dpAfter, node.name));
    const added = [...b].filter((l) => !a.has(l)).length;
    const removed = [...a].filter((l) => !b.has(l)).length;
    if (added + removed > 0) changes.push({ kind: 'rules-changed', node: node.name, added, removed });
  }
  return changes;
}
