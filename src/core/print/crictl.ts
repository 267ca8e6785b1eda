/**
 * crictl's views of a containerd node (cri-tools v1.3x against containerd 2.x, as on kind's
 * nodes): `crictl pods` lists the pod sandboxes (the pause container is a sandbox here, not a
 * container), `crictl ps` the app containers, `crictl inspectp` and `crictl inspect` their status
 * and containerd's verbose info as JSON. IDs are the same ones the reconciler drew for the pod's
 * containers, so they are stable for a scenario; the sandbox's network namespace is the one the
 * CNI plugin was handed, /var/run/netns/cni-<uuid>.
 */
import { sha256Hex } from '../hash.ts';
import type { ClusterState, ContainerState, NodeSpec, PodState } from '../model.ts';
import type { Dataplane, Interface } from '../dataplane/model.ts';
import { indexOf } from '../dataplane/lookup.ts';
import { nsId } from '../namespace-id.ts';
import { commandOf } from './docker.ts';
import { CREATED_AT } from './kubectl.ts';
import { DOCKER_TABLE, tabwrite } from './tabwriter.ts';

/** crictl shortens IDs to 13 characters (getTruncatedID). */
const TRUNCATED_ID = 13;

export interface Sandbox {
  readonly pod: PodState;
  readonly node: NodeSpec;
  /** The pause container: its ID is the sandbox's. */
  readonly pause: ContainerState;
  /** Seconds after the scenario's start at which kubelet asked for the sandbox. */
  readonly offset: number;
}

export interface CriContainer {
  readonly sandbox: Sandbox;
  readonly container: ContainerState;
  readonly offset: number;
}

/** The sandboxes on a node, newest first, as `crictl pods` sorts them. */
export function sandboxesOn(state: ClusterState, node: string): Sandbox[] {
  const spec = state.cluster.nodes.find((n) => n.name === node);
  if (!spec) return [];
  const out: Sandbox[] = [];
  state.pods.forEach((pod, i) => {
    const pause = pod.containers.find((c) => c.role === 'pause');
    if (pod.node === node && pod.phase === 'Running' && pause) out.push({ pod, node: spec, pause, offset: i * 2 });
  });
  return out.reverse();
}

/** The running app containers on a node, newest first, as `crictl ps` sorts them. */
export function criContainersOn(state: ClusterState, node: string): CriContainer[] {
  const out: CriContainer[] = [];
  for (const sandbox of sandboxesOn(state, node).reverse())
    sandbox.pod.containers.forEach((container, i) => {
      if (container.role === 'app') out.push({ sandbox, container, offset: sandbox.offset + 1 + i / 100 });
    });
  return out.reverse();
}

const short = (id: string, noTrunc: boolean) => (noTrunc ? id : id.slice(0, TRUNCATED_ID));

/** The image ID containerd reports for an image (the same digest `docker images` shows on the book's nodes). */
function imageDigest(image: string): string {
  return sha256Hex(`image/${image}`);
}

