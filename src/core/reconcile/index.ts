/**
 * Step 3 of the pipeline: the desired objects → the cluster's state, as the controllers, the
 * scheduler, IPAM, the container runtime and the endpoints controller would leave it.
 */
import type {
  ClusterEvent,
  ClusterSpec,
  ControllerState,
  EndpointsObject,
  KubeObject,
  Labels,
  NetworkPolicyObject,
  PodState,
  ServiceObject,
} from '../model.ts';
import { cidrSize, formatIp, parseCidr } from '../net/ipv4.ts';
import { ADDON_DOCUMENT, dnsAddon } from '../dns/addon.ts';
import { selectorMatches } from '../selectors.ts';
import type { Finding } from '../validate/finding.ts';
import { BUILTIN_NAMESPACES } from '../validate/index.ts';
import { HashAllocator } from './allocator.ts';
import { MAX_PODS, quotaMessage } from '../limits.ts';
import { msg } from '../message.ts';
import { inEnglish } from '../problems-en.ts';
import { expandPods, isController } from './controllers.ts';
import { computeEndpoints } from './endpoints.ts';
import { containersFor } from './runtime.ts';
import { Scheduler } from './scheduler.ts';
import { allocateServices } from './services.ts';

export interface Reconciled {
  readonly state: import('../model.ts').ClusterState;
  readonly findings: readonly Finding[];
}

