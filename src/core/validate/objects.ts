/**
 * Schema-valid documents → typed objects, with the API server's semantic validation: names,
 * port ranges, protocols, selectors against template labels. Defaults are applied as the API
 * server applies them (protocol TCP, targetPort = port, RC selector = template labels).
 */
import { tolerations } from './taints.ts';
import type {
  ContainerPortSpec,
  ContainerSpec,
  ControllerKind,
  ControllerObject,
  EndpointsObject,
  KubeObject,
  LabelSelector,
  Labels,
  PodSpec,
  PodTemplate,
  SelectorRequirement,
} from '../model.ts';
import { msg } from '../message.ts';
import { parseIp } from '../net/ipv4.ts';
import { pathText, type Path } from '../path.ts';
import { selectorMatches } from '../selectors.ts';
import type { Reporter } from './finding.ts';
import {
  checkName,
  checkNonSpecialIp,
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
import { pinnedContainerIds } from './pinned-ids.ts';
import { podDns } from './pod-dns.ts';
import { networkPolicy } from './network-policy.ts';
import { service } from './service.ts';

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
        r.error(
          [...at, 'name'],
          'invalid-value',
          msg('field.invalid', { path: pathText([...at, 'name']), value: quoted(name), why: msg('why.port-name') }),
        );
      if (names.has(name))
        r.error([...at, 'name'], 'invalid-value', msg('field.duplicate', { path: pathText([...at, 'name']), value: quoted(name) }));
      names.add(name);
    }
    const proto = protocol(r, p.protocol, [...at, 'protocol']);
    if (containerPort === undefined) return;
    if (hostNetwork) {
      if (hostPort !== undefined && hostPort !== 0 && hostPort !== containerPort)
        r.error(
          [...at, 'hostPort'],
          'invalid-value',
          msg('field.invalid', { path: pathText([...at, 'hostPort']), value: hostPort, why: msg('why.hostport-hostnetwork') }),
        );
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
  if (raw.length === 0)
    r.error(
      [...path, 'containers'],
      'required',
      msg('field.required', { path: pathText([...path, 'containers']) }),
      msg('hint.one-container'),
      false,
    );
  raw.forEach((item, i) => {
    const c = rec(item);
    const at: Path = [...path, 'containers', i];
    const name = str(c.name);
    const image = str(c.image);
    if (!name) r.error(at, 'required', msg('field.required', { path: pathText([...at, 'name']) }), msg('hint.container-name'), false);
    else {
      checkName(r, [...at, 'name'], name, 'label');
      if (names.has(name))
        r.error([...at, 'name'], 'invalid-value', msg('field.duplicate', { path: pathText([...at, 'name']), value: quoted(name) }));
      names.add(name);
    }
    if (!image) r.error(at, 'required', msg('field.required', { path: pathText([...at, 'image']) }), msg('hint.container-image'), false);
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
        r.error(
          [...path, 'containers', i, 'ports', j, 'hostPort'],
          'invalid-value',
          msg('field.duplicate', {
            path: pathText([...path, 'containers', i, 'ports', j, 'hostPort']),
            value: quoted(`${p.hostPort}/${p.protocol}`),
          }),
          msg('hint.hostport-once'),
        );
      hostPorts.add(key);
    }),
  );
  const nodeName = str(s.nodeName);
  return {
    containers,
    hostNetwork,
    nodeSelector: labels(r, s.nodeSelector, [...path, 'nodeSelector']),
    ...(s.tolerations !== undefined ? { tolerations: tolerations(r, s.tolerations, [...path, 'tolerations']) } : {}),
    ...(nodeName ? { nodeName } : {}),
    ...podDns(r, s, path),
  };
}

function withPinnedIds(r: Reporter, spec: PodSpec, metadata: unknown, path: Path): PodSpec {
  const names = spec.containers.map((c) => c.name);
  const pinned = pinnedContainerIds(r, metadata, path, names);
  return pinned ? { ...spec, pinnedContainerIds: pinned } : spec;
}

/** A metav1.LabelSelector (matchLabels and matchExpressions), checked as the API server checks one. */
export function labelSelector(r: Reporter, value: unknown, path: Path): LabelSelector {
  const s = rec(value);
  const matchExpressions: SelectorRequirement[] = list(s.matchExpressions).map((item, i) => {
    const e = rec(item);
    const at: Path = [...path, 'matchExpressions', i];
    const op = str(e.operator) ?? '';
    const values = list(e.values).map(String);
    if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
      r.error(
        [...at, 'operator'],
        'unsupported-value',
        msg('field.invalid', { path: pathText([...at, 'operator']), value: quoted(op), why: msg('why.selector-operator') }),
        msg('hint.selector-operators'),
      );
      return { key: String(e.key ?? ''), operator: 'Exists', values: [] };
    }
    if ((op === 'In' || op === 'NotIn') && values.length === 0)
      r.error(
        [...at, 'values'],
        'required',
        msg('field.required-because', { path: pathText([...at, 'values']), why: msg('why.values-required') }),
        undefined,
        false,
      );
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0)
      r.error(
        [...at, 'values'],
        'invalid-value',
        msg('field.forbidden', { path: pathText([...at, 'values']), why: msg('why.values-forbidden') }),
      );
    return { key: String(e.key ?? ''), operator: op, values };
  });
  return { matchLabels: labels(r, s.matchLabels, [...path, 'matchLabels']), matchExpressions };
}

