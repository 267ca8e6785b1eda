/**
 * kube-proxy's names and numbers, computed exactly as kube-proxy computes them (the v1.1–v1.18
 * era of the lab): the service port name `ns/name:port` (an unnamed port keeps the trailing
 * colon), chain names from SHA-256 in base32, and load-balancing probabilities.
 */
import { sha256Bytes } from '../../hash.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** `default/frontend:` for an unnamed port, `default/kubernetes:https` for a named one. */
export function servicePortName(namespace: string, name: string, port?: string): string {
  return `${namespace}/${name}:${port ?? ''}`;
}

/** portProtoHash: the first 16 base32 characters of sha256(servicePortName + protocol). */
function portProtoHash(servicePortName: string, protocol: string): string {
  return base32(sha256Bytes(servicePortName + protocol.toLowerCase())).slice(0, 16);
}

export function serviceChain(spn: string, protocol: string): string {
  return `KUBE-SVC-${portProtoHash(spn, protocol)}`;
}

/** A service port's chain for its external traffic under externalTrafficPolicy: Local (same hash). */
export function localTrafficChain(spn: string, protocol: string): string {
  return `KUBE-XLB-${portProtoHash(spn, protocol)}`;
}

/** A LoadBalancer service port's source-range firewall chain (same hash). */
export function firewallChain(spn: string, protocol: string): string {
  return `KUBE-FW-${portProtoHash(spn, protocol)}`;
}

/** The endpoint chain hashes the endpoint `ip:port` too. */
export function endpointChain(spn: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${base32(sha256Bytes(spn + protocol.toLowerCase() + endpoint)).slice(0, 16)}`;
}

/**
 * What `iptables-save` prints for kube-proxy's `--probability 1/n`: kube-proxy writes
 * "%0.10f", the kernel stores round(p × 2³¹) and iptables prints that back with "%.11f".
 */
export function savedProbability(n: number): string {
  const written = Number((1 / n).toFixed(10));
  const stored = Math.round(written * 0x80000000);
  return (stored / 0x80000000).toFixed(11);
}

/** kube-proxy's mark for packets to masquerade (bit 14) and to drop (bit 15). */
export const MASQ_MARK = '0x4000';
export const DROP_MARK = '0x8000';
