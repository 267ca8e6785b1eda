/**
 * Why a NetworkPolicy stopped a packet: kube-router rejects in a pod's KUBE-POD-FW chain what no
 * policy jumped to from there marked as allowed. The chain says whose it is, the jumps walked in it
 * say which policies isolate the pod, and the packet says the direction (to the pod: ingress).
 */
import type { NetpolIndex } from '../dataplane/model.ts';
import { msg, type Message } from '../message.ts';
import type { RuleHit } from './netfilter.ts';
import type { Packet } from './packet.ts';

export interface PolicyDenial {
  /** The first policy that isolates the pod in that direction, `namespace/name`. */
  readonly policy: string;
  readonly reason: Message;
}

export function policyDenial(index: NetpolIndex | undefined, hits: readonly RuleHit[], p: Packet): PolicyDenial | undefined {
  const last = hits.at(-1);
  if (!index || !last || last.rule.target.t !== 'REJECT') return undefined;
  const fw = index.podFirewalls[last.chain];
  if (!fw) return undefined;
  // The policies of this walk of the pod's chain: the jumps made since the packet last entered it.
  const entered = hits.findLastIndex((h) => h.rule.target.t === 'jump' && h.rule.target.chain === last.chain);
  const policies = hits
    .slice(entered + 1)
    .flatMap((h) => (h.chain === last.chain && h.rule.target.t === 'jump' ? [index.policyChains[h.rule.target.chain]] : []))
    .filter((name): name is string => name !== undefined)
    .reverse(); // kube-router inserts each policy's jump at the top: back to the policies' own order
  if (policies.length === 0) return undefined;
  const ingress = p.dst === fw.ip;
  const peerIp = ingress ? p.src : p.dst;
  const pod = index.pods[peerIp];
  const peer = pod ? msg('policy.peer-pod', { pod, ip: peerIp }) : peerIp;
  const params = { policies: policies.join(', '), peer, port: `${p.dport}/${p.proto}` };
  return { policy: policies[0]!, reason: msg(ingress ? 'fail.policy-ingress' : 'fail.policy-egress', params) };
}