function selector(r: Reporter, value: unknown, path: Path, kind: ControllerKind, templateLabels: Labels): LabelSelector {
  if (kind === 'ReplicationController') {
    const matchLabels = value === undefined || value === null ? templateLabels : labels(r, value, path);
    return { matchLabels, matchExpressions: [] };
  }
  const result = labelSelector(r, value, path);
  const matchExpressions = result.matchExpressions;
  if (value === undefined || (Object.keys(result.matchLabels).length === 0 && matchExpressions.length === 0))
    r.error(
      value === undefined ? path.slice(0, -1) : path,
      'required',
      msg('field.required', { path: pathText(path) }),
      msg('hint.selector-needed', { kind }),
      false,
    );
  return result;
}

function controller(r: Reporter, kind: ControllerKind, value: Rec, document: number): ControllerObject | undefined {
  const metadata = meta(r, value, kind, true);
  const spec = rec(value.spec);
  const template = rec(spec.template);
  const tmeta = rec(template.metadata);
  if (value.spec === undefined)
    r.error([], 'required', msg('field.required', { path: 'spec' }), msg('hint.controller-spec', { kind }), false);
  else if (spec.template === undefined)
    r.error(['spec'], 'required', msg('field.required', { path: 'spec.template' }), msg('hint.template'), false);
  const templateLabels = labels(r, tmeta.labels, ['spec', 'template', 'metadata', 'labels']);
  const sel = selector(r, spec.selector, ['spec', 'selector'], kind, templateLabels);
  const replicas = num(spec.replicas) ?? 1;
  if (replicas < 0)
    r.error(
      ['spec', 'replicas'],
      'invalid-value',
      msg('field.invalid', { path: 'spec.replicas', value: replicas, why: msg('why.nonnegative') }),
    );
  const podTemplate: PodTemplate = {
    labels: templateLabels,
    spec: withPinnedIds(r, podSpec(r, template.spec, ['spec', 'template', 'spec']), template.metadata, ['spec', 'template', 'metadata']),
  };
  if (spec.template !== undefined && Object.keys(templateLabels).length === 0)
    r.error(
      ['spec', 'template', 'metadata'],
      'required',
      msg('field.required', { path: 'spec.template.metadata.labels' }),
      msg('hint.template-labels'),
      false,
    );
  else if (spec.template !== undefined && !selectorMatches(sel, templateLabels)) {
    const shown = Object.entries(templateLabels)
      .map(([k, v]) => `"${k}":"${v}"`)
      .join(', ');
    r.error(
      ['spec', 'template', 'metadata', 'labels'],
      'selector-mismatch',
      msg('field.invalid', {
        path: 'spec.template.metadata.labels',
        value: `map[string]string{${shown}}`,
        why: msg('why.selector-mismatch'),
      }),
      msg('hint.selector-mismatch'),
    );
  }
  if (!metadata) return undefined;
  return { kind, document, metadata, replicas: Math.max(0, replicas), selector: sel, template: podTemplate };
}

function endpoints(r: Reporter, value: Rec, document: number): EndpointsObject | undefined {
  const metadata = meta(r, value, 'Endpoints', true);
  const subsets = list(value.subsets).map((item, i) => {
    const s = rec(item);
    const addresses = list(s.addresses).map((a, j) => {
      const ip = str(rec(a).ip) ?? '';
      if (parseIp(ip) === undefined)
        r.error(
          ['subsets', i, 'addresses', j, 'ip'],
          'invalid-value',
          msg('field.invalid', { path: `subsets[${i}].addresses[${j}].ip`, value: quoted(ip), why: msg('why.ipv4') }),
        );
      else checkNonSpecialIp(r, ['subsets', i, 'addresses', j, 'ip'], ip);
      // kube-proxy counts an address as local to the node named here (externalTrafficPolicy: Local).
      const nodeName = str(rec(a).nodeName);
      if (nodeName) checkName(r, ['subsets', i, 'addresses', j, 'nodeName'], nodeName, 'subdomain');
      return { ip, ...(nodeName ? { nodeName } : {}) };
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
      const spec = withPinnedIds(r, podSpec(r, value.spec, ['spec']), value.metadata, ['metadata']);
      if (value.spec === undefined) r.error([], 'required', msg('field.required', { path: 'spec' }), msg('hint.pod-spec'), false);
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
    case 'NetworkPolicy':
      return networkPolicy(r, value, document);
  }
}
