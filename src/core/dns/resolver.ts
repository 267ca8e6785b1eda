/**
 * Which names a stub resolver asks, in order, for one name and a resolv.conf, and when it stops.
 * glibc: a name with at least ndots dots is tried as given first, then with each search domain;
 * one with fewer dots the other way round; it goes on past NXDOMAIN and past an empty answer.
 * musl: a name with at least ndots dots is tried only as given; otherwise each search domain, then
 * as given; it stops at the first answer that is not NXDOMAIN. A name ending in a dot is only
 * ever tried as given. glibc sends a REFUSED question again, `attempts` times in all (options
 * attempts:N, 2 by default, at most 5), before it gives up on the name.
 */
import { answer, type DnsAnswer, type RecordType, type Zone } from './records.ts';
import { ndotsOf, type ResolvConf } from './resolv-conf.ts';

/** glibc's tries of a question a server refused: options attempts:N (RES_DFLRETRY 2, RES_MAXRETRY 5). */
export function attemptsOf(conf: ResolvConf): number {
  let attempts = 2;
  for (const o of conf.options)
    if (o.name === 'attempts' && o.value !== undefined && /^\d+$/.test(o.value)) attempts = Math.max(1, Math.min(Number(o.value), 5));
  return attempts;
}

export type StubResolver = 'glibc' | 'musl';

/** The absolute names the resolver would ask, in order, if every answer were NXDOMAIN. */
export function candidates(name: string, conf: ResolvConf, resolver: StubResolver = 'glibc'): string[] {
  if (name.endsWith('.')) return [name];
  const dots = [...name].filter((c) => c === '.').length;
  const searched = conf.searches.filter((s) => s !== '.' && s !== '').map((s) => `${name}.${s.replace(/\.$/, '')}.`);
  const asGiven = `${name}.`;
  if (dots >= ndotsOf(conf)) return resolver === 'musl' ? [asGiven] : [asGiven, ...searched];
  return [...searched, asGiven];
}

export interface Query {
  readonly name: string;
  readonly type: RecordType;
  readonly server: string;
  readonly result: DnsAnswer;
}

/**
 * The queries the pod's resolver sends to its first nameserver, each with the cluster DNS's answer,
 * until one ends the search. `serves` says whether that server answers from the zone (a cluster DNS
 * service); the simulation forwards nothing, so another server, like a name outside the zone, is
 * REFUSED, which ends the search in both resolvers.
 */
export function lookup(
  zone: Zone,
  name: string,
  type: RecordType,
  conf: ResolvConf,
  serves: (server: string) => boolean,
  resolver: StubResolver = 'glibc',
): Query[] {
  const server = conf.nameservers[0];
  if (server === undefined) return [];
  const queries: Query[] = [];
  for (const candidate of candidates(name, conf, resolver)) {
    const result: DnsAnswer = serves(server) ? answer(zone, candidate, type) : { rcode: 'REFUSED', answers: [] };
    queries.push({ name: candidate, type, server, result });
    if (resolver === 'glibc' && result.rcode === 'REFUSED')
      for (let again = 1; again < attemptsOf(conf); again++) queries.push({ name: candidate, type, server, result });
    if (result.rcode === 'NXDOMAIN') continue;
    if (resolver === 'glibc' && result.rcode === 'NOERROR' && result.answers.length === 0) continue;
    break;
  }
  return queries;
}
