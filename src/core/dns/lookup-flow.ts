/**
 * A name lookup as the packets it sends: the pod's resolver asks its nameserver for each name of
 * the search list in turn (as ndots decides), each question a UDP packet to port 53 that the
 * tracer walks there and back (to the kube-dns cluster IP, DNATed to a DNS pod and un-NATed on the
 * way back). A question whose packet is lost (or its answer) times out and ends the lookup; one
 * that reaches a server other than the cluster DNS is REFUSED (the simulation forwards nothing). The hops of each question say what was asked and what was answered.
 */
import type { ClusterState } from '../model.ts';
import { msg } from '../message.ts';
import { parseNamespaceId, type NamespaceId } from '../namespace-id.ts';
import { connect, type Network, type Trace } from '../trace/index.ts';
import { clusterDnsIP, clusterZone, isDnsServer, nodeResolvConf, podDnsConf } from './cluster-dns.ts';
import type { DnsRecord, Rcode, RecordType } from './records.ts';
import type { ResolvConf } from './resolv-conf.ts';
import { lookup } from './resolver.ts';

export interface DnsQueryFlow {
  readonly name: string;
  readonly type: RecordType;
  readonly server: string;
  /** TIMEOUT: no answer came back (no server got the question, or its answer was lost). */
  readonly rcode: Rcode | 'TIMEOUT';
  readonly answers: readonly DnsRecord[];
  /** The question's packet there and back. */
  readonly trace: Trace;
}

export interface NameLookup {
  readonly conf: ResolvConf;
  readonly queries: readonly DnsQueryFlow[];
  /** The address the name resolved to (A, following a CNAME inside the zone), if any. */
  readonly address?: string;
}

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
  /** Ask this server instead of the file's (`dig @SERVER`, `nslookup NAME SERVER`); `search: false` asks the name as given. */
  ask: { readonly server?: string; readonly search?: boolean } = {},
): NameLookup {
  const file = resolverFileOf(state, from) ?? { nameservers: [], searches: [], options: [] };
  const conf = {
    ...file,
    ...(ask.server ? { nameservers: [ask.server] } : {}),
    ...(ask.search === false ? { searches: [] } : {}),
  };
  const zone = clusterZone(state);
  const dnsIP = clusterDnsIP(state);
  const planned = lookup(zone, ask.search === false && !name.endsWith('.') ? `${name}.` : name, type, conf, (server) => server === dnsIP);
  const queries: DnsQueryFlow[] = [];
  for (const q of planned) {
    const sent = connect(net, { from, to: { ip: q.server, port: 53 }, proto: 'udp' });
    const to = sent.deliveredTo;
    const fromZone = sent.verdict === 'delivered' && to?.kind === 'pod' && isDnsServer(state, to.namespace ?? '', to.name);
    // A server outside the cluster DNS cannot answer for the zone, nor forward in the simulation.
    const rcode = sent.verdict !== 'delivered' ? 'TIMEOUT' : fromZone ? q.result.rcode : 'REFUSED';
    const answers = fromZone ? q.result.answers : [];
    queries.push({ name: q.name, type, server: q.server, rcode, answers, trace: withWords(sent, q.name, type, rcode, answers) });
    if (rcode !== q.result.rcode) break;
  }
  const last = queries[queries.length - 1];
  const address = last?.rcode === 'NOERROR' ? resolveAddress(zone, last.answers) : undefined;
  return { conf, queries, ...(address ? { address } : {}) };
}

/** The first address of an answer, through a CNAME the zone itself answers. */
function resolveAddress(zone: ReturnType<typeof clusterZone>, answers: readonly DnsRecord[]): string | undefined {
  const a = answers.find((r) => r.type === 'A');
  if (a) return a.data;
  const alias = answers.find((r) => r.type === 'CNAME');
  return alias ? zone.records.find((r) => r.name === alias.data && r.type === 'A')?.data : undefined;
}

/** The question on the packet's first hop, the answer on its last (when it came back). */
function withWords(t: Trace, name: string, type: RecordType, rcode: DnsQueryFlow['rcode'], answers: readonly DnsRecord[]): Trace {
  const hops = t.hops.map((h, i) => {
    if (i === 0) return { ...h, explain: msg('hop.dns-question', { name, type, server: h.after.dst }) };
    if (i === t.hops.length - 1 && t.verdict === 'delivered')
      return {
        ...h,
        explain: msg('hop.dns-answer', {
          name,
          type,
          rcode,
          answers: answers.length > 0 ? answers.map((r) => `${r.type} ${r.data}`).join(', ') : msg('dns.no-records'),
        }),
      };
    return h;
  });
  return { ...t, hops };
}
