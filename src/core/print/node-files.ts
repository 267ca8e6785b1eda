/**
 * The files of a node that the lab reads: the systemd units of the Kubernetes components (the
 * API server's `--service-cluster-ip-range` is where the portal network comes from), the
 * book's /etc/kubernetes/apiserver, /etc/hosts, and the sysctls that make a node a router.
 * The API server runs on the first node, as in the dataplane.
 */
import type { ClusterSpec, NodeSpec, PodState } from '../model.ts';
import { NODE_PORT_RANGE } from '../reconcile/services.ts';
import type { NetNamespace } from '../dataplane/model.ts';
import { CLUSTER_DOMAIN, kubeletClusterDns } from '../dns/addon.ts';
import { nodeResolvConf } from '../dns/cluster-dns.ts';
import { formatResolvConf } from '../dns/resolv-conf.ts';

function unit(
  description: string,
  exec: string,
  flags: readonly string[],
  after: readonly string[],
  extra: readonly string[] = [],
): string {
  return [
    '[Unit]',
    `Description=${description}`,
    'Documentation=https://github.com/GoogleCloudPlatform/kubernetes',
    ...after.map((a) => `After=${a}`),
    '',
    '[Service]',
    `ExecStart=${exec} \\`,
    ...flags.map((f, i) => `  ${f}${i === flags.length - 1 ? '' : ' \\'}`),
    'Restart=on-failure',
    ...extra,
    'LimitNOFILE=65536',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

export function apiServerUnit(cluster: ClusterSpec, node: NodeSpec): string {
  return unit(
    'Kubernetes API Server',
    '/usr/local/bin/kube-apiserver',
    [
      `--advertise-address=${node.ip}`,
      '--bind-address=0.0.0.0',
      '--secure-port=6443',
      '--insecure-bind-address=127.0.0.1',
      `--etcd-servers=http://${node.ip}:2379`,
      `--service-cluster-ip-range=${cluster.serviceClusterIPRange}`,
      `--service-node-port-range=${NODE_PORT_RANGE.first}-${NODE_PORT_RANGE.last}`,
      '--allow-privileged=true',
      '--logtostderr=true',
      '--v=2',
    ],
    ['network.target', 'etcd.service'],
    ['Type=notify'],
  );
}

export function kubeProxyUnit(cluster: ClusterSpec, node: NodeSpec, master: NodeSpec): string {
  return unit(
    'Kubernetes Kube-Proxy Server',
    '/usr/local/bin/kube-proxy',
    [
      `--bind-address=${node.ip}`,
      `--hostname-override=${node.name}`,
      `--master=https://${master.ip}:6443`,
      `--proxy-mode=${cluster.kubeProxyMode}`,
      ...(cluster.kubeProxyClusterCIDR ? [`--cluster-cidr=${cluster.kubeProxyClusterCIDR}`] : []),
      ...(cluster.nodePortAddresses ? [`--nodeport-addresses=${cluster.nodePortAddresses.join(',')}`] : []),
      '--logtostderr=true',
      '--v=2',
    ],
    ['network.target'],
  );
}

export function kubeletUnit(node: NodeSpec, master: NodeSpec, pauseImage: string, clusterDns?: string): string {
  return unit(
    'Kubernetes Kubelet Server',
    '/usr/local/bin/kubelet',
    [
      `--address=${node.ip}`,
      `--hostname-override=${node.name}`,
      `--api-servers=https://${master.ip}:6443`,
      `--pod-infra-container-image=${pauseImage}`,
      ...(clusterDns ? [`--cluster-dns=${clusterDns}`, `--cluster-domain=${CLUSTER_DOMAIN}`] : []),
      '--allow-privileged=true',
      '--logtostderr=true',
      '--v=2',
    ],
    ['docker.service'],
    [],
  ).replace('After=docker.service', 'After=docker.service\nRequires=docker.service');
}

/** The book's environment file for the API server (its variable holds the range too). */
export function apiServerEnvironment(cluster: ClusterSpec, node: NodeSpec): string {
  return [
    '###',
    '# kubernetes system config',
    '#',
    '# The following values are used to configure the kube-apiserver',
    '#',
    '',
    '# The address on the local server to listen to.',
    'KUBE_API_ADDRESS="--insecure-bind-address=127.0.0.1"',
    '',
    '# Comma separated list of nodes in the etcd cluster',
    `KUBE_ETCD_SERVERS="--etcd-servers=http://${node.ip}:2379"`,
    '',
    '# Address range to use for services',
    `KUBE_SERVICE_ADDRESSES="--service-cluster-ip-range=${cluster.serviceClusterIPRange}"`,
    '',
    '# Add your own!',
    'KUBE_API_ARGS=""',
    '',
  ].join('\n');
}

export function etcHosts(cluster: ClusterSpec): string {
  return [
    '127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4',
    '::1         localhost localhost.localdomain localhost6 localhost6.localdomain6',
    ...cluster.nodes.map((n) => `${n.ip} ${n.name}`),
    ...cluster.hosts.map((h) => `${h.ip} ${h.name}`),
    '',
  ].join('\n');
}

/** The hosts file kubelet writes into a pod. */
export function podHosts(pod: PodState): string {
  return [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    ...(pod.ip && !pod.hostNetwork ? [`${pod.ip}\t${pod.name}`] : []),
    '',
  ].join('\n');
}

/** Every file of a node, by absolute path. */
export function nodeFiles(cluster: ClusterSpec, node: NodeSpec, ns: NetNamespace | undefined): Map<string, string> {
  const master = cluster.nodes[0] ?? node;
  const files = new Map<string, string>();
  if (node.name === master.name) {
    files.set('/etc/systemd/system/kube-apiserver.service', apiServerUnit(cluster, node));
    files.set('/etc/kubernetes/apiserver', apiServerEnvironment(cluster, node));
  }
  files.set('/etc/systemd/system/kube-proxy.service', kubeProxyUnit(cluster, node, master));
  files.set('/etc/systemd/system/kubelet.service', kubeletUnit(node, master, cluster.pauseImage, kubeletClusterDns(cluster)));
  files.set('/etc/hosts', etcHosts(cluster));
  files.set('/etc/resolv.conf', formatResolvConf(nodeResolvConf(cluster)));
  files.set('/etc/hostname', `${node.name}\n`);
  files.set('/proc/sys/net/ipv4/ip_forward', `${ns?.ipForward === false ? 0 : 1}\n`);
  files.set('/proc/sys/net/bridge/bridge-nf-call-iptables', `${ns?.bridgeNfCallIptables === false ? 0 : 1}\n`);
  files.set('/proc/sys/net/ipv4/conf/all/route_localnet', `${ns?.routeLocalnet ? 1 : 0}\n`);
  return files;
}
