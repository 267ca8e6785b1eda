/**
 * One packet's way through the network, namespace by namespace, as the kernel takes it:
 * routing decision, the netfilter hooks in order (with conntrack so NAT happens once and is
 * undone for the reply), bridges (with br_netfilter), veth pairs and the physical network.
 */
import type { Interface, Listener, NetNamespace } from '../dataplane/model.ts';
import type { NamespaceId } from '../namespace-id.ts';
import type { ConntrackEntry } from './conntrack.ts';
import { msg, type Message, type Text } from '../message.ts';
import type { FailKind, Hook, Hop, HopKind, Stopped, Where } from './model.ts';
import { runHook, type Ct } from './hooks.ts';
import type { Network } from './network.ts';
import type { Packet } from './packet.ts';
import { iface, lookup, sourceFor, type RouteResult } from './routing.ts';
import { unwrap, vxlanWrap } from './vxlan.ts';

export type Outcome =
  { readonly verdict: 'delivered'; readonly ns: NetNamespace; readonly listener?: Listener; readonly packet: Packet } | Stopped;

/** A packet that passes this many hops is looping. */
const MAX_HOPS = 400;

export class Walk {
  readonly hops: Hop[] = [];
  /** The conntrack entries this walk created, in order (a connection may pass a node twice). */
  readonly touched: { readonly ns: NamespaceId; readonly entry: ConntrackEntry }[] = [];
  /** IPVS gives a connection one real server: a packet it already scheduled is not scheduled again. */
  private scheduled = false;

  /**
   * @param replyTo for a reply walk, the request as the client sent it: the reply must come
   *   back from the address the client talked to, or the client's kernel refuses it.
   */
  constructor(
    private readonly net: Network,
    private readonly direction: 'request' | 'reply',
    private readonly leg: number,
    private readonly replyTo?: Packet,
  ) {}

  private hop(kind: HopKind, where: Where, explain: Message, before: Packet, after: Packet = before, extra: Partial<Hop> = {}): void {
    this.hops.push({ kind, where, direction: this.direction, leg: this.leg, explain, before, after, ...extra });
  }

  private fail(
    kind: FailKind,
    ns: NetNamespace,
    reason: Message,
    p: Packet,
    iface?: string,
    policy?: string,
    at: Partial<Hop> = {},
  ): Outcome {
    this.hop(kind, this.net.where(ns.id, iface ? { iface } : {}), reason, p, p, { ...at, ...(policy ? { policy } : {}) });
    const verdict = ({ reject: 'rejected', drop: 'dropped', refuse: 'refused', unreachable: 'unreachable' } as const)[kind];
    return { verdict, reason, ...(policy ? { policy } : {}) };
  }

  /**
   * A process in `nsId` sends `p` (with src '' to let the kernel choose the source address).
   * `via`: the packet is handed to that neighbour whatever the sender's routes say, as a packet
   * written to its link address with a raw socket is (so even one to 127.0.0.1 leaves the machine).
   */
  send(nsId: NamespaceId, p: Packet, where: Partial<Where> = {}, via?: string): Outcome {
    const ns = this.net.ns(nsId);
    const r = via === undefined ? lookup(ns, p.dst) : handedTo(ns, via);
    if (!r) return this.fail('unreachable', ns, msg('fail.connect-unreachable', { dst: via ?? p.dst }), p);
    const src = p.src || sourceFor(ns, r) || '0.0.0.0';
    const packet = { ...p, src };
    const sender = where.container ?? where.process;
    this.hop(
      'send',
      this.net.where(ns.id, where),
      sender === undefined
        ? msg('hop.send-anonymous', { proto: packet.proto.toUpperCase(), dst: `${p.dst}:${p.dport}` })
        : msg('hop.send', { who: sender, proto: packet.proto.toUpperCase(), dst: `${p.dst}:${p.dport}` }),
      packet,
    );
    if (via !== undefined) this.hop('route', this.net.where(ns.id), msg('hop.via', { via, iface: r.route.dev }), packet);
    return this.localOut(ns, packet, r, via !== undefined);
  }

  private conntrackAt(ns: NetNamespace, p: Packet): Ct | undefined {
    if (ns.iptables.size === 0) return undefined;
    const table = this.net.table(ns.id);
    const found = table.find(p);
    if (found) return { ...found, fresh: false };
    const entry = table.create(p);
    this.touched.push({ ns: ns.id, entry });
    return { entry, direction: 'original', fresh: true };
  }