export function reconcile(cluster: ClusterSpec, text: readonly KubeObject[]): Reconciled {
  const findings: Finding[] = [];
  const events: ClusterEvent[] = [];
  const seed = cluster.seed;
  // The DNS add-on's pods come after the text's (its Service claims its fixed address first).
  const addon = dnsAddon(cluster, text);
  const objects = addon ? [...text, addon.controller] : text;

  const { pods: intents, refused } = expandPods(objects, seed);
  for (const p of refused) {
    const quota = quotaMessage('pods', p.name, MAX_PODS, MAX_PODS);
    const advice = msg('hint.pods-limit', { max: MAX_PODS });
    if (p.controller)
      findings.push({
        document: p.document,
        path: ['spec', 'replicas'],
        code: 'limit-pods',
        atValue: true,
        says: msg('api.error-creating', { error: quota }),
        advice,
      });
    else findings.push({ document: p.document, path: ['metadata', 'name'], code: 'limit-pods', atValue: true, says: quota, advice });
  }

  const podMakers = text.filter((o) => o.kind === 'Pod' || isController(o)).map((o) => o.document);
  const scheduler = new Scheduler(cluster.nodes, podMakers);
  const ipams = new Map(
    cluster.nodes.map((n) => {
      const subnet = parseCidr(n.podSubnet)!;
      // .0 is the network, .1 is docker0 (the pods' gateway), the last address is broadcast.
      return [n.name, new HashAllocator(subnet.base + 2, subnet.base + cidrSize(subnet) - 2, seed)];
    }),
  );
  const nodeIp = new Map(cluster.nodes.map((n) => [n.name, n.ip]));

  const pinnedTaken = new Set<string>();
  const pods: PodState[] = intents.map((intent) => {
    const base = {
      document: intent.document,
      namespace: intent.namespace,
      name: intent.name,
      uid: intent.uid,
      labels: intent.labels,
      hostNetwork: intent.spec.hostNetwork,
      spec: intent.spec,
      ...(intent.owner ? { owner: intent.owner } : {}),
    };
    const object = { kind: 'Pod', namespace: intent.namespace, name: intent.name };
    const placement = scheduler.place(intent);
    if (placement.node === undefined) {
      events.push({ type: 'Warning', reason: 'FailedScheduling', object, message: placement.message! });
      return { ...base, phase: 'Pending', containers: [], reason: placement.reason!, message: placement.message!, why: placement.why! };
    }
    events.push({
      type: 'Normal',
      reason: 'Scheduled',
      object,
      message: `Successfully assigned ${intent.namespace}/${intent.name} to ${placement.node}`,
    });
    let ip: string | undefined = nodeIp.get(placement.node);
    if (!intent.spec.hostNetwork) {
      const value = ipams.get(placement.node)!.allocate(intent.uid);
      if (value === undefined) {
        const why = msg('pending.no-ip', { subnet: cluster.nodes.find((n) => n.name === placement.node)!.podSubnet });
        const message = inEnglish(why);
        events.push({ type: 'Warning', reason: 'FailedCreatePodSandBox', object, message });
        return { ...base, phase: 'Pending', node: placement.node, containers: [], reason: 'ContainerCreating', message, why };
      }
      ip = formatIp(value);
    }
    return {
      ...base,
      phase: 'Running',
      node: placement.node,
      ip,
      containers: containersFor(intent.spec, intent.uid, cluster.pauseImage, seed, pinnedTaken),
    };
  });

  const serviceObjects = objects.filter((o): o is ServiceObject => o.kind === 'Service');
  const allocated = allocateServices(cluster, addon ? [addon.service, ...serviceObjects] : serviceObjects, findings);
  const services = [...allocated.filter((s) => s.document !== ADDON_DOCUMENT), ...allocated.filter((s) => s.document === ADDON_DOCUMENT)];
  const manual = objects.filter((o): o is EndpointsObject => o.kind === 'Endpoints');
  for (const e of manual) {
    const svc = serviceObjects.find((s) => s.metadata.namespace === e.metadata.namespace && s.metadata.name === e.metadata.name);
    if (svc?.selector)
      findings.push({
        document: e.document,
        path: ['metadata', 'name'],
        code: 'invalid-value',
        severity: 'warning',
        says: msg('api.endpoints-overwritten', { name: e.metadata.name }),
        advice: msg('hint.manual-endpoints'),
      });
  }
  const apiserver = {
    namespace: 'default',
    name: 'kubernetes',
    subsets:
      cluster.nodes.length > 0
        ? [{ addresses: [{ ip: cluster.nodes[0]!.ip }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' as const }] }]
        : [],
  };
  const endpoints = computeEndpoints(services, pods, manual, apiserver);

  // A controller's pods come from its own document.
  const byDocument = new Map<number, PodState[]>();
  for (const p of pods) {
    const list = byDocument.get(p.document);
    if (list) list.push(p);
    else byDocument.set(p.document, [p]);
  }
  const controllers: ControllerState[] = objects.filter(isController).map((c) => {
    const mine = (byDocument.get(c.document) ?? []).filter((p) => p.owner && selectorMatches(c.selector, p.labels));
    for (const p of mine)
      events.push({
        type: 'Normal',
        reason: 'SuccessfulCreate',
        object: { kind: c.kind, namespace: c.metadata.namespace, name: c.metadata.name },
        message: `Created pod: ${p.name}`,
      });
    return {
      document: c.document,
      kind: c.kind,
      namespace: c.metadata.namespace,
      name: c.metadata.name,
      desired: c.replicas,
      current: mine.length,
      ready: mine.filter((p) => p.phase === 'Running').length,
      selector: c.selector,
      pods: mine.map((p) => p.name),
    };
  });

  const namespaces = [...new Set([...BUILTIN_NAMESPACES, ...text.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)])];
  const namespaceLabels = namespaceLabelsOf(namespaces, text);
  const networkPolicies = text.filter((o): o is NetworkPolicyObject => o.kind === 'NetworkPolicy');
  return {
    state: { cluster, namespaces, namespaceLabels, networkPolicies, controllers, pods, services, endpoints, events },
    // The add-on has no line to point at (e.g. refused past the pod quota): what it lacks shows in its state.
    findings: findings.filter((f) => f.document !== ADDON_DOCUMENT),
  };
}

/** The API server (v1.22+) labels every namespace with its own name, over any value written. */
function namespaceLabelsOf(namespaces: readonly string[], objects: readonly KubeObject[]): Record<string, Labels> {
  const written = new Map(objects.flatMap((o) => (o.kind === 'Namespace' ? [[o.metadata.name, o.metadata.labels] as const] : [])));
  return Object.fromEntries(namespaces.map((n) => [n, { ...written.get(n), 'kubernetes.io/metadata.name': n }]));
}
