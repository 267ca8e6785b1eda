/**
 * Cluster profiles: which cluster the manifests run on. `book` is the lab of the 2016 book
 * (Docker, a routable docker0 per node, kube-proxy's v1.18-era rules); `kind` is what
 * `kind create cluster` builds today. We follow kind v0.32.0 (its default node image
 * kindest/node:v1.36.1, so kube-proxy v1.36.1 in iptables mode; kindnetd
 * kindest/kindnetd:v20260528-9350166c, whose CNI config chains the ptp and portmap plugins;
 * containerd with registry.k8s.io/pause:3.10 as the sandbox image). `flannel` is that same kind
 * cluster made with `disableDefaultCNI: true` and flannel v0.28.9's kube-flannel.yml applied:
 * flanneld with --ip-masq --kube-subnet-mgr and the VXLAN backend (flannel.1, VNI 1, UDP 8472),
 * its CNI plugin v1.9.1-flannel1 delegating to the CNI plugins' v1.9.1 `bridge` (cni0) and
 * chaining `portmap`; only the CNI differs from `kind`, so the two can be compared side by side.
 */
import type { ClusterDns, ClusterProfile, ContainerRuntime, KubeProxyMode, Taint } from './model.ts';

export interface ProfileDefaults {
  readonly runtime: ContainerRuntime;
  /** The kube-proxy release whose rules the dataplane writes. */
  readonly kubeProxyVersion: string;
  /** The kube-proxy modes simulated for this profile, the default first. */
  readonly kubeProxyModes: readonly KubeProxyMode[];
  readonly serviceClusterIPRange: string;
  readonly clusterCIDR: string;
  /** Which of clusterCIDR's per-node subnets the first node gets (the book numbers from 1). */
  readonly firstSubnet: number;
  readonly pauseImage: string;
  /**
   * The cluster DNS add-on when the document names none (none when left out here): the book's lab
   * shows no DNS add-on, so none (kube-dns, its era's, on request); kind runs CoreDNS.
   */
  readonly dns?: ClusterDns;
  /** Nodes and hosts when the document names none: name, address and prefix. */
  readonly nodes: readonly { name: string; ip: string; prefix: number }[];
  /**
   * The taint kubeadm puts on the control plane (the first node), which keeps pods without a
   * toleration off it; kind takes it off again when the cluster has no other node.
   */
  readonly controlPlaneTaint?: Taint;
  readonly hosts: readonly { name: string; ip: string; prefix: number }[];
}

const KIND: ProfileDefaults = {
  runtime: 'containerd',
  kubeProxyVersion: 'v1.36.1',
  kubeProxyModes: ['iptables', 'nftables'],
  // kind's defaults (pkg/apis/config/v1alpha4/default.go): a /16 of services, not kubeadm's /12.
  serviceClusterIPRange: '10.96.0.0/16',
  clusterCIDR: '10.244.0.0/16',
  // kube-controller-manager hands out /24s from the start of the range: the control plane gets 10.244.0.0/24.
  firstSubnet: 0,
  pauseImage: 'registry.k8s.io/pause:3.10',
  dns: 'coredns',
  // Docker's "kind" network: the gateway (the laptop running Docker) is .1, the nodes follow.
  controlPlaneTaint: { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
  nodes: ['kind-control-plane', 'kind-worker', 'kind-worker2'].map((name, i) => ({ name, ip: `172.18.0.${i + 2}`, prefix: 16 })),
  hosts: [{ name: 'laptop', ip: '172.18.0.1', prefix: 16 }],
};

export const PROFILE_DEFAULTS: Readonly<Record<ClusterProfile, ProfileDefaults>> = {
  book: {
    runtime: 'docker',
    kubeProxyVersion: 'v1.18',
    // v1.18 has no nftables mode (alpha in v1.29).
    kubeProxyModes: ['iptables', 'userspace', 'ipvs'],
    serviceClusterIPRange: '10.254.0.0/16',
    clusterCIDR: '172.17.0.0/16',
    firstSubnet: 1,
    pauseImage: 'google_containers/pause:latest',
    nodes: [71, 72, 73].map((last, i) => ({ name: `k8smaster0${i + 1}`, ip: `172.24.8.${last}`, prefix: 24 })),
    hosts: [{ name: 'laptop', ip: '172.24.8.10', prefix: 24 }],
  },
  kind: KIND,
  // flannel's default Network (net-conf.json) is kind's pod subnet, 10.244.0.0/16; kube-proxy's
  // nftables mode is not simulated on flannel's nodes yet.
  flannel: { ...KIND, kubeProxyModes: ['iptables'] },
};

export const isSimulatedProfile = (p: string): p is ClusterProfile => Object.hasOwn(PROFILE_DEFAULTS, p);

/** The taints node `index` of `count` starts with, when the Cluster document names none. */
export function defaultTaints(profile: ClusterProfile, index: number, count: number): readonly Taint[] {
  const taint = PROFILE_DEFAULTS[profile].controlPlaneTaint;
  return taint && index === 0 && count > 1 ? [taint] : [];
}