  /** Runs a hook's chains (hooks.ts); NAT only for a connection's first packet, un-NAT for its replies. */
  private hook(
    ns: NetNamespace,
    hook: Hook,
    p: Packet,
    ct: Ct | undefined,
    ifs: { in?: string; out?: string },
    phys: { in?: boolean; out?: boolean } = {},
  ): { packet: Packet; stop?: Outcome } {
    const out = runHook(
      {
        net: this.net,
        ns,
        hook,
        ct,
        ifs,
        phys,
        hop: (where, explain, before, after, extra) => this.hop('rule', where, explain, before, after, extra),
        unnat: (q, dstSide) => this.unnat(ns, hook, ct!.entry, q, dstSide),
      },
      p,
    );
    return out.stop
      ? { packet: out.packet, stop: this.fail(out.stop.kind, ns, out.stop.why, out.packet, undefined, out.stop.policy, out.stop.at) }
      : { packet: out.packet };
  }

  /** Reverses a connection's NAT on a reply: the destination at PREROUTING/OUTPUT, the source at INPUT/POSTROUTING. */
  private unnat(ns: NetNamespace, hook: Hook, entry: ConntrackEntry, p: Packet, dstSide: boolean): Packet {
    const o = entry.original;
    const translatedSrc = entry.reply.dst;
    const translatedSport = entry.reply.dport;
    const translatedDst = entry.reply.src;
    const translatedDport = entry.reply.sport;
    let after = p;
    if (dstSide && (translatedSrc !== o.src || translatedSport !== o.sport) && p.dst === translatedSrc && p.dport === translatedSport)
      after = { ...p, dst: o.src, dport: o.sport };
    if (!dstSide && (translatedDst !== o.dst || translatedDport !== o.dport) && p.src === translatedDst && p.sport === translatedDport)
      after = { ...p, src: o.dst, sport: o.dport };
    if (after !== p)
      this.hop('unnat', this.net.where(ns.id), msg(dstSide ? 'hop.unnat-destination' : 'hop.unnat-source'), p, after, { hook });
    return after;
  }

  /** A locally sent packet: routed first (for its source and way out), then OUTPUT, then POSTROUTING. */
  private localOut(ns: NetNamespace, p: Packet, route: RouteResult, handed = false): Outcome {
    const ct = this.conntrackAt(ns, p);
    let r = route;
    if (!handed) this.hop('route', this.net.where(ns.id), msg('hop.route', { route: describeRoute(r) }), p);
    const out = this.hook(ns, 'OUTPUT', p, ct, { out: r.route.dev });
    if (out.stop) return out.stop;
    let packet = out.packet;
    // IPVS takes locally sent connections at LOCAL_OUT too, right after the nat table.
    const scheduled = this.ipvsSchedule(ns, packet, ct);
    if (scheduled && 'verdict' in scheduled) return scheduled;
    if (scheduled) packet = scheduled.packet;
    if (packet.dst !== p.dst && !handed) {
      const again = lookup(ns, packet.dst);
      if (!again) return this.fail('unreachable', ns, msg('fail.no-route', { dst: packet.dst }), packet);
      r = again;
      this.hop('route', this.net.where(ns.id), msg('hop.route-again', { dst: packet.dst, route: describeRoute(r) }), packet);
    }
    const post = this.hook(ns, 'POSTROUTING', packet, ct, { out: r.local ? 'lo' : r.route.dev });
    if (post.stop) return post.stop;
    packet = post.packet;
    if (ct?.fresh) this.net.table(ns.id).update(ct.entry, packet);
    if (r.local) return this.ipRx(ns, iface(ns, 'lo')!, packet, ct);
    return this.transmit(ns, r, packet);
  }

