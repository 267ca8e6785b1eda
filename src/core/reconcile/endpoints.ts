/**
 * The endpoints controller: for each service with a selector, the ready pods it selects, with
 * each service port's targetPort resolved (a number as is, a name through the pod's container
 * ports). Pods resolving to the same ports share a subset, as in a real Endpoints object.
 */
import type { EndpointAddress, EndpointPort, EndpointsObject, EndpointsState, PodState, ServiceState } from '../model.ts';
import { PodIndex } from '../selectors.ts';

function resolvePorts(service: ServiceState, pod: PodState): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of service.ports) {
    let port: number | undefined;
    if (typeof sp.targetPort === 'number') port = sp.targetPort;
    else
      for (const c of pod.spec.containers)
        for (const cp of c.ports) if (cp.name === sp.targetPort && cp.protocol === sp.protocol) port ??= cp.containerPort;
    if (port !== undefined) out.push({ port, protocol: sp.protocol, ...(sp.name ? { name: sp.name } : {}) });
  }
  return out;
}

export function computeEndpoints(
  services: readonly ServiceState[],
  pods: readonly PodState[],
  manual: readonly EndpointsObject[],
  apiserver: EndpointsState,
): EndpointsState[] {
  const out: EndpointsState[] = [apiserver];
  const managed = new Set<string>();
  const index = new PodIndex(pods);
  for (const svc of services) {
    if (svc.builtin || !svc.selector) continue;
    managed.add(`${svc.namespace}/${svc.name}`);
    const groups = new Map<string, { ports: EndpointPort[]; addresses: { address: EndpointAddress; uid: string }[] }>();
    for (const pod of index.select(svc.namespace, svc.selector)) {
      if (pod.phase !== 'Running' || !pod.ip) continue;
      const ports = resolvePorts(svc, pod);
      if (ports.length === 0) continue;
      const key = JSON.stringify(ports);
      const group = groups.get(key) ?? { ports, addresses: [] };
      group.addresses.push({
        address: {
          ip: pod.ip,
          ...(pod.node ? { nodeName: pod.node } : {}),
          targetRef: { kind: 'Pod', namespace: pod.namespace, name: pod.name },
        },
        uid: pod.uid,
      });
      groups.set(key, group);
    }
    const subsets = [...groups.values()].map((g) => ({
      ports: g.ports,
      // The endpoints controller sorts addresses as the API does (LessEndpointAddress): by the IP's
      // text, not its value (172.17.1.157 before 172.17.1.43), then by the pod's UID (host-network
      // pods of one node share its IP). kube-proxy writes its rules in this order.
      addresses: g.addresses.sort((a, b) => compareText(a.address.ip, b.address.ip) || compareText(a.uid, b.uid)).map((a) => a.address),
    }));
    out.push({ namespace: svc.namespace, name: svc.name, subsets });
  }
  for (const e of manual) {
    const id = `${e.metadata.namespace}/${e.metadata.name}`;
    if (!managed.has(id)) out.push({ namespace: e.metadata.namespace, name: e.metadata.name, subsets: e.subsets });
  }
  return out;
}

/** Byte order, as Go's bytes.Compare on the strings. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
