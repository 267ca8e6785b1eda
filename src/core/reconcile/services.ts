/**
 * Service addresses: cluster IPs from the portal network (--service-cluster-ip-range) and node
 * ports from 30000-32767. Explicit values are claimed first and refused with the API server's
 * messages when outside the range or taken; the first address of the range belongs to the
 * `kubernetes` service, as in every cluster.
 */
import { msg, type Message } from '../message.ts';
import type { ClusterSpec, ServiceObject, ServiceState } from '../model.ts';
import { cidrSize, formatIp, parseCidr, parseIp } from '../net/ipv4.ts';
import { pathText } from '../path.ts';
import type { Finding } from '../validate/finding.ts';
import { HashAllocator } from './allocator.ts';

export const NODE_PORT_RANGE = { first: 30000, last: 32767 };

export function kubernetesService(clusterIP: string): ServiceState {
  return {
    document: -1,
    namespace: 'default',
    name: 'kubernetes',
    type: 'ClusterIP',
    clusterIP,
    ports: [{ name: 'https', port: 443, targetPort: 6443, protocol: 'TCP' }],
    sessionAffinity: 'None',
    builtin: true,
  };
}

export function allocateServices(cluster: ClusterSpec, objects: readonly ServiceObject[], findings: Finding[]): ServiceState[] {
  const before = findings.length;
  const range = parseCidr(cluster.serviceClusterIPRange)!;
  const size = cidrSize(range);
  const ips = new HashAllocator(range.base + 1, range.base + Math.max(1, size - 2), cluster.seed);
  const apiserverIP = range.base + 1;
  ips.claim(apiserverIP);
  const nodePorts = new HashAllocator(NODE_PORT_RANGE.first, NODE_PORT_RANGE.last, cluster.seed);
  const cloud = loadBalancerPool(cluster, objects);

  const clusterIPs = new Map<ServiceObject, string>();
  // Explicit cluster IPs and node ports first, in document order, as if created first.
  for (const s of objects) {
    if (s.clusterIP === undefined || s.clusterIP === 'None') continue;
    const ip = parseIp(s.clusterIP)!;
    const fail = (code: Finding['code'], why: Message, advice: Message) =>
      findings.push({
        document: s.document,
        path: ['spec', 'clusterIP'],
        code,
        says: msg('api.cluster-ip', { ips: `[]string{"${s.clusterIP}"}`, ip: s.clusterIP!, why }),
        advice,
        atValue: true,
      });
    if (!ips.contains(ip) && ip !== apiserverIP)
      fail(
        'cluster-ip-range',
        msg('why.ip-out-of-range', { ip: s.clusterIP, range: cluster.serviceClusterIPRange }),
        msg('hint.ip-in-range', { range: cluster.serviceClusterIPRange }),
      );
    else if (!ips.claim(ip)) fail('cluster-ip-taken', msg('why.ip-allocated'), msg('hint.ip-taken'));
    else clusterIPs.set(s, s.clusterIP);
  }
  // An explicit node port (a port's, or a health check's) is claimed, or refused as the API server refuses it.
  const claimNodePort = (s: ServiceObject, path: (string | number)[], port: number) => {
    const at = { document: s.document, path, atValue: true } as const;
    const field = pathText(path);
    const name = path[path.length - 1];
    if (!nodePorts.contains(port))
      findings.push({
        ...at,
        code: 'node-port-range',
        says: msg('field.invalid', { path: field, value: port, why: msg('why.nodeport-range', NODE_PORT_RANGE) }),
        advice: msg('hint.nodeport-range', { field: String(name) }),
      });
    else if (!nodePorts.claim(port))
      findings.push({
        ...at,
        code: 'node-port-taken',
        says: msg('field.invalid', { path: field, value: port, why: msg('why.port-allocated') }),
        advice: msg('hint.nodeport-taken'),
      });
  };
  for (const s of objects) {
    if (s.healthCheckNodePort !== undefined) claimNodePort(s, ['spec', 'healthCheckNodePort'], s.healthCheckNodePort);
    s.ports.forEach((p, i) => {
      if (p.nodePort !== undefined) claimNodePort(s, ['spec', 'ports', i, 'nodePort'], p.nodePort);
    });
  }

  const failed = new Set(findings.slice(before).map((f) => f.document));
  const out: ServiceState[] = [kubernetesService(formatIp(apiserverIP))];
  for (const s of objects) {
    if (failed.has(s.document)) continue; // the API server would not have created it
    let clusterIP = s.clusterIP === 'None' ? 'None' : clusterIPs.get(s);
    if (clusterIP === undefined) {
      const ip = ips.allocate(`${s.metadata.namespace}/${s.metadata.name}`);
      if (ip === undefined) {
        findings.push({
          document: s.document,
          path: ['metadata', 'name'],
          code: 'limit',
          says: msg('api.range-full'),
          advice: msg('hint.widen-range', { range: cluster.serviceClusterIPRange }),
        });
        continue;
      }
      clusterIP = formatIp(ip);
    }
    const nodePortType = s.type === 'NodePort' || s.type === 'LoadBalancer';
    const ports = s.ports.map((p) => {
      if (!nodePortType) return p;
      const nodePort =
        p.nodePort ?? nodePorts.allocate(`${s.metadata.namespace}/${s.metadata.name}/${p.name ?? ''}/${p.port}/${p.protocol}`);
      return nodePort === undefined ? p : { ...p, nodePort };
    });
    out.push({
      document: s.document,
      namespace: s.metadata.namespace,
      name: s.metadata.name,
      type: s.type,
      clusterIP,
      ports,
      sessionAffinity: s.sessionAffinity,
      ...(s.affinityTimeoutSeconds !== undefined ? { affinityTimeoutSeconds: s.affinityTimeoutSeconds } : {}),
      ...(s.externalTrafficPolicy ? { externalTrafficPolicy: s.externalTrafficPolicy } : {}),
      ...(s.internalTrafficPolicy ? { internalTrafficPolicy: s.internalTrafficPolicy } : {}),
      ...(s.externalIPs?.length ? { externalIPs: s.externalIPs } : {}),
      ...healthCheck(s, nodePorts),
      ...cloud(s),
      ...(s.selector ? { selector: s.selector } : {}),
    });
  }
  return out;
}

