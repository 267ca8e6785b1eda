/**
 * What changes in a node's network when the same manifests move to another cluster profile (or
 * kube-proxy to another mode): in words, the container runtime, how pods attach (docker0, ptp
 * veths, cni0 with flannel's VXLAN) and kube-proxy's version and mode; line by line, its
 * interfaces, its routes (`ip route` lines), its iptables chains, its nftables tables, chains, sets
 * and maps (`nft list ruleset`), its FDB entries (`bridge fdb`) and neighbours (`ip neigh`), compared between one node of each cluster (every node of a profile is
 * built alike): the first that runs a pod of the text, as kind's control plane runs only add-ons. Names the kernel or a plugin draws at random (veth + hex, the hashes
 * kube-proxy and portmap put in chain names) are folded to `…` so one line stands for all of them.
 */
import { indexOf } from './dataplane/lookup.ts';
import type { Dataplane, Interface, NetNamespace } from './dataplane/model.ts';
import { podNetworkKind, type PodNetworkKind } from './dataplane/pod-network.ts';
import type { ClusterProfile, ClusterState, ContainerRuntime, KubeProxyMode } from './model.ts';
import { nsId } from './namespace-id.ts';
import { fdbLine, neighbourLine, routeLine } from './print/ip.ts';

export interface ProfileLines {
  readonly gone: readonly string[];
  readonly added: readonly string[];
}

/** A setting of the two clusters, when it differs. */
export interface Switched<T> {
  readonly from: T;
  readonly to: T;
}

export interface ProfileDiff {
  readonly from: ClusterProfile;
  readonly to: ClusterProfile;
  readonly fromNode: string;
  readonly toNode: string;
  readonly runtime?: Switched<ContainerRuntime>;
  readonly podNetwork?: Switched<PodNetworkKind>;
  readonly kubeProxy?: Switched<{ readonly version: string; readonly mode: KubeProxyMode }>;
  readonly interfaces: ProfileLines;
  /** Routes; a route to each of the node's pods is folded to one line without its address. */
  readonly routes: ProfileLines;
  readonly podRoutes: ProfileLines;
  readonly chains: ProfileLines;
  readonly nftables: ProfileLines;
  readonly fdb: ProfileLines;
  readonly neighbours: ProfileLines;
}

const randomVeth = /\bveth[0-9a-f]{6,}\b/g;

/** One line per kind of interface: `ip link`'s view of how it is wired. */
function interfaceLine(i: Interface): string {
  const name = i.name.replace(randomVeth, 'veth…');
  const addresses = i.addresses.length > 0 ? ` inet ${i.addresses.join(' ')}` : '';
  if (i.master) return `${name} master ${i.master}`;
  if (i.kind === 'loopback' || i.kind === 'physical') return name;
  return i.kind === 'veth' ? `${name}${addresses}` : `${name} ${i.kind}${addresses}`;
}

/**
 * The main table's routes; a route per pod (`10.244.1.5 dev veth1a2b… scope host`) is folded to
 * one line of what follows its address (`dev veth… scope host`), kept apart as a pod route.
 */
function routeLines(ns: NetNamespace, podIps: ReadonlySet<string>): { routes: string[]; podRoutes: string[] } {
  const routes: string[] = [];
  const podRoutes: string[] = [];
  for (const r of ns.routes) {
    if (r.type === 'local') continue;
    const line = routeLine(r).replace(randomVeth, 'veth…');
    const dst = line.split(' ')[0]!;
    if (podIps.has(dst)) podRoutes.push(line.slice(dst.length + 1));
    else routes.push(line);
  }
  return { routes, podRoutes };
}

/** nftables objects by table, per-service names folded: `chain ip kube-proxy service-…`. */
function nftLines(ns: NetNamespace): string[] {
  const fold = (name: string) => name.replace(/^(service|endpoint|external|firewall)-[A-Z0-9]{8}-.*$/, '$1-…');
  return (ns.nftables ?? []).flatMap((t) => [
    `table ${t.family} ${t.name}`,
    ...t.sets.map((set) => `${set.map ? 'map' : 'set'} ${t.family} ${t.name} ${set.name}`),
    ...t.chains.map((c) => `chain ${t.family} ${t.name} ${fold(c.name)}`),
  ]);
}

