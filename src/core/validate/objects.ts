/**
 * Schema-valid documents → typed objects, with the API server's semantic validation: names,
 * port ranges, protocols, selectors against template labels. Defaults are applied as the API
 * server applies them (protocol TCP, targetPort = port, RC selector = template labels).
 */
import type {
  ContainerPortSpec,
  ContainerSpec,
  ControllerKind,
  ControllerObject,
  EndpointsObject,
  KubeObject,
  LabelSelector,
  Labels,
  ObjectMeta,
  PodSpec,
  PodTemplate,
  Protocol,
  SelectorRequirement,
  ServiceObject,
  ServicePortSpec,
  ServiceType,
} from '../model.ts';
import { cidrContains, parseCidr, parseIp } from '../net/ipv4.ts';
import { pathText, type Path } from '../path.ts';
import { selectorMatches } from '../selectors.ts';
import type { Reporter } from './finding.ts';

type Rec = Record<string, unknown>;

const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Whether a name is a valid object name (an RFC 1123 subdomain), as most kinds require. */
export const isSubdomain = (name: string): boolean => DNS1123_SUBDOMAIN.test(name) && name.length <= 253;
const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function checkName(r: Reporter, path: Path, name: string, rule: 'subdomain' | 'label' | 'dns1035'): void {
  if (rule === 'dns1035') {
    if (!DNS1035_LABEL.test(name) || name.length > 63)
      r.error(
        path,
        'invalid-value',
        `${pathText(path)}: Invalid value: "${name}": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
        name.toLowerCase() !== name ? `Use lower case: "${name.toLowerCase()}".` : undefined,
      );
    return;
  }
  const re = rule === 'label' ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
  if (!re.test(name) || name.length > (rule === 'label' ? 63 : 253)) {
    const what = rule === 'label' ? 'RFC 1123 label' : 'RFC 1123 subdomain';
    r.error(
      path,
      'invalid-value',
      `${pathText(path)}: Invalid value: "${name}": a lowercase ${what} must consist of lower case alphanumeric characters, '-'${rule === 'label' ? '' : " or '.'"}, and must start and end with an alphanumeric character`,
      name.toLowerCase() !== name ? `Use lower case: "${name.toLowerCase()}".` : undefined,
    );
  }
}

function labels(r: Reporter, value: unknown, path: Path): Labels {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec(value))) {
    const text = v === null ? '' : String(v);
    if (!LABEL_VALUE.test(text) || text.length > 63)
      r.error([...path, k], 'invalid-value', `${pathText([...path, k])}: Invalid value: "${text}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
    out[k] = text;
  }
  return out;
}

export function meta(r: Reporter, value: Rec, kind: string, namespaced: boolean): ObjectMeta | undefined {
  const m = rec(value.metadata);
  const name = str(m.name);
  if (!name) {
    r.error(['metadata'], 'required', 'metadata.name: Required value: name or generateName is required', `Give the ${kind} a name under metadata.`, false);
    return undefined;
  }
  checkName(r, ['metadata', 'name'], name, kind === 'Service' ? 'dns1035' : kind === 'Namespace' ? 'label' : 'subdomain');
  const namespace = namespaced ? (str(m.namespace) ?? 'default') : '';
  if (namespaced && str(m.namespace)) checkName(r, ['metadata', 'namespace'], namespace, 'label');
  return { name, namespace, labels: labels(r, m.labels, ['metadata', 'labels']) };
}

function protocol(r: Reporter, value: unknown, path: Path): Protocol {
  if (value === undefined || value === null) return 'TCP';
  if (value === 'TCP' || value === 'UDP' || value === 'SCTP') return value;
  const upper = String(value).toUpperCase();
  r.error(
    path,
    'unsupported-value',
    `${pathText(path)}: Unsupported value: "${String(value)}": supported values: "SCTP", "TCP", "UDP"`,
    upper === 'TCP' || upper === 'UDP' || upper === 'SCTP' ? `Protocols are upper case: "${upper}".` : undefined,
  );
  return 'TCP';
}

function portNumber(r: Reporter, value: number | undefined, path: Path, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  if (value < (allowZero ? 0 : 1) || value > 65535) {
    r.error(path, 'invalid-value', `${pathText(path)}: Invalid value: ${value}: must be between ${allowZero ? 0 : 1} and 65535, inclusive`);
    return undefined;
  }
  return value;
}

function containerPorts(r: Reporter, value: unknown, path: Path, hostNetwork: boolean): ContainerPortSpec[] {
  const out: ContainerPortSpec[] = [];
  const names = new Set<string>();
  list(value).forEach((item, i) => {
    const p = rec(item);
    const at: Path = [...path, i];
    const containerPort = portNumber(r, num(p.containerPort), [...at, 'containerPort']);
    let hostPort = portNumber(r, num(p.hostPort), [...at, 'hostPort'], true);
    const name = str(p.name);
    if (name !== undefined) {
      if (!IANA_SVC_NAME.test(name) || name.length > 15)
        r.error([...at, 'name'], 'invalid-value', `${pathText([...at, 'name'])}: Invalid value: "${name}": must be no more than 15 characters and contain only lower case letters, digits and '-', with at least one letter`);
      if (names.has(name)) r.error([...at, 'name'], 'invalid-value', `${pathText([...at, 'name'])}: Duplicate value: "${name}"`);
      names.add(name);
    }
    const proto = protocol(r, p.protocol, [...at, 'protocol']);
    if (containerPort === undefined) return;
    if (hostNetwork) {
      if (hostPort !== undefined && hostPort !== 0 && hostPort !== containerPort)
        r.error([...at, 'hostPort'], 'invalid-value', `${pathText([...at, 'hostPort'])}: Invalid value: ${hostPort}: must match \`containerPort\` when \`hostNetwork\` is true`);
      hostPort = containerPort; // with hostNetwork the container port is the host's port
    }
    const hostIP = str(p.hostIP);
    out.push({
      containerPort,
      protocol: proto,
      ...(name ? { name } : {}),
      ...(hostPort ? { hostPort } : {}),
      ...(hostIP ? { hostIP } : {}),
    });
  });
  return out;
}

export function podSpec(r: Reporter, value: unknown, path: Path): PodSpec {
  const s = rec(value);
  const hostNetwork = s.hostNetwork === true;
  const containers: ContainerSpec[] = [];
  const names = new Set<string>();
  const raw = list(s.containers);
  if (raw.length === 0) r.error([...path, 'containers'], 'required', `${pathText([...path, 'containers'])}: Required value`, 'A pod needs at least one container.', false);
  raw.forEach((item, i) => {
    const c = rec(item);
    const at: Path = [...path, 'containers', i];
    const name = str(c.name);
    const image = str(c.image);
    if (!name) r.error(at, 'required', `${pathText([...at, 'name'])}: Required value`, 'Give the container a name.', false);
    else {
      checkName(r, [...at, 'name'], name, 'label');
      if (names.has(name)) r.error([...at, 'name'], 'invalid-value', `${pathText([...at, 'name'])}: Duplicate value: "${name}"`);
      names.add(name);
    }
    if (!image) r.error(at, 'required', `${pathText([...at, 'image'])}: Required value`, 'Name the image the container runs.', false);
    const env = list(c.env).map((e) => ({ name: String(rec(e).name ?? ''), value: String(rec(e).value ?? '') }));
    containers.push({ name: name ?? '', image: image ?? '', ports: containerPorts(r, c.ports, [...at, 'ports'], hostNetwork), env });
  });
  // The API server refuses one host port asked twice in a pod.
  const hostPorts = new Set<string>();
  containers.forEach((c, i) =>
    c.ports.forEach((p, j) => {
      if (!p.hostPort) return;
      const key = `${p.hostIP ?? ''}/${p.hostPort}/${p.protocol}`;
      if (hostPorts.has(key))
        r.error([...path, 'containers', i, 'ports', j, 'hostPort'], 'invalid-value', `${pathText([...path, 'containers', i, 'ports', j, 'hostPort'])}: Duplicate value: "${p.hostPort}/${p.protocol}"`, 'Each host port can be published once per pod.');
      hostPorts.add(key);
    }),
  );
  const nodeName = str(s.nodeName);
  return { containers, hostNetwork, nodeSelector: labels(r, s.nodeSelector, [...path, 'nodeSelector']), ...(nodeName ? { nodeName } : {}) };
}

function selector(r: Reporter, value: unknown, path: Path, kind: ControllerKind, templateLabels: Labels): LabelSelector {
  if (kind === 'ReplicationController') {
    const matchLabels = value === undefined || value === null ? templateLabels : labels(r, value, path);
    return { matchLabels, matchExpressions: [] };
  }
  const s = rec(value);
  const matchExpressions: SelectorRequirement[] = list(s.matchExpressions).map((item, i) => {
    const e = rec(item);
    const at: Path = [...path, 'matchExpressions', i];
    const op = str(e.operator) ?? '';
    const values = list(e.values).map(String);
    if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
      r.error([...at, 'operator'], 'unsupported-value', `${pathText([...at, 'operator'])}: Invalid value: "${op}": not a valid selector operator`, 'Use In, NotIn, Exists or DoesNotExist.');
      return { key: String(e.key ?? ''), operator: 'Exists', values: [] };
    }
    if ((op === 'In' || op === 'NotIn') && values.length === 0)
      r.error([...at, 'values'], 'required', `${pathText([...at, 'values'])}: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`, undefined, false);
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0)
      r.error([...at, 'values'], 'invalid-value', `${pathText([...at, 'values'])}: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`);
    return { key: String(e.key ?? ''), operator: op, values };
  });
  const result = { matchLabels: labels(r, s.matchLabels, [...path, 'matchLabels']), matchExpressions };
  if (value === undefined || (Object.keys(result.matchLabels).length === 0 && matchExpressions.length === 0))
    r.error(value === undefined ? path.slice(0, -1) : path, 'required', `${pathText(path)}: Required value`, `A ${kind} needs a selector (spec.selector.matchLabels) that matches its template's labels.`, false);
  return result;
}

