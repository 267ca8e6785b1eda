/** `kubectl describe pod|svc|rc|rs|ep NAME`, and the head of it for the other types. */
import { sha256Hex } from '../../hash.ts';
import type {
  ClusterEvent,
  ClusterState,
  ContainerSpec,
  Toleration,
  ControllerKind,
  ControllerState,
  EndpointsState,
  Labels,
  PodState,
  ServiceState,
} from '../../model.ts';
import { KUBECTL_DESCRIBE, tabwrite } from '../tabwriter.ts';
import { formatEndpoints, formatLabels, none, type Item } from './get.ts';
import { builtinLabels, controllerViews, type Sources } from './objects.ts';
import { OBJECT_AGE, STARTED_AT_RFC1123Z } from './resources.ts';

function labelLines(title: string, labels: Labels | undefined): string[] {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return [`${title}:\t<none>`];
  return entries.map(([k, v], i) => `${i === 0 ? `${title}:` : ''}\t${k}=${v}`);
}

/** As kubectl prints them: key=value:effect, op=Exists when the toleration takes any value. */
function tolerationLines(tolerations: readonly Toleration[] | undefined): string[] {
  if (!tolerations?.length) return ['Tolerations:\t<none>'];
  return tolerations.map((t, i) => {
    const exists = t.operator === 'Exists' && !t.value ? (t.key ? ' op=Exists' : 'op=Exists') : '';
    const text = `${t.key ?? ''}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}${exists}`;
    const seconds = t.tolerationSeconds !== undefined ? ` for ${t.tolerationSeconds}s` : '';
    return `${i === 0 ? 'Tolerations:' : ''}\t${text}${seconds}`;
  });
}

interface EventRow {
  readonly type: string;
  readonly reason: string;
  readonly from: string;
  readonly message: string;
}

function eventLines(events: readonly EventRow[]): string[] {
  if (events.length === 0) return ['Events:\t<none>'];
  return [
    'Events:',
    '  Type\tReason\tAge\tFrom\tMessage',
    '  ----\t------\t----\t----\t-------',
    ...events.map((e) => `  ${e.type}\t${e.reason}\t${OBJECT_AGE}\t${e.from}\t${e.message}`),
  ];
}

function eventsOf(state: ClusterState, kind: string, namespace: string, name: string): ClusterEvent[] {
  return state.events.filter((e) => e.object.kind === kind && e.object.namespace === namespace && e.object.name === name);
}

const portText = (ports: readonly string[]) => (ports.length === 0 ? '<none>' : ports.join(', '));

function containerLines(c: ContainerSpec, indent: string, status?: { id: string }): string[] {
  const ports = c.ports.map((p) => `${p.containerPort}/${p.protocol}`);
  const hostPorts = c.ports.map((p) => `${p.hostPort ?? 0}/${p.protocol}`);
  const out = [`${indent}${c.name}:`];
  const i2 = `${indent}  `;
  if (status) out.push(`${i2}Container ID:\tdocker://${status.id}`);
  out.push(`${i2}Image:\t${c.image}`);
  if (status) out.push(`${i2}Image ID:\tdocker-pullable://${c.image.replace(/:.*$/, '')}@sha256:${sha256Hex(`image/${c.image}`)}`);
  out.push(ports.length > 1 ? `${i2}Ports:\t${portText(ports)}` : `${i2}Port:\t${portText(ports)}`);
  out.push(hostPorts.length > 1 ? `${i2}Host Ports:\t${portText(hostPorts)}` : `${i2}Host Port:\t${portText(hostPorts)}`);
  if (status) out.push(`${i2}State:\tRunning`, `${i2}  Started:\t${STARTED_AT_RFC1123Z}`, `${i2}Ready:\tTrue`, `${i2}Restart Count:\t0`);
  if (c.env.length === 0) out.push(`${i2}Environment:\t<none>`);
  else out.push(`${i2}Environment:`, ...c.env.map((e) => `${i2}  ${e.name}:\t${e.value}`));
  out.push(`${i2}Mounts:\t<none>`);
  return out;
}

