/**
 * The readers every object shares: loose values to typed ones, and the API server's checks of
 * names, labels, object metadata, protocols and port numbers.
 */
import type { Labels, ObjectMeta, Protocol } from '../model.ts';
import { cidrContains, parseCidr, parseIp } from '../net/ipv4.ts';
import { pathText, type Path } from '../path.ts';
import { msg, type Message } from '../message.ts';
import type { Reporter } from './finding.ts';

export type Rec = Record<string, unknown>;

export const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
/** A string value as the API server shows it in a message: in double quotes. */
export const quoted = (v: string): string => `"${v}"`;

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Whether a name is a valid object name (an RFC 1123 subdomain), as most kinds require. */
export const isSubdomain = (name: string): boolean => DNS1123_SUBDOMAIN.test(name) && name.length <= 253;
export const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function checkName(r: Reporter, path: Path, name: string, rule: 'subdomain' | 'label' | 'dns1035'): void {
  if (rule === 'dns1035') {
    if (!DNS1035_LABEL.test(name) || name.length > 63)
      r.error(
        path,
        'invalid-value',
        msg('field.invalid', { path: pathText(path), value: quoted(name), why: msg('why.dns1035') }),
        name.toLowerCase() !== name ? msg('hint.lower-case', { name: name.toLowerCase() }) : undefined,
      );
    return;
  }
  const re = rule === 'label' ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
  if (!re.test(name) || name.length > (rule === 'label' ? 63 : 253)) {
    const why = rule === 'label' ? msg('why.dns1123-label') : msg('why.dns1123-subdomain');
    r.error(
      path,
      'invalid-value',
      msg('field.invalid', { path: pathText(path), value: quoted(name), why }),
      name.toLowerCase() !== name ? msg('hint.lower-case', { name: name.toLowerCase() }) : undefined,
    );
  }
}

export function labels(r: Reporter, value: unknown, path: Path): Labels {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec(value))) {
    const text = v === null ? '' : String(v);
    if (!LABEL_VALUE.test(text) || text.length > 63)
      r.error(
        [...path, k],
        'invalid-value',
        msg('field.invalid', { path: pathText([...path, k]), value: quoted(text), why: msg('why.label-value') }),
      );
    out[k] = text;
  }
  return out;
}

export function meta(r: Reporter, value: Rec, kind: string, namespaced: boolean): ObjectMeta | undefined {
  const m = rec(value.metadata);
  const name = str(m.name);
  if (!name) {
    r.error(
      ['metadata'],
      'required',
      msg('field.required-because', { path: 'metadata.name', why: msg('why.name-required') }),
      msg('hint.name', { kind }),
      false,
    );
    return undefined;
  }
  checkName(r, ['metadata', 'name'], name, kind === 'Service' ? 'dns1035' : kind === 'Namespace' ? 'label' : 'subdomain');
  const namespace = namespaced ? (str(m.namespace) ?? 'default') : '';
  if (namespaced && str(m.namespace)) checkName(r, ['metadata', 'namespace'], namespace, 'label');
  return { name, namespace, labels: labels(r, m.labels, ['metadata', 'labels']) };
}

export function protocol(r: Reporter, value: unknown, path: Path): Protocol {
  if (value === undefined || value === null) return 'TCP';
  if (value === 'TCP' || value === 'UDP' || value === 'SCTP') return value;
  const upper = String(value).toUpperCase();
  r.error(
    path,
    'unsupported-value',
    msg('field.unsupported', { path: pathText(path), value: quoted(String(value)), supported: '"SCTP", "TCP", "UDP"' }),
    upper === 'TCP' || upper === 'UDP' || upper === 'SCTP' ? msg('hint.protocol-case', { protocol: upper }) : undefined,
  );
  return 'TCP';
}

export function portNumber(r: Reporter, value: number | undefined, path: Path, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  if (value < (allowZero ? 0 : 1) || value > 65535) {
    r.error(
      path,
      'invalid-value',
      msg('field.invalid', { path: pathText(path), value, why: msg('why.port-range', { min: allowZero ? 0 : 1 }) }),
    );
    return undefined;
  }
  return value;
}

/**
 * The API server refuses these as external IPs and endpoint addresses (validateNonSpecialIP):
 * the unspecified address, loopback, and link-local, which are the node's own business.
 */
const SPECIAL_RANGES: readonly { readonly cidr: string; readonly why: Message }[] = [
  { cidr: '0.0.0.0/32', why: msg('why.unspecified') },
  { cidr: '127.0.0.0/8', why: msg('why.loopback') },
  { cidr: '169.254.0.0/16', why: msg('why.link-local') },
  { cidr: '224.0.0.0/24', why: msg('why.link-local-multicast') },
];

export function checkNonSpecialIp(r: Reporter, path: Path, ip: string): void {
  const value = parseIp(ip)!;
  for (const { cidr, why } of SPECIAL_RANGES)
    if (cidrContains(parseCidr(cidr)!, value))
      r.error(path, 'invalid-value', msg('field.invalid', { path: pathText(path), value: quoted(ip), why }));
}
