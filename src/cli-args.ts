/**
 * The command line's arguments, checked before anything runs: a bad count, port, address, table
 * or protocol is a usage error (exit 2) that names the option, the value and what it accepts.
 */
import type { TableName } from './core/netfilter/rule.ts';
import { isNamespaceId, type NamespaceId } from './core/namespace-id.ts';
import { parseIp } from './core/net/ipv4.ts';
import type { TraceRequest } from './core/trace/index.ts';

/** `trace --count` opens this many connections at most: 10,000 take seconds on a large cluster. */
export const MAX_TRACE_COUNT = 10_000;

export const TABLES: readonly TableName[] = ['nat', 'filter', 'mangle', 'raw'];

/** A usage error: what was wrong, as one line. */
export class UsageError extends Error {}

/** Options each command takes: flags stand alone, the others take a value. */
const OPTIONS: Record<string, { readonly values: readonly string[]; readonly flags: readonly string[] }> = {
  validate: { values: [], flags: [] },
  state: { values: [], flags: ['--json'] },
  dataplane: { values: [], flags: ['--json'] },
  'iptables-save': { values: ['--node', '-t'], flags: [] },
  routes: { values: ['--node'], flags: [] },
  nft: { values: ['--node'], flags: [] },
  'export-kind': { values: [], flags: [] },
  ipset: { values: ['--node'], flags: [] },
  trace: { values: ['--from', '--to', '--proto', '--seed', '--count', '--via'], flags: ['--json'] },
  dns: { values: ['--from', '--name', '--type', '--seed'], flags: ['--json'] },
};

export const COMMANDS = Object.keys(OPTIONS);

export interface Options {
  readonly values: ReadonlyMap<string, string>;
  readonly flags: ReadonlySet<string>;
}

/** Reads `rest` as the command's options: an unknown option, a repeated one or a missing value is an error. */
export function readOptions(command: string, rest: readonly string[]): Options {
  const known = OPTIONS[command];
  if (!known) throw new UsageError(`unknown command "${command}"`);
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (known.flags.includes(arg)) flags.add(arg);
    else if (known.values.includes(arg)) {
      const value = rest[i + 1];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      if (values.has(arg)) throw new UsageError(`${arg} is given twice`);
      values.set(arg, value);
      i++;
    } else
      throw new UsageError(
        `${command} has no option "${arg}"${known.values.length + known.flags.length > 0 ? ` (it takes ${[...known.values, ...known.flags].join(', ')})` : ''}`,
      );
  }
  return { values, flags };
}

/** A whole number from `min` to `max`, written in decimal digits only. */
export function wholeNumber(option: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new UsageError(`${option} must be a whole number from ${min} to ${max}, not "${text}"`);
  return value;
}

export function table(text: string): TableName {
  const found = TABLES.find((t) => t === text);
  if (!found) throw new UsageError(`-t must be one of ${TABLES.join(', ')}, not "${text}"`);
  return found;
}

/** `--from`: `pod:NS/NAME`, `node:NAME` or `host:NAME`. */
export function source(text: string): NamespaceId {
  if (!isNamespaceId(text)) throw new UsageError(`--from must be pod:NAMESPACE/NAME, node:NAME or host:NAME, not "${text}"`);
  return text;
}

/** `--to` naming a host: the pod's resolver looks the name up first. */
export interface NameDestination {
  readonly name: string;
  readonly port: number;
}

/** A name as a resolver takes it: dot-separated labels of letters, digits and dashes, not all digits. */
const HOST_NAME = /^(?=.*[a-zA-Z])[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*\.?$/;

/** `--to`: an IPv4 address or a name, and a port from 1 to 65535. */
export function destination(text: string): TraceRequest['to'] | NameDestination {
  const colon = text.lastIndexOf(':');
  const host = colon < 0 ? text : text.slice(0, colon);
  const isIp = parseIp(host) !== undefined && host.trim() === host;
  if (colon < 0 || (!isIp && (!HOST_NAME.test(host) || host.length > 253)))
    throw new UsageError(`--to must be an IPv4 address or a name, and a port, as 10.254.0.10:80 or frontend:80, not "${text}"`);
  const port = wholeNumber('the port of --to', text.slice(colon + 1), 1, 65_535);
  return isIp ? { ip: host, port } : { name: host, port };
}

/** `--via`: an IPv4 address (a neighbour of the sender). */
export function address(option: string, text: string): string {
  if (parseIp(text) === undefined || text.trim() !== text) throw new UsageError(`${option} must be an IPv4 address, not "${text}"`);
  return text;
}

export function protocol(text: string): TraceRequest['proto'] {
  const proto = text.toLowerCase();
  if (proto !== 'tcp' && proto !== 'udp') throw new UsageError(`--proto must be tcp or udp, not "${text}"`);
  return proto;
}

/** A trace request whose destination may still be a name. */
export type TraceArguments = Omit<TraceRequest, 'to'> & { readonly to: TraceRequest['to'] | NameDestination };

/** The options of `trace`, checked. */
export function traceOptions(options: Options): { request: TraceArguments; seed: number; count?: number } {
  const from = options.values.get('--from');
  const to = options.values.get('--to');
  if (!from || !to) throw new UsageError('trace needs --from and --to IP:PORT (or NAME:PORT)');
  const count = options.values.get('--count');
  const via = options.values.get('--via');
  return {
    request: {
      from: source(from),
      to: destination(to),
      proto: protocol(options.values.get('--proto') ?? 'tcp'),
      ...(via === undefined ? {} : { via: address('--via', via) }),
    },
    seed: wholeNumber('--seed', options.values.get('--seed') ?? '1', 0, Number.MAX_SAFE_INTEGER),
    ...(count === undefined ? {} : { count: wholeNumber('--count', count, 1, MAX_TRACE_COUNT) }),
  };
}

/** A name a DNS query may carry: like a host name, with the `_service._proto` labels of SRV names. */
const DNS_NAME = /^[a-zA-Z0-9_]([a-zA-Z0-9_-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9_]([a-zA-Z0-9_-]*[a-zA-Z0-9])?)*\.?$/;

export const RECORD_TYPES = ['A', 'SRV', 'CNAME'] as const;

/** The options of `dns`, checked: who asks, for which name, and which record type. */
export function dnsOptions(options: Options): { from: NamespaceId; name: string; type: (typeof RECORD_TYPES)[number]; seed: number } {
  const from = options.values.get('--from');
  const name = options.values.get('--name');
  if (!from || !name) throw new UsageError('dns needs --from pod:NAMESPACE/NAME and --name NAME');
  if (!DNS_NAME.test(name) || name.length > 253)
    throw new UsageError(`--name must be a DNS name, as frontend or frontend.default.svc.cluster.local, not "${name}"`);
  const typeText = (options.values.get('--type') ?? 'A').toUpperCase();
  const type = RECORD_TYPES.find((t) => t === typeText);
  if (!type) throw new UsageError(`--type must be one of ${RECORD_TYPES.join(', ')}, not "${options.values.get('--type')}"`);
  return { from: source(from), name, type, seed: wholeNumber('--seed', options.values.get('--seed') ?? '1', 0, Number.MAX_SAFE_INTEGER) };
}