export function describePod(state: ClusterState, pod: PodState): string {
  const node = state.cluster.nodes.find((n) => n.name === pod.node);
  const running = pod.phase === 'Running';
  const lines = [
    `Name:\t${pod.name}`,
    `Namespace:\t${pod.namespace}`,
    'Priority:\t0',
    `Node:\t${node ? `${node.name}/${node.ip}` : '<none>'}`,
    ...(running ? [`Start Time:\t${STARTED_AT_RFC1123Z}`] : []),
    ...labelLines('Labels', pod.labels),
    'Annotations:\t<none>',
    `Status:\t${pod.phase}`,
    `IP:\t${pod.ip ?? ''}`,
    ...(pod.ip ? ['IPs:', `  IP:\t${pod.ip}`] : ['IPs:\t<none>']),
    ...(pod.owner ? [`Controlled By:\t${pod.owner.kind}/${pod.owner.name}`] : []),
    'Containers:',
    ...pod.spec.containers.flatMap((c) =>
      containerLines(c, '  ', running ? { id: pod.containers.find((x) => x.role === 'app' && x.name === c.name)?.id ?? '' } : undefined),
    ),
    'Conditions:',
    '  Type\tStatus',
    ...(running
      ? ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((t) => `  ${t} \tTrue `)
      : [`  PodScheduled \t${node ? 'True' : 'False'} `]),
    'Volumes:\t<none>',
    'QoS Class:\tBestEffort',
    ...labelLines('Node-Selectors', pod.spec.nodeSelector),
    ...tolerationLines(pod.spec.tolerations),
  ];
  const events: EventRow[] = eventsOf(state, 'Pod', pod.namespace, pod.name).map((e) => ({
    type: e.type,
    reason: e.reason,
    from: e.reason === 'FailedCreatePodSandBox' ? 'kubelet' : 'default-scheduler',
    message: e.message,
  }));
  if (running)
    for (const c of pod.spec.containers)
      events.push(
        { type: 'Normal', reason: 'Pulled', from: 'kubelet', message: `Container image "${c.image}" already present on machine` },
        { type: 'Normal', reason: 'Created', from: 'kubelet', message: `Created container ${c.name}` },
        { type: 'Normal', reason: 'Started', from: 'kubelet', message: `Started container ${c.name}` },
      );
  return tabwrite([...lines, ...eventLines(events)].join('\n'), KUBECTL_DESCRIBE);
}

export function describeService(state: ClusterState, s: ServiceState): string {
  const e = state.endpoints.find((x) => x.namespace === s.namespace && x.name === s.name);
  const lines = [
    `Name:\t${s.name}`,
    `Namespace:\t${s.namespace}`,
    ...labelLines('Labels', builtinLabels(s)),
    'Annotations:\t<none>',
    `Selector:\t${s.selector ? formatLabels(s.selector) : '<none>'}`,
    `Type:\t${s.type}`,
    `IP:\t${s.clusterIP}`,
    ...(s.externalIPs?.length ? [`External IPs:\t${s.externalIPs.join(',')}`] : []),
    ...(s.loadBalancerIngress?.length ? [`LoadBalancer Ingress:\t${s.loadBalancerIngress.join(', ')}`] : []),
  ];
  for (const p of s.ports) {
    const name = p.name || '<unset>';
    lines.push(`Port:\t${name}\t${p.port}/${p.protocol}`, `TargetPort:\t${p.targetPort}/${p.protocol}`);
    if (p.nodePort) lines.push(`NodePort:\t${name}\t${p.nodePort}/${p.protocol}`);
    lines.push(`Endpoints:\t${formatEndpoints(e, p.name ?? '')}`);
  }
  lines.push(`Session Affinity:\t${s.sessionAffinity}`);
  if (s.externalTrafficPolicy) lines.push(`External Traffic Policy:\t${s.externalTrafficPolicy}`);
  if (s.internalTrafficPolicy) lines.push(`Internal Traffic Policy:\t${s.internalTrafficPolicy}`);
  if (s.healthCheckNodePort) lines.push(`HealthCheck NodePort:\t${s.healthCheckNodePort}`);
  return tabwrite([...lines, ...eventLines([])].join('\n'), KUBECTL_DESCRIBE);
}

