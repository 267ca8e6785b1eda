/**
 * The DNS core applied to a cluster's state: the resolver file each node and pod has, the zone the
 * cluster DNS serves from the Services, Endpoints and pods, and which address is that DNS.
 */
import type { ClusterSpec, ClusterState, PodState } from '../model.ts';
import { CLUSTER_DOMAIN, DNS_SERVICE, kubeletClusterDns, RECORD_TTL } from './addon.ts';
import { buildZone, type Zone } from './records.ts';
import { podResolvConf, type KubeletDns, type ResolvConf } from './resolv-conf.ts';

/**
 * A node's own /etc/resolv.conf: the physical network's resolver, which is the first host's address
 * (the laptop). On kind that is what the node's entrypoint writes: Docker's embedded DNS reached
 * through the network's gateway, with Docker's ndots:0.
 */
export function nodeResolvConf(cluster: Pick<ClusterSpec, 'hosts' | 'runtime'>): ResolvConf {
  const upstream = cluster.hosts[0]?.ip;
  return {
    nameservers: upstream ? [upstream] : [],
    searches: [],
    options: cluster.runtime === 'containerd' ? [{ name: 'ndots', value: '0' }] : [],
  };
}

export function kubeletDns(cluster: ClusterSpec): KubeletDns {
  const dns = kubeletClusterDns(cluster);
  return { clusterDNS: dns ? [dns] : [], clusterDomain: CLUSTER_DOMAIN, hostResolvConf: nodeResolvConf(cluster) };
}

/** The pod's /etc/resolv.conf as its kubelet writes it. */
export function podDnsConf(cluster: ClusterSpec, pod: PodState): ResolvConf {
  const { spec } = pod;
  return podResolvConf(
    {
      namespace: pod.namespace,
      hostNetwork: pod.hostNetwork,
      ...(spec.dnsPolicy ? { dnsPolicy: spec.dnsPolicy } : {}),
      ...(spec.dnsConfig ? { dnsConfig: spec.dnsConfig } : {}),
    },
    kubeletDns(cluster),
  ).conf;
}

/** The records the cluster DNS serves. */
export function clusterZone(state: ClusterState): Zone {
  return buildZone({
    domain: CLUSTER_DOMAIN,
    ttl: RECORD_TTL,
    services: state.services.map((s) => ({ namespace: s.namespace, name: s.name, clusterIP: s.clusterIP, ports: s.ports })),
    endpoints: state.endpoints,
    pods: state.pods.map((p) => ({
      namespace: p.namespace,
      name: p.name,
      ...(p.spec.hostname ? { hostname: p.spec.hostname } : {}),
      ...(p.spec.subdomain ? { subdomain: p.spec.subdomain } : {}),
    })),
  });
}

/** The cluster DNS's address: the kube-dns Service's cluster IP, when the cluster has one. */
export function clusterDnsIP(state: ClusterState): string | undefined {
  const svc = state.services.find((s) => s.namespace === DNS_SERVICE.namespace && s.name === DNS_SERVICE.name);
  return svc && svc.clusterIP !== 'None' ? svc.clusterIP : undefined;
}

/** Whether a pod is one of the cluster DNS's servers (an endpoint of kube-dns). */
export function isDnsServer(state: ClusterState, namespace: string, name: string): boolean {
  const ep = state.endpoints.find((e) => e.namespace === DNS_SERVICE.namespace && e.name === DNS_SERVICE.name);
  return !!ep?.subsets.some((s) => s.addresses.some((a) => a.targetRef?.namespace === namespace && a.targetRef.name === name));
}
