/**
 * The `/etc/resolv.conf` the kubelet gives a pod: its servers, search list and options follow the
 * pod's dnsPolicy (and hostNetwork), then spec.dnsConfig is merged in, then the limits are applied,
 * as the kubelet's DNS configurer does; the container runtime writes the file.
 */

export type DnsPolicy = 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';

export interface DnsOption {
  readonly name: string;
  readonly value?: string;
}

/** A pod's spec.dnsConfig. */
export interface PodDnsConfig {
  readonly nameservers?: readonly string[];
  readonly searches?: readonly string[];
  readonly options?: readonly DnsOption[];
}

export interface ResolvConf {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly DnsOption[];
}

/** What the kubelet knows: its --cluster-dns, --cluster-domain and the node's resolver file (--resolv-conf). */
export interface KubeletDns {
  readonly clusterDNS: readonly string[];
  readonly clusterDomain: string;
  /** The node's resolver file as read, or undefined when --resolv-conf is "". */
  readonly hostResolvConf?: ResolvConf;
}

export interface PodDnsInput {
  readonly namespace: string;
  readonly hostNetwork: boolean;
  /** Unset means ClusterFirst, the API server's default. */
  readonly dnsPolicy?: DnsPolicy;
  readonly dnsConfig?: PodDnsConfig;
}

/** The kubelet's limits: 3 servers; 32 search paths of 2048 characters in all (ExpandedDNSConfig); a path over 253 is dropped. */
export const MAX_NAMESERVERS = 3;
export const MAX_SEARCHES = 32;
export const MAX_SEARCH_CHARS = 2048;
export const MAX_SEARCH_PATH = 253;

/** The pod's resolver settings, and whether ClusterFirst fell back to the node's for want of a cluster DNS (MissingClusterDNS). */
export function podResolvConf(pod: PodDnsInput, kubelet: KubeletDns): { readonly conf: ResolvConf; readonly missingClusterDNS: boolean } {
  const policy = pod.dnsPolicy ?? 'ClusterFirst';
  // A hostNetwork pod on ClusterFirst takes the node's settings; ClusterFirstWithHostNet asks for the cluster's.
  const kind =
    policy === 'None'
      ? 'none'
      : policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !pod.hostNetwork)
        ? 'cluster'
        : 'host';
  let conf: ResolvConf;
  let missingClusterDNS = false;
  if (kind === 'none') conf = { nameservers: [], searches: [], options: [] };
  else if (kind === 'cluster' && kubelet.clusterDNS.length > 0) {
    const host = hostConf(kubelet);
    const domain = kubelet.clusterDomain;
    const cluster = domain === '' ? [] : [`${pod.namespace}.svc.${domain}`, `svc.${domain}`, domain];
    conf = {
      nameservers: [...kubelet.clusterDNS],
      searches: unique([...cluster, ...host.searches]),
      options: [{ name: 'ndots', value: '5' }],
    };
  } else {
    missingClusterDNS = kind === 'cluster';
    conf = hostConf(kubelet);
  }
  if (pod.dnsConfig) conf = merge(conf, pod.dnsConfig);
  return { conf: withinLimits(conf), missingClusterDNS };
}

/** The node's settings; with --resolv-conf "" the kubelet points the pod at the loopback resolver and searches nothing. */
function hostConf(kubelet: KubeletDns): ResolvConf {
  if (kubelet.hostResolvConf) return kubelet.hostResolvConf;
  return { nameservers: ['127.0.0.1'], searches: ['.'], options: [] };
}

function merge(base: ResolvConf, extra: PodDnsConfig): ResolvConf {
  const options = new Map(base.options.map((o) => [o.name, o.value]));
  // The pod's value wins for a name both have.
  for (const o of extra.options ?? []) options.set(o.name, o.value);
  return {
    nameservers: unique([...base.nameservers, ...(extra.nameservers ?? [])]),
    searches: unique([...base.searches, ...(extra.searches ?? [])]),
    options: [...options].map(([name, value]) => (value === undefined ? { name } : { name, value })),
  };
}

function withinLimits(conf: ResolvConf): ResolvConf {
  const searches: string[] = [];
  let chars = 0;
  for (const s of conf.searches.filter((s) => s.length <= MAX_SEARCH_PATH)) {
    if (searches.length === MAX_SEARCHES || chars + s.length > MAX_SEARCH_CHARS) break;
    searches.push(s);
    chars += s.length;
  }
  return { nameservers: conf.nameservers.slice(0, MAX_NAMESERVERS), searches, options: conf.options };
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

/** The file as the runtime writes it: the search line, one nameserver line per server, the options line. */
export function formatResolvConf(conf: ResolvConf): string {
  const lines: string[] = [];
  if (conf.searches.length > 0) lines.push(`search ${conf.searches.join(' ')}`);
  for (const s of conf.nameservers) lines.push(`nameserver ${s}`);
  if (conf.options.length > 0)
    lines.push(`options ${conf.options.map((o) => (o.value === undefined ? o.name : `${o.name}:${o.value}`)).join(' ')}`);
  return lines.map((l) => `${l}\n`).join('');
}

/** ndots from the options (the resolver's default is 1; values above 15 count as 15). */
export function ndotsOf(conf: ResolvConf): number {
  let ndots = 1;
  for (const o of conf.options)
    if (o.name === 'ndots' && o.value !== undefined && /^\d+$/.test(o.value)) ndots = Math.min(Number(o.value), 15);
  return ndots;
}
