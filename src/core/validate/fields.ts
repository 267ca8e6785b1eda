/**
 * The readers every object shares: loose values to typed ones, and the API server's checks of
 * names, labels, object metadata, protocols and port numbers.
 */
import type { Labels, ObjectMeta, Protocol } from '../model.ts';
import { cidrContains, parseCidr, parseIp } from '../net/ipv4.ts';
import { pathText, type Path } from '../path.ts';
import type { Reporter } from './finding.ts';

export type Rec = Record<string, unknown>;

export const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

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

export function labels(r: Reporter, value: unknown, path: Path): Labels {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec(value))) {
    const text = v === null ? '' : String(v);
    if (!LABEL_VALUE.test(text) || text.length > 63)
      r.error(
        [...path, k],
        'invalid-value',
        `${pathText([...path, k])}: Invalid value: "${text}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
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
      'metadata.name: Required value: name or generateName is required',
      `Give the ${kind} a name under metadata.`,
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
    `${pathText(path)}: Unsupported value: "${String(value)}": supported values: "SCTP", "TCP", "UDP"`,
    upper === 'TCP' || upper === 'UDP' || upper === 'SCTP' ? `Protocols are upper case: "${upper}".` : undefined,
  );
  return 'TCP';
}

export function portNumber(r: Reporter, value: number | undefined, path: Path, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  if (value < (allowZero ? 0 : 1) || value > 65535) {
    r.error(path, 'invalid-value', `${pathText(path)}: Invalid value: ${value}: must be between ${allowZero ? 0 : 1} and 65535, inclusive`);
    return undefined;
  }
  return value;
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

export function checkNonSpecialIp(r: Reporter, path: Path, ip: string): void {
  const value = parseIp(ip)!;
  for (const { cidr, why } of SPECIAL_RANGES)
    if (cidrContains(parseCidr(cidr)!, value)) r.error(path, 'invalid-value', `${pathText(path)}: Invalid value: "${ip}": ${why}`);
}