/** `kubectl describe rc|rs NAME`. */
export function describeController(src: Sources, kind: ControllerKind, namespace: string, name: string): string | undefined {
  const v = controllerViews(src).find((x) => x.kind === kind && x.namespace === namespace && x.name === name);
  if (!v) return undefined;
  const state: ControllerState | undefined = src.state.controllers.find(
    (c) => c.kind === kind && c.namespace === namespace && c.name === name,
  );
  const pods = src.state.pods.filter((p) => p.namespace === namespace && p.owner?.kind === kind && p.owner.name === name);
  const running = pods.filter((p) => p.phase === 'Running').length;
  const lines = [
    `Name:\t${v.name}`,
    `Namespace:\t${v.namespace}`,
    `Selector:\t${v.selectorText}`,
    ...labelLines('Labels', v.labels),
    'Annotations:\t<none>',
    `Replicas:\t${v.current} current / ${v.desired} desired`,
    `Pods Status:\t${running} Running / ${pods.length - running} Waiting / 0 Succeeded / 0 Failed`,
    'Pod Template:',
    ...labelLines('  Labels', v.template?.labels),
    '  Containers:',
    ...(v.template?.spec.containers ?? []).flatMap((c) => containerLines(c, '   ')),
    '  Volumes:\t<none>',
  ];
  const events: EventRow[] = (
    state
      ? eventsOf(src.state, kind, namespace, name)
      : pods.map((p) => ({
          type: 'Normal' as const,
          reason: 'SuccessfulCreate',
          object: { kind, namespace, name },
          message: `Created pod: ${p.name}`,
        }))
  ).map((e) => ({
    type: e.type,
    reason: e.reason,
    from: kind === 'ReplicationController' ? 'replication-controller' : 'replicaset-controller',
    message: e.message,
  }));
  return tabwrite([...lines, ...eventLines(events)].join('\n'), KUBECTL_DESCRIBE);
}

export function describeEndpoints(e: EndpointsState): string {
  const lines = [`Name:\t${e.name}`, `Namespace:\t${e.namespace}`, 'Labels:\t<none>', 'Annotations:\t<none>', 'Subsets:'];
  for (const s of e.subsets) {
    lines.push(`  Addresses:\t${none(s.addresses.map((a) => a.ip).join(','))}`, '  NotReadyAddresses:\t<none>');
    if (s.ports.length > 0)
      lines.push(
        '  Ports:',
        '    Name\tPort\tProtocol',
        '    ----\t----\t--------',
        ...s.ports.map((p) => `    ${p.name || '<unset>'}\t${p.port}\t${p.protocol}`),
      );
    lines.push('');
  }
  return tabwrite([...lines, ...eventLines([])].join('\n'), KUBECTL_DESCRIBE);
}

/** The head of `kubectl describe` for the types it has no special view of here. */
export function describeGeneric(item: Item): string {
  const lines = [
    `Name:\t${item.name}`,
    ...(item.namespace ? [`Namespace:\t${item.namespace}`] : []),
    ...labelLines('Labels', item.labels),
    'Annotations:\t<none>',
    `CreationTimestamp:\t${STARTED_AT_RFC1123Z.replace(':02 ', ':00 ')}`,
  ];
  return tabwrite([...lines, ...eventLines([])].join('\n'), KUBECTL_DESCRIBE);
}
