/**
 * The typed model: what validation produces (the desired objects) and what reconciliation
 * produces (the cluster's state). Plain data, no behaviour.
 */
import type { DnsPolicy, PodDnsConfig } from './dns/resolv-conf.ts';
import type { Message } from './message.ts';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type KubeProxyMode = 'userspace' | 'iptables' | 'ipvs' | 'nftables';
/** The cluster the manifests run on (src/core/profiles.ts): the book's lab, kind's today, or kind with flannel. */
export type ClusterProfile = 'book' | 'kind' | 'flannel';
export type ContainerRuntime = 'docker' | 'containerd';
/** The cluster DNS add-on (src/core/dns/addon.ts): none, the 2016 kube-dns, or CoreDNS. */
export type ClusterDns = 'none' | 'kube-dns' | 'coredns';
export type Labels = Readonly<Record<string, string>>;

/** Where an object came from: its document, for pointing diagnostics and selections back at the text. */
export interface Origin {
  readonly document: number;
}

// ---- The cluster (the `kind: Cluster` document, or the lab's defaults) ----

export interface NodeSpec {
  readonly name: string;
  readonly ip: string;
  readonly prefix: number;
  /** The node's docker0 subnet, e.g. 172.17.1.0/24; docker0 holds its first address. */
  readonly podSubnet: string;
  readonly labels: Labels;
  /** spec.taints: kind's control plane carries node-role.kubernetes.io/control-plane:NoSchedule. */
  readonly taints: readonly Taint[];
}

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: TaintEffect;
}

/** A pod's spec.tolerations entry; an empty key with Exists tolerates every taint, no effect every effect. */
export interface Toleration {
  readonly key?: string;
  readonly operator: 'Equal' | 'Exists';
  readonly value?: string;
  readonly effect?: TaintEffect;
  readonly tolerationSeconds?: number;
}

export interface HostSpec {
  readonly name: string;
  readonly ip: string;
  readonly prefix: number;
}

export interface ClusterSpec {
  readonly name: string;
  readonly profile: ClusterProfile;
  /** Docker (pods on docker0) or containerd (pods wired by CNI plugins). */
  readonly runtime: ContainerRuntime;
  /** The kube-proxy release whose rules the nodes carry. */
  readonly kubeProxyVersion: string;
  readonly nodes: readonly NodeSpec[];
  readonly hosts: readonly HostSpec[];
  readonly serviceClusterIPRange: string;
  /** The range the nodes' pod subnets are carved from (and Docker's masquerade leaves alone). */
  readonly clusterCIDR: string;
  /**
   * kube-proxy's --cluster-cidr: clusterCIDR, or none when the Cluster document sets clusterCIDR
   * to "" (kube-proxy then cannot tell pods from other sources, and writes no rule that needs to).
   */
  readonly kubeProxyClusterCIDR?: string;
  /**
   * kube-proxy's --nodeport-addresses: node ports answer only on the node's addresses in these
   * ranges; unset, on every local address (127.0.0.1 included).
   */
  readonly nodePortAddresses?: readonly string[];
  readonly kubeProxyMode: KubeProxyMode;
  readonly pauseImage: string;
  /**
   * Which pod traffic the node masquerades. Kubernetes needs pod-to-pod traffic un-NATed, so a
   * node limits masquerade to traffic leaving the cluster's pod range (`outsideClusterCIDR`);
   * `dockerDefault` is Docker's own rule, masquerading everything that leaves by another
   * interface than docker0, which hides a client pod's address behind its node's.
   */
  readonly podMasquerade: 'outsideClusterCIDR' | 'dockerDefault';
  /**
   * The simulated cloud's address pool for LoadBalancer services: each gets one address from it
   * (or its loadBalancerIP), and the physical network routes that address to a node.
   */
  readonly loadBalancerIPRange: string;
  /** The cluster DNS add-on; with one, kubelet's --cluster-dns is its Service's address. */
  readonly dns: ClusterDns;
  /** Mixed into every invented name, ID and address. */
  readonly seed: number;
}

// ---- Desired objects (validated manifests) ----

export interface ObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
}

export interface ContainerPortSpec {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol: Protocol;
  readonly hostPort?: number;
  readonly hostIP?: string;
}

export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly ports: readonly ContainerPortSpec[];
  readonly env: readonly { name: string; value: string }[];
}

