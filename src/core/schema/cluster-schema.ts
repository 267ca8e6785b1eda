/**
 * The schema of our own `kind: Cluster` document, in the same form as the Kubernetes schema so
 * the same checker reports its unknown fields, wrong types and missing fields.
 */
import type { TypeSchema } from './schema-types.ts';

export const CLUSTER_API_VERSION = 'kube-netplay/v1';

export const CLUSTER_TYPES: Readonly<Record<string, TypeSchema>> = {
  Cluster: {
    description: 'The cluster the manifests run on: its nodes, networks and kube-proxy mode.',
    required: [],
    properties: {
      apiVersion: { type: 'string', description: 'Always kube-netplay/v1.' },
      kind: { type: 'string', description: 'Always Cluster.' },
      metadata: { type: 'object', ref: 'ClusterMeta', description: 'The cluster name.' },
      spec: { type: 'object', ref: 'ClusterSpec', description: 'Nodes, networks and kube-proxy.' },
    },
  },
  ClusterMeta: {
    description: 'Names the cluster.',
    required: [],
    properties: { name: { type: 'string', description: 'The cluster name.' } },
  },
  ClusterSpec: {
    description: 'Nodes, address ranges and the kube-proxy mode.',
    required: [],
    properties: {
      profile: {
        type: 'string',
        description:
          "Which cluster: book (the 2016 book's lab: Docker, docker0, kube-proxy v1.18) or kind (kind v0.32.0: containerd, kindnet, kube-proxy v1.36).",
      },
      nodes: { type: 'array', items: { type: 'object', ref: 'ClusterNode' }, description: 'The nodes, in order.' },
      hosts: {
        type: 'array',
        items: { type: 'object', ref: 'ClusterHost' },
        description: 'Machines on the physical network outside the cluster (a student laptop).',
      },
      serviceClusterIPRange: {
        type: 'string',
        description: "The API server's --service-cluster-ip-range: the portal network cluster IPs come from.",
      },
      clusterCIDR: {
        type: 'string',
        description:
          'The range holding every node\'s pod subnet, and kube-proxy\'s --cluster-cidr; "" runs kube-proxy without it (pod subnets still come from 172.17.0.0/16).',
      },
      nodePortAddresses: {
        type: 'array',
        items: { type: 'string' },
        description: "kube-proxy's --nodeport-addresses: node ports answer only on the node's addresses in these ranges.",
      },
      kubeProxyMode: { type: 'string', description: 'userspace, iptables or ipvs.' },
      pauseImage: { type: 'string', description: 'The infrastructure (pause) container image.' },
      podMasquerade: {
        type: 'string',
        description: "outsideClusterCIDR (pod-to-pod traffic keeps its source) or dockerDefault (Docker's own masquerade).",
      },
      loadBalancerIPRange: {
        type: 'string',
        description: "The simulated cloud's address pool for LoadBalancer services (203.0.113.0/24 by default).",
      },
      dns: {
        type: 'string',
        description:
          'The cluster DNS add-on: none, kube-dns (the 2016 add-on) or coredns; its kube-dns Service takes the 10th address of the portal network. Default: none for book, coredns for kind.',
      },
      seed: { type: 'integer', description: 'Mixed into every generated name, ID and address.' },
    },
  },
  ClusterNode: {
    description: 'A node: a host running kubelet, Docker and kube-proxy.',
    required: ['name', 'ip'],
    properties: {
      name: { type: 'string', description: 'The node name.' },
      ip: { type: 'string', description: "eth0's address on the physical network, with its prefix: 172.24.8.71/24." },
      podSubnet: { type: 'string', description: "The node's docker0 subnet; carved from clusterCIDR when omitted." },
      labels: { type: 'map', values: { type: 'string' }, description: 'Node labels, for nodeSelector.' },
      taints: {
        type: 'array',
        items: { type: 'object', ref: 'ClusterTaint' },
        description:
          "The node's taints; a pod runs there only if it tolerates them. kind's first node (the control plane) has node-role.kubernetes.io/control-plane:NoSchedule when the cluster has more than one node.",
      },
    },
  },
  ClusterTaint: {
    description: 'A node taint: key, optional value and effect.',
    required: ['key', 'effect'],
    properties: {
      key: { type: 'string', description: 'The taint key: node-role.kubernetes.io/control-plane.' },
      value: { type: 'string', description: 'The taint value (optional).' },
      effect: { type: 'string', description: 'NoSchedule, PreferNoSchedule or NoExecute.' },
    },
  },
  ClusterHost: {
    description: 'A machine on the physical network that is not a node.',
    required: ['name', 'ip'],
    properties: {
      name: { type: 'string', description: 'The host name.' },
      ip: { type: 'string', description: 'Its address with prefix: 172.24.8.10/24.' },
    },
  },
};
