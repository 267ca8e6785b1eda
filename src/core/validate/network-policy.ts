/**
 * A networking.k8s.io/v1 NetworkPolicy → its typed form, with the API server's checks
 * (ValidateNetworkPolicySpec) and defaults (protocol TCP; policyTypes Ingress, plus Egress when
 * there are egress rules).
 */
import type { IPBlock, LabelSelector, NetworkPolicyObject, PolicyPeer, PolicyPort, PolicyRule, PolicyType } from '../model.ts';
import { msg } from '../message.ts';
import { cidrContains, formatCidr, parseCidr } from '../net/ipv4.ts';
import { pathText, type Path } from '../path.ts';
import type { Reporter } from './finding.ts';
import { IANA_SVC_NAME, list, meta, num, portNumber, protocol, quoted, rec, str, type Rec } from './fields.ts';
import { labelSelector } from './objects.ts';

const POLICY_TYPES: readonly PolicyType[] = ['Ingress', 'Egress'];

export function networkPolicy(r: Reporter, value: Rec, document: number): NetworkPolicyObject | undefined {
  const metadata = meta(r, value, 'NetworkPolicy', true);
  const spec = rec(value.spec);
  const podSelector = labelSelector(r, spec.podSelector, ['spec', 'podSelector']);
  const ingress = list(spec.ingress).map((rule, i) => policyRule(r, rec(rule), ['spec', 'ingress', i], 'from'));
  const egress = list(spec.egress).map((rule, i) => policyRule(r, rec(rule), ['spec', 'egress', i], 'to'));
  const policyTypes = types(r, spec.policyTypes, egress.length > 0);
  if (!metadata) return undefined;
  return { kind: 'NetworkPolicy', document, metadata, podSelector, policyTypes, ingress, egress };
}

function types(r: Reporter, value: unknown, hasEgress: boolean): PolicyType[] {
  const written = list(value);
  const path: Path = ['spec', 'policyTypes'];
  if (written.length === 0) return hasEgress ? ['Ingress', 'Egress'] : ['Ingress'];
  if (written.length > POLICY_TYPES.length) {
    r.error(path, 'invalid-value', msg('field.invalid-bare', { path: pathText(path), why: msg('why.policy-types-max') }));
    return [];
  }
  const out: PolicyType[] = [];
  written.forEach((t, i) => {
    const known = POLICY_TYPES.find((p) => p === t);
    if (known) {
      if (!out.includes(known)) out.push(known);
      return;
    }
    r.error(
      [...path, i],
      'unsupported-value',
      msg('field.unsupported', { path: pathText([...path, i]), value: quoted(String(t)), supported: '"Ingress", "Egress"' }),
    );
  });
  return out;
}

function policyRule(r: Reporter, rule: Rec, path: Path, peersKey: 'from' | 'to'): PolicyRule {
  const peers = list(rule[peersKey]).flatMap((p, i) => peer(r, rec(p), [...path, peersKey, i]) ?? []);
  const ports = list(rule.ports).map((p, i) => policyPort(r, rec(p), [...path, 'ports', i]));
  return { peers, ports };
}

function peer(r: Reporter, value: Rec, path: Path): PolicyPeer | undefined {
  const selector = (key: string): LabelSelector | undefined =>
    value[key] === undefined || value[key] === null ? undefined : labelSelector(r, value[key], [...path, key]);
  const podSelector = selector('podSelector');
  const namespaceSelector = selector('namespaceSelector');
  const ipBlock = value.ipBlock === undefined || value.ipBlock === null ? undefined : block(r, rec(value.ipBlock), [...path, 'ipBlock']);
  const given = [podSelector, namespaceSelector, value.ipBlock ?? undefined].filter((p) => p !== undefined).length;
  if (given === 0) {
    r.error(path, 'required', msg('field.required-because', { path: pathText(path), why: msg('why.policy-peer') }), undefined, false);
    return undefined;
  }
  if (given > 1 && value.ipBlock !== undefined && value.ipBlock !== null) {
    r.error(path, 'invalid-value', msg('field.forbidden', { path: pathText(path), why: msg('why.policy-peer-both') }));
    return undefined;
  }
  return { ...(podSelector ? { podSelector } : {}), ...(namespaceSelector ? { namespaceSelector } : {}), ...(ipBlock ? { ipBlock } : {}) };
}

function block(r: Reporter, value: Rec, path: Path): IPBlock | undefined {
  const text = str(value.cidr) ?? '';
  const at: Path = [...path, 'cidr'];
  if (text === '') {
    r.error(at, 'required', msg('field.required', { path: pathText(at) }), undefined, false);
    return undefined;
  }
  const cidr = parseCidr(text);
  if (!cidr) {
    r.error(at, 'invalid-value', msg('field.invalid', { path: pathText(at), value: quoted(text), why: msg('why.cidr-ipv4') }));
    return undefined;
  }
  const except: string[] = [];
  list(value.except).forEach((item, i) => {
    const exceptText = String(item);
    const ep: Path = [...path, 'except', i];
    const e = parseCidr(exceptText);
    if (!e)
      r.error(ep, 'invalid-value', msg('field.invalid', { path: pathText(ep), value: quoted(exceptText), why: msg('why.cidr-ipv4') }));
    else if (!cidrContains(cidr, e.base) || e.prefix <= cidr.prefix)
      r.error(ep, 'invalid-value', msg('field.invalid', { path: pathText(ep), value: quoted(exceptText), why: msg('why.except-subset') }));
    else except.push(formatCidr(e));
  });
  return { cidr: formatCidr(cidr), except };
}

function policyPort(r: Reporter, value: Rec, path: Path): PolicyPort {
  const proto = protocol(r, value.protocol, [...path, 'protocol']);
  const endPort = num(value.endPort);
  const endPath: Path = [...path, 'endPort'];
  const port = value.port;
  if (typeof port === 'string') {
    if (!IANA_SVC_NAME.test(port) || port.length > 15)
      r.error(
        [...path, 'port'],
        'invalid-value',
        msg('field.invalid', { path: pathText([...path, 'port']), value: quoted(port), why: msg('why.port-name') }),
      );
    if (endPort !== undefined)
      r.error(
        endPath,
        'invalid-value',
        msg('field.invalid', { path: pathText(endPath), value: endPort, why: msg('why.endport-nonnumeric') }),
      );
    return { protocol: proto, port };
  }
  const number = portNumber(r, num(port), [...path, 'port']);
  if (num(port) === undefined) {
    if (endPort !== undefined)
      r.error(
        endPath,
        'invalid-value',
        msg('field.invalid', { path: pathText(endPath), value: endPort, why: msg('why.endport-needs-port') }),
      );
    return { protocol: proto };
  }
  if (endPort === undefined || number === undefined) return { protocol: proto, ...(number !== undefined ? { port: number } : {}) };
  if (endPort < number)
    r.error(endPath, 'invalid-value', msg('field.invalid', { path: pathText(endPath), value: number, why: msg('why.endport-below-port') }));
  const end = portNumber(r, endPort, endPath);
  return { protocol: proto, port: number, ...(end !== undefined && end >= number ? { endPort: end } : {}) };
}
