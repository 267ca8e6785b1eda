/**
 * The API objects behind `kubectl get -o yaml|json`: pods, services, endpoints, nodes,
 * namespaces and controllers (with the ReplicaSet a Deployment makes), with the fields, owner
 * references, uids and status the API server would give them.
 */
import { hash53, sha256Hex, uidFor } from '../../hash.ts';
import type {
  ClusterState,
  ContainerSpec,
  ControllerKind,
  ControllerObject,
  EndpointsState,
  KubeObject,
  LabelSelector,
  Labels,
  NetworkPolicyObject,
  NodeSpec,
  PodSpec,
  PodState,
  PolicyRule,
  ServiceState,
} from '../../model.ts';
import { templateHash } from '../../reconcile/controllers.ts';
import { formatSelector } from '../../selectors.ts';
import { CREATED_AT, KUBERNETES_VERSION, NODE_OS } from './resources.ts';

export interface Sources {
  readonly state: ClusterState;
  /** The desired objects of the text: controllers' pod templates. */
  readonly objects: readonly KubeObject[];
}

function containerPorts(c: ContainerSpec) {
  return c.ports.map((p) => ({
    ...(p.name ? { name: p.name } : {}),
    containerPort: p.containerPort,
    ...(p.hostPort ? { hostPort: p.hostPort } : {}),
    ...(p.hostIP ? { hostIP: p.hostIP } : {}),
    protocol: p.protocol,
  }));
}

function podSpecObject(spec: PodSpec, nodeName?: string): Record<string, unknown> {
  return {
    containers: spec.containers.map((c) => ({
      ...(c.env.length > 0 ? { env: c.env.map((e) => ({ name: e.name, value: e.value })) } : {}),
      image: c.image,
      imagePullPolicy: c.image.includes(':') && !c.image.endsWith(':latest') ? 'IfNotPresent' : 'Always',
      name: c.name,
      ...(c.ports.length > 0 ? { ports: containerPorts(c) } : {}),
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    })),
    dnsPolicy: 'ClusterFirst',
    ...(spec.hostNetwork ? { hostNetwork: true } : {}),
    ...(nodeName ? { nodeName } : {}),
    ...(Object.keys(spec.nodeSelector).length > 0 ? { nodeSelector: spec.nodeSelector } : {}),
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    ...(spec.tolerations?.length ? { tolerations: spec.tolerations } : {}),
  };
}

function meta(namespace: string | undefined, name: string, labels: Labels, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    creationTimestamp: CREATED_AT,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    name,
    ...(namespace ? { namespace } : {}),
    resourceVersion: String(1000 + (hash53(`${namespace}/${name}`) % 90000)),
    uid: uidFor(`object/${namespace}/${name}`),
    ...extra,
  };
}

function hostIpOf(state: ClusterState, pod: PodState): string | undefined {
  return state.cluster.nodes.find((n) => n.name === pod.node)?.ip;
}

function controllerUid(kind: string, namespace: string, name: string): string {
  return uidFor(`object/${namespace}/${name}/${kind}`);
}

export function podObject(state: ClusterState, pod: PodState): Record<string, unknown> {
  const owner = pod.owner;
  const ownerApi = owner?.kind === 'ReplicaSet' || owner?.kind === 'Deployment' ? 'apps/v1' : 'v1';
  const hostIP = hostIpOf(state, pod);
  const running = pod.phase === 'Running';
  const condition = (type: string, status: boolean) => ({
    lastProbeTime: null,
    lastTransitionTime: CREATED_AT,
    status: status ? 'True' : 'False',
    type,
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...meta(pod.namespace, pod.name, pod.labels, {}),
      uid: pod.uid,
      ...(owner
        ? {
            generateName: `${owner.name}-`,
            ownerReferences: [
              {
                apiVersion: ownerApi,
                blockOwnerDeletion: true,
                controller: true,
                kind: owner.kind,
                name: owner.name,
                uid: controllerUid(owner.kind, pod.namespace, owner.name),
              },
            ],
          }
        : {}),
    },
    spec: podSpecObject(pod.spec, pod.node),
    status: running
      ? {
          conditions: [
            condition('Initialized', true),
            condition('Ready', true),
            condition('ContainersReady', true),
            condition('PodScheduled', true),
          ],
          containerStatuses: pod.containers
            .filter((c) => c.role === 'app')
            .map((c) => ({
              containerID: `docker://${c.id}`,
              image: c.image,
              imageID: `docker-pullable://${c.image.replace(/:.*$/, '')}@sha256:${sha256Hex(`image/${c.image}`)}`,
              lastState: {},
              name: c.name,
              ready: true,
              restartCount: 0,
              started: true,
              state: { running: { startedAt: CREATED_AT } },
            })),
          hostIP,
          phase: 'Running',
          podIP: pod.ip,
          podIPs: [{ ip: pod.ip }],
          qosClass: 'BestEffort',
          startTime: CREATED_AT,
        }
      : {
          conditions: [
            {
              ...condition('PodScheduled', pod.node !== undefined),
              ...(pod.node ? {} : { message: pod.message, reason: 'Unschedulable' }),
            },
          ],
          ...(hostIP ? { hostIP } : {}),
          phase: 'Pending',
          qosClass: 'BestEffort',
        },
  };
}

