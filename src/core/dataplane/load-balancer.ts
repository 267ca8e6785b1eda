/**
 * The simulated cloud load balancer (as a BGP-style one works: the network's router sends each
 * load balancer address to a node, and the packet arrives with that address as its destination,
 * the client's as its source). Every machine on the physical network that is not a node gets a
 * route for the address via the node the load balancer picks: under externalTrafficPolicy: Local
 * the first node whose health check passes (one running an endpoint), else the first node.
 */
import type { ClusterState } from '../model.ts';
import type { Route } from './model.ts';
import type { ServicePortView } from './kube-proxy/service-ports.ts';

export interface LoadBalancerTarget {
  readonly ip: string;
  readonly node: string;
  readonly nodeIp: string;
}

export function loadBalancerTargets(state: ClusterState, ports: readonly ServicePortView[]): LoadBalancerTarget[] {
  const out: LoadBalancerTarget[] = [];
  const nodes = state.cluster.nodes;
  if (nodes.length === 0) return out;
  for (const service of state.services) {
    const ingress = service.loadBalancerIngress ?? [];
    if (ingress.length === 0) continue;
    let node = nodes[0]!;
    if (service.externalTrafficPolicy === 'Local') {
      const served = new Set(ports.filter((sp) => sp.service === service).flatMap((sp) => sp.endpoints.map((e) => e.node)));
      node = nodes.find((n) => served.has(n.name)) ?? node;
    }
    for (const ip of ingress) if (!out.some((t) => t.ip === ip)) out.push({ ip, node: node.name, nodeIp: node.ip });
  }
  return out;
}

/** The routes a machine on the physical network holds for the load balancer addresses. */
export function loadBalancerRoutes(targets: readonly LoadBalancerTarget[]): Route[] {
  return targets.map((t) => ({ dst: `${t.ip}/32`, via: t.nodeIp, dev: 'eth0', proto: 'static' }));
}
