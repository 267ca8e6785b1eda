/**
 * kube-proxy's health check server (iptables and ipvs modes): for each LoadBalancer service with
 * externalTrafficPolicy: Local, every node listens on the service's health check node port and
 * answers how many of its endpoints run there, so the cloud's load balancer sends traffic only to
 * nodes that have one.
 */
import type { NodeSpec, ServiceState } from '../../model.ts';
import type { Listener } from '../model.ts';
import type { ServicePortView } from './service-ports.ts';

export function healthCheckListeners(node: NodeSpec, ports: readonly ServicePortView[]): Listener[] {
  const services = new Map<ServiceState, Set<string>>();
  for (const sp of ports) {
    if (sp.service.healthCheckNodePort === undefined) continue;
    const local = services.get(sp.service) ?? new Set<string>();
    for (const e of sp.endpoints) if (e.node === node.name) local.add(e.ip);
    services.set(sp.service, local);
  }
  return [...services].map(([s, local]) => ({
    protocol: 'TCP',
    ip: '0.0.0.0',
    port: s.healthCheckNodePort!,
    owner: { kind: 'node', name: node.name, process: 'kube-proxy' },
    health: { namespace: s.namespace, name: s.name, localEndpoints: local.size },
  }));
}
