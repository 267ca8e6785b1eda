/**
 * Step 5 of the pipeline: one connection (or a burst of them) through the dataplane, there and
 * back. A proxy on the way (kube-proxy in userspace mode, docker-proxy) ends the client's
 * connection and opens a second one to the backend: both legs are traced.
 */
import type { Dataplane, Listener } from '../dataplane/model.ts';
import { msg } from '../message.ts';
import { nsId, parseNamespaceId, type NamespaceId } from '../namespace-id.ts';
import type { ConntrackRecord, Peer, Trace } from './model.ts';
import { Network } from './network.ts';
import { reversed, type L4, type Packet } from './packet.ts';
import { Walk, type Outcome } from './walk.ts';

export type { Hop, HopKind, Trace, TraceVerdict, Peer, Where, Hook } from './model.ts';
export { Network } from './network.ts';
export { formatPacket, type Packet, type L4 } from './packet.ts';

export interface TraceRequest {
  readonly from: NamespaceId;
  readonly to: { readonly ip: string; readonly port: number };
  readonly proto: L4;
  /**
   * Hand the first packet to this neighbour (an address on one of the sender's links) whatever
   * the sender's routes say, as a raw socket can: how a machine next to a node reaches its
   * 127.0.0.1 (CVE-2020-8558).
   */
  readonly via?: string;
  /**
   * The destination as a name the sender looks up first (its resolver's DNS questions are traced
   * before the connection, src/core/dns/lookup-flow.ts); `to.ip` is then ignored: the connection
   * goes to the address the name resolves to, at `to.port`.
   */
  readonly name?: string;
}

function peerOf(listener: Listener | undefined, nsKind: string, nsName: string): Peer {
  const o = listener?.owner;
  if (o?.kind === 'pod') return { kind: 'pod', namespace: o.namespace, name: o.name, container: o.container };
  if (o) return { kind: o.kind, name: o.name, process: o.process };
  return { kind: nsKind as Peer['kind'], name: nsName };
}

/** The process that answers: a pod's container or a node's process. */
function senderOf(listener: Listener | undefined): { container?: string; process?: string } {
  const o = listener?.owner;
  if (!o) return {};
  return o.kind === 'pod' ? { container: o.container } : { process: o.process };
}

/** A flow whose sender is not there (a pod not running, a machine not in the cluster): its name, for the page to say. */
export class NoSender extends Error {
  constructor(
    readonly sender: string,
    message: string,
  ) {
    super(message);
  }
}

/** The sending process of a namespace: a pod's first container, else a shell on the machine. */
function sender(net: Network, from: NamespaceId): { ns: NamespaceId; where: { container?: string; process?: string } } {
  const ref = parseNamespaceId(from);
  const own = net.index.namespace(from);
  if (ref?.kind === 'pod') {
    if (own) return { ns: from, where: { container: own.containers?.[0] ?? 'app' } };
    // A hostNetwork pod shares its node's namespace.
    const pod = net.index.hostNetworkPod(from);
    if (pod) return { ns: nsId.node(pod.node), where: { container: pod.containers[0] ?? 'app' } };
    throw new NoSender(`${ref.namespace}/${ref.name}`, `no running pod ${ref.namespace}/${ref.name}`);
  }
  if (ref && own) return { ns: from, where: { process: 'curl' } };
  if (ref) throw new NoSender(ref.name, `no ${ref.kind} ${ref.name}`);
  throw new Error(`not a source: ${JSON.stringify(from)} (pod:NAMESPACE/NAME, node:NAME or host:NAME)`);
}

function records(net: Network, walks: readonly Walk[]): ConntrackRecord[] {
  const out: ConntrackRecord[] = [];
  for (const w of walks)
    for (const { ns, entry: e } of w.touched) if (net.ns(ns).kind === 'node') out.push({ ns, original: e.original, reply: e.reply });
  return out;
}

function pickBackend(net: Network, at: NamespaceId, listener: Listener, client: string): { ip: string; port: number } | undefined {
  const backends = listener.proxy?.backends ?? [];
  if (backends.length === 0) return undefined;
  const key = `${at}/${listener.port}/${listener.protocol}`;
  if (listener.proxy?.sessionAffinity) {
    const sticky = net.affinity.get(`${key}/${client}`);
    if (sticky !== undefined) return backends[sticky % backends.length];
  }
  const turn = net.turns.get(key) ?? 0;
  net.turns.set(key, turn + 1);
  if (listener.proxy?.sessionAffinity) net.affinity.set(`${key}/${client}`, turn % backends.length);
  return backends[turn % backends.length];
}

