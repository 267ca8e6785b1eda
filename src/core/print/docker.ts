/**
 * Docker's views of a node: `docker ps`, `docker inspect` and `docker port`, for the containers
 * kubelet started there (one pause container per pod, which owns the network namespace and
 * publishes the host ports, and the app containers joined to it). Names follow kubelet's
 * dockershim scheme (v1.6 on, the era the terminal prints), `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>`;
 * the older dockertools added `.<hash of the container spec>` after the container name.
 */
import { sha256Hex } from '../hash.ts';
import type { ClusterState, ContainerState, NodeSpec, PodState } from '../model.ts';
import { bridgeIp, containerMac, podPrefix } from '../dataplane/addresses.ts';
import { DOCKER_TABLE, tabwrite } from './tabwriter.ts';
import { CREATED_AT } from './kubectl.ts';

export interface DockerContainer {
  readonly pod: PodState;
  readonly container: ContainerState;
  readonly node: NodeSpec;
}

/** The containers on a node, newest first, as `docker ps` lists them. */
export function containersOn(state: ClusterState, node: string): DockerContainer[] {
  const spec = state.cluster.nodes.find((n) => n.name === node);
  if (!spec) return [];
  const out: DockerContainer[] = [];
  for (const pod of state.pods)
    if (pod.node === node && pod.phase === 'Running') for (const container of pod.containers) out.push({ pod, container, node: spec });
  return out.reverse();
}

/** kubelet's (dockershim's) container name; the last field is the attempt, 0 for a container never restarted. */
export function dockerName(c: DockerContainer): string {
  return `k8s_${c.container.name}_${c.pod.name}_${c.pod.namespace}_${c.pod.uid}_0`;
}

/** The entrypoint the image runs, as `docker ps` shows it under COMMAND. */
export function commandOf(c: ContainerState): string[] {
  const image = c.image.replace(/:[^/]*$/, '');
  const base = image.slice(image.lastIndexOf('/') + 1);
  if (c.role === 'pause') return ['/pause'];
  if (base.startsWith('guestbook-php') || base.includes('php-redis')) return ['/bin/sh', '-c', '/run.sh'];
  if (base === 'nginx') return ['nginx', '-g', 'daemon off;'];
  if (base === 'redis') return ['docker-entrypoint.sh', 'redis-server'];
  if (base === 'busybox' || base === 'alpine') return ['sh'];
  if (base === 'httpd') return ['httpd-foreground'];
  return ['/docker-entrypoint.sh'];
}

function imageId(image: string): string {
  return `sha256:${sha256Hex(`image/${image}`)}`;
}

function ports(c: DockerContainer): string {
  return c.container.portMappings.map((m) => `${m.hostIP}:${m.hostPort}->${m.containerPort}/${m.protocol.toLowerCase()}`).join(', ');
}

