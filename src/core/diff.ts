/**
 * What an edit changed in the network: pods added, removed or moved, a pod's published host
 * ports, endpoints gained or lost (and a service left with none, or given some again), services
 * added or removed, and iptables rules rewritten on each node. The page marks these on the graph
 * until the next edit and says them in words.
 */
import { indexOf } from './dataplane/lookup.ts';
import type { Dataplane } from './dataplane/model.ts';
import { nsId } from './namespace-id.ts';
import type { ClusterState } from './model.ts';
import type { Chain, Ruleset } from './netfilter/ruleset.ts';
import type { PodNetworkKind } from './dataplane/pod-network.ts';
import { profileDiff, type ProfileDiff, type ProfileLines } from './profile-diff.ts';

export type Change =
  | { readonly kind: 'pod-added' | 'pod-removed'; readonly namespace: string; readonly name: string; readonly node?: string }
  | { readonly kind: 'pod-moved'; readonly namespace: string; readonly name: string; readonly from?: string; readonly to?: string }
  | { readonly kind: 'service-added' | 'service-removed'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'endpoint-added' | 'endpoint-removed'; readonly namespace: string; readonly name: string; readonly address: string }
  | { readonly kind: 'rules-changed'; readonly node: string; readonly added: number; readonly removed: number }
  /** A hostPort of a pod's container port: `from` or `to` absent when it was added or removed. */
  | {
      readonly kind: 'host-port';
      readonly namespace: string;
      readonly name: string;
      readonly node?: string;
      readonly containerPort: number;
      readonly protocol: string;
      readonly from?: number;
      readonly to?: number;
    }
  /** A service whose selector now matches no ready pod, or matches some again. */
  | { readonly kind: 'endpoints-none' | 'endpoints-again'; readonly namespace: string; readonly name: string }
  /** The cluster profile changed: the same manifests on another cluster, its first nodes compared. */
  | { readonly kind: 'profile'; readonly from: string; readonly to: string; readonly fromNode: string; readonly toNode: string }
  /** What the two clusters run, when it differs: the container runtime, how pods attach, kube-proxy. */
  | { readonly kind: 'profile-runtime'; readonly from: string; readonly to: string }
  | { readonly kind: 'profile-pod-network'; readonly from: PodNetworkKind; readonly to: PodNetworkKind }
  | {
      readonly kind: 'profile-kube-proxy';
      readonly fromVersion: string;
      readonly fromMode: string;
      readonly toVersion: string;
      readonly toMode: string;
    }
  /**
   * A line of a node's network one cluster has and the other has not; a `pod-route` line is what
   * follows the address in the route to each of the node's pods.
   */
  | { readonly kind: 'profile-line'; readonly part: ProfilePart; readonly sign: 'gone' | 'added'; readonly line: string };

export type ProfilePart = 'interface' | 'route' | 'pod-route' | 'chain' | 'nft' | 'fdb' | 'neighbour';

const key = (o: { namespace: string; name: string }) => `${o.namespace}/${o.name}`;

type Counted = { readonly added: number; readonly removed: number };

/**
 * Rules added and removed between two versions of a chain, memoised by the pair of chain objects:
 * kube-proxy's chains are shared by every node, so each pair is compared once, not once a node.
 */
const chainDiffs = new WeakMap<object, WeakMap<object, Counted>>();
const EMPTY: Chain = { name: '', rules: [] };

function diffChain(a: Chain | undefined, b: Chain | undefined): Counted {
  const from = a ?? EMPTY;
  const to = b ?? EMPTY;
  let inner = chainDiffs.get(from);
  if (!inner) chainDiffs.set(from, (inner = new WeakMap()));
  let counted = inner.get(to);
  if (!counted) {
    const before = new Set(from.rules.map((r) => r.text));
    const after = new Set(to.rules.map((r) => r.text));
    let added = 0;
    let removed = 0;
    for (const r of after) if (!before.has(r)) added++;
    for (const r of before) if (!after.has(r)) removed++;
    counted = { added, removed };
    inner.set(to, counted);
  }
  return counted;
}

function rulesDiff(a: Ruleset | undefined, b: Ruleset | undefined): Counted {
  let added = 0;
  let removed = 0;
  for (const name of new Set([...(a?.keys() ?? []), ...(b?.keys() ?? [])])) {
    const ta = a?.get(name)?.chains;
    const tb = b?.get(name)?.chains;
    for (const chain of new Set([...(ta?.keys() ?? []), ...(tb?.keys() ?? [])])) {
      const d = diffChain(ta?.get(chain), tb?.get(chain));
      added += d.added;
      removed += d.removed;
    }
  }
  return { added, removed };
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

type PodOf = ClusterState['pods'][number];

/** The host ports a pod publishes, by container port and protocol (its pause container's mappings). */
function hostPorts(pod: PodOf): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of pod.containers) for (const m of c.portMappings) out.set(`${m.containerPort}/${m.protocol}`, m.hostPort);
  return out;
}

