/**
 * A name lookup as the packets it sends: the pod's resolver asks its nameservers for each name of
 * the search list in turn (as ndots decides, resolver.ts), each question a UDP packet to port 53
 * that the tracer walks there and back (to the kube-dns cluster IP, DNATed to a DNS pod and
 * un-NATed on the way back). Who got the packet decides the answer:
 * - a cluster DNS pod answers a name under cluster.local from the zone, and forwards any other
 *   name to the nameserver of its own /etc/resolv.conf (CoreDNS's `forward . /etc/resolv.conf`,
 *   kubedns's upstream nameservers): that question is a traced packet too, from the DNS pod, and
 *   a forward that gets no answer is SERVFAIL, as CoreDNS answers then;
 * - the physical network's resolver (the first host's dnsmasq; on kind Docker's resolver behind
 *   the network's gateway) answers NXDOMAIN for every name: the playground's world has no
 *   internet and no name of its own outside the cluster;
 * - anything else that got the packet refuses it; a lost packet (or answer) is a TIMEOUT.
 * The hops of each question say what was asked and what was answered. Caching is left out (CoreDNS
 * caches forwarded answers for 30 s, cluster.local never), so every lookup forwards again.
 */
import type { ClusterState } from '../model.ts';
import { msg } from '../message.ts';
import { nsId, parseNamespaceId, type NamespaceId } from '../namespace-id.ts';
import { connect, type Network, type Trace, type TraceRequest } from '../trace/index.ts';
import { clusterZone, isDnsServer, nodeResolvConf, podDnsConf } from './cluster-dns.ts';
import { answer, inZone, soaOf, type DnsRecord, type RecordType, type SoaRecord, type Zone } from './records.ts';
import type { ResolvConf } from './resolv-conf.ts';
import { resolve, type Reply, type StubResolver } from './resolver.ts';

/** The cluster DNS's question to its upstream for a name outside the zone. */
export interface DnsForward {
  /** The DNS pod that forwarded. */
  readonly from: NamespaceId;
  readonly server: string;
  readonly rcode: Reply['rcode'];
  readonly trace: Trace;
}

export interface DnsQueryFlow {
  readonly name: string;
  readonly type: RecordType;
  readonly server: string;
  /** TIMEOUT: no answer came back (no server got the question, or its answer was lost). */
  readonly rcode: Reply['rcode'];
  readonly answers: readonly DnsRecord[];
  /** The question's packet there and back. */
  readonly trace: Trace;
  /** Present when the cluster DNS forwarded the question (a name outside cluster.local). */
  readonly forward?: DnsForward;
  /** The zone's SOA, sent with the zone's own answer that has no records (NXDOMAIN, NODATA). */
  readonly authority?: SoaRecord;
}

export interface NameLookup {
  readonly conf: ResolvConf;
  readonly queries: readonly DnsQueryFlow[];
  /** The address the name resolved to (A, following a CNAME inside the zone), if any. */
  readonly address?: string;
}

/** The physical network's resolver knows no name: the playground's world has no internet. */
const UPSTREAM: Reply = { rcode: 'NXDOMAIN', answers: [] };

/** The resolver file of the sender: a pod's as kubelet writes it, a node's own; a host has none we know. */
export function resolverFileOf(state: ClusterState, from: NamespaceId): ResolvConf | undefined {
  const ref = parseNamespaceId(from);
  if (ref?.kind === 'pod') {
    const pod = state.pods.find((p) => p.namespace === ref.namespace && p.name === ref.name && p.phase === 'Running');
    return pod && podDnsConf(state.cluster, pod);
  }
  if (ref?.kind === 'node') return nodeResolvConf(state.cluster);
  return undefined;
}