/** Docker shortens long cells with an ellipsis (stringutils.Ellipsis). */
function ellipsis(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface PsOptions {
  readonly noTrunc?: boolean;
  readonly quiet?: boolean;
}

export function dockerPs(list: readonly DockerContainer[], options: PsOptions = {}): string {
  if (options.quiet) return list.map((c) => (options.noTrunc ? c.container.id : c.container.id.slice(0, 12))).join('\n');
  const rows = list.map((c) => {
    const command = commandOf(c.container).join(' ');
    return [
      options.noTrunc ? c.container.id : c.container.id.slice(0, 12),
      c.container.image,
      JSON.stringify(options.noTrunc ? command : ellipsis(command, 20)),
      '2 minutes ago',
      'Up 2 minutes',
      ports(c),
      dockerName(c),
    ];
  });
  const header = ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'];
  return tabwrite([header, ...rows].map((r) => r.join('\t')).join('\n'), DOCKER_TABLE);
}

/** Finds a container by ID prefix or name, as the daemon does. */
export function findContainer(list: readonly DockerContainer[], ref: string): { found?: DockerContainer; ambiguous?: boolean } {
  if (ref === '') return {};
  const byName = list.find((c) => dockerName(c) === ref.replace(/^\//, ''));
  if (byName) return { found: byName };
  const exact = list.find((c) => c.container.id === ref);
  if (exact) return { found: exact };
  if (!/^[0-9a-f]+$/.test(ref)) return {};
  const matches = list.filter((c) => c.container.id.startsWith(ref));
  if (matches.length > 1) return { ambiguous: true };
  return matches[0] ? { found: matches[0] } : {};
}

function portKey(m: { containerPort: number; protocol: string }): string {
  return `${m.containerPort}/${m.protocol.toLowerCase()}`;
}

/** The object `docker inspect` prints for a container (the fields that matter here, in Docker's order). */
export function inspectObject(c: DockerContainer): Record<string, unknown> {
  const { pod, container, node } = c;
  const pause = c.pod.containers[0]!;
  const ownsNetwork = container.role === 'pause' && !pod.hostNetwork;
  const bindings = Object.fromEntries(
    container.portMappings.map((m) => [portKey(m), [{ HostIp: m.hostIP === '0.0.0.0' ? '' : m.hostIP, HostPort: String(m.hostPort) }]]),
  );
  const published = Object.fromEntries(
    container.portMappings.map((m) => [portKey(m), [{ HostIp: m.hostIP, HostPort: String(m.hostPort) }]]),
  );
  const exposed = Object.fromEntries(container.portMappings.map((m) => [portKey(m), {}]));
  const command = commandOf(container);
  const mac = pod.ip && ownsNetwork ? containerMac(pod.ip) : '';
  const endpointId = sha256Hex(`endpoint/${container.id}`);
  const networkId = sha256Hex(`network/bridge/${node.name}`);
  const hostsDir = `/var/lib/docker/containers/${container.id}`;
  const joined = container.role === 'app' ? `container:${pause.id}` : '';
  return {
    Id: container.id,
    Created: CREATED_AT.replace('Z', '.000000000Z'),
    Path: command[0],
    Args: command.slice(1),
    State: {
      Status: 'running',
      Running: true,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 2000 + (parseInt(container.id.slice(0, 4), 16) % 30000),
      ExitCode: 0,
      Error: '',
      StartedAt: CREATED_AT.replace('Z', '.000000000Z'),
      FinishedAt: '0001-01-01T00:00:00Z',
    },
    Image: imageId(container.image),
    ResolvConfPath: `${hostsDir}/resolv.conf`,
    HostnamePath: `${hostsDir}/hostname`,
    HostsPath: `/var/lib/kubelet/pods/${pod.uid}/etc-hosts`,
    LogPath: `${hostsDir}/${container.id}-json.log`,
    Name: `/${dockerName(c)}`,
    RestartCount: 0,
    Driver: 'overlay2',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: null,
    HostConfig: {
      Binds: null,
      ContainerIDFile: '',
      LogConfig: { Type: 'json-file', Config: {} },
      NetworkMode: container.networkMode,
      PortBindings: bindings,
      RestartPolicy: { Name: '', MaximumRetryCount: 0 },
      AutoRemove: false,
      VolumeDriver: '',
      VolumesFrom: null,
      CapAdd: null,
      CapDrop: null,
      Dns: [],
      DnsOptions: [],
      DnsSearch: [],
      ExtraHosts: null,
      GroupAdd: null,
      IpcMode: joined,
      Cgroup: '',
      Links: null,
      OomScoreAdj: container.role === 'pause' ? -998 : 1000,
      PidMode: '',
      Privileged: false,
      PublishAllPorts: false,
      ReadonlyRootfs: false,
      SecurityOpt: ['seccomp=unconfined'],
      UTSMode: '',
      UsernsMode: '',
      ShmSize: 67108864,
      Runtime: 'docker-runc',
    },
    Config: {
      Hostname: pod.hostNetwork ? node.name : pod.name,
      Domainname: '',
      User: '',
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      ...(container.portMappings.length > 0 ? { ExposedPorts: exposed } : {}),
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
      Env: [...container.env.map((e) => `${e.name}=${e.value}`), 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Cmd: null,
      Image: container.image,
      Volumes: null,
      WorkingDir: '',
      Entrypoint: command,
      OnBuild: null,
      Labels: {
        'io.kubernetes.container.name': container.name,
        'io.kubernetes.pod.name': pod.name,
        'io.kubernetes.pod.namespace': pod.namespace,
        'io.kubernetes.pod.uid': pod.uid,
      },
    },
    NetworkSettings: {
      Bridge: '',
      SandboxID: ownsNetwork ? sha256Hex(`sandbox/${container.id}`) : '',
      HairpinMode: false,
      LinkLocalIPv6Address: '',
      LinkLocalIPv6PrefixLen: 0,
      Ports: ownsNetwork ? published : {},
      SandboxKey: ownsNetwork ? `/var/run/docker/netns/${container.id.slice(0, 12)}` : '',
      SecondaryIPAddresses: null,
      SecondaryIPv6Addresses: null,
      EndpointID: ownsNetwork ? endpointId : '',
      Gateway: ownsNetwork ? bridgeIp(node) : '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      IPAddress: ownsNetwork ? (pod.ip ?? '') : '',
      IPPrefixLen: ownsNetwork ? podPrefix(node) : 0,
      IPv6Gateway: '',
      MacAddress: mac,
      Networks: ownsNetwork
        ? {
            bridge: {
              IPAMConfig: null,
              Links: null,
              Aliases: null,
              NetworkID: networkId,
              EndpointID: endpointId,
              Gateway: bridgeIp(node),
              IPAddress: pod.ip,
              IPPrefixLen: podPrefix(node),
              IPv6Gateway: '',
              GlobalIPv6Address: '',
              GlobalIPv6PrefixLen: 0,
              MacAddress: mac,
            },
          }
        : pod.hostNetwork && container.role === 'pause'
          ? {
              host: {
                IPAMConfig: null,
                Links: null,
                Aliases: null,
                NetworkID: sha256Hex(`network/host/${node.name}`),
                EndpointID: endpointId,
                Gateway: '',
                IPAddress: '',
                IPPrefixLen: 0,
                IPv6Gateway: '',
                GlobalIPv6Address: '',
                GlobalIPv6PrefixLen: 0,
                MacAddress: '',
              },
            }
          : {},
    },
  };
}

/** `docker inspect`'s JSON: an array, four-space indented (Go's json.Indent). */
export function dockerInspect(containers: readonly DockerContainer[]): string {
  return JSON.stringify(containers.map(inspectObject), null, 4);
}

/** `docker port ID [PORT]`: the published ports of the container (none for a joined one). */
export function dockerPort(c: DockerContainer, port?: string): { out: string; error?: string } {
  const mappings = c.container.portMappings;
  if (port === undefined) return { out: mappings.map((m) => `${portKey(m)} -> ${m.hostIP}:${m.hostPort}`).join('\n') };
  const [num, proto = 'tcp'] = port.split('/');
  const hits = mappings.filter((m) => String(m.containerPort) === num && m.protocol.toLowerCase() === proto);
  if (hits.length === 0) return { out: '', error: `Error: No public port '${num}/${proto}' published for ${c.container.id.slice(0, 12)}` };
  return { out: hits.map((m) => `${m.hostIP}:${m.hostPort}`).join('\n') };
}