function hostPortChanges(before: PodOf, after: PodOf): Change[] {
  const a = hostPorts(before);
  const b = hostPorts(after);
  const out: Change[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const from = a.get(key);
    const to = b.get(key);
    if (from === to) continue;
    const [port, protocol] = key.split('/') as [string, string];
    out.push({
      kind: 'host-port',
      namespace: after.namespace,
      name: after.name,
      ...(after.node ? { node: after.node } : {}),
      containerPort: Number(port),
      protocol,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
  }
  return out;
}

/** A profile switch compares the two clusters' nodes instead of each endpoint and rule. */
function profileChanges(p: ProfileDiff): Change[] {
  const parts: [ProfilePart, ProfileLines][] = [
    ['interface', p.interfaces],
    ['route', p.routes],
    ['pod-route', p.podRoutes],
    ['fdb', p.fdb],
    ['neighbour', p.neighbours],
    ['chain', p.chains],
    ['nft', p.nftables],
  ];
  return [
    { kind: 'profile', from: p.from, to: p.to, fromNode: p.fromNode, toNode: p.toNode },
    ...(p.runtime ? [{ kind: 'profile-runtime', ...p.runtime } as const] : []),
    ...(p.podNetwork ? [{ kind: 'profile-pod-network', ...p.podNetwork } as const] : []),
    ...(p.kubeProxy
      ? [
          {
            kind: 'profile-kube-proxy',
            fromVersion: p.kubeProxy.from.version,
            fromMode: p.kubeProxy.from.mode,
            toVersion: p.kubeProxy.to.version,
            toMode: p.kubeProxy.to.mode,
          } as const,
        ]
      : []),
    ...parts.flatMap(([part, lines]) => [
      ...lines.gone.map((line): Change => ({ kind: 'profile-line', part, sign: 'gone', line })),
      ...lines.added.map((line): Change => ({ kind: 'profile-line', part, sign: 'added', line })),
    ]),
  ];
}

export function diffStates(before: ClusterState, after: ClusterState, dpBefore: Dataplane, dpAfter: Dataplane): Change[] {
  const profile = profileDiff(before, after, dpBefore, dpAfter);
  const changes: Change[] = profile ? profileChanges(profile) : [];
  const oldPods = new Map(before.pods.map((p) => [key(p), p]));
  const newPods = new Map(after.pods.map((p) => [key(p), p]));
  for (const [k, p] of newPods) {
    const old = oldPods.get(k);
    if (!old) changes.push({ kind: 'pod-added', namespace: p.namespace, name: p.name, ...(p.node ? { node: p.node } : {}) });
    else if (old.node !== p.node || old.phase !== p.phase)
      changes.push({
        kind: 'pod-moved',
        namespace: p.namespace,
        name: p.name,
        ...(old.node ? { from: old.node } : {}),
        ...(p.node ? { to: p.node } : {}),
      });
  }
  for (const [k, p] of newPods) {
    const old = oldPods.get(k);
    if (old) changes.push(...hostPortChanges(old, p));
  }
  for (const [k, p] of oldPods)
    if (!newPods.has(k)) changes.push({ kind: 'pod-removed', namespace: p.namespace, name: p.name, ...(p.node ? { node: p.node } : {}) });
  const oldSvcs = new Set(before.services.map(key));
  const newSvcs = new Set(after.services.map(key));
  for (const s of after.services) if (!oldSvcs.has(key(s))) changes.push({ kind: 'service-added', namespace: s.namespace, name: s.name });
  for (const s of before.services)
    if (!newSvcs.has(key(s))) changes.push({ kind: 'service-removed', namespace: s.namespace, name: s.name });
  // Every address and rule differs between two profiles: the comparison of their nodes above says it.
  if (profile) return changes;
  const oldEp = endpointSet(before);
  const newEp = endpointSet(after);
  for (const [k, set] of newEp) {
    if (!newSvcs.has(k) || !oldSvcs.has(k)) continue;
    const [namespace, name] = k.split('/') as [string, string];
    const prev = oldEp.get(k) ?? new Set<string>();
    for (const a of set) if (!prev.has(a)) changes.push({ kind: 'endpoint-added', namespace, name, address: a });
    for (const a of prev) if (!set.has(a)) changes.push({ kind: 'endpoint-removed', namespace, name, address: a });
    if (prev.size > 0 && set.size === 0) changes.push({ kind: 'endpoints-none', namespace, name });
    if (prev.size === 0 && set.size > 0) changes.push({ kind: 'endpoints-again', namespace, name });
  }
  const rulesOf = (dp: Dataplane, node: string) => indexOf(dp).namespace(nsId.node(node))?.iptables;
  for (const node of after.cluster.nodes) {
    const { added, removed } = rulesDiff(rulesOf(dpBefore, node.name), rulesOf(dpAfter, node.name));
    if (added + removed > 0) changes.push({ kind: 'rules-changed', node: node.name, added, removed });
  }
  return changes;
}