/** The lookup of `name` from `from` on a running network (its conntrack and load balancing carry on). */
export function lookupFlow(
  state: ClusterState,
  net: Network,
  from: NamespaceId,
  name: string,
  type: RecordType,
  /**
   * Ask this server instead of the file's (`dig @SERVER`, `nslookup NAME SERVER`); `search: false`
   * asks the name as given; `resolver: 'bind'` resolves as bind9's dig, host and nslookup do.
   */
  ask: { readonly server?: string; readonly search?: boolean; readonly resolver?: StubResolver } = {},
): NameLookup {
  const file = resolverFileOf(state, from) ?? { nameservers: [], searches: [], options: [] };
  const conf = {
    ...file,
    ...(ask.server ? { nameservers: [ask.server] } : {}),
    ...(ask.search === false ? { searches: [] } : {}),
  };
  const zone = clusterZone(state);
  const queries: DnsQueryFlow[] = [];
  const send = (server: string, candidate: string): Reply => {
    const q = question(state, net, zone, from, server, candidate, type);
    queries.push(q);
    return { rcode: q.rcode, answers: q.answers };
  };
  const asked = ask.search === false && !name.endsWith('.') ? `${name}.` : name;
  resolve(asked, type, conf, send, ask.resolver ?? 'glibc');
  const last = queries[queries.length - 1];
  const address = last?.rcode === 'NOERROR' ? resolveAddress(zone, last.answers) : undefined;
  return { conf, queries, ...(address ? { address } : {}) };
}

/** One question: its packet to the server and back, and what whoever got it answers. */
function question(
  state: ClusterState,
  net: Network,
  zone: Zone,
  from: NamespaceId,
  server: string,
  name: string,
  type: RecordType,
): DnsQueryFlow {
  const sent = connect(net, { from, to: { ip: server, port: 53 }, proto: 'udp' });
  const to = sent.deliveredTo;
  let reply: Reply = { rcode: 'TIMEOUT', answers: [] };
  let forward: DnsForward | undefined;
  let authority: SoaRecord | undefined;
  if (sent.verdict === 'delivered' && to?.kind === 'pod' && isDnsServer(state, to.namespace ?? '', to.name)) {
    if (inZone(zone, name)) {
      reply = answer(zone, name, type);
      if (reply.answers.length === 0) authority = soaOf(zone);
    } else {
      forward = forwarded(state, net, nsId.pod(to.namespace ?? '', to.name), name, type);
      reply = forward.rcode === 'TIMEOUT' ? { rcode: 'SERVFAIL', answers: [] } : { rcode: forward.rcode, answers: [] };
    }
  } else if (sent.verdict === 'delivered')
    reply = to?.kind === 'host' && to.process === 'dnsmasq' ? UPSTREAM : { rcode: 'REFUSED', answers: [] };
  const upstream = forward?.rcode === 'TIMEOUT' ? undefined : forward?.server;
  return {
    name,
    type,
    server,
    rcode: reply.rcode,
    answers: reply.answers,
    trace: withWords(sent, name, type, reply, upstream),
    ...(forward ? { forward } : {}),
    ...(authority ? { authority } : {}),
  };
}

/** The DNS pod's own question to the first nameserver of its resolv.conf (dnsPolicy Default: the node's). */
function forwarded(state: ClusterState, net: Network, dnsPod: NamespaceId, name: string, type: RecordType): DnsForward {
  const server = resolverFileOf(state, dnsPod)?.nameservers[0];
  if (server === undefined)
    return { from: dnsPod, server: '', rcode: 'TIMEOUT', trace: { verdict: 'dropped', request: emptyPacket, hops: [], conntrack: [] } };
  const t = connect(net, { from: dnsPod, to: { ip: server, port: 53 }, proto: 'udp' });
  const rcode =
    t.verdict !== 'delivered'
      ? 'TIMEOUT'
      : t.deliveredTo?.kind === 'host' && t.deliveredTo.process === 'dnsmasq'
        ? UPSTREAM.rcode
        : 'REFUSED';
  const hops = t.hops.map((h, i) => {
    if (i === 0) return { ...h, explain: msg('hop.dns-forward', { name, type, server }) };
    if (i === t.hops.length - 1 && t.verdict === 'delivered')
      return { ...h, explain: msg('hop.dns-upstream-answer', { name, type, rcode, server }) };
    return h;
  });
  return { from: dnsPod, server, rcode, trace: { ...t, hops } };
}