function controller(r: Reporter, kind: ControllerKind, value: Rec, document: number): ControllerObject | undefined {
  const metadata = meta(r, value, kind, true);
  const spec = rec(value.spec);
  const template = rec(spec.template);
  const tmeta = rec(template.metadata);
  if (value.spec === undefined) r.error([], 'required', 'spec: Required value', `A ${kind} needs a spec with replicas, a selector and a pod template.`, false);
  else if (spec.template === undefined) r.error(['spec'], 'required', 'spec.template: Required value', 'Describe the pods to create under spec.template.', false);
  const templateLabels = labels(r, tmeta.labels, ['spec', 'template', 'metadata', 'labels']);
  const sel = selector(r, spec.selector, ['spec', 'selector'], kind, templateLabels);
  const replicas = num(spec.replicas) ?? 1;
  if (replicas < 0) r.error(['spec', 'replicas'], 'invalid-value', `spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`);
  const podTemplate: PodTemplate = { labels: templateLabels, spec: podSpec(r, template.spec, ['spec', 'template', 'spec']) };
  if (spec.template !== undefined && Object.keys(templateLabels).length === 0)
    r.error(['spec', 'template', 'metadata'], 'required', 'spec.template.metadata.labels: Required value', 'Label the pod template so the selector can find its pods.', false);
  else if (spec.template !== undefined && !selectorMatches(sel, templateLabels)) {
    const shown = Object.entries(templateLabels).map(([k, v]) => `"${k}":"${v}"`).join(', ');
    r.error(
      ['spec', 'template', 'metadata', 'labels'],
      'selector-mismatch',
      `spec.template.metadata.labels: Invalid value: map[string]string{${shown}}: \`selector\` does not match template \`labels\``,
      "The controller would never see the pods it creates: make the template's labels include every label of the selector.",
    );
  }
  if (!metadata) return undefined;
  return { kind, document, metadata, replicas: Math.max(0, replicas), selector: sel, template: podTemplate };
}

