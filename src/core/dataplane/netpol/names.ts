/**
 * kube-router's names for its network policy chains and ipsets (v2.11.1, pkg/controllers/netpol),
 * computed as it computes them: the first 16 base32 characters of a SHA-256. Its chains also hash
 * the sync's version: `strconv.FormatInt(start.UnixNano(), syncVersionBase)` with syncVersionBase
 * 10 (npc_iptables.go fullPolicySync; network_policy_controller.go), the decimal nanoseconds of
 * the sync's start. Ours is one fixed instant, iptables-save's stamp, so a scenario always gets
 * the same names. The ipsets' names hash no version and are stable across syncs.
 */
import { sha256Bytes } from '../../hash.ts';
import { base32 } from '../kube-proxy/names.ts';

/** 2026-11-26T12:00:00Z in nanoseconds, in decimal: the sync version every chain name hashes. */
export const SYNC_VERSION = (BigInt(Date.UTC(2026, 10, 26, 12)) * 1_000_000n).toString(10);

/** kube-router's IPv4 family name, part of several hashes. */
const IPV4 = 'IPv4';

const hash16 = (text: string) => base32(sha256Bytes(text)).slice(0, 16);

/** pod.go podFirewallChainName: sha256(namespace + pod name + sync version). */
export const podFirewallChain = (namespace: string, pod: string, version = SYNC_VERSION) =>
  `KUBE-POD-FW-${hash16(namespace + pod + version)}`;

/** policy.go networkPolicyChainName: sha256(namespace + policy name + sync version + "IPv4"). */
export const policyChain = (namespace: string, name: string, version = SYNC_VERSION) =>
  `KUBE-NWPLCY-${hash16(namespace + name + version + IPV4)}`;

/** The policy's selected pods, as sources (egress) and as destinations (ingress): one hash, two prefixes. */
export const targetSourceSet = (namespace: string, name: string) => `KUBE-SRC-${hash16(namespace + name + IPV4)}`;
export const targetDestinationSet = (namespace: string, name: string) => `KUBE-DST-${hash16(namespace + name + IPV4)}`;

type Direction = 'ingress' | 'egress';

/** A rule's peer pods (`pod`) or ipBlocks (`ipblock`): sources for an ingress rule, destinations for an egress rule. */
export function rulePeerSet(namespace: string, name: string, direction: Direction, rule: number, what: 'pod' | 'ipblock'): string {
  const prefix = direction === 'ingress' ? 'KUBE-SRC-' : 'KUBE-DST-';
  return prefix + hash16(`${namespace}${name}${direction}rule${rule}${IPV4}${what}`);
}

/** The pods serving a named port of a rule (the `index`th port number the name resolved to). */
export function namedPortSet(namespace: string, name: string, direction: Direction, rule: number, index: number): string {
  return `KUBE-DST-${hash16(`${namespace}${name}${direction}rule${rule}${index}${IPV4}namedport`)}`;
}

/**
 * kube-router tags a rule it keeps at a fixed place in a chain with a hash of the chain and the
 * rule's arguments, appended to the comment (" - " and 16 base32 characters).
 */
export function positionedComment(chain: string, args: readonly string[], comment: string): string {
  return `${comment} - ${hash16(chain + args.join(''))}`;
}
