/**
 * A Service document → a typed Service, with the API server's checks of its type, ports, cluster
 * IP, external traffic policy and session affinity, and its defaults.
 */
import type { ServiceObject, ServicePortSpec, ServiceType } from '../model.ts';
import { msg } from '../message.ts';
import { formatCidr, parseCidr, parseIp } from '../net/ipv4.ts';
import { pathText, type Path } from '../path.ts';
import type { Reporter } from './finding.ts';
import {
  checkNonSpecialIp,
  DNS1123_LABEL,
  IANA_SVC_NAME,
  labels,
  list,
  meta,
  num,
  portNumber,
  protocol,
  quoted,
  rec,
  str,
  type Rec,
} from './fields.ts';

export function service(r: Reporter, value: Rec, document: number): ServiceObject | undefined {
  const metadata = meta(r, value, 'Service', true);
  const spec = rec(value.spec);
  const typeText = str(spec.type) ?? 'ClusterIP';
  let type: ServiceType = 'ClusterIP';
  if (typeText === 'ClusterIP' || typeText === 'NodePort' || typeText === 'LoadBalancer') type = typeText;
  else if (typeText === 'ExternalName') r.warn(['spec', 'type'], 'not-simulated', msg('sim.external-name'));
  else {
    const fixed = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].find((t) => t.toLowerCase() === typeText.toLowerCase());
    r.error(
      ['spec', 'type'],
      'unsupported-value',
      msg('field.unsupported', {
        path: 'spec.type',
        value: quoted(typeText),
        supported: '"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      }),
      fixed ? msg('hint.write', { value: fixed }) : undefined,
    );
  }
  const clusterIPText = str(spec.clusterIP);
  if (clusterIPText !== undefined && clusterIPText !== 'None' && clusterIPText !== '' && parseIp(clusterIPText) === undefined)
    r.error(
      ['spec', 'clusterIP'],
      'invalid-value',
      msg('field.invalid', { path: 'spec.clusterIPs[0]', value: quoted(clusterIPText), why: msg('why.ip') }),
    );
  if (clusterIPText === 'None' && type !== 'ClusterIP')
    r.error(
      ['spec', 'type'],
      'invalid-value',
      msg('field.invalid', { path: 'spec.clusterIPs[0]', value: '"None"', why: msg('why.none-for-type', { type }) }),
    );
  const rawPorts = list(spec.ports);
  if (rawPorts.length === 0 && clusterIPText !== 'None')
    r.error(
      value.spec === undefined ? [] : ['spec'],
      'required',
      msg('field.required', { path: 'spec.ports' }),
      msg('hint.list-ports'),
      false,
    );
  const portNames = new Set<string>();
  const seen = new Set<string>();
  const ports: ServicePortSpec[] = [];
  rawPorts.forEach((item, i) => {
    const p = rec(item);
    const at: Path = ['spec', 'ports', i];
    const port = portNumber(r, num(p.port), [...at, 'port']);
    const name = str(p.name);
    if (rawPorts.length > 1 && !name)
      r.error(at, 'required', msg('field.required', { path: pathText([...at, 'name']) }), msg('hint.port-names'), false);
    if (name !== undefined) {
      if (name !== '' && (!DNS1123_LABEL.test(name) || name.length > 63))
        r.error(
          [...at, 'name'],
          'invalid-value',
          msg('field.invalid', { path: pathText([...at, 'name']), value: quoted(name), why: msg('why.service-port-name') }),
        );
      if (portNames.has(name))
        r.error([...at, 'name'], 'invalid-value', msg('field.duplicate', { path: pathText([...at, 'name']), value: quoted(name) }));
      portNames.add(name);
    }
    const proto = protocol(r, p.protocol, [...at, 'protocol']);
    let targetPort: number | string | undefined = port;
    if (typeof p.targetPort === 'number') targetPort = portNumber(r, p.targetPort, [...at, 'targetPort']);
    else if (typeof p.targetPort === 'string') {
      targetPort = p.targetPort;
      if (!IANA_SVC_NAME.test(p.targetPort) || p.targetPort.length > 15)
        r.error(
          [...at, 'targetPort'],
          'invalid-value',
          msg('field.invalid', { path: pathText([...at, 'targetPort']), value: quoted(p.targetPort), why: msg('why.target-port-name') }),
          /^\d+$/.test(p.targetPort) ? msg('hint.unquote-number', { value: p.targetPort }) : undefined,
        );
    }
    const nodePort = num(p.nodePort);
    if (nodePort !== undefined && type === 'ClusterIP')
      r.error(
        [...at, 'nodePort'],
        'invalid-value',
        msg('field.forbidden', { path: pathText([...at, 'nodePort']), why: msg('why.nodeport-clusterip') }),
        msg('hint.nodeport-type'),
      );
    if (port === undefined) return;
    const key = `${port}/${proto}`;
    if (seen.has(key))
      r.error(
        [...at, 'port'],
        'invalid-value',
        msg('field.duplicate', { path: pathText(at), value: `core.ServicePort{Name:"${name ?? ''}", Protocol:"${proto}", Port:${port}}` }),
      );
    seen.add(key);
    ports.push({
      port,
      targetPort: targetPort ?? port,
      protocol: proto,
      ...(name ? { name } : {}),
      ...(nodePort !== undefined && type !== 'ClusterIP' ? { nodePort } : {}),
    });
  });
  const affinity = str(spec.sessionAffinity) ?? 'None';
  if (affinity !== 'None' && affinity !== 'ClientIP')
    r.error(
      ['spec', 'sessionAffinity'],
      'unsupported-value',
      msg('field.unsupported', { path: 'spec.sessionAffinity', value: quoted(affinity), supported: '"ClientIP", "None"' }),
    );
  const affinityTimeout = affinityTimeoutSeconds(r, spec, affinity);
  const trafficPolicy = externalTrafficPolicy(r, spec, type);
  const internalPolicy = internalTrafficPolicy(r, spec);
  const healthCheckNodePort = num(spec.healthCheckNodePort);
  if (healthCheckNodePort !== undefined && healthCheckNodePort !== 0 && !(type === 'LoadBalancer' && trafficPolicy === 'Local'))
    r.error(
      ['spec', 'healthCheckNodePort'],
      'invalid-value',
      msg('field.invalid', { path: 'spec.healthCheckNodePort', value: healthCheckNodePort, why: msg('why.health-check-port') }),
    );
  const externalIPs = list(spec.externalIPs).map((v, i) => {
    const ip = String(v);
    const path: Path = ['spec', 'externalIPs', i];
    if (parseIp(ip) === undefined)
      r.error(path, 'invalid-value', msg('field.invalid', { path: pathText(path), value: quoted(ip), why: msg('why.ip') }));
    else checkNonSpecialIp(r, path, ip);
    return ip;
  });
  const lb = loadBalancerFields(r, value, spec, type);
  const sel = spec.selector === undefined || spec.selector === null ? undefined : labels(r, spec.selector, ['spec', 'selector']);
  if (!metadata || typeText === 'ExternalName') return undefined;
  return {
    kind: 'Service',
    document,
    metadata,
    type,
    ports,
    sessionAffinity: affinity === 'ClientIP' ? 'ClientIP' : 'None',
    ...(affinityTimeout !== undefined ? { affinityTimeoutSeconds: affinityTimeout } : {}),
    ...(trafficPolicy ? { externalTrafficPolicy: trafficPolicy } : {}),
    ...(internalPolicy ? { internalTrafficPolicy: internalPolicy } : {}),
    ...(healthCheckNodePort ? { healthCheckNodePort } : {}),
    ...(externalIPs.length > 0 ? { externalIPs } : {}),
    ...lb,
    ...(clusterIPText ? { clusterIP: clusterIPText } : {}),
    ...(sel && Object.keys(sel).length > 0 ? { selector: sel } : {}),
  };
}

/**
 * A LoadBalancer's address as asked (spec.loadBalancerIP) or as the cloud reported it
 * (status.loadBalancer.ingress), and the sources it takes (spec.loadBalancerSourceRanges).
 */
function loadBalancerFields(
  r: Reporter,
  value: Rec,
  spec: Rec,
  type: ServiceType,
): Pick<ServiceObject, 'loadBalancerIP' | 'ingressIPs' | 'loadBalancerSourceRanges'> {
  const ipAt = (path: Path, text: string) => {
    if (parseIp(text) !== undefined) return true;
    r.error(path, 'invalid-value', msg('field.invalid', { path: pathText(path), value: quoted(text), why: msg('why.ip') }));
    return false;
  };
  const out: { loadBalancerIP?: string; ingressIPs?: string[]; loadBalancerSourceRanges?: string[] } = {};
  const asked = str(spec.loadBalancerIP);
  if (asked && ipAt(['spec', 'loadBalancerIP'], asked)) {
    if (type === 'LoadBalancer') out.loadBalancerIP = asked;
    else r.warn(['spec', 'loadBalancerIP'], 'not-simulated', msg('sim.lb-ip-unused'));
  }
  const ingress = list(rec(rec(value.status).loadBalancer).ingress).flatMap((item, i) => {
    const ip = str(rec(item).ip);
    return ip && ipAt(['status', 'loadBalancer', 'ingress', i, 'ip'], ip) ? [ip] : [];
  });
  if (ingress.length > 0) {
    if (type === 'LoadBalancer') out.ingressIPs = ingress;
    else r.warn(['status', 'loadBalancer'], 'not-simulated', msg('sim.lb-status-unused'));
  }
  const ranges = list(spec.loadBalancerSourceRanges);
  if (ranges.length > 0 && type !== 'LoadBalancer')
    r.error(
      ['spec', 'loadBalancerSourceRanges'],
      'invalid-value',
      msg('field.forbidden', { path: 'spec.loadBalancerSourceRanges', why: msg('why.source-ranges-type') }),
      msg('hint.source-ranges-type'),
    );
  const good = ranges.flatMap((v, i) => {
    const text = String(v).trim();
    const cidr = parseCidr(text);
    if (!cidr) {
      r.error(
        ['spec', 'loadBalancerSourceRanges', i],
        'invalid-value',
        msg('field.invalid', { path: 'spec.loadBalancerSourceRanges', value: quoted(text), why: msg('why.source-range') }),
        parseIp(text) !== undefined ? msg('hint.write-range', { range: `${text}/32` }) : undefined,
      );
      return [];
    }
    return [formatCidr(cidr)];
  });
  if (good.length > 0 && type === 'LoadBalancer') out.loadBalancerSourceRanges = good;
  return out;
}

/** Set for NodePort and LoadBalancer services only (defaulted to Cluster), as the API server does. */
function externalTrafficPolicy(r: Reporter, spec: Rec, type: ServiceType): 'Cluster' | 'Local' | undefined {
  const given = spec.externalTrafficPolicy;
  const external = type === 'NodePort' || type === 'LoadBalancer';
  if (given === undefined || given === null || given === '') return external ? 'Cluster' : undefined;
  const text = String(given);
  if (text !== 'Cluster' && text !== 'Local') {
    const fixed = ['Cluster', 'Local'].find((v) => v.toLowerCase() === text.toLowerCase());
    r.error(
      ['spec', 'externalTrafficPolicy'],
      'unsupported-value',
      msg('field.unsupported', { path: 'spec.externalTrafficPolicy', value: quoted(text), supported: '"Cluster", "Local"' }),
      fixed ? msg('hint.write', { value: fixed }) : undefined,
    );
    return external ? 'Cluster' : undefined;
  }
  if (!external) {
    r.error(
      ['spec', 'externalTrafficPolicy'],
      'invalid-value',
      msg('field.invalid', { path: 'spec.externalTrafficPolicy', value: quoted(text), why: msg('why.etp-type') }),
      msg('hint.etp-type'),
    );
    return undefined;
  }
  return text;
}

/** Cluster (the API server's default) or Local, the field of v1.21 on. */
function internalTrafficPolicy(r: Reporter, spec: Rec): 'Cluster' | 'Local' | undefined {
  const given = spec.internalTrafficPolicy;
  if (given === undefined || given === null || given === '') return undefined;
  const text = String(given);
  if (text === 'Cluster' || text === 'Local') return text;
  const fixed = ['Cluster', 'Local'].find((v) => v.toLowerCase() === text.toLowerCase());
  r.error(
    ['spec', 'internalTrafficPolicy'],
    'unsupported-value',
    msg('field.unsupported', { path: 'spec.internalTrafficPolicy', value: quoted(text), supported: '"Cluster", "Local"' }),
    fixed ? msg('hint.write', { value: fixed }) : undefined,
  );
  return undefined;
}

/** The API server's default for a ClientIP service is 3 hours; it takes 1 s to 1 day. */
const DEFAULT_AFFINITY_SECONDS = 10800;

function affinityTimeoutSeconds(r: Reporter, spec: Rec, affinity: string): number | undefined {
  const path: Path = ['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'];
  const given = rec(rec(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
  // A key left empty (null) is as good as absent, as for the API server.
  if (affinity !== 'ClientIP') {
    if (affinity === 'None' && spec.sessionAffinityConfig != null)
      r.error(
        ['spec', 'sessionAffinityConfig'],
        'invalid-value',
        msg('field.invalid-bare', { path: 'spec.sessionAffinityConfig', why: msg('why.affinity-config') }),
        msg('hint.affinity-config'),
      );
    return undefined;
  }
  if (given == null) return DEFAULT_AFFINITY_SECONDS;
  const seconds = num(given);
  if (seconds === undefined || !Number.isInteger(seconds) || seconds <= 0 || seconds > 86400) {
    r.error(
      path,
      'invalid-value',
      msg('field.invalid', { path: pathText(path), value: JSON.stringify(given), why: msg('why.affinity-timeout') }),
    );
    return DEFAULT_AFFINITY_SECONDS;
  }
  return seconds;
}