/** Opens one new connection on a running network (its conntrack and load-balancer state persist). */
export function connect(net: Network, request: TraceRequest): Trace {
  const source = sender(net, request.from);
  const packet: Packet = { proto: request.proto, src: '', sport: net.ephemeralPort(), dst: request.to.ip, dport: request.to.port, mark: 0 };
  const first = new Walk(net, 'request', 1);
  const out1 = first.send(source.ns, packet, source.where, request.via);
  const sent = first.hops[0]?.after ?? packet;
  const walks = [first];
  const fail = (o: Exclude<Outcome, { verdict: 'delivered' }>, hops = walks.flatMap((w) => w.hops)): Trace => ({
    verdict: o.verdict,
    reason: o.reason,
    ...(o.policy ? { policy: o.policy } : {}),
    request: sent,
    hops,
    conntrack: records(net, walks),
  });
  if (out1.verdict !== 'delivered') return fail(out1);

  let server = out1;
  let second: Walk | undefined;
  const proxy = out1.listener?.proxy;
  if (proxy) {
    const backend = pickBackend(net, out1.ns.id, out1.listener!, out1.packet.src);
    if (!backend) {
      const why = { proxy: proxy.kind, service: proxy.service ?? msg('fail.this-port') };
      return fail(
        request.proto === 'tcp'
          ? { verdict: 'closed', reason: msg('fail.proxy-closes', why) }
          : { verdict: 'dropped', reason: msg('fail.proxy-silent', why) },
      );
    }
    second = new Walk(net, 'request', 2);
    walks.push(second);
    const leg2 = second.send(
      out1.ns.id,
      { proto: request.proto, src: '', sport: net.ephemeralPort(), dst: backend.ip, dport: backend.port, mark: 0 },
      { process: proxy.kind },
    );
    if (leg2.verdict !== 'delivered') return fail(leg2);
    server = leg2;
  }

  // The replies: from the server back to the proxy (if any), then back to the client.
  const replies: Walk[] = [];
  if (second && proxy) {
    const back2 = new Walk(net, 'reply', 2, second.hops[0]!.after);
    replies.push(back2);
    const r2 = back2.send(server.ns.id, reversed(server.packet), senderOf(server.listener));
    if (r2.verdict !== 'delivered') return fail(r2, [...first.hops, ...second.hops, ...back2.hops]);
  }
  const back1 = new Walk(net, 'reply', 1, sent);
  replies.push(back1);
  const r1 = back1.send(out1.ns.id, reversed(out1.packet), senderOf(out1.listener));
  const hops = [...first.hops, ...(second?.hops ?? []), ...replies.flatMap((w) => w.hops)];
  walks.push(...replies);
  if (r1.verdict !== 'delivered') return fail(r1, hops);
  return {
    verdict: 'delivered',
    deliveredTo: peerOf(server.listener, server.ns.kind, server.ns.name),
    serverSees: { ip: server.packet.src, port: server.packet.sport },
    request: sent,
    hops,
    conntrack: records(net, walks),
  };
}

/** Traces one connection on a fresh network. */
export function trace(dataplane: Dataplane, request: TraceRequest, seed = 1): Trace {
  return connect(new Network(dataplane, seed), request);
}

export interface TraceOutcome {
  readonly verdict: Trace['verdict'];
  readonly deliveredTo?: Peer;
  readonly serverSees?: { readonly ip: string; readonly port?: number };
  readonly count: number;
}

/**
 * `count` new connections, each from a new source port, on one network, grouped by outcome.
 * The server's view of the client port is left out: it differs for every connection.
 */
export function traceMany(
  dataplane: Dataplane,
  request: TraceRequest,
  count: number,
  seed = 1,
): { traces: Trace[]; outcomes: TraceOutcome[] } {
  const net = new Network(dataplane, seed);
  const traces: Trace[] = [];
  const groups = new Map<string, TraceOutcome>();
  for (let i = 0; i < count; i++) {
    const t = connect(net, request);
    traces.push(t);
    const key = JSON.stringify([t.verdict, t.deliveredTo, t.serverSees?.ip]);
    const prev = groups.get(key);
    groups.set(key, {
      verdict: t.verdict,
      ...(t.deliveredTo ? { deliveredTo: t.deliveredTo } : {}),
      ...(t.serverSees ? { serverSees: { ip: t.serverSees.ip } } : {}),
      count: (prev?.count ?? 0) + 1,
    });
  }
  return { traces, outcomes: [...groups.values()] };
}
