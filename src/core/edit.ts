/**
 * Edits of the scenario text that the page makes on the student's behalf (the kube-proxy mode and
 * cluster profile pickers): each changes only what it must and leaves the rest of the text as it
 * was written.
 */
import { parseAllDocuments } from 'yaml';
import type { ClusterProfile, KubeProxyMode } from './model.ts';
import { cidrContains, parseCidr, parseIp } from './net/ipv4.ts';
import { PROFILE_DEFAULTS } from './profiles.ts';
import { CLUSTER_API_VERSION } from './schema/cluster-schema.ts';

/** Sets `spec.kubeProxyMode` of the Cluster document, adding the document if there is none. */
export function setKubeProxyMode(text: string, mode: KubeProxyMode): string {
  return setClusterField(text, 'kubeProxyMode', mode);
}

/** Sets `spec.profile` of the Cluster document, adding the document if there is none. */
export function setProfile(text: string, profile: ClusterProfile): string {
  return setClusterField(text, 'profile', profile);
}

/** The cluster IPs the text's Services pin (`spec.clusterIP: a.b.c.d`), and whether the Cluster document names its own service range. */
function pinnedClusterIps(text: string): { ips: number[]; ownRange: boolean } {
  const ips: number[] = [];
  let ownRange = false;
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { ips, ownRange };
  for (const doc of docs) {
    if (doc.errors.length > 0) continue;
    if (doc.get('kind') === 'Cluster' && doc.getIn(['spec', 'serviceClusterIPRange']) !== undefined) ownRange = true;
    const ip = doc.get('kind') === 'Service' ? parseIp(String(doc.getIn(['spec', 'clusterIP']) ?? '')) : undefined;
    if (ip !== undefined) ips.push(ip);
  }
  return { ips, ownRange };
}

/**
 * The profile picker's edit: spec.profile, and, when the manifests pin Service cluster IPs that the
 * new profile's default service range does not hold (the lab pins the book's 10.254.176.53), the
 * range they were valid in, so the same manifests still run (a kind cluster takes any serviceSubnet);
 * and a kube-proxy mode the new profile does not simulate becomes its default one.
 */
export function switchProfile(text: string, profile: ClusterProfile, currentRange: string): string {
  const next = withSimulatedMode(setProfile(text, profile), profile);
  const { ips, ownRange } = pinnedClusterIps(next);
  const target = parseCidr(PROFILE_DEFAULTS[profile].serviceClusterIPRange)!;
  const current = parseCidr(currentRange);
  if (ownRange || !current || ips.every((ip) => cidrContains(target, ip)) || !ips.every((ip) => cidrContains(current, ip))) return next;
  return setClusterField(next, 'serviceClusterIPRange', currentRange);
}

/** The text with its kube-proxy mode set to the profile's default when the profile does not simulate the one it names. */
function withSimulatedMode(text: string, profile: ClusterProfile): string {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return text;
  const cluster = docs.find((d) => d.errors.length === 0 && d.get('kind') === 'Cluster');
  const mode = cluster?.getIn(['spec', 'kubeProxyMode']);
  const modes: readonly unknown[] = PROFILE_DEFAULTS[profile].kubeProxyModes;
  return mode === undefined || modes.includes(mode)
    ? text
    : setClusterField(text, 'kubeProxyMode', PROFILE_DEFAULTS[profile].kubeProxyModes[0]!);
}

/** Sets one scalar field of the Cluster document's spec: in place, as a new line of spec, or in a new document. */
function setClusterField(text: string, field: 'kubeProxyMode' | 'profile' | 'serviceClusterIPRange', value: string): string {
  const docs = parseAllDocuments(text);
  if (Array.isArray(docs)) {
    for (const doc of docs) {
      if (doc.errors.length > 0 || doc.get('kind') !== 'Cluster') continue;
      const existing = doc.getIn(['spec', field], true) as { range?: [number, number, number] } | undefined;
      if (existing?.range) return text.slice(0, existing.range[0]) + value + text.slice(existing.range[1]);
      const spec = doc.get('spec', true) as { range?: [number, number, number]; items?: unknown[]; flow?: boolean } | undefined;
      if (spec?.range && spec.items && spec.items.length > 0 && !spec.flow) {
        const lineStart = text.lastIndexOf('\n', spec.range[0] - 1) + 1;
        const indent = text.slice(lineStart, spec.range[0]).match(/^\s*/)![0];
        return `${text.slice(0, lineStart)}${indent}${field}: ${value}\n${text.slice(lineStart)}`;
      }
      const [start, , end] = doc.range;
      doc.setIn(['spec', field], value);
      return text.slice(0, start) + doc.toString() + text.slice(end);
    }
  }
  const header = `apiVersion: ${CLUSTER_API_VERSION}\nkind: Cluster\nmetadata:\n  name: lab\nspec:\n  ${field}: ${value}\n---\n`;
  return header + text;
}