export interface PodSpec {
  readonly containers: readonly ContainerSpec[];
  readonly nodeName?: string;
  readonly nodeSelector: Labels;
  readonly tolerations?: readonly Toleration[];
  readonly hostNetwork: boolean;
  /** spec.dnsPolicy as written (unset: ClusterFirst) and spec.dnsConfig: the pod's resolv.conf. */
  readonly dnsPolicy?: DnsPolicy;
  readonly dnsConfig?: PodDnsConfig;
  /** spec.hostname and spec.subdomain: the pod's DNS name under a headless Service of that name. */
  readonly hostname?: string;
  readonly subdomain?: string;
  /**
   * Container IDs pinned by the playground's `kube-netplay/container-id.<name>` annotations
   * (POD: the pause container), to reproduce a book's capture. Only the first pod made from
   * them takes them; a real Docker draws every ID at random.
   */
  readonly pinnedContainerIds?: Readonly<Record<string, string>>;
}

export interface PodTemplate {
  readonly labels: Labels;
  readonly spec: PodSpec;
}

export interface SelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/** A label selector: equality (matchLabels) and set-based requirements (matchExpressions). */
export interface LabelSelector {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly SelectorRequirement[];
}

export interface PodObject extends Origin {
  readonly kind: 'Pod';
  readonly metadata: ObjectMeta;
  readonly spec: PodSpec;
}

export type ControllerKind = 'ReplicationController' | 'ReplicaSet' | 'Deployment';

export interface ControllerObject extends Origin {
  readonly kind: ControllerKind;
  readonly metadata: ObjectMeta;
  readonly replicas: number;
  readonly selector: LabelSelector;
  readonly template: PodTemplate;
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

export interface ServicePortSpec {
  readonly name?: string;
  readonly port: number;
  /** A number, or the name of a container port. Defaults to `port`. */
  readonly targetPort: number | string;
  readonly protocol: Protocol;
  readonly nodePort?: number;
}

/** How a service's traffic is steered: the same in the manifest and in the cluster's state. */
export interface ServiceTraffic {
  readonly sessionAffinity: 'None' | 'ClientIP';
  /** With ClientIP: how long a client stays with its endpoint (sessionAffinityConfig.clientIP.timeoutSeconds). */
  readonly affinityTimeoutSeconds?: number;
  /**
   * NodePort and LoadBalancer services. Local: a node answers its node port only with its own
   * endpoints, and keeps the client's address (no masquerade); Cluster (the default): any endpoint.
   */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /**
   * Local: cluster IP traffic goes only to endpoints on the client's own node (kube-proxy v1.21+,
   * which then filters the service's endpoints for every kind of traffic unless
   * externalTrafficPolicy is Local); with none there, the connection is rejected. Cluster: any endpoint.
   */
  readonly internalTrafficPolicy?: 'Cluster' | 'Local';
  /** Addresses, besides the cluster IP, that every node answers for the service (spec.externalIPs). */
  readonly externalIPs?: readonly string[];
  /**
   * A LoadBalancer service with externalTrafficPolicy: Local: the node port where each node's
   * kube-proxy tells the load balancer whether the node runs an endpoint of the service.
   */
  readonly healthCheckNodePort?: number;
}

export interface ServiceObject extends Origin, ServiceTraffic {
  readonly kind: 'Service';
  readonly metadata: ObjectMeta;
  readonly type: ServiceType;
  /** undefined: allocate one; 'None': headless. */
  readonly clusterIP?: string;
  readonly selector?: Labels;
  readonly ports: readonly ServicePortSpec[];
  /** LoadBalancer: the address asked of the cloud (spec.loadBalancerIP). */
  readonly loadBalancerIP?: string;
  /** LoadBalancer: the address the cloud reported (status.loadBalancer.ingress[].ip), kept as given. */
  readonly ingressIPs?: readonly string[];
  /** LoadBalancer: the only sources the load balancer address takes (spec.loadBalancerSourceRanges). */
  readonly loadBalancerSourceRanges?: readonly string[];
}

export interface EndpointAddress {
  readonly ip: string;
  readonly nodeName?: string;
  readonly targetRef?: { readonly kind: 'Pod'; readonly namespace: string; readonly name: string };
}

export interface EndpointPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

export interface EndpointSubset {
  readonly addresses: readonly EndpointAddress[];
  readonly ports: readonly EndpointPort[];
}

export interface EndpointsObject extends Origin {
  readonly kind: 'Endpoints';
  readonly metadata: ObjectMeta;
  readonly subsets: readonly EndpointSubset[];
}

export interface NamespaceObject extends Origin {
  readonly kind: 'Namespace';
  readonly metadata: ObjectMeta;
}

export type PolicyType = 'Ingress' | 'Egress';

/** A NetworkPolicy's ipBlock: the addresses of `cidr` not in any of `except` (CIDRs normalised). */
export interface IPBlock {
  readonly cidr: string;
  readonly except: readonly string[];
}

/**
 * One entry of a rule's from/to. A podSelector alone means pods of the policy's namespace; a
 * namespaceSelector alone, every pod of the namespaces it matches; both, matching pods in
 * matching namespaces; an ipBlock stands alone.
 */
export interface PolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: IPBlock;
}

