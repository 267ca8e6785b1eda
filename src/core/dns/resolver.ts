/**
 * Which names a stub resolver asks, in order, for one name and a resolv.conf, and when it stops.
 * glibc: a name with at least ndots dots is tried as given first, then with each search domain;
 * one with fewer dots the other way round; it goes on past NXDOMAIN and past an empty answer.
 * musl: a name with at least ndots dots is tried only as given; otherwise each search domain, then
 * as given; it stops at the first answer that is not NXDOMAIN. A name ending in a dot is only
 * ever tried as given.
 */
import { answer, type DnsAnswer, type RecordType, type Zone } from './records.ts';
import { ndotsOf, type ResolvConf } from './resolv-conf.ts';

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
    if (result.rcode === 'NXDOMAIN') continue;
    if (resolver === 'glibc' && result.rcode === 'NOERROR' && result.answers.length === 0) continue;
    break;
  }
  return queries;
}
