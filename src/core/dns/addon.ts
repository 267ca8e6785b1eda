/**
 * The cluster DNS add-on as the objects a cluster's installer creates in kube-system: the
 * `kube-dns` Service at the 10th address of the service range (kubeadm's choice, and the book
 * era's --cluster-dns) and the controller running its pods. `kube-dns` is the 2016 add-on
 * (cluster/addons/dns of Kubernetes v1.4: ReplicationController kube-dns-v20, kubedns behind
 * dnsmasq, exechealthz); `coredns` is kubeadm's Deployment as kind runs it (two replicas, the
 * metrics port 9153). Both label their pods k8s-app=kube-dns, which the Service selects.
 * The pods run on the first node (a kind cluster's control plane, where CoreDNS starts before
 * any worker joins); they are made after the text's own pods, so adding DNS moves no pod of the text.
 */
import type { ClusterDns, ClusterSpec, ContainerSpec, ControllerObject, KubeObject, ServiceObject, Toleration } from '../model.ts';
import { cidrSize, formatIp, parseCidr } from '../net/ipv4.ts';

/** The document number of the add-on's objects: they come from no document of the text. */
export const ADDON_DOCUMENT = -2;

/** kubelet's --cluster-domain in every profile. */
export const CLUSTER_DOMAIN = 'cluster.local';

/** The record TTL both servers use for cluster names (kube-dns and CoreDNS's kubernetes plugin). */
export const RECORD_TTL = 30;

export const DNS_SERVICE = { namespace: 'kube-system', name: 'kube-dns' } as const;
const LABELS = { 'k8s-app': 'kube-dns' };

/** The kube-dns Service's address: the 10th of the service range, or none when the range is too small to hold it. */
export function dnsServiceIP(cluster: Pick<ClusterSpec, 'serviceClusterIPRange'>): string | undefined {
  const range = parseCidr(cluster.serviceClusterIPRange);
  if (!range || cidrSize(range) < 12) return undefined;
  return formatIp(range.base + 10);
}

/** kubelet's --cluster-dns: the add-on's address, none without an add-on. */
export function kubeletClusterDns(cluster: Pick<ClusterSpec, 'serviceClusterIPRange' | 'dns'>): string | undefined {
  return cluster.dns === 'none' ? undefined : dnsServiceIP(cluster);
}

const dnsPorts = (port: number) =>
  [
    { name: 'dns', containerPort: port, protocol: 'UDP' },
    { name: 'dns-tcp', containerPort: port, protocol: 'TCP' },
  ] as const;

function containers(dns: Exclude<ClusterDns, 'none'>): ContainerSpec[] {
  if (dns === 'coredns')
    return [
      {
        name: 'coredns',
        image: 'registry.k8s.io/coredns/coredns:v1.12.1',
        ports: [...dnsPorts(53), { name: 'metrics', containerPort: 9153, protocol: 'TCP' }],
        env: [],
      },
    ];
  return [
    {
      name: 'kubedns',
      image: 'gcr.io/google_containers/kubedns-amd64:1.8',
      ports: [
        { name: 'dns-local', containerPort: 10053, protocol: 'UDP' },
        { name: 'dns-tcp-local', containerPort: 10053, protocol: 'TCP' },
      ],
      env: [],
    },
    { name: 'dnsmasq', image: 'gcr.io/google_containers/kube-dnsmasq-amd64:1.4', ports: [...dnsPorts(53)], env: [] },
    {
      name: 'healthz',
      image: 'gcr.io/google_containers/exechealthz-amd64:1.2',
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
      env: [],
    },
  ];
}

const COREDNS_TOLERATIONS: readonly Toleration[] = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
  { key: 'node-role.kubernetes.io/control-plane', operator: 'Equal', effect: 'NoSchedule' },
];

export interface DnsAddon {
  readonly service: ServiceObject;
  readonly controller: ControllerObject;
}

/**
 * The add-on's Service and controller, or undefined when the cluster runs none, has no node or no
 * room for its address, or when the text defines kube-system/kube-dns itself (the text's wins).
 */
export function dnsAddon(cluster: ClusterSpec, objects: readonly KubeObject[]): DnsAddon | undefined {
  const ip = dnsServiceIP(cluster);
  const node = cluster.nodes[0];
  if (cluster.dns === 'none' || ip === undefined || node === undefined) return undefined;
  if (objects.some((o) => o.kind === 'Service' && o.metadata.namespace === DNS_SERVICE.namespace && o.metadata.name === DNS_SERVICE.name))
    return undefined;
  const coredns = cluster.dns === 'coredns';
  const service: ServiceObject = {
    kind: 'Service',
    document: ADDON_DOCUMENT,
    metadata: { ...DNS_SERVICE, labels: { ...LABELS, 'kubernetes.io/name': coredns ? 'CoreDNS' : 'KubeDNS' } },
    type: 'ClusterIP',
    clusterIP: ip,
    selector: LABELS,
    ports: [
      { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
      ...(coredns ? [{ name: 'metrics', port: 9153, targetPort: 9153, protocol: 'TCP' as const }] : []),
    ],
    sessionAffinity: 'None',
  };
  const podLabels = coredns ? LABELS : { ...LABELS, version: 'v20' };
  const controller: ControllerObject = {
    kind: coredns ? 'Deployment' : 'ReplicationController',
    document: ADDON_DOCUMENT,
    metadata: { namespace: DNS_SERVICE.namespace, name: coredns ? 'coredns' : 'kube-dns-v20', labels: podLabels },
    replicas: coredns ? 2 : 1,
    selector: { matchLabels: podLabels, matchExpressions: [] },
    template: {
      labels: podLabels,
      spec: {
        containers: containers(cluster.dns),
        nodeName: node.name,
        nodeSelector: {},
        // kubeadm's CoreDNS tolerates the control plane's taint, so it may run there whatever places it.
        ...(coredns ? { tolerations: COREDNS_TOLERATIONS } : {}),
        hostNetwork: false,
        dnsPolicy: 'Default',
      },
    },
  };
  return { service, controller };
}
