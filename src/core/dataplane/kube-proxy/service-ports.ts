/** What kube-proxy watches: each port of each service with a cluster IP, and its endpoints. */
import type { ClusterState, ServicePortState, ServiceState } from '../../model.ts';
import { servicePortName } from './names.ts';

export interface ServicePortView {
  /** `ns/name:port`, kube-proxy's name for it, also its rules' comment. */
  readonly spn: string;
  readonly service: ServiceState;
  readonly port: ServicePortState;
  /** Lower-case, as in `-p tcp`. */
  readonly proto: string;
  readonly endpoints: readonly { readonly ip: string; readonly port: number; readonly node?: string }[];
}

export function servicePorts(state: ClusterState): ServicePortView[] {
  const out: ServicePortView[] = [];
  for (const service of state.services) {
    if (service.clusterIP === 'None') continue;
    const ep = state.endpoints.find((e) => e.namespace === service.namespace && e.name === service.name);
    for (const port of service.ports) {
      const endpoints = (ep?.subsets ?? []).flatMap((subset) => {
        const target =
          subset.ports.find((p) => (p.name ?? '') === (port.name ?? '') && p.protocol === port.protocol) ??
          (subset.ports.length === 1 && service.ports.length === 1 ? subset.ports[0] : undefined);
        return target ? subset.addresses.map((a) => ({ ip: a.ip, port: target.port, ...(a.nodeName ? { node: a.nodeName } : {}) })) : [];
      });
      out.push({
        spn: servicePortName(service.namespace, service.name, port.name),
        service,
        port,
        proto: port.protocol.toLowerCase(),
        endpoints,
      });
    }
  }
  return out.sort((a, b) => (a.spn < b.spn ? -1 : a.spn > b.spn ? 1 : a.proto.localeCompare(b.proto)));
}

/** A node port under externalTrafficPolicy: Local: each node sends it to its own endpoints only. */
export function keepsTrafficLocal(sp: ServicePortView): boolean {
  return sp.port.nodePort !== undefined && sp.service.externalTrafficPolicy === 'Local';
}

/** Quotes a comment as iptables-save prints it. */
export function comment(text: string): string {
  return `-m comment --comment ${/^[A-Za-z0-9_-]+$/.test(text) ? text : `"${text.replace(/(["\\'])/g, '\\$1')}"`}`;
}

/**
 * internalTrafficPolicy: Local (kube-proxy v1.21+, iptables and ipvs modes): a node's kube-proxy
 * keeps only the endpoints on its own node, for every kind of traffic to the service, unless
 * externalTrafficPolicy: Local already decides (kube-proxy's FilterEndpoints of that release).
 */
export function keepsInternalTrafficLocal(sp: ServicePortView): boolean {
  return sp.service.internalTrafficPolicy === 'Local' && !(sp.port.nodePort !== undefined && sp.service.externalTrafficPolicy === 'Local');
}

/** The service ports as one node's kube-proxy sees them. */
export function portsSeenBy(node: string, ports: readonly ServicePortView[]): readonly ServicePortView[] {
  if (!ports.some(keepsInternalTrafficLocal)) return ports;
  return ports.map((sp) => (keepsInternalTrafficLocal(sp) ? { ...sp, endpoints: sp.endpoints.filter((e) => e.node === node) } : sp));
}