function service(r: Reporter, value: Rec, document: number): ServiceObject | undefined {
  const metadata = meta(r, value, 'Service', true);
  const spec = rec(value.spec);
  const typeText = str(spec.type) ?? 'ClusterIP';
  let type: ServiceType = 'ClusterIP';
  if (typeText === 'ClusterIP' || typeText === 'NodePort' || typeText === 'LoadBalancer') type = typeText;
  else if (typeText === 'ExternalName')
    r.warn(['spec', 'type'], 'not-simulated', 'An ExternalName service is only a DNS alias: the playground does not simulate it.');
  else {
    const fixed = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].find((t) => t.toLowerCase() === typeText.toLowerCase());
    r.error(['spec', 'type'], 'unsupported-value', `spec.type: Unsupported value: "${typeText}": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`, fixed ? `Write "${fixed}".` : undefined);
  }
  if (type === 'LoadBalancer')
    r.warn(['spec', 'type'], 'not-simulated', 'No cloud provider here: a LoadBalancer service gets no external IP and behaves as a NodePort service.');
  const clusterIPText = str(spec.clusterIP);
  if (clusterIPText !== undefined && clusterIPText !== 'None' && clusterIPText !== '' && parseIp(clusterIPText) === undefined)
    r.error(['spec', 'clusterIP'], 'invalid-value', `spec.clusterIPs[0]: Invalid value: "${clusterIPText}": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`);
  if (clusterIPText === 'None' && type !== 'ClusterIP')
    r.error(['spec', 'type'], 'invalid-value', `spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for ${type} services`);
  const rawPorts = list(spec.ports);
  if (rawPorts.length === 0 && clusterIPText !== 'None')
    r.error(value.spec === undefined ? [] : ['spec'], 'required', 'spec.ports: Required value', 'List the ports the service exposes, e.g. "- port: 80".', false);
  const portNames = new Set<string>();
  const seen = new Set<string>();
  const ports: ServicePortSpec[] = [];
  rawPorts.forEach((item, i) => {
    const p = rec(item);
    const at: Path = ['spec', 'ports', i];
    const port = portNumber(r, num(p.port), [...at, 'port']);
    const name = str(p.name);
    if (rawPorts.length > 1 && !name) r.error(at, 'required', `${pathText([...at, 'name'])}: Required value`, 'With more than one port, each port needs a name.', false);
    if (name !== undefined) {
      if (name !== '' && (!DNS1123_LABEL.test(name) || name.length > 63))
        r.error([...at, 'name'], 'invalid-value', `${pathText([...at, 'name'])}: Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'`);
      if (portNames.has(name)) r.error([...at, 'name'], 'invalid-value', `${pathText([...at, 'name'])}: Duplicate value: "${name}"`);
      portNames.add(name);
    }
    const proto = protocol(r, p.protocol, [...at, 'protocol']);
    let targetPort: number | string | undefined = port;
    if (typeof p.targetPort === 'number') targetPort = portNumber(r, p.targetPort, [...at, 'targetPort']);
    else if (typeof p.targetPort === 'string') {
      targetPort = p.targetPort;
      if (!IANA_SVC_NAME.test(p.targetPort) || p.targetPort.length > 15)
        r.error([...at, 'targetPort'], 'invalid-value', `${pathText([...at, 'targetPort'])}: Invalid value: "${p.targetPort}": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`, /^\d+$/.test(p.targetPort) ? `Write the number without quotes: ${p.targetPort}.` : undefined);
    }
    const nodePort = num(p.nodePort);
    if (nodePort !== undefined && type === 'ClusterIP')
      r.error([...at, 'nodePort'], 'invalid-value', `${pathText([...at, 'nodePort'])}: Forbidden: may not be used when \`type\` is 'ClusterIP'`, 'Set "type: NodePort" on the service to use a nodePort.');
    if (port === undefined) return;
    const key = `${port}/${proto}`;
    if (seen.has(key)) r.error([...at, 'port'], 'invalid-value', `${pathText(at)}: Duplicate value: core.ServicePort{Name:"${name ?? ''}", Protocol:"${proto}", Port:${port}}`);
    seen.add(key);
    ports.push({ port, targetPort: targetPort ?? port, protocol: proto, ...(name ? { name } : {}), ...(nodePort !== undefined && type !== 'ClusterIP' ? { nodePort } : {}) });
  });
  const affinity = str(spec.sessionAffinity) ?? 'None';
  if (affinity !== 'None' && affinity !== 'ClientIP')
    r.error(['spec', 'sessionAffinity'], 'unsupported-value', `spec.sessionAffinity: Unsupported value: "${affinity}": supported values: "ClientIP", "None"`);
  const affinityTimeout = affinityTimeoutSeconds(r, spec, affinity);
  const trafficPolicy = externalTrafficPolicy(r, spec, type);
  const healthCheckNodePort = num(spec.healthCheckNodePort);
  if (healthCheckNodePort !== undefined && healthCheckNodePort !== 0 && !(type === 'LoadBalancer' && trafficPolicy === 'Local'))
    r.error(['spec', 'healthCheckNodePort'], 'invalid-value', `spec.healthCheckNodePort: Invalid value: ${healthCheckNodePort}: HealthCheckNodePort can only be set on LoadBalancer service with ExternalTrafficPolicy=Local`);
  const externalIPs = list(spec.externalIPs).map((v, i) => {
    const ip = String(v);
    const path: Path = ['spec', 'externalIPs', i];
    if (parseIp(ip) === undefined) r.error(path, 'invalid-value', `${pathText(path)}: Invalid value: "${ip}": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`);
    else checkNonSpecialIp(r, path, ip);
    return ip;
  });
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
    ...(healthCheckNodePort ? { healthCheckNodePort } : {}),
    ...(externalIPs.length > 0 ? { externalIPs } : {}),
    ...(clusterIPText ? { clusterIP: clusterIPText } : {}),
    ...(sel && Object.keys(sel).length > 0 ? { selector: sel } : {}),
  };
}