  private transmit(ns: NetNamespace, r: RouteResult, p: Packet): Outcome {
    if (this.hops.length > MAX_HOPS) return this.fail('drop', ns, msg('fail.looping'), p);
    const out = iface(ns, r.route.dev)!;
    if (p.src.startsWith('127.') && out.kind !== 'loopback' && !ns.routeLocalnet)
      return this.fail('drop', ns, msg('fail.martian', { src: p.src }), p, out.name);
    if (out.vxlan) {
      // Wrapped for the remote VTEP, the packet is the node's own UDP datagram: routed and sent anew.
      const w = vxlanWrap(ns, out, r.nextHop, p);
      if ('fail' in w) return this.fail(w.fail, ns, w.reason, p, out.name);
      this.hop('encap', this.net.where(ns.id, { iface: out.name }), w.explain, p, w.outer);
      const under = lookup(ns, w.outer.dst);
      return under ? this.localOut(ns, w.outer, under) : this.fail('unreachable', ns, msg('fail.no-route', { dst: w.outer.dst }), w.outer);
    }
    const next = this.net.neighbour(ns, out, r.nextHop);
    if (!next) return this.fail('unreachable', ns, msg('fail.no-arp', { address: r.nextHop, iface: out.name }), p, out.name);
    const packet = { ...p, mark: 0 };
    const medium =
      out.kind === 'physical'
        ? msg('medium.physical')
        : out.kind === 'bridge'
          ? msg('medium.bridge', { bridge: out.name })
          : msg('medium.veth');
    this.hop(
      'link',
      this.net.where(ns.id, { iface: out.name }),
      msg('hop.link', { from: out.name, medium, to: next.iface.name, machine: next.ns.name }),
      packet,
    );
    return this.rx(next.ns, next.iface, packet, r.nextHop);
  }

  private rx(ns: NetNamespace, inIface: Interface, p: Packet, nextHop: string): Outcome {
    if (inIface.master) return this.bridgeRx(ns, iface(ns, inIface.master)!, inIface, p, nextHop);
    return this.ipRx(ns, inIface, p, undefined);
  }

  /** A frame enters a bridge by one of its ports: up to the node if it is for the bridge, else bridged. */
  private bridgeRx(ns: NetNamespace, bridge: Interface, inPort: Interface, p: Packet, nextHop: string): Outcome {
    const toHost = bridge.addresses.some((a) => a.split('/')[0] === nextHop);
    if (!ns.bridgeNfCallIptables && !toHost) return this.bridgeForward(ns, bridge, inPort, p, nextHop, undefined);
    const ct = this.conntrackAt(ns, p);
    // With br_netfilter the IP hooks run from the bridge and know the port the frame came in by.
    const physIn = ns.bridgeNfCallIptables;
    const pre = this.hook(ns, 'PREROUTING', p, ct, { in: bridge.name }, { in: physIn });
    if (pre.stop) return pre.stop;
    const packet = pre.packet;
    const martian = this.martian(ns, bridge, packet);
    if (martian) return martian;
    const r = lookup(ns, packet.dst);
    if (!r) return this.fail('unreachable', ns, msg('fail.no-route', { dst: packet.dst }), packet);
    if (r.local) return this.localIn(ns, bridge.name, packet, ct, physIn);
    // br_netfilter: a frame whose destination stays behind the same bridge is bridged, not routed.
    if (r.route.dev === bridge.name && (packet.dst !== p.dst || !toHost))
      return this.bridgeForward(ns, bridge, inPort, packet, r.nextHop, ct);
    this.hop('route', this.net.where(ns.id, { iface: bridge.name }), msg('hop.route', { route: describeRoute(r) }), packet);
    return this.forward(ns, bridge.name, packet, ct, r, physIn);
  }

  private bridgeForward(ns: NetNamespace, bridge: Interface, inPort: Interface, p: Packet, nextHop: string, ct: Ct | undefined): Outcome {
    const behind = this.net.index.bridgePort(ns, bridge.name, nextHop);
    const port = behind?.port;
    if (!behind || !port)
      return this.fail('unreachable', ns, msg('fail.no-bridge-port', { bridge: bridge.name, address: nextHop }), p, bridge.name);
    if (port === inPort && !port.hairpin)
      return this.fail('drop', ns, msg('fail.hairpin-off', { bridge: bridge.name, port: port.name }), p, port.name);
    let packet = p;
    if (ns.bridgeNfCallIptables) {
      const fwd = this.hook(ns, 'FORWARD', packet, ct, { in: bridge.name, out: bridge.name }, { in: true, out: true });
      if (fwd.stop) return fwd.stop;
      const post = this.hook(ns, 'POSTROUTING', fwd.packet, ct, { out: bridge.name }, { in: true, out: true });
      if (post.stop) return post.stop;
      packet = post.packet;
      if (ct?.fresh) this.net.table(ns.id).update(ct.entry, packet);
    }
    this.hop(
      'bridge',
      this.net.where(ns.id, { iface: bridge.name }),
      msg(port === inPort ? 'hop.bridge-hairpin' : 'hop.bridge', { bridge: bridge.name, from: inPort.name, to: port.name }),
      packet,
    );
    return this.rx(behind.peer.ns, behind.peer.iface, { ...packet, mark: 0 }, nextHop);
  }

