/**
 * Which questions a stub resolver sends, in order, to which of its nameservers, and when it stops.
 *
 * Names: a name with at least ndots dots is tried as given first, then with each search domain; one
 * with fewer dots the other way round (glibc, and bind9's dig +search, host and nslookup alike); a
 * name ending in a dot only as given. musl tries a name with enough dots only as given.
 *
 * Servers (glibc, resolv.conf(5)): each question goes to the nameservers in order, the whole list
 * `attempts` times (options attempts:N, 2 by default, at most 5); a server that does not answer
 * (after `timeout` seconds), or answers SERVFAIL or REFUSED, sends it on to the next. `rotate` starts
 * each question one server further along (round robin). When every try failed the search stops
 * there (ECONNREFUSED or TRY_AGAIN, not a missing name). glibc goes on past NXDOMAIN and past an
 * empty answer (NODATA); musl stops at the empty answer.
 *
 * bind9's tools (dig, host, nslookup) resolve on their own, not through glibc: each question is
 * asked of one server after another until one answers, a REFUSED answer is printed as it is (no
 * second attempt), and only NXDOMAIN moves on to the next search domain.
 */
import type { DnsAnswer, RecordType } from './records.ts';
import { ndotsOf, type ResolvConf } from './resolv-conf.ts';

/** An option's number, within its bounds, or the default. */
function optionNumber(conf: ResolvConf, name: string, fallback: number, min: number, max: number): number {
  let value = fallback;
  for (const o of conf.options)
    if (o.name === name && o.value !== undefined && /^\d+$/.test(o.value)) value = Math.max(min, Math.min(Number(o.value), max));
  return value;
}

/** glibc's tries of the nameserver list: options attempts:N (RES_DFLRETRY 2, RES_MAXRETRY 5). */
export function attemptsOf(conf: ResolvConf): number {
  return optionNumber(conf, 'attempts', 2, 1, 5);
}

/** Seconds glibc waits for a server's answer: options timeout:N (RES_TIMEOUT 5, capped at 30). */
export function timeoutOf(conf: ResolvConf): number {
  return optionNumber(conf, 'timeout', 5, 1, 30);
}

export type StubResolver = 'glibc' | 'musl' | 'bind';

/** The absolute names the resolver would ask, in order, if every answer were NXDOMAIN. */
export function candidates(name: string, conf: ResolvConf, resolver: StubResolver = 'glibc'): string[] {
  if (name.endsWith('.')) return [name];
  const dots = [...name].filter((c) => c === '.').length;
  const searched = conf.searches.filter((s) => s !== '.' && s !== '').map((s) => `${name}.${s.replace(/\.$/, '')}.`);
  const asGiven = `${name}.`;
  if (dots >= ndotsOf(conf)) return resolver === 'musl' ? [asGiven] : [asGiven, ...searched];
  return [...searched, asGiven];
}

/** What came back for one question: the server's answer, or TIMEOUT when nothing did. */
export interface Reply extends Omit<DnsAnswer, 'rcode'> {
  readonly rcode: DnsAnswer['rcode'] | 'TIMEOUT';
}

export interface Query {
  readonly name: string;
  readonly type: RecordType;
  readonly server: string;
  readonly result: Reply;
}

/** A server's reply that settles the question (any other sends it on to the next server). */
const settles = (r: Reply, resolver: StubResolver) =>
  r.rcode === 'NOERROR' || r.rcode === 'NXDOMAIN' || (resolver === 'bind' && r.rcode === 'REFUSED');

/**
 * The questions the resolver sends for `name`, each with the reply `ask` gives (the caller sends the
 * packet and says what came back), until one ends the search.
 */
export function resolve(
  name: string,
  type: RecordType,
  conf: ResolvConf,
  ask: (server: string, name: string) => Reply,
  resolver: StubResolver = 'glibc',
): Query[] {
  const servers = conf.nameservers;
  if (servers.length === 0) return [];
  const tries = resolver === 'bind' ? 1 : attemptsOf(conf);
  const rotate = resolver === 'glibc' && conf.options.some((o) => o.name === 'rotate');
  const queries: Query[] = [];
  let asked = 0;
  for (const candidate of candidates(name, conf, resolver)) {
    const start = rotate ? asked % servers.length : 0;
    asked += 1;
    let settled: Reply | undefined;
    for (let t = 0; t < tries && !settled; t++)
      for (let i = 0; i < servers.length && !settled; i++) {
        const server = servers[(start + i) % servers.length]!;
        const result = ask(server, candidate);
        queries.push({ name: candidate, type, server, result });
        if (settles(result, resolver)) settled = result;
      }
    if (!settled) break;
    if (settled.rcode === 'NXDOMAIN') continue;
    if (resolver === 'glibc' && settled.rcode === 'NOERROR' && settled.answers.length === 0) continue;
    break;
  }
  return queries;
}
