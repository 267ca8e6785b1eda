/**
 * Deterministic identities. Every name, ID and address the simulation invents is a function of
 * the scenario and a seed, so a shared link shows every student the same cluster.
 */
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Recent digests: an edit re-simulates the whole scenario, and every pod's IDs would be hashed
 * again; the same inputs give the same digests, so they are kept (and the store emptied past a size).
 */
const digests = new Map<string, string>();
const MAX_DIGESTS = 50_000;

export function sha256Hex(text: string): string {
  let hex = digests.get(text);
  if (hex === undefined) {
    if (digests.size >= MAX_DIGESTS) digests.clear();
    hex = bytesToHex(sha256(utf8ToBytes(text)));
    digests.set(text, hex);
  }
  return hex;
}

export function sha256Bytes(text: string): Uint8Array {
  return sha256(utf8ToBytes(text));
}

/** SHA-512 in hex: the CNI plugins name their per-container chains with it. */
export function sha512Hex(text: string): string {
  return bytesToHex(sha512(utf8ToBytes(text)));
}

/** A fast 53-bit string hash (cyrb53) for choices that need no cryptographic strength. */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Kubernetes' alphabet for generated name suffixes: no vowels, no look-alikes. */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A `length`-character suffix like the API server's generateName (`frontend-7x2kq`). */
export function nameSuffix(key: string, length = 5): string {
  let h = hash53(key);
  let out = '';
  for (let i = 0; i < length; i++) {
    if (h < SUFFIX_ALPHABET.length) h = hash53(`${key}#${i}`);
    out += SUFFIX_ALPHABET[h % SUFFIX_ALPHABET.length];
    h = Math.floor(h / SUFFIX_ALPHABET.length);
  }
  return out;
}

/** RFC 4122-shaped UID derived from a key. */
export function uidFor(key: string): string {
  const h = sha256Hex(`uid:${key}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** JSON with object keys sorted, so equal values hash equally whatever order they were written in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** A small seeded generator (mulberry32): the same seed gives the same numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
