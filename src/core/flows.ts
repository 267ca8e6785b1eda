/**
 * What can send and what can be reached, for the flow picker, and the one-click flows the lab
 * teaches. A flow is a trace request: a source namespace, a destination address and a protocol.
 */
import { msg, type Message, type Text } from './message.ts';
import type { ClusterState, Protocol } from './model.ts';
import { nsId, type NamespaceId } from './namespace-id.ts';
import type { TraceRequest } from './trace/index.ts';

export interface Endpoint {
  readonly id: NamespaceId;
  readonly label: Text;
}

export interface Destination {
  readonly ip: string;
  readonly port: number;
  readonly proto: 'tcp' | 'udp';
  readonly label: Message;
  readonly kind: 'service' | 'nodeport' | 'hostport' | 'pod' | 'host';
}

export interface QuickFlow {
  readonly id: 'hostport' | 'service' | 'pod-to-pod' | 'egress' | 'nodeport';
  readonly label: Message;
  /** Undefined when the cluster has nothing to show it with; `missing` says what to add. */
  readonly request?: TraceRequest;
  readonly missing?: Message;
}

const l4 = (p: Protocol): 'tcp' | 'udp' => (p === 'UDP' ? 'udp' : 'tcp');

export function sources(state: ClusterState): Endpoint[] {
  return [
    ...state.cluster.hosts.map((h) => ({ id: nsId.host(h.name), label: `${h.name} (${h.ip})` })),
    ...state.cluster.nodes.map((n) => ({ id: nsId.node(n.name), label: `${n.name} (${n.ip})` })),
    ...state.pods
      .filter((p) => p.phase === 'Running')
      .map((p) => ({ id: nsId.pod(p.namespace, p.name), label: msg('flow.from-pod', { pod: p.name, ip: p.ip ?? '' }) })),
  ];
}

export function destinations(state: ClusterState): Destination[] {
  const out: Destination[] = [];
  for (const s of state.services) {
    if (s.builtin) continue;
    for (const p of s.ports) {
      if (s.clusterIP !== 'None')
        out.push({
          ip: s.clusterIP,
          port: p.port,
          proto: l4(p.protocol),
          label: msg('flow.to-service', { service: s.name, address: `${s.clusterIP}:${p.port}/${p.protocol}` }),
          kind: 'service',
        });
      for (const ip of s.externalIPs ?? [])
        out.push({
          ip,
          port: p.port,
          proto: l4(p.protocol),
          label: msg('flow.to-external-ip', { service: s.name, address: `${ip}:${p.port}/${p.protocol}` }),
          kind: 'service',
        });
      if (p.nodePort)
        for (const n of state.cluster.nodes)
          out.push({
            ip: n.ip,
            port: p.nodePort,
            proto: l4(p.protocol),
            label: msg('flow.to-nodeport', { service: s.name, node: n.name, address: `${n.ip}:${p.nodePort}` }),
            kind: 'nodeport',
          });
    }
  }
  for (const pod of state.pods) {
    if (pod.phase !== 'Running' || !pod.node) continue;
    const node = state.cluster.nodes.find((n) => n.name === pod.node)!;
    for (const c of pod.containers)
      for (const m of c.portMappings)
        out.push({
          ip: node.ip,
          port: m.hostPort,
          proto: l4(m.protocol),
          label: msg('flow.to-hostport', { node: node.name, address: `${node.ip}:${m.hostPort}`, pod: pod.name }),
          kind: 'hostport',
        });
    for (const c of pod.spec.containers)
      for (const p of c.ports)
        out.push({
          ip: pod.ip!,
          port: p.containerPort,
          proto: l4(p.protocol),
          label: msg('flow.to-pod', { pod: pod.name, address: `${pod.ip}:${p.containerPort}/${p.protocol}` }),
          kind: 'pod',
        });
  }
  for (const h of state.cluster.hosts)
    out.push({ ip: h.ip, port: 80, proto: 'tcp', label: msg('flow.to-web-server', { host: h.name, address: `${h.ip}:80` }), kind: 'host' });
  return out;
}

