/**
 * The dataplane: every network namespace of the cluster (nodes, pods, external hosts) with its
 * interfaces, routes, iptables and listening sockets, and the links between them.
 */
import type { Ruleset } from '../netfilter/ruleset.ts';
import type { NftRuleset } from '../nftables/model.ts';
import type { Protocol } from '../model.ts';
import type { NamespaceId } from '../namespace-id.ts';

export type InterfaceKind = 'loopback' | 'physical' | 'bridge' | 'veth' | 'dummy' | 'vxlan';

export interface Interface {
  readonly name: string;
  /** The kernel's interface index, as `ip addr` numbers them. */
  readonly index: number;
  readonly kind: InterfaceKind;
  /** `a.b.c.d/len` */
  readonly addresses: readonly string[];
  readonly mac: string;
  readonly up: boolean;
  /** The bridge this interface is a port of. */
  readonly master?: string;
  /** The other end of a veth pair. */
  readonly peer?: { readonly ns: NamespaceId; readonly ifname: string };
  /** Hairpin mode on a bridge port: a frame may leave by the port it came in (kubelet sets it). */
  readonly hairpin?: boolean;
  /** The L2 segment the interface is plugged into (the physical network). */
  readonly segment?: string;
  readonly mtu: number;
  /** No carrier: a bridge with no port up (Docker's docker0 before its first container). */
  readonly noCarrier?: boolean;
  /** A VXLAN device (a VTEP): what `ip -d link` shows of it. */
  readonly vxlan?: VxlanLink;
}

/** A VXLAN device's settings: its network identifier, UDP port, own address and underlay device. */
export interface VxlanLink {
  readonly vni: number;
  readonly port: number;
  /** The outer source address: the node's own. */
  readonly local: string;
  /** The device the outer packets leave by. */
  readonly dev: string;
  /** Learning off: only the FDB entries someone wrote say where a MAC lives. */
  readonly learning: boolean;
}

/** A permanent neighbour (ARP) entry, as `ip neigh` prints it. */
export interface Neighbour {
  readonly ip: string;
  readonly dev: string;
  readonly lladdr: string;
}

/** A forwarding database entry of a VXLAN device: the remote VTEP a MAC is behind (`bridge fdb`). */
export interface FdbEntry {
  readonly mac: string;
  readonly dev: string;
  readonly dst: string;
}

export interface Route {
  /** `default` or `a.b.c.d/len` */
  readonly dst: string;
  readonly via?: string;
  readonly dev: string;
  readonly proto?: 'kernel' | 'static' | 'boot';
  readonly scope?: 'link' | 'host';
  readonly src?: string;
  /** `local` routes are the kernel's local table: addresses of this namespace. */
  readonly type?: 'local';
  /** The route's device has no carrier (still used: ignore_routes_with_linkdown is 0). */
  readonly linkdown?: boolean;
  /** The gateway is taken as on the link even though no address of the device covers it (RTNH_F_ONLINK). */
  readonly onlink?: boolean;
}

export type Owner =
  | { readonly kind: 'pod'; readonly namespace: string; readonly name: string; readonly container: string }
  | { readonly kind: 'node'; readonly name: string; readonly process: string }
  | { readonly kind: 'host'; readonly name: string; readonly process: string };

export interface Listener {
  readonly protocol: Protocol;
  /** 0.0.0.0 for every address. */
  readonly ip: string;
  readonly port: number;
  readonly owner: Owner;
  /** A proxy process (kube-proxy's userspace proxier, docker-proxy) forwards what it accepts. */
  readonly proxy?: ProxySpec;
  /** kube-proxy's health check of a service: how many of its endpoints run on this node. */
  readonly health?: { readonly namespace: string; readonly name: string; readonly localEndpoints: number };
}

export interface ProxySpec {
  readonly kind: 'kube-proxy' | 'docker-proxy';
  /** The service port it proxies for (`ns/name:port`). */
  readonly service?: string;
  /** Where it opens the new connection: one backend, or round robin over several. */
  readonly backends: readonly { readonly ip: string; readonly port: number }[];
  readonly sessionAffinity?: boolean;
}

export type NamespaceKind = 'node' | 'pod' | 'host';

export interface NetNamespace {
  readonly id: NamespaceId;
  readonly kind: NamespaceKind;
  readonly name: string;
  readonly interfaces: readonly Interface[];
  /** The main table, in `ip route` order, then the local table. */
  readonly routes: readonly Route[];
  readonly ipForward: boolean;
  /**
   * net.ipv4.conf.all.route_localnet: whether a packet from 127.0.0.0/8 may be routed out of the
   * machine (kube-proxy turns it on in iptables mode, for NodePorts on localhost).
   */
  readonly routeLocalnet: boolean;
  /** net.bridge.bridge-nf-call-iptables: bridged IPv4 frames pass through iptables. */
  readonly bridgeNfCallIptables: boolean;
  readonly iptables: Ruleset;
  /** nftables tables beside the iptables ones (kube-proxy's nftables mode); none when absent. */
  readonly nftables?: NftRuleset;
  readonly listeners: readonly Listener[];
  /** A pod's containers, by name: the processes that send from it. */
  readonly containers?: readonly string[];
  /** Permanent neighbour entries someone wrote (flannel's, for each remote VTEP). */
  readonly neighbours?: readonly Neighbour[];
  /** FDB entries of the namespace's VXLAN devices. */
  readonly fdb?: readonly FdbEntry[];
}

export interface IpvsVirtualServer {
  readonly protocol: Protocol;
  readonly ip: string;
  readonly port: number;
  readonly scheduler: 'rr';
  readonly persistent?: number;
  readonly realServers: readonly { readonly ip: string; readonly port: number }[];
}

export interface IpSet {
  readonly name: string;
  readonly type: string;
  readonly members: readonly string[];
  /** Members added with `nomatch` (hash:net): addresses in them are not in the set. */
  readonly nomatch?: readonly string[];
  /** Created with `timeout 0`: every member carries its own timeout, 0 (kept forever). */
  readonly timeout?: 0;
}

/** What kube-router's chain names stand for (its names are hashes): for the tracer's words. */
export interface NetpolIndex {
  /** KUBE-NWPLCY-<hash> → the policy, `namespace/name`. */
  readonly policyChains: Readonly<Record<string, string>>;
  /** KUBE-POD-FW-<hash> → the pod, `namespace/name`, and its address. */
  readonly podFirewalls: Readonly<Record<string, { readonly pod: string; readonly ip: string }>>;
  /** Every pod a policy can name, by address. */
  readonly pods: Readonly<Record<string, string>>;
}

export interface NodeDataplane {
  readonly node: string;
  readonly ipvs: readonly IpvsVirtualServer[];
  readonly ipsets: readonly IpSet[];
  /** kube-router's network policy chains, when the scenario has a NetworkPolicy. */
  readonly netpol?: NetpolIndex;
}

export interface Dataplane {
  readonly namespaces: readonly NetNamespace[];
  /** Pods with hostNetwork live in their node's namespace: where each is, and its containers. */
  readonly hostNetworkPods: readonly { readonly id: NamespaceId; readonly node: string; readonly containers: readonly string[] }[];
  /** IPVS state of each node (ipvs mode only). */
  readonly nodes: readonly NodeDataplane[];
}