/** Chains by table, random suffixes folded: nat KUBE-SVC-…, nat CNI-DN-…. */
function chainLines(ns: NetNamespace): string[] {
  const out: string[] = [];
  for (const [table, t] of ns.iptables)
    for (const chain of t.chains.keys())
      out.push(`${table} ${chain.replace(/-[A-Z0-9]{16}$/, '-…').replace(/^CNI-DN-[0-9a-f]+$/, 'CNI-DN-…')}`);
  return out;
}

function compare(before: readonly string[], after: readonly string[]): ProfileLines {
  const a = new Set(before);
  const b = new Set(after);
  return { gone: [...a].filter((x) => !b.has(x)), added: [...b].filter((x) => !a.has(x)) };
}

/** The first node running a pod of the text's own documents (not an add-on's), else the first node. */
function comparedNode(state: ClusterState): string | undefined {
  const used = new Set(state.pods.flatMap((p) => (p.document >= 0 && p.node ? [p.node] : [])));
  return (state.cluster.nodes.find((n) => used.has(n.name)) ?? state.cluster.nodes[0])?.name;
}

/** The difference between two profiles' dataplanes, or undefined when the profile did not change. */
export function profileDiff(before: ClusterState, after: ClusterState, dpBefore: Dataplane, dpAfter: Dataplane): ProfileDiff | undefined {
  // Another profile, or kube-proxy in another mode (iptables ⇄ nftables rewrites every rule).
  if (before.cluster.profile === after.cluster.profile && before.cluster.kubeProxyMode === after.cluster.kubeProxyMode) return undefined;
  const fromNode = comparedNode(before);
  const toNode = comparedNode(after);
  const nsBefore = fromNode ? indexOf(dpBefore).namespace(nsId.node(fromNode)) : undefined;
  const nsAfter = toNode ? indexOf(dpAfter).namespace(nsId.node(toNode)) : undefined;
  const podIps = new Set([...before.pods, ...after.pods].flatMap((p) => (p.ip ? [p.ip] : [])));
  const lines = (ns: NetNamespace | undefined) => ({
    interfaces: ns ? ns.interfaces.map(interfaceLine) : [],
    ...(ns ? routeLines(ns, podIps) : { routes: [], podRoutes: [] }),
    chains: ns ? chainLines(ns) : [],
    nftables: ns ? nftLines(ns) : [],
    fdb: (ns?.fdb ?? []).map(fdbLine),
    neighbours: (ns?.neighbours ?? []).map(neighbourLine),
  });
  const a = lines(nsBefore);
  const b = lines(nsAfter);
  const x = before.cluster;
  const y = after.cluster;
  const switched = <T>(from: T, to: T, same = from === to): Switched<T> | undefined => (same ? undefined : { from, to });
  const runtime = switched(x.runtime, y.runtime);
  const podNetwork = switched(podNetworkKind(x), podNetworkKind(y));
  const kubeProxy = switched(
    { version: x.kubeProxyVersion, mode: x.kubeProxyMode },
    { version: y.kubeProxyVersion, mode: y.kubeProxyMode },
    x.kubeProxyVersion === y.kubeProxyVersion && x.kubeProxyMode === y.kubeProxyMode,
  );
  return {
    from: x.profile,
    to: y.profile,
    fromNode: fromNode ?? '',
    toNode: toNode ?? '',
    ...(runtime ? { runtime } : {}),
    ...(podNetwork ? { podNetwork } : {}),
    ...(kubeProxy ? { kubeProxy } : {}),
    interfaces: compare(a.interfaces, b.interfaces),
    routes: compare(a.routes, b.routes),
    podRoutes: compare(a.podRoutes, b.podRoutes),
    chains: compare(a.chains, b.chains),
    nftables: compare(a.nftables, b.nftables),
    fdb: compare(a.fdb, b.fdb),
    neighbours: compare(a.neighbours, b.neighbours),
  };
}
