/**
 * What changes in a node's network when the same manifests move to another cluster profile:
 * its interfaces (a bridge or none, how pods' veths are attached), its routes (`ip route` lines)
 * and its iptables chains, compared between one node of each cluster (every node of a profile is
 * built alike): the first that runs a pod of the text, as kind's control plane runs only add-ons. Names the kernel or a plugin draws at random (veth + hex, the hashes
 * kube-proxy and portmap put in chain names) are folded to `…` so one line stands for all of them.
 */
import { indexOf } from './dataplane/lookup.ts';
import type { Dataplane, Interface, NetNamespace } from './dataplane/model.ts';
import type { ClusterProfile, ClusterState } from './model.ts';
import { nsId } from './namespace-id.ts';
import { routeLine } from './print/ip.ts';

export interface ProfileLines {
  readonly gone: readonly string[];
  readonly added: readonly string[];
}

export interface ProfileDiff {
  readonly from: ClusterProfile;
  readonly to: ClusterProfile;
  readonly fromNode: string;
  readonly toNode: string;
  readonly interfaces: ProfileLines;
  readonly routes: ProfileLines;
  readonly chains: ProfileLines;
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

/** A route per pod (`10.244.1.5 dev veth1a2b… scope host`) is folded to one line. */
function routeLines(ns: NetNamespace, podIps: ReadonlySet<string>): string[] {
  return ns.routes
    .filter((r) => r.type !== 'local')
    .map((r) => routeLine(r).replace(randomVeth, 'veth…'))
    .map((line) => {
      const dst = line.split(' ')[0]!;
      return podIps.has(dst) ? line.replace(dst, '<pod IP>') : line;
    });
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
  if (before.cluster.profile === after.cluster.profile) return undefined;
  const fromNode = comparedNode(before);
  const toNode = comparedNode(after);
  const nsBefore = fromNode ? indexOf(dpBefore).namespace(nsId.node(fromNode)) : undefined;
  const nsAfter = toNode ? indexOf(dpAfter).namespace(nsId.node(toNode)) : undefined;
  const podIps = new Set([...before.pods, ...after.pods].flatMap((p) => (p.ip ? [p.ip] : [])));
  const lines = (ns: NetNamespace | undefined) => ({
    interfaces: ns ? ns.interfaces.map(interfaceLine) : [],
    routes: ns ? routeLines(ns, podIps) : [],
    chains: ns ? chainLines(ns) : [],
  });
  const a = lines(nsBefore);
  const b = lines(nsAfter);
  return {
    from: before.cluster.profile,
    to: after.cluster.profile,
    fromNode: fromNode ?? '',
    toNode: toNode ?? '',
    interfaces: compare(a.interfaces, b.interfaces),
    routes: compare(a.routes, b.routes),
    chains: compare(a.chains, b.chains),
  };
}