/** A port of a rule: a number (with endPort, an inclusive range) or a container port's name; none: every port of the protocol. */
export interface PolicyPort {
  readonly protocol: Protocol;
  readonly port?: number | string;
  readonly endPort?: number;
}

/** An ingress or egress rule; an empty peers list matches every peer, an empty ports list every port. */
export interface PolicyRule {
  readonly peers: readonly PolicyPeer[];
  readonly ports: readonly PolicyPort[];
}

export interface NetworkPolicyObject extends Origin {
  readonly kind: 'NetworkPolicy';
  readonly metadata: ObjectMeta;
  readonly podSelector: LabelSelector;
  /** As the API server defaults it: Ingress, plus Egress when there are egress rules. */
  readonly policyTypes: readonly PolicyType[];
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
}

export type KubeObject = PodObject | ControllerObject | ServiceObject | EndpointsObject | NamespaceObject | NetworkPolicyObject;

// ---- The cluster's state (reconciled) ----

export type NetworkMode = 'default' | 'host' | `container:${string}`;

export interface PortMapping {
  readonly hostIP: string;
  readonly hostPort: number;
  readonly containerPort: number;
  readonly protocol: Protocol;
}

export interface ContainerState {
  readonly name: string;
  /** 64 hex digits, as Docker shows with --no-trunc. */
  readonly id: string;
  readonly image: string;
  /** The pause container owns the pod's network namespace; app containers join it. */
  readonly role: 'pause' | 'app';
  readonly networkMode: NetworkMode;
  /** Docker port mappings: only on the pause container. */
  readonly portMappings: readonly PortMapping[];
  /** The ports the container declares it listens on. */
  readonly ports: readonly ContainerPortSpec[];
  readonly env: readonly { name: string; value: string }[];
}

export interface PodState extends Origin {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly labels: Labels;
  readonly owner?: { readonly kind: ControllerKind; readonly name: string };
  readonly phase: 'Running' | 'Pending';
  readonly node?: string;
  readonly ip?: string;
  readonly hostNetwork: boolean;
  /** The pause container first, then the app containers in manifest order; empty while Pending. */
  readonly containers: readonly ContainerState[];
  /** The declared containers, kept for Pending pods too. */
  readonly spec: PodSpec;
  /** Why a Pending pod is pending, as `kubectl describe` shows it (`message`, English) and as the page says it (`why`). */
  readonly reason?: string;
  readonly message?: string;
  readonly why?: Message;
}

export interface ServicePortState {
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: Protocol;
  readonly nodePort?: number;
}

export interface ServiceState extends Origin, ServiceTraffic {
  readonly namespace: string;
  readonly name: string;
  readonly type: ServiceType;
  /** An address, or 'None' for a headless service. */
  readonly clusterIP: string;
  readonly selector?: Labels;
  readonly ports: readonly ServicePortState[];
  /** LoadBalancer: the simulated cloud load balancer's addresses (status.loadBalancer.ingress). */
  readonly loadBalancerIngress?: readonly string[];
  /** LoadBalancer: the only sources kube-proxy lets reach those addresses (KUBE-FW chains). */
  readonly loadBalancerSourceRanges?: readonly string[];
  /** Implicit objects every cluster has (the `kubernetes` service), not from the text. */
  readonly builtin?: boolean;
}

export interface EndpointsState {
  readonly namespace: string;
  readonly name: string;
  readonly subsets: readonly EndpointSubset[];
}

export interface ControllerState extends Origin {
  readonly kind: ControllerKind;
  readonly namespace: string;
  readonly name: string;
  readonly desired: number;
  readonly current: number;
  readonly ready: number;
  readonly selector: LabelSelector;
  readonly pods: readonly string[];
}

export interface ClusterEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly object: { readonly kind: string; readonly namespace: string; readonly name: string };
  readonly message: string;
}

export interface ClusterState {
  readonly cluster: ClusterSpec;
  readonly namespaces: readonly string[];
  /** Each namespace's labels, with kubernetes.io/metadata.name set as the API server sets it. */
  readonly namespaceLabels: Readonly<Record<string, Labels>>;
  readonly networkPolicies: readonly NetworkPolicyObject[];
  readonly controllers: readonly ControllerState[];
  readonly pods: readonly PodState[];
  readonly services: readonly ServiceState[];
  readonly endpoints: readonly EndpointsState[];
  readonly events: readonly ClusterEvent[];
}