  private ipRx(ns: NetNamespace, inIface: Interface, p: Packet, known: Ct | undefined): Outcome {
    const ct = known ?? this.conntrackAt(ns, p);
    const pre = this.hook(ns, 'PREROUTING', p, ct, { in: inIface.name });
    if (pre.stop) return pre.stop;
    const packet = pre.packet;
    const martian = this.martian(ns, inIface, packet);
    if (martian) return martian;
    const r = lookup(ns, packet.dst);
    if (!r) return this.fail('unreachable', ns, msg('fail.no-route-icmp', { dst: packet.dst }), packet);
    if (r.local) return this.localIn(ns, inIface.name, packet, ct);
    this.hop('route', this.net.where(ns.id, { iface: inIface.name }), msg('hop.route', { route: describeRoute(r) }), packet);
    return this.forward(ns, inIface.name, packet, ct, r);
  }

  /**
   * The input routing decision's martian check: a packet to (else from) 127.0.0.0/8 that came in
   * by anything but lo is dropped unless route_localnet is on.
   */
  private martian(ns: NetNamespace, inIface: Interface, p: Packet): Outcome | undefined {
    if (inIface.kind === 'loopback' || ns.routeLocalnet) return undefined;
    if (isLoopback(p.dst))
      return this.fail('drop', ns, msg('fail.martian-destination', { dst: p.dst, iface: inIface.name }), p, inIface.name);
    if (isLoopback(p.src)) return this.fail('drop', ns, msg('fail.martian-source', { src: p.src, iface: inIface.name }), p, inIface.name);
    return undefined;
  }

  private forward(ns: NetNamespace, inName: string, p: Packet, ct: Ct | undefined, r: RouteResult, physIn = false): Outcome {
    if (!ns.ipForward) return this.fail('drop', ns, msg('fail.no-forward', { machine: ns.name }), p);
    const fwd = this.hook(ns, 'FORWARD', p, ct, { in: inName, out: r.route.dev }, { in: physIn });
    if (fwd.stop) return fwd.stop;
    const post = this.hook(ns, 'POSTROUTING', fwd.packet, ct, { out: r.route.dev }, { in: physIn });
    if (post.stop) return post.stop;
    if (ct?.fresh) this.net.table(ns.id).update(ct.entry, post.packet);
    return this.transmit(ns, r, post.packet);
  }

  private localIn(ns: NetNamespace, inName: string, p: Packet, ct: Ct | undefined, physIn = false): Outcome {
    const input = this.hook(ns, 'INPUT', p, ct, { in: inName }, { in: physIn });
    if (input.stop) return input.stop;
    let packet = input.packet;
    if (ct?.direction === 'reply') packet = this.unnat(ns, 'INPUT', ct.entry, packet, false);
    if (ct?.fresh) this.net.table(ns.id).update(ct.entry, packet);
    const decap = unwrap(ns, packet);
    if (decap) {
      this.hop('decap', this.net.where(ns.id, { iface: decap.device.name }), decap.explain, packet, decap.inner);
      return this.ipRx(ns, decap.device, decap.inner, undefined);
    }
    if (this.replyTo) return this.clientReceives(ns, packet, this.replyTo);
    const scheduled = this.ipvsSchedule(ns, packet, ct);
    if (scheduled) return 'verdict' in scheduled ? scheduled : this.afterIpvs(ns, scheduled.packet, ct);
    const listener = ns.listeners.find(
      (l) => l.protocol.toLowerCase() === packet.proto && l.port === packet.dport && (l.ip === '0.0.0.0' || l.ip === packet.dst),
    );
    if (!listener) {
      const refused = { proto: packet.proto.toUpperCase(), port: packet.dport, ns: ns.name };
      return this.fail('refuse', ns, msg(packet.proto === 'tcp' ? 'fail.refused-tcp' : 'fail.refused-udp', refused), packet);
    }
    packet = { ...packet, mark: 0 };
    const o = listener.owner;
    const who =
      o.kind === 'pod'
        ? msg('who.container', { container: o.container, pod: `${o.namespace}/${o.name}` })
        : msg('who.process', { process: o.process, machine: o.name });
    this.hop(
      'deliver',
      this.net.where(ns.id, o.kind === 'pod' ? { container: o.container } : { process: o.process }),
      msg('hop.deliver', { who, client: `${packet.src}:${packet.sport}` }),
      packet,
    );
    return { verdict: 'delivered', ns, listener, packet };
  }

