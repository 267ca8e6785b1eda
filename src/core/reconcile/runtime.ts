/**
 * The container runtime (Docker, as kubelet drove it): one pause container per pod owns the
 * network namespace and carries the hostPort mappings; each app container joins it with
 * network mode `container:<pause id>`. With hostNetwork, all of them use the node's own stack.
 * IDs are drawn from the seed, except those a scenario pins: the first pod to ask for a pinned
 * ID gets it, later pods of the same template draw their own (Docker IDs are unique).
 */
import { sha256Hex } from '../hash.ts';
import type { ContainerState, PodSpec, PortMapping } from '../model.ts';

export function containersFor(spec: PodSpec, uid: string, pauseImage: string, seed: number, pinnedTaken: Set<string>): ContainerState[] {
  const id = (name: string) => {
    const pinned = spec.pinnedContainerIds?.[name];
    if (pinned !== undefined && !pinnedTaken.has(pinned)) {
      pinnedTaken.add(pinned);
      return pinned;
    }
    return sha256Hex(`container/${seed}/${uid}/${name}`);
  };
  const pauseId = id('POD');
  const portMappings: PortMapping[] = spec.hostNetwork
    ? []
    : spec.containers.flatMap((c) =>
        c.ports
          .filter((p) => p.hostPort)
          .map((p) => ({ hostIP: p.hostIP ?? '0.0.0.0', hostPort: p.hostPort!, containerPort: p.containerPort, protocol: p.protocol })),
      );
  const pause: ContainerState = {
    name: 'POD',
    id: pauseId,
    image: pauseImage,
    role: 'pause',
    networkMode: spec.hostNetwork ? 'host' : 'default',
    portMappings,
    ports: [],
    env: [],
  };
  const apps = spec.containers.map((c): ContainerState => ({
    name: c.name,
    id: id(c.name),
    image: c.image,
    role: 'app',
    networkMode: spec.hostNetwork ? 'host' : `container:${pauseId}`,
    portMappings: [],
    ports: c.ports,
    env: c.env,
  }));
  return [pause, ...apps];
}