/**
 * The API server refuses these as external IPs and endpoint addresses (validateNonSpecialIP):
 * the unspecified address, loopback, and link-local, which are the node's own business.
 */
const SPECIAL_RANGES: readonly { readonly cidr: string; readonly why: string }[] = [
  { cidr: '0.0.0.0/32', why: 'may not be unspecified (0.0.0.0)' },
  { cidr: '127.0.0.0/8', why: 'may not be in the loopback range (127.0.0.0/8)' },
  { cidr: '169.254.0.0/16', why: 'may not be in the link-local range (169.254.0.0/16)' },
  { cidr: '224.0.0.0/24', why: 'may not be in the link-local multicast range (224.0.0.0/24)' },
];

function checkNonSpecialIp(r: Reporter, path: Path, ip: string): void {
  const value = parseIp(ip)!;
  for (const { cidr, why } of SPECIAL_RANGES)
    if (cidrContains(parseCidr(cidr)!, value)) r.error(path, 'invalid-value', `${pathText(path)}: Invalid value: "${ip}": ${why}`);
}

/** Set for NodePort and LoadBalancer services only (defaulted to Cluster), as the API server does. */
function externalTrafficPolicy(r: Reporter, spec: Rec, type: ServiceType): 'Cluster' | 'Local' | undefined {
  const given = spec.externalTrafficPolicy;
  const external = type === 'NodePort' || type === 'LoadBalancer';
  if (given === undefined || given === null || given === '') return external ? 'Cluster' : undefined;
  const text = String(given);
  if (text !== 'Cluster' && text !== 'Local') {
    const fixed = ['Cluster', 'Local'].find((v) => v.toLowerCase() === text.toLowerCase());
    r.error(['spec', 'externalTrafficPolicy'], 'unsupported-value', `spec.externalTrafficPolicy: Unsupported value: "${text}": supported values: "Cluster", "Local"`, fixed ? `Write "${fixed}".` : undefined);
    return external ? 'Cluster' : undefined;
  }
  if (!external) {
    r.error(['spec', 'externalTrafficPolicy'], 'invalid-value', `spec.externalTrafficPolicy: Invalid value: "${text}": ExternalTrafficPolicy can only be set on NodePort and LoadBalancer service`, 'Set "type: NodePort", or remove externalTrafficPolicy.');
    return undefined;
  }
  return text;
}