/** The `kubernetes` service carries the labels the API server gives it. */
export function builtinLabels(s: ServiceState): Labels {
  return s.builtin ? { component: 'apiserver', provider: 'kubernetes' } : {};
}

export function serviceObject(s: ServiceState): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(s.namespace, s.name, builtinLabels(s)),
    spec: {
      clusterIP: s.clusterIP,
      ports: s.ports.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        ...(p.nodePort ? { nodePort: p.nodePort } : {}),
        port: p.port,
        protocol: p.protocol,
        targetPort: p.targetPort,
      })),
      ...(s.selector ? { selector: s.selector } : {}),
      ...(s.externalIPs?.length ? { externalIPs: s.externalIPs } : {}),
      ...(s.externalTrafficPolicy ? { externalTrafficPolicy: s.externalTrafficPolicy } : {}),
      ...(s.internalTrafficPolicy ? { internalTrafficPolicy: s.internalTrafficPolicy } : {}),
      ...(s.healthCheckNodePort ? { healthCheckNodePort: s.healthCheckNodePort } : {}),
      ...(s.loadBalancerSourceRanges ? { loadBalancerSourceRanges: s.loadBalancerSourceRanges } : {}),
      sessionAffinity: s.sessionAffinity,
      ...(s.affinityTimeoutSeconds ? { sessionAffinityConfig: { clientIP: { timeoutSeconds: s.affinityTimeoutSeconds } } } : {}),
      type: s.type,
    },
    status: { loadBalancer: s.loadBalancerIngress ? { ingress: s.loadBalancerIngress.map((ip) => ({ ip })) } : {} },
  };
}

export function endpointsObject(e: EndpointsState): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta(e.namespace, e.name, {}),
    subsets: e.subsets.map((s) => ({
      addresses: s.addresses.map((a) => ({
        ip: a.ip,
        ...(a.nodeName ? { nodeName: a.nodeName } : {}),
        ...(a.targetRef ? { targetRef: { kind: 'Pod', name: a.targetRef.name, namespace: a.targetRef.namespace } } : {}),
      })),
      ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol })),
    })),
  };
}

export function nodeObject(n: NodeSpec): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      ...meta(undefined, n.name, { 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', ...n.labels }),
      creationTimestamp: '2026-11-16T09:00:00Z',
    },
    spec: { podCIDR: n.podSubnet, ...(n.taints.length > 0 ? { taints: n.taints } : {}) },
    status: {
      addresses: [
        { address: n.ip, type: 'InternalIP' },
        { address: n.name, type: 'Hostname' },
      ],
      conditions: [
        {
          lastHeartbeatTime: CREATED_AT,
          message: 'kubelet is posting ready status',
          reason: 'KubeletReady',
          status: 'True',
          type: 'Ready',
        },
      ],
      nodeInfo: {
        architecture: 'amd64',
        containerRuntimeVersion: NODE_OS.runtime,
        kernelVersion: NODE_OS.kernel,
        kubeProxyVersion: KUBERNETES_VERSION,
        kubeletVersion: KUBERNETES_VERSION,
        operatingSystem: 'linux',
        osImage: NODE_OS.image,
      },
    },
  };
}

/** A controller as the API has it: the RC/RS/Deployment of the text, and the ReplicaSet a Deployment made. */
export interface ControllerView {
  readonly kind: ControllerKind;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly desired: number;
  readonly current: number;
  readonly ready: number;
  readonly selectorText: string;
  readonly template?: ControllerObject['template'];
  readonly selector: ControllerObject['selector'];
}

