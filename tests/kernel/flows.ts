/**
 * The flows each scenario is judged on, derived from the simulator's state and dataplane so the
 * same list works for any scenario: host → hostPort, host → NodePort, pod → ClusterIP (same node
 * and across nodes, a node backend, session affinity, no endpoints), hairpin, pod → pod across
 * nodes, pod → external host, node → ClusterIP, node → pod, host → ClusterIP.
 */
import { nsId, parseNamespaceId } from '../../src/core/namespace-id.ts';
import type { FlowSpec } from './compare.ts';
import type { Dataplane, Proto, State, StateService } from './dataplane.ts';

export interface Flow extends FlowSpec {
  title: string;
}

/** Connections for a flow with several possible endpoints, and for one with a single outcome. */
const MANY = 60;
const FEW = 8;

export function flowsFor(state: State, dp: Dataplane): Flow[] {
  const flows: Flow[] = [];
  const add = (f: Omit<Flow, 'title' | 'timeoutMs'> & { timeoutMs?: number }) => {
    const title = `${f.kind}: ${f.from} → ${f.to}/${f.proto}`;
    if (!flows.some((x) => x.title === title)) flows.push({ timeoutMs: 1500, ...f, title });
  };
  const proto = (p: string) => p.toLowerCase() as Proto;
  const host = dp.hosts[0];
  const nodes = state.nodes;
  const nodeIp = (name: string) => nodes.find((n) => n.name === name)!.ip;
  const pods = dp.pods.filter((p) => p.ip);
  const podId = (p: { namespace: string; name: string }) => nsId.pod(p.namespace, p.name);
  const kindOf = (endpoint: string) => parseNamespaceId(endpoint)?.kind;

  // Endpoint IP -> who answers there.
  const whoIs = new Map<string, string>();
  for (const n of nodes) whoIs.set(n.ip, nsId.node(n.name));
  for (const p of pods) if (!p.hostNetwork) whoIs.set(p.ip, podId(p));
  const endpointsOf = (s: StateService): string[] => {
    const e = state.endpoints.find((x) => x.namespace === s.namespace && x.name === s.name);
    const ips = (e?.subsets ?? []).flatMap((ss) => (ss.addresses ?? []).map((a) => a.ip));
    return [...new Set(ips.map((ip) => whoIs.get(ip) ?? `ip:${ip}`))];
  };
  const countFor = (endpoints: string[]) => (endpoints.length >= 2 ? MANY : FEW);

  // host → hostPort, on the pod's node and on a node without it.
  for (const pod of pods) {
    const hp = pod.ports.find((p) => p.hostPort);
    if (!hp || !host) continue;
    add({
      kind: 'host → hostPort',
      from: nsId.host(host.name),
      to: `${nodeIp(pod.node)}:${hp.hostPort}`,
      proto: proto(hp.protocol),
      count: FEW,
    });
    const other = nodes.find((n) => !pods.some((p) => p.node === n.name && p.ports.some((x) => x.hostPort === hp.hostPort)));
    if (other)
      add({
        kind: 'host → hostPort on a node without the pod',
        from: nsId.host(host.name),
        to: `${other.ip}:${hp.hostPort}`,
        proto: proto(hp.protocol),
        count: 4,
      });
    // From the pod's own node (docker's OUTPUT DNAT) and its loopback (docker-proxy), and from the
    // pod itself to its node's address (not DNATed from docker0: docker-proxy again).
    add({
      kind: 'node → its own hostPort',
      from: nsId.node(pod.node),
      to: `${nodeIp(pod.node)}:${hp.hostPort}`,
      proto: proto(hp.protocol),
      count: 4,
    });
    add({
      kind: 'node → hostPort via 127.0.0.1',
      from: nsId.node(pod.node),
      to: `127.0.0.1:${hp.hostPort}`,
      proto: proto(hp.protocol),
      count: 4,
    });
    if (!pod.hostNetwork)
      add({
        kind: "pod → its node's hostPort",
        from: podId(pod),
        to: `${nodeIp(pod.node)}:${hp.hostPort}`,
        proto: proto(hp.protocol),
        count: 4,
      });
    break;
  }

  // host → NodePort: TCP on the second node, UDP on the first. With externalTrafficPolicy: Local,
  // every node: those without an endpoint drop the connection, the others keep the client's address.
  for (const s of state.services)
    for (const p of s.ports) {
      if (!p.nodePort || !host) continue;
      if (s.externalTrafficPolicy === 'Local') {
        const e = state.endpoints.find((x) => x.namespace === s.namespace && x.name === s.name);
        const named = (e?.subsets ?? []).flatMap((ss) => (ss.addresses ?? []).map((a) => a.nodeName));
        const served = new Set([...endpointsOf(s).map((ep) => pods.find((x) => podId(x) === ep)?.node), ...named]);
        for (const node of nodes)
          add({
            kind: 'host → NodePort, externalTrafficPolicy: Local',
            from: nsId.host(host.name),
            to: `${node.ip}:${p.nodePort}`,
            proto: proto(p.protocol),
            count: served.has(node.name) ? FEW : 2,
          });
        continue;
      }
      const node = nodes[p.protocol === 'TCP' ? 1 % nodes.length : 0]!;
      add({
        kind: 'host → NodePort',
        from: nsId.host(host.name),
        to: `${node.ip}:${p.nodePort}`,
        proto: proto(p.protocol),
        count: countFor(endpointsOf(s)),
      });
    }

  // The client pod: one that is no endpoint of a service with several, on a node with a backend.
  const backends = new Set(state.services.flatMap((s) => (endpointsOf(s).length >= 2 ? endpointsOf(s) : [])));
  const plainPods = pods.filter((p) => !p.hostNetwork);
  const client = plainPods.find((p) => !backends.has(podId(p))) ?? plainPods[0];

  // A service's external IPs, from the host, from a pod (through its bridge: not taken on its own
  // node unless the address is the node's) and from a node.
  for (const s of state.services)
    for (const ip of s.externalIPs ?? [])
      for (const p of s.ports) {
        const to = `${ip}:${p.port}`;
        const count = countFor(endpointsOf(s));
        const kind = endpointsOf(s).length === 0 ? 'external IP of a service without endpoints' : 'external IP';
        if (host) add({ kind: `host → ${kind}`, from: nsId.host(host.name), to, proto: proto(p.protocol), count });
        if (client) add({ kind: `pod → ${kind}`, from: podId(client), to, proto: proto(p.protocol), count });
        add({ kind: `node → ${kind}`, from: nsId.node(nodes[nodes.length - 1]!.name), to, proto: proto(p.protocol), count });
      }

  // internalTrafficPolicy: Local: the cluster IP from a pod on a node with an endpoint and from one without.
  for (const s of state.services) {
    if (s.internalTrafficPolicy !== 'Local' || s.type !== 'ClusterIP') continue;
    const eps = endpointsOf(s);
    const nodesWith = new Set(eps.map((e) => pods.find((x) => podId(x) === e)?.node));
    for (const served of [true, false]) {
      const from = plainPods.find((p) => nodesWith.has(p.node) === served && !eps.includes(podId(p)));
      for (const p of s.ports)
        if (from)
          add({
            kind: `pod → ClusterIP, internalTrafficPolicy: Local, ${served ? 'an endpoint' : 'no endpoint'} on the client's node`,
            from: podId(from),
            to: `${s.clusterIP}:${p.port}`,
            proto: proto(p.protocol),
            count: served ? FEW : 2,
          });
    }
  }

  // externalTrafficPolicy: Local from a pod to its own node's node port: kube-proxy sends a pod (by
  // --cluster-cidr) on to the whole service; without the flag the node's endpoints only.
  for (const s of state.services)
    for (const p of s.ports)
      if (client && p.nodePort && s.externalTrafficPolicy === 'Local')
        add({
          kind: "pod → its own node's NodePort, externalTrafficPolicy: Local",
          from: podId(client),
          to: `${nodeIp(client.node)}:${p.nodePort}`,
          proto: proto(p.protocol),
          count: countFor(endpointsOf(s)),
        });

  // A LoadBalancer's address, from every machine outside the cluster (inside or outside its
  // source ranges), from a pod and from a node.
  for (const s of state.services)
    for (const ip of s.loadBalancerIngress ?? [])
      for (const p of s.ports) {
        const to = `${ip}:${p.port}`;
        const count = countFor(endpointsOf(s));
        const ranged = s.loadBalancerSourceRanges ? ', source ranges' : '';
        for (const h of dp.hosts)
          add({ kind: `host → load balancer address${ranged}`, from: nsId.host(h.name), to, proto: proto(p.protocol), count });
        if (client) add({ kind: `pod → load balancer address${ranged}`, from: podId(client), to, proto: proto(p.protocol), count });
        add({
          kind: `node → load balancer address${ranged}`,
          from: nsId.node(nodes[nodes.length - 1]!.name),
          to,
          proto: proto(p.protocol),
          count,
        });
      }

  // pod → ClusterIP (NodePort services are judged through their node ports).
  if (client)
    for (const s of state.services) {
      if (!s.clusterIP || s.clusterIP === 'None' || s.type !== 'ClusterIP') continue;
      const eps = endpointsOf(s);
      for (const p of s.ports) {
        let kind: string;
        if (eps.length === 0) kind = 'pod → service without endpoints';
        else if (eps.length === 1 && eps[0] === podId(client)) kind = 'hairpin: pod → its own service';
        else if (eps.every((e) => kindOf(e) === 'node')) kind = 'pod → ClusterIP with a node backend';
        else if (s.sessionAffinity === 'ClientIP') kind = 'pod → ClusterIP with session affinity';
        else {
          const local = eps.filter((e) => pods.some((x) => podId(x) === e && x.node === client.node)).length;
          kind = `pod → ClusterIP (${local} of ${eps.length} endpoints on the client's node)`;
        }
        add({
          kind,
          from: podId(client),
          to: `${s.clusterIP}:${p.port}`,
          proto: proto(p.protocol),
          count: s.sessionAffinity === 'ClientIP' ? 20 : eps.length === 0 ? 4 : countFor(eps),
          ...(s.sessionAffinity === 'ClientIP' ? { affinity: { endpoints: eps } } : {}),
        });
      }
    }

  // hairpin with several endpoints: a backend to its own service (itself in 1 of N).
  const multi = state.services.find(
    (s) =>
      s.type === 'ClusterIP' &&
      s.sessionAffinity !== 'ClientIP' &&
      endpointsOf(s).length >= 2 &&
      endpointsOf(s).every((e) => kindOf(e) === 'pod'),
  );
  if (multi) {
    const self =
      plainPods.find((p) => p.node === client?.node && endpointsOf(multi).includes(podId(p))) ??
      plainPods.find((p) => endpointsOf(multi).includes(podId(p)));
    const port = multi.ports.find((p) => p.protocol === 'TCP') ?? multi.ports[0]!;
    if (self)
      add({
        kind: 'hairpin: a backend to its own service',
        from: podId(self),
        to: `${multi.clusterIP}:${port.port}`,
        proto: proto(port.protocol),
        count: MANY,
      });
  }

  // pod → NodePort of another node; node → NodePort on 127.0.0.1 (route_localnet is on in iptables and ipvs modes).
  const np = state.services.find((s) => s.ports.some((p) => p.nodePort && p.protocol === 'TCP'));
  if (np) {
    const port = np.ports.find((p) => p.nodePort && p.protocol === 'TCP')!;
    const eps = endpointsOf(np);
    if (client) {
      const far = nodes.find((n) => n.name !== client.node) ?? nodes[0]!;
      add({
        kind: 'pod → NodePort of another node',
        from: podId(client),
        to: `${far.ip}:${port.nodePort}`,
        proto: 'tcp',
        count: countFor(eps),
      });
    }
    add({
      kind: 'node → NodePort via 127.0.0.1',
      from: nsId.node(nodes[0]!.name),
      to: `127.0.0.1:${port.nodePort}`,
      proto: 'tcp',
      count: eps.length >= 2 ? 30 : 4,
    });
  }

  // A neighbour's packet to a node's 127.0.0.1 (handed to the node's eth0, as a raw socket can):
  // kubelet's KUBE-FIREWALL drops it where route_localnet is on, the kernel (a martian) where not.
  // To the API server's port (a process on 0.0.0.0), and to a node port (DNATed to an endpoint:
  // the reply, from 127.0.0.1, is a martian at the laptop).
  if (host) {
    add({ kind: "host → a node's 127.0.0.1", from: nsId.host(host.name), to: '127.0.0.1:6443', proto: 'tcp', count: 2, via: nodes[0]!.ip });
    if (np)
      add({
        kind: "host → a node port on a node's 127.0.0.1",
        from: nsId.host(host.name),
        to: `127.0.0.1:${np.ports.find((p) => p.nodePort && p.protocol === 'TCP')!.nodePort}`,
        proto: 'tcp',
        count: 2,
        via: nodes[0]!.ip,
      });
  }

  // A port the service does not have: no rule matches, the packet follows the default route.
  const any = client && state.services.find((s) => s.type === 'ClusterIP' && endpointsOf(s).length > 0 && s.name !== 'kubernetes');
  if (client && any) {
    const used = new Set(any.ports.map((p) => p.port));
    let port = any.ports[0]!.port + 1;
    while (used.has(port)) port++;
    add({
      kind: 'pod → ClusterIP on a port the service does not have',
      from: podId(client),
      to: `${any.clusterIP}:${port}`,
      proto: 'tcp',
      count: 2,
    });
  }

  // hostNetwork pods answer on their node's address.
  const hostNet = pods.find((p) => p.hostNetwork && p.ports.length > 0);
  if (hostNet) {
    const port = hostNet.ports[0]!;
    if (client)
      add({
        kind: 'pod → hostNetwork pod',
        from: podId(client),
        to: `${hostNet.ip}:${port.containerPort}`,
        proto: proto(port.protocol),
        count: 4,
      });
    if (host)
      add({
        kind: 'host → hostNetwork pod',
        from: nsId.host(host.name),
        to: `${hostNet.ip}:${port.containerPort}`,
        proto: proto(port.protocol),
        count: 4,
      });
  }

  // pod → pod across nodes, each protocol the target declares.
  if (client) {
    const far = plainPods.find((p) => p.node !== client.node && p.ports.length > 0);
    if (far)
      for (const pr of ['TCP', 'UDP'] as const) {
        const port = far.ports.find((p) => p.protocol === pr);
        if (port)
          add({ kind: 'pod → pod across nodes', from: podId(client), to: `${far.ip}:${port.containerPort}`, proto: proto(pr), count: 4 });
      }
  }

  // pod → external host: masqueraded to the node's address.
  if (client && host) {
    const l = host.listeners[0];
    const hostIp = host.addresses[0]!.split('/')[0]!;
    add({
      kind: l ? 'pod → external host' : 'pod → external host (no listener there)',
      from: podId(client),
      to: `${hostIp}:${l ? l.port : 22}`,
      proto: l ? proto(l.protocol) : 'tcp',
      count: 4,
    });
  }

  // node → ClusterIP, from a node without a backend and from one with a backend.
  const svc = state.services.find(
    (s) => s.type === 'ClusterIP' && s.sessionAffinity !== 'ClientIP' && endpointsOf(s).some((e) => kindOf(e) === 'pod'),
  );
  if (svc) {
    const eps = endpointsOf(svc);
    const port = svc.ports.find((p) => p.protocol === 'TCP') ?? svc.ports[0]!;
    const nodeOf = (e: string) => pods.find((p) => podId(p) === e)?.node;
    const without = nodes.find((n) => !eps.some((e) => nodeOf(e) === n.name));
    const withOne = nodes.find((n) => eps.some((e) => nodeOf(e) === n.name));
    for (const n of [without, withOne])
      if (n)
        add({
          kind: 'node → ClusterIP',
          from: nsId.node(n.name),
          to: `${svc.clusterIP}:${port.port}`,
          proto: proto(port.protocol),
          count: countFor(eps),
        });
    // node → pod on another node, and host → ClusterIP (the host has no route to the portal network).
    const target = pods.find((p) => p.ports.length > 0 && !p.hostNetwork);
    const other = target && nodes.find((n) => n.name !== target.node);
    if (target && other)
      add({
        kind: 'node → pod on another node',
        from: nsId.node(other.name),
        to: `${target.ip}:${target.ports[0]!.containerPort}`,
        proto: proto(target.ports[0]!.protocol),
        count: 4,
      });
    if (host)
      add({
        kind: 'host → ClusterIP',
        from: nsId.host(host.name),
        to: `${svc.clusterIP}:${port.port}`,
        proto: proto(port.protocol),
        count: 2,
      });
  }
  // NetworkPolicy (kube-router's sets on the nodes): every pod to every other pod's first port,
  // both ways, and to the API server and the external host (ipBlock peers, one with an except).
  if (dp.nodes.some((n) => n.ipsets?.includes('KUBE-'))) {
    const plain = pods.filter((p) => !p.hostNetwork);
    for (const a of plain) {
      for (const b of plain)
        if (a !== b && b.ports[0])
          add({
            kind: 'policy: pod → pod',
            from: podId(a),
            to: `${b.ip}:${b.ports[0].containerPort}`,
            proto: proto(b.ports[0].protocol),
            count: 2,
          });
      add({ kind: 'policy: pod → API server', from: podId(a), to: `${nodes[0]!.ip}:6443`, proto: 'tcp', count: 2 });
      const l = host?.listeners.find((x) => x.protocol === 'TCP');
      if (host && l)
        add({
          kind: 'policy: pod → external host',
          from: podId(a),
          to: `${host.addresses[0]!.split('/')[0]}:${l.port}`,
          proto: 'tcp',
          count: 2,
        });
    }
  }
  return flows;
}