/** The API server's default for a ClientIP service is 3 hours; it takes 1 s to 1 day. */
const DEFAULT_AFFINITY_SECONDS = 10800;

function affinityTimeoutSeconds(r: Reporter, spec: Rec, affinity: string): number | undefined {
  const path: Path = ['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'];
  const given = rec(rec(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
  // A key left empty (null) is as good as absent, as for the API server.
  if (affinity !== 'ClientIP') {
    if (affinity === 'None' && spec.sessionAffinityConfig != null)
      r.error(['spec', 'sessionAffinityConfig'], 'invalid-value', 'spec.sessionAffinityConfig: Invalid value: must not be set when `sessionAffinity` is None', 'Set "sessionAffinity: ClientIP", or remove sessionAffinityConfig.');
    return undefined;
  }
  if (given == null) return DEFAULT_AFFINITY_SECONDS;
  const seconds = num(given);
  if (seconds === undefined || !Number.isInteger(seconds) || seconds <= 0 || seconds > 86400) {
    r.error(path, 'invalid-value', `${pathText(path)}: Invalid value: ${JSON.stringify(given)}: must be greater than 0 and less than 86400`);
    return DEFAULT_AFFINITY_SECONDS;
  }
  return seconds;
}

function endpoints(r: Reporter, value: Rec, document: number): EndpointsObject | undefined {
  const metadata = meta(r, value, 'Endpoints', true);
  const subsets = list(value.subsets).map((item, i) => {
    const s = rec(item);
    const addresses = list(s.addresses).map((a, j) => {
      const ip = str(rec(a).ip) ?? '';
      if (parseIp(ip) === undefined) r.error(['subsets', i, 'addresses', j, 'ip'], 'invalid-value', `subsets[${i}].addresses[${j}].ip: Invalid value: "${ip}": must be a valid IPv4 address`);
      else checkNonSpecialIp(r, ['subsets', i, 'addresses', j, 'ip'], ip);
      return { ip };
    });
    const ports = list(s.ports).map((p, j) => {
      const port = portNumber(r, num(rec(p).port), ['subsets', i, 'ports', j, 'port']) ?? 0;
      const name = str(rec(p).name);
      return { port, protocol: protocol(r, rec(p).protocol, ['subsets', i, 'ports', j, 'protocol']), ...(name ? { name } : {}) };
    });
    return { addresses, ports };
  });
  if (!metadata) return undefined;
  return { kind: 'Endpoints', document, metadata, subsets };
}

/** Converts one schema-valid document; semantic problems go to the reporter. */
export function toObject(r: Reporter, kind: KubeObject['kind'], value: Rec, document: number): KubeObject | undefined {
  switch (kind) {
    case 'Pod': {
      const metadata = meta(r, value, 'Pod', true);
      const spec = podSpec(r, value.spec, ['spec']);
      if (value.spec === undefined) r.error([], 'required', 'spec: Required value', 'A pod needs a spec with its containers.', false);
      return metadata ? { kind, document, metadata, spec } : undefined;
    }
    case 'ReplicationController':
    case 'ReplicaSet':
    case 'Deployment':
      return controller(r, kind, value, document);
    case 'Service':
      return service(r, value, document);
    case 'Endpoints':
      return endpoints(r, value, document);
    case 'Namespace': {
      const metadata = meta(r, value, 'Namespace', false);
      return metadata ? { kind, document, metadata } : undefined;
    }
  }
}
