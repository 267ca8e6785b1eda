/** What the tracer returns: the hops of a connection there and back, and its outcome. */
import type { Message } from '../message.ts';
import type { TableName, Target } from '../netfilter/rule.ts';
import type { NamespaceId } from '../namespace-id.ts';
import type { Packet } from './packet.ts';

export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

/** Where a packet is: a network namespace, and within it an interface or a container. */
export interface Where {
  readonly ns: NamespaceId;
  /** The node the namespace is on (a pod's node, or the node itself). */
  readonly node?: string;
  readonly iface?: string;
  readonly container?: string;
  readonly process?: string;
}

export type HopKind =
  | 'send'
  | 'route'
  | 'rule'
  | 'policy'
  | 'conntrack'
  | 'unnat'
  | 'link'
  | 'bridge'
  | 'encap'
  | 'decap'
  | 'ipvs'
  | 'proxy'
  | 'deliver'
  | 'reject'
  | 'drop'
  | 'refuse'
  | 'unreachable';

export interface Hop {
  readonly kind: HopKind;
  readonly where: Where;
  /** The reply travels back along its own hops. */
  readonly direction: 'request' | 'reply';
  /** 1 for the client's connection; 2 for the one a proxy opens to the backend. */
  readonly leg: number;
  readonly hook?: Hook;
  /** An iptables table, or an nftables table as `nft` names it (`ip kube-proxy`). */
  readonly table?: TableName | `ip ${string}`;
  readonly chain?: string;
  /** The rule's text, as iptables-save (or nft list ruleset) prints it. */
  readonly rule?: string;
  /** The rule's target, as the grammar parsed it (what the rule did to the packet). */
  readonly target?: Target;
  /** What happens here, in plain words (a message each language says in its own). */
  readonly explain: Message;
  readonly before: Packet;
  readonly after: Packet;
  /** The NetworkPolicy (`namespace/name`) that stopped the packet here. */
  readonly policy?: string;
}

/** How a walk that does not deliver ends, and why; a NetworkPolicy's rejection names the policy (`namespace/name`). */
export interface Stopped {
  readonly verdict: 'rejected' | 'dropped' | 'refused' | 'unreachable' | 'closed';
  readonly reason: Message;
  readonly policy?: string;
}

export type FailKind = 'reject' | 'drop' | 'refuse' | 'unreachable';

/** `closed`: a proxy accepted the connection and closed it at once (curl: "Empty reply from server"). */
export type TraceVerdict = 'delivered' | 'rejected' | 'dropped' | 'refused' | 'unreachable' | 'closed';

export interface Peer {
  readonly kind: 'pod' | 'node' | 'host';
  readonly name: string;
  readonly namespace?: string;
  readonly container?: string;
  readonly process?: string;
}

export interface ConntrackRecord {
  readonly ns: NamespaceId;
  readonly original: Packet;
  readonly reply: Packet;
}

export interface Trace {
  readonly verdict: TraceVerdict;
  /** Why it failed, in plain words. */
  readonly reason?: Message;
  /** The NetworkPolicy (`namespace/name`) that stopped the connection. */
  readonly policy?: string;
  readonly deliveredTo?: Peer;
  /** The client address the receiving process sees. */
  readonly serverSees?: { readonly ip: string; readonly port: number };
  readonly request: Packet;
  readonly hops: readonly Hop[];
  /** The connection-tracking entries the connection created, namespace by namespace. */
  readonly conntrack: readonly ConntrackRecord[];
}
