/** IPv4 addresses and CIDR blocks as 32-bit unsigned integers. */

export interface Cidr {
  /** Network address (host bits cleared). */
  readonly base: number;
  readonly prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses dotted-quad text; undefined when it is not a valid IPv4 address. */
export function parseIp(text: string): number | undefined {
  const m = IPV4.exec(text.trim());
  if (!m) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255 || (m[i]!.length > 1 && m[i]!.startsWith('0'))) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIp(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Parses `a.b.c.d/len`; with `strict`, host bits must be zero (as the API server requires of ranges). */
export function parseCidr(text: string, strict = false): Cidr | undefined {
  const [ip, len, extra] = text.trim().split('/');
  if (ip === undefined || len === undefined || extra !== undefined || !/^\d{1,2}$/.test(len)) return undefined;
  const prefix = Number(len);
  const addr = parseIp(ip);
  if (addr === undefined || prefix > 32) return undefined;
  const base = (addr & maskOf(prefix)) >>> 0;
  if (strict && base !== addr) return undefined;
  return { base, prefix };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr.base)}/${cidr.prefix}`;
}

export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return (ip & maskOf(cidr.prefix)) >>> 0 === cidr.base;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.prefix <= b.prefix ? cidrContains(a, b.base) : cidrContains(b, a.base);
}

/** The `index`-th block of length `prefix` inside `parent`, or undefined past its end. */
export function subnetAt(parent: Cidr, prefix: number, index: number): Cidr | undefined {
  if (prefix < parent.prefix || prefix > 32) return undefined;
  if (index < 0 || index >= 2 ** (prefix - parent.prefix)) return undefined;
  return { base: (parent.base + index * 2 ** (32 - prefix)) >>> 0, prefix };
}