const emptyPacket = { proto: 'udp', src: '', sport: 0, dst: '', dport: 53, mark: 0 } as const;

/** The first address of an answer, through a CNAME the zone itself answers. */
function resolveAddress(zone: Zone, answers: readonly DnsRecord[]): string | undefined {
  const a = answers.find((r) => r.type === 'A');
  if (a) return a.data;
  const alias = answers.find((r) => r.type === 'CNAME');
  return alias ? zone.records.find((r) => r.name === alias.data && r.type === 'A')?.data : undefined;
}

/** The question on the packet's first hop, the answer on its last (when it came back). */
function withWords(t: Trace, name: string, type: RecordType, reply: Reply, upstream: string | undefined): Trace {
  const answers = reply.answers.length > 0 ? reply.answers.map((r) => `${r.type} ${r.data}`).join(', ') : msg('dns.no-records');
  const hops = t.hops.map((h, i) => {
    if (i === 0) return { ...h, explain: msg('hop.dns-question', { name, type, server: h.after.dst }) };
    if (i === t.hops.length - 1 && t.verdict === 'delivered')
      return {
        ...h,
        explain: upstream
          ? msg('hop.dns-answer-forwarded', { name, type, rcode: reply.rcode, answers, upstream })
          : msg('hop.dns-answer', { name, type, rcode: reply.rcode, answers }),
      };
    return h;
  });
  return { ...t, hops };
}

/**
 * The whole lookup as one packet's journey, for the flow player and its hop list: each question
 * there, the cluster DNS's forward (if any) there and back, the answer back; then `then` (the
 * connection to the address), if given.
 */
export function lookupJourney(l: NameLookup, then?: Trace): Trace {
  const hops = l.queries.flatMap((q) => {
    const there = q.trace.hops.filter((h) => h.direction === 'request');
    const back = q.trace.hops.filter((h) => h.direction === 'reply');
    return [...there, ...(q.forward?.trace.hops ?? []), ...back];
  });
  const last = l.queries[l.queries.length - 1];
  const end = then ?? last?.trace;
  if (!end) return { verdict: 'dropped', reason: msg('fail.dns-no-nameserver'), request: emptyPacket, hops: [], conntrack: [] };
  const { deliveredTo, serverSees, ...rest } = end;
  return {
    ...rest,
    ...(then
      ? { ...(deliveredTo ? { deliveredTo } : {}), ...(serverSees ? { serverSees } : {}) }
      : { verdict: 'dropped' as const, reason: unresolved(l) }),
    hops: [...hops, ...(then?.hops ?? [])],
    conntrack: [...l.queries.flatMap((q) => [...q.trace.conntrack, ...(q.forward?.trace.conntrack ?? [])]), ...(then?.conntrack ?? [])],
  };
}

/** Why a lookup gave no address, for the journey's outcome. */
function unresolved(l: NameLookup) {
  const last = l.queries[l.queries.length - 1];
  if (!last) return msg('fail.dns-no-nameserver');
  if (last.rcode === 'TIMEOUT') return msg('fail.dns-timeout', { server: last.server });
  return msg('fail.dns-unresolved', { name: last.name, rcode: last.rcode });
}

/** A flow to a name (`request.name`): the sender's lookup, then the connection to the address, as one journey. */
export function traceToName(state: ClusterState, net: Network, request: TraceRequest & { readonly name: string }): Trace {
  const l = lookupFlow(state, net, request.from, request.name, 'A');
  const then = l.address
    ? connect(net, { from: request.from, to: { ip: l.address, port: request.to.port }, proto: request.proto })
    : undefined;
  return lookupJourney(l, then);
}