  private clientReceives(ns: NetNamespace, p: Packet, request: Packet): Outcome {
    const where = this.net.where(ns.id);
    if (p.dst !== request.src || p.dport !== request.sport)
      return this.fail(
        'drop',
        ns,
        msg('fail.reply-misaddressed', { to: `${p.dst}:${p.dport}`, client: `${request.src}:${request.sport}` }),
        p,
      );
    if (p.src !== request.dst || p.sport !== request.dport)
      return this.fail(
        'drop',
        ns,
        msg('fail.reply-foreign', { from: `${p.src}:${p.sport}`, talked: `${request.dst}:${request.dport}` }),
        p,
      );
    this.hop('deliver', where, msg('hop.established', { from: `${p.src}:${p.sport}` }), p);
    return { verdict: 'delivered', ns, packet: p };
  }

  /**
   * IPVS (kube-proxy's ipvs mode): a new connection to a virtual server is given a real server,
   * round robin (or the client's last one with persistence), at LOCAL_IN or LOCAL_OUT.
   */
  private ipvsSchedule(ns: NetNamespace, p: Packet, ct: Ct | undefined): { packet: Packet } | Outcome | undefined {
    if (ns.kind !== 'node' || this.direction === 'reply' || this.scheduled || (ct && !ct.fresh)) return undefined;
    const vs = this.net.index.node(ns.name)?.ipvs.find((v) => v.ip === p.dst && v.port === p.dport && v.protocol.toLowerCase() === p.proto);
    if (!vs) return undefined;
    if (vs.realServers.length === 0) return this.fail('reject', ns, msg('fail.ipvs-empty', { server: `${vs.ip}:${vs.port}` }), p);
    const key = `${ns.id}/${vs.protocol}/${vs.ip}:${vs.port}`;
    let index = this.net.turns.get(key) ?? 0;
    const sticky = vs.persistent ? this.net.affinity.get(`${key}/${p.src}`) : undefined;
    if (sticky !== undefined) index = sticky;
    else this.net.turns.set(key, index + 1);
    const rs = vs.realServers[index % vs.realServers.length]!;
    if (vs.persistent) this.net.affinity.set(`${key}/${p.src}`, index % vs.realServers.length);
    const after = { ...p, dst: rs.ip, dport: rs.port };
    this.scheduled = true;
    this.hop(
      'ipvs',
      this.net.where(ns.id, { iface: 'kube-ipvs0' }),
      msg('hop.ipvs', { server: `${vs.ip}:${vs.port}`, scheduler: vs.scheduler, real: `${rs.ip}:${rs.port}` }),
      p,
      after,
    );
    if (ct) this.net.table(ns.id).update(ct.entry, after);
    return { packet: after };
  }

  /** After IPVS at LOCAL_IN the packet is sent on from the node: routed, POSTROUTING, out. */
  private afterIpvs(ns: NetNamespace, p: Packet, ct: Ct | undefined): Outcome {
    const r = lookup(ns, p.dst);
    if (!r) return this.fail('unreachable', ns, msg('fail.no-route', { dst: p.dst }), p);
    if (r.local) return this.localIn(ns, 'lo', p, undefined);
    const post = this.hook(ns, 'POSTROUTING', p, ct, { out: r.route.dev });
    if (post.stop) return post.stop;
    if (ct) this.net.table(ns.id).update(ct.entry, post.packet);
    return this.transmit(ns, r, post.packet);
  }
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.');
}

/** The way to a neighbour on one of the namespace's links, for a packet handed to it. */
function handedTo(ns: NetNamespace, via: string): RouteResult | undefined {
  const r = lookup(ns, via);
  if (!r || r.local || r.route.via !== undefined) return undefined;
  return { route: r.route, local: false, nextHop: via };
}

/** The route taken, as ip route prints it (a literal), or local delivery in words. */
function describeRoute(r: RouteResult): Text {
  if (r.local) return msg('route.local');
  const via = r.route.via ? ` via ${r.route.via}` : '';
  return `${r.route.dst}${via} dev ${r.route.dev}`;
}