/** The lab's flows, made from whatever the scenario has. */
export function quickFlows(state: ClusterState): QuickFlow[] {
  const host = state.cluster.hosts[0];
  const running = state.pods.filter((p) => p.phase === 'Running' && p.ip && !p.hostNetwork);
  const published = running.flatMap((p) => p.containers.flatMap((c) => c.portMappings.map((m) => ({ pod: p, m }))));
  const service = state.services.find((s) => !s.builtin && s.clusterIP !== 'None' && s.ports.length > 0);
  const nodePortService = state.services.find((s) => s.ports.some((p) => p.nodePort));
  const flows: QuickFlow[] = [];

  const hp = published[0];
  const hpNode = hp && state.cluster.nodes.find((n) => n.name === hp.pod.node);
  flows.push(
    host && hp && hpNode
      ? {
          id: 'hostport',
          label: msg('flow.hostport', { host: host.name, node: hpNode.name, port: hp.m.hostPort }),
          request: { from: nsId.host(host.name), to: { ip: hpNode.ip, port: hp.m.hostPort }, proto: l4(hp.m.protocol) },
        }
      : { id: 'hostport', label: msg('flow.hostport-none', { host: 'laptop' }), missing: msg('flow.missing-hostport') },
  );

  if (service) {
    const port = service.ports[0]!;
    // A client pod outside the service if there is one, else one of its own pods (hairpin).
    const selected = new Set(
      state.endpoints
        .find((e) => e.namespace === service.namespace && e.name === service.name)
        ?.subsets.flatMap((s) => s.addresses.map((a) => a.ip)) ?? [],
    );
    const client = running.find((p) => !selected.has(p.ip!)) ?? running[0];
    flows.push(
      client
        ? {
            id: 'service',
            label: msg('flow.service', { service: service.name }),
            request: {
              from: nsId.pod(client.namespace, client.name),
              to: { ip: service.clusterIP, port: port.port },
              proto: l4(port.protocol),
            },
          }
        : { id: 'service', label: msg('flow.service', { service: service.name }), missing: msg('flow.missing-client') },
    );
  } else flows.push({ id: 'service', label: msg('flow.service-none'), missing: msg('flow.missing-service') });

  const a = running[0];
  const b = a && running.find((p) => p.node !== a.node);
  const bPort = b?.spec.containers.flatMap((c) => c.ports)[0];
  flows.push(
    a && b
      ? {
          id: 'pod-to-pod',
          label: msg('flow.pod-to-pod'),
          request: {
            from: nsId.pod(a.namespace, a.name),
            to: { ip: b.ip!, port: bPort?.containerPort ?? 80 },
            proto: l4(bPort?.protocol ?? 'TCP'),
          },
        }
      : { id: 'pod-to-pod', label: msg('flow.pod-to-pod'), missing: msg('flow.missing-two-nodes') },
  );

  flows.push(
    a && host
      ? {
          id: 'egress',
          label: msg('flow.egress', { host: host.name }),
          request: { from: nsId.pod(a.namespace, a.name), to: { ip: host.ip, port: 80 }, proto: 'tcp' },
        }
      : { id: 'egress', label: msg('flow.egress-none'), missing: msg('flow.missing-egress') },
  );

  const np = nodePortService?.ports.find((p) => p.nodePort);
  const npNode = state.cluster.nodes[0];
  flows.push(
    host && np && npNode
      ? {
          id: 'nodeport',
          label: msg('flow.nodeport', { host: host.name, port: np.nodePort! }),
          request: { from: nsId.host(host.name), to: { ip: npNode.ip, port: np.nodePort! }, proto: l4(np.protocol) },
        }
      : { id: 'nodeport', label: msg('flow.nodeport-none', { host: 'laptop' }), missing: msg('flow.missing-nodeport') },
  );
  return flows;
}

/**
 * A lesson's flow named by what survives edits: from a running pod (by its name, or its
 * controller's, as `app-…`) to a service's port (its first unless `port` and `protocol` say).
 * `to` is `NAME` or `NAMESPACE/NAME`; a bare name is looked for in the sender's namespace first.
 */
export interface NamedFlow {
  readonly from: string;
  readonly to: string;
  readonly port?: number;
  readonly protocol?: Protocol;
}

/** What a lesson step plays: one of the quick flows by id, or a flow between named ends. */
export type StepFlow = QuickFlow['id'] | NamedFlow;

const podNamed = (name: string) => (p: { name: string }) => p.name === name || p.name.startsWith(`${name}-`);

/** The trace request a step's flow stands for in this state; undefined when one of its ends is missing. */
export function stepFlowRequest(state: ClusterState, flow: StepFlow): TraceRequest | undefined {
  if (typeof flow === 'string') return quickFlows(state).find((q) => q.id === flow)?.request;
  const pod = state.pods.find((p) => p.phase === 'Running' && !!p.ip && podNamed(flow.from)(p));
  if (!pod) return undefined;
  const [ns, name] = flow.to.includes('/') ? flow.to.split('/', 2) : [undefined, flow.to];
  const named = state.services.filter((s) => s.name === name && s.clusterIP !== 'None' && (ns === undefined || s.namespace === ns));
  const service = named.find((s) => s.namespace === pod.namespace) ?? named[0];
  const port = service?.ports.find(
    (p) => (flow.port === undefined || p.port === flow.port) && (flow.protocol === undefined || p.protocol === flow.protocol),
  );
  if (!service || !port) return undefined;
  return { from: nsId.pod(pod.namespace, pod.name), to: { ip: service.clusterIP, port: port.port }, proto: l4(port.protocol) };
}

/** A name a flow may look up: letters, digits, '-', '_' and dots, at most 253 characters (and a final dot). */
export const LOOKUP_NAME = /^[A-Za-z0-9_.-]{1,254}$/;

/**
 * Names worth looking up from a pod, for the flow picker's suggestions: each service by its short
 * name, with its namespace, and in full (a headless one answers with its pods), a pod's
 * hostname under its subdomain, and one name outside the cluster.
 */
export function lookupNames(state: ClusterState): string[] {
  const names = new Set<string>();
  for (const s of state.services) {
    if (s.builtin && s.name !== 'kubernetes') continue;
    if (s.namespace === 'default') names.add(s.name);
    names.add(`${s.name}.${s.namespace}`);
    names.add(`${s.name}.${s.namespace}.svc.cluster.local`);
  }
  for (const p of state.pods)
    if (p.spec.hostname && p.spec.subdomain) names.add(`${p.spec.hostname}.${p.spec.subdomain}.${p.namespace}.svc.cluster.local`);
  names.add('example.com');
  return [...names];
}