/**
 * The simulated cloud provider: each LoadBalancer service gets one address, the one the cloud
 * reported (status), else the one asked for (loadBalancerIP), else a free one of the pool.
 */
function loadBalancerPool(cluster: ClusterSpec, objects: readonly ServiceObject[]) {
  const range = parseCidr(cluster.loadBalancerIPRange)!;
  const pool = new HashAllocator(range.base + 1, range.base + Math.max(1, cidrSize(range) - 2), cluster.seed);
  for (const s of objects) for (const ip of s.ingressIPs ?? (s.loadBalancerIP ? [s.loadBalancerIP] : [])) pool.claim(parseIp(ip)!);
  return (s: ServiceObject): Pick<ServiceState, 'loadBalancerIngress' | 'loadBalancerSourceRanges'> => {
    if (s.type !== 'LoadBalancer') return {};
    let ingress = s.ingressIPs ?? (s.loadBalancerIP ? [s.loadBalancerIP] : undefined);
    if (!ingress) {
      const ip = pool.allocate(`${s.metadata.namespace}/${s.metadata.name}/load-balancer`);
      ingress = ip === undefined ? [] : [formatIp(ip)];
    }
    return {
      ...(ingress.length > 0 ? { loadBalancerIngress: ingress } : {}),
      ...(s.loadBalancerSourceRanges ? { loadBalancerSourceRanges: s.loadBalancerSourceRanges } : {}),
    };
  };
}

/** The API server gives a LoadBalancer service with externalTrafficPolicy: Local a health check node port. */
function healthCheck(s: ServiceObject, nodePorts: HashAllocator): { healthCheckNodePort?: number } {
  if (s.type !== 'LoadBalancer' || s.externalTrafficPolicy !== 'Local') return {};
  const port = s.healthCheckNodePort ?? nodePorts.allocate(`${s.metadata.namespace}/${s.metadata.name}/health-check`);
  return port === undefined ? {} : { healthCheckNodePort: port };
}