/** containerd names images fully: `nginx` is docker.io/library/nginx:latest. */
export function normalizedImage(image: string): string {
  const tagged = /:[^/]*$/.test(image) || image.includes('@') ? image : `${image}:latest`;
  const first = tagged.split('/')[0]!;
  if (tagged.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return tagged;
  return tagged.includes('/') ? `docker.io/${tagged}` : `docker.io/library/${tagged}`;
}

export interface ListOptions {
  readonly quiet?: boolean;
  readonly noTrunc?: boolean;
}

export function crictlPods(list: readonly Sandbox[], options: ListOptions = {}): string {
  if (options.quiet) return list.map((s) => s.pause.id).join('\n');
  const rows = list.map((s) => [
    short(s.pause.id, !!options.noTrunc),
    '2 minutes ago',
    'Ready',
    s.pod.name,
    s.pod.namespace,
    '0',
    '(default)',
  ]);
  const header = ['POD ID', 'CREATED', 'STATE', 'NAME', 'NAMESPACE', 'ATTEMPT', 'RUNTIME'];
  return tabwrite([header, ...rows].map((r) => r.join('\t')).join('\n'), DOCKER_TABLE);
}

export function crictlPs(list: readonly CriContainer[], options: ListOptions = {}): string {
  if (options.quiet) return list.map((c) => c.container.id).join('\n');
  const noTrunc = !!options.noTrunc;
  const rows = list.map((c) => [
    short(c.container.id, noTrunc),
    // kubelet hands the image's ID to the runtime, so crictl shows a digest, not a name.
    noTrunc ? `sha256:${imageDigest(c.container.image)}` : imageDigest(c.container.image).slice(0, TRUNCATED_ID),
    '2 minutes ago',
    'Running',
    c.container.name,
    '0',
    short(c.sandbox.pause.id, noTrunc),
    c.sandbox.pod.name,
    c.sandbox.pod.namespace,
  ]);
  const header = ['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID', 'POD', 'NAMESPACE'];
  return tabwrite([header, ...rows].map((r) => r.join('\t')).join('\n'), DOCKER_TABLE);
}

/** Finds by full ID or unique prefix, as containerd's ID index does. */
export function findById<T>(list: readonly T[], id: (t: T) => string, ref: string): { found?: T; ambiguous?: boolean } {
  if (ref === '') return {};
  const exact = list.find((t) => id(t) === ref);
  if (exact) return { found: exact };
  const matches = list.filter((t) => id(t).startsWith(ref));
  if (matches.length > 1) return { ambiguous: true };
  return matches[0] ? { found: matches[0] } : {};
}

/** The network namespace the CNI plugin configured: containerd names it cni-<random uuid>. */
export function sandboxNetnsPath(pod: PodState): string {
  const h = sha256Hex(`netns/${pod.uid}`);
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `/var/run/netns/cni-${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A process ID for a container, drawn from its ID (the same formula docker inspect uses). */
const pidOf = (c: ContainerState) => 2000 + (parseInt(c.id.slice(0, 4), 16) % 30000);

/** Go's time.RFC3339Nano of the scenario's start plus some seconds (trailing zeros dropped). */
function timeAt(offset: number): string {
  const base = Date.parse(CREATED_AT);
  const ms = base + Math.round(offset * 1000);
  const iso = new Date(ms).toISOString();
  const fraction = Math.round(offset * 1e9) % 1e9;
  if (fraction === 0) return iso.replace(/\.\d+Z$/, 'Z');
  return iso.replace(/\.\d+Z$/, `.${String(fraction).padStart(9, '0').replace(/0+$/, '')}Z`);
}

const podLabels = (pod: PodState) => ({
  ...pod.labels,
  'io.kubernetes.pod.name': pod.name,
  'io.kubernetes.pod.namespace': pod.namespace,
  'io.kubernetes.pod.uid': pod.uid,
});

const podAnnotations = (offset: number) => ({ 'kubernetes.io/config.seen': timeAt(offset), 'kubernetes.io/config.source': 'api' });

/** The CNI result containerd keeps: the pod's eth0 and lo, and the host end of its veth (and its bridge, if any). */
function cniResult(dp: Dataplane, s: Sandbox, netns: string): Record<string, unknown> | null {
  const index = indexOf(dp);
  const podNs = index.namespace(nsId.pod(s.pod.namespace, s.pod.name));
  const nodeNs = index.namespace(nsId.node(s.node.name));
  if (!podNs || !nodeNs) return null;
  const eth0 = podNs.interfaces.find((i) => i.name === 'eth0');
  const hostEnd = nodeNs.interfaces.find((i) => i.peer?.ns === podNs.id);
  const bridge = hostEnd?.master ? nodeNs.interfaces.find((i) => i.name === hostEnd.master) : undefined;
  const gateway = podNs.routes.find((r) => r.dst === 'default')?.via ?? '';
  const entry = (i: Interface | undefined, sandbox: string, ips: { IP: string; Gateway: string }[] | null) =>
    i ? { [i.name]: { IPConfigs: ips, Mac: i.mac ?? '', Sandbox: sandbox } } : {};
  return {
    Interfaces: {
      ...entry(bridge, '', null),
      ...entry(hostEnd, '', null),
      ...entry(eth0, netns, s.pod.ip ? [{ IP: s.pod.ip, Gateway: gateway }] : null),
      lo: {
        IPConfigs: [
          { IP: '127.0.0.1', Gateway: '' },
          { IP: '::1', Gateway: '' },
        ],
        Mac: '00:00:00:00:00:00',
        Sandbox: netns,
      },
    },
    DNS: [{}, {}],
    Routes: [{ dst: '0.0.0.0/0' }],
  };
}

/** PodSandboxConfig as containerd stores it (Go's encoding/json of the CRI structs: snake_case, zero values left out). */
function sandboxConfig(s: Sandbox): Record<string, unknown> {
  const { pod } = s;
  const portMappings = s.pause.portMappings.map((m) => ({
    // TCP is the enum's zero value, which omitempty leaves out.
    ...(m.protocol === 'UDP' ? { protocol: 1 } : m.protocol === 'SCTP' ? { protocol: 2 } : {}),
    container_port: m.containerPort,
    host_port: m.hostPort,
    ...(m.hostIP && m.hostIP !== '0.0.0.0' ? { host_ip: m.hostIP } : {}),
  }));
  return {
    metadata: { name: pod.name, uid: pod.uid, namespace: pod.namespace },
    ...(pod.hostNetwork ? {} : { hostname: pod.name }),
    log_directory: `/var/log/pods/${pod.namespace}_${pod.name}_${pod.uid}`,
    ...(portMappings.length > 0 ? { port_mappings: portMappings } : {}),
    labels: podLabels(pod),
    annotations: podAnnotations(s.offset),
    linux: {
      cgroup_parent: `/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod${pod.uid.replace(/-/g, '_')}.slice`,
      security_context: { namespace_options: { network: pod.hostNetwork ? 2 : undefined, pid: 1 } },
    },
  };
}

/** `crictl inspectp`'s object: the CRI PodSandboxStatus and containerd's verbose info. */
export function inspectSandbox(dp: Dataplane, s: Sandbox): Record<string, unknown> {
  const { pod, pause } = s;
  const netns = pod.hostNetwork ? '' : sandboxNetnsPath(pod);
  const namespaces = [
    { type: 'pid' },
    { type: 'ipc' },
    { type: 'uts' },
    { type: 'mount' },
    ...(pod.hostNetwork ? [] : [{ type: 'network', path: netns }]),
  ];
  return {
    status: {
      id: pause.id,
      metadata: { attempt: 0, name: pod.name, namespace: pod.namespace, uid: pod.uid },
      state: 'SANDBOX_READY',
      createdAt: timeAt(s.offset),
      network: { additionalIps: [], ip: pod.hostNetwork ? '' : (pod.ip ?? '') },
      linux: { namespaces: { options: { ipc: 'POD', network: pod.hostNetwork ? 'NODE' : 'POD', pid: 'CONTAINER', targetId: '' } } },
      labels: podLabels(pod),
      annotations: podAnnotations(s.offset),
      runtimeHandler: '',
      containersStatuses: [],
    },
    info: {
      pid: pidOf(pause),
      processStatus: 'running',
      netNamespaceClosed: false,
      image: pause.image,
      snapshotKey: pause.id,
      snapshotter: 'overlayfs',
      runtimeHandler: '',
      runtimeType: 'io.containerd.runc.v2',
      runtimeOptions: { systemd_cgroup: true },
      config: sandboxConfig(s),
      runtimeSpec: {
        ociVersion: '1.2.1',
        process: { args: ['/pause'], cwd: '/' },
        hostname: pod.hostNetwork ? s.node.name : pod.name,
        linux: { namespaces },
      },
      cniResult: pod.hostNetwork ? null : cniResult(dp, s, netns),
    },
  };
}

/** `crictl inspect`'s object: the CRI ContainerStatus and containerd's verbose info. */
export function inspectContainer(c: CriContainer): Record<string, unknown> {
  const { sandbox, container } = c;
  const { pod } = sandbox;
  const image = normalizedImage(container.image);
  const digest = imageDigest(container.image);
  const sandboxPid = pidOf(sandbox.pause);
  const labels = {
    'io.kubernetes.container.name': container.name,
    'io.kubernetes.pod.name': pod.name,
    'io.kubernetes.pod.namespace': pod.namespace,
    'io.kubernetes.pod.uid': pod.uid,
  };
  const annotations = {
    'io.kubernetes.container.hash': sha256Hex(`hash/${container.id}`).slice(0, 8),
    'io.kubernetes.container.restartCount': '0',
    'io.kubernetes.container.terminationMessagePath': '/dev/termination-log',
    'io.kubernetes.container.terminationMessagePolicy': 'File',
    'io.kubernetes.pod.terminationGracePeriod': '30',
    ...(container.ports.length > 0
      ? {
          'io.kubernetes.container.ports': JSON.stringify(
            container.ports.map((p) => ({
              ...(p.name ? { name: p.name } : {}),
              ...(p.hostPort ? { hostPort: p.hostPort } : {}),
              containerPort: p.containerPort,
              protocol: p.protocol,
            })),
          ),
        }
      : {}),
  };
  const logPath = `/var/log/pods/${pod.namespace}_${pod.name}_${pod.uid}/${container.name}/0.log`;
  return {
    status: {
      id: container.id,
      metadata: { attempt: 0, name: container.name },
      state: 'CONTAINER_RUNNING',
      createdAt: timeAt(c.offset),
      startedAt: timeAt(c.offset + 0.5),
      finishedAt: '0001-01-01T00:00:00Z',
      exitCode: 0,
      image: { annotations: {}, image, runtimeHandler: '', userSpecifiedImage: container.image },
      imageRef: `${image.replace(/:[^/]*$/, '')}@sha256:${sha256Hex(`repo-digest/${container.image}`)}`,
      imageId: `sha256:${digest}`,
      reason: '',
      message: '',
      labels,
      annotations,
      mounts: [],
      logPath,
      user: { linux: { gid: '0', supplementalGroups: ['0'], uid: '0' } },
      stopSignal: 'SIGTERM',
    },
    info: {
      sandboxID: sandbox.pause.id,
      pid: pidOf(container),
      removing: false,
      snapshotKey: container.id,
      snapshotter: 'overlayfs',
      runtimeType: 'io.containerd.runc.v2',
      runtimeOptions: { systemd_cgroup: true },
      config: {
        metadata: { name: container.name },
        image: { image: `sha256:${digest}`, user_specified_image: container.image },
        ...(container.env.length > 0 ? { envs: container.env.map((e) => ({ key: e.name, value: e.value })) } : {}),
        labels,
        annotations,
        log_path: `${container.name}/0.log`,
      },
      runtimeSpec: {
        ociVersion: '1.2.1',
        process: { args: commandOf(container), cwd: '/' },
        // The app container joins the sandbox's network, IPC and UTS namespaces through the pause process.
        linux: {
          namespaces: [
            { type: 'pid' },
            { type: 'ipc', path: `/proc/${sandboxPid}/ns/ipc` },
            { type: 'uts', path: `/proc/${sandboxPid}/ns/uts` },
            { type: 'mount' },
            { type: 'network', path: `/proc/${sandboxPid}/ns/net` },
          ],
        },
      },
    },
  };
}

/**
 * Go's encoding/json then json.Indent, as crictl prints status: every object's keys in sorted
 * order (crictl decodes into maps before printing), two-space indent, <, > and & escaped.
 */
export function goJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, sortKeys(x)]),
      );
    return v;
  };
  return JSON.stringify(sortKeys(value), null, 2).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