export function controllerViews(src: Sources): ControllerView[] {
  const out: ControllerView[] = [];
  for (const c of src.state.controllers) {
    const obj = src.objects.find(
      (o): o is ControllerObject => o.kind === c.kind && o.metadata.namespace === c.namespace && o.metadata.name === c.name,
    );
    const view = {
      kind: c.kind,
      namespace: c.namespace,
      name: c.name,
      labels: obj?.metadata.labels ?? {},
      desired: c.desired,
      current: c.current,
      ready: c.ready,
      selectorText: formatSelector(c.selector),
      selector: c.selector,
      ...(obj ? { template: obj.template } : {}),
    };
    out.push(view);
    if (c.kind === 'Deployment' && obj) {
      const hash = templateHash(obj, src.state.cluster.seed);
      const labels = { ...obj.template.labels, 'pod-template-hash': hash };
      const selector = {
        matchLabels: { ...c.selector.matchLabels, 'pod-template-hash': hash },
        matchExpressions: c.selector.matchExpressions,
      };
      out.push({
        ...view,
        kind: 'ReplicaSet',
        name: `${c.name}-${hash}`,
        labels,
        selectorText: formatSelector(selector),
        selector,
        template: { ...obj.template, labels },
      });
    }
  }
  return out;
}

export function controllerObject(v: ControllerView): Record<string, unknown> {
  const apps = v.kind !== 'ReplicationController';
  return {
    apiVersion: apps ? 'apps/v1' : 'v1',
    kind: v.kind,
    metadata: meta(v.namespace, v.name, v.labels, { generation: 1, uid: controllerUid(v.kind, v.namespace, v.name) }),
    spec: {
      replicas: v.desired,
      selector: apps
        ? {
            ...(Object.keys(v.selector.matchLabels).length > 0 ? { matchLabels: v.selector.matchLabels } : {}),
            ...(v.selector.matchExpressions.length > 0 ? { matchExpressions: v.selector.matchExpressions } : {}),
          }
        : v.selector.matchLabels,
      ...(v.template
        ? { template: { metadata: { creationTimestamp: null, labels: v.template.labels }, spec: podSpecObject(v.template.spec) } }
        : {}),
    },
    status: {
      availableReplicas: v.ready,
      fullyLabeledReplicas: v.current,
      observedGeneration: 1,
      readyReplicas: v.ready,
      replicas: v.current,
    },
  };
}

export function namespaceObject(name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta(undefined, name, {}),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/** A label selector as the API serves it: only the parts it has. */
function selectorObject(s: LabelSelector): Record<string, unknown> {
  return {
    ...(Object.keys(s.matchLabels).length > 0 ? { matchLabels: s.matchLabels } : {}),
    ...(s.matchExpressions.length > 0 ? { matchExpressions: s.matchExpressions } : {}),
  };
}

function policyRules(rules: readonly PolicyRule[], peers: 'from' | 'to'): Record<string, unknown>[] {
  return rules.map((r) => ({
    ...(r.peers.length > 0
      ? {
          [peers]: r.peers.map((p) => ({
            ...(p.ipBlock
              ? { ipBlock: { cidr: p.ipBlock.cidr, ...(p.ipBlock.except.length > 0 ? { except: p.ipBlock.except } : {}) } }
              : {}),
            ...(p.namespaceSelector ? { namespaceSelector: selectorObject(p.namespaceSelector) } : {}),
            ...(p.podSelector ? { podSelector: selectorObject(p.podSelector) } : {}),
          })),
        }
      : {}),
    ...(r.ports.length > 0
      ? {
          ports: r.ports.map((p) => ({
            ...(p.endPort !== undefined ? { endPort: p.endPort } : {}),
            ...(p.port !== undefined ? { port: p.port } : {}),
            protocol: p.protocol,
          })),
        }
      : {}),
  }));
}

/** A NetworkPolicy as the API server serves it (policyTypes defaulted, empty rule lists left out). */
export function networkPolicyObject(p: NetworkPolicyObject): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(p.metadata.namespace, p.metadata.name, p.metadata.labels, { generation: 1 }),
    spec: {
      ...(p.egress.length > 0 ? { egress: policyRules(p.egress, 'to') } : {}),
      ...(p.ingress.length > 0 ? { ingress: policyRules(p.ingress, 'from') } : {}),
      podSelector: selectorObject(p.podSelector),
      policyTypes: p.policyTypes,
    },
  };
}
