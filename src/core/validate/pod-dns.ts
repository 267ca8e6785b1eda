/**
 * A pod's DNS fields as the API server reads them (ValidatePodSpec's DNS checks): dnsPolicy one of
 * four, dnsConfig required (with a nameserver) under None, at most 3 nameservers, each an IP;
 * hostname and subdomain DNS-1123 labels.
 */
import type { DnsOption, DnsPolicy, PodDnsConfig } from '../dns/resolv-conf.ts';
import { MAX_NAMESERVERS } from '../dns/resolv-conf.ts';
import { msg } from '../message.ts';
import { parseIp } from '../net/ipv4.ts';
import { pathText, type Path } from '../path.ts';
import type { PodSpec } from '../model.ts';
import type { Reporter } from './finding.ts';
import { checkName, list, quoted, rec, str, type Rec } from './fields.ts';

const POLICIES: readonly DnsPolicy[] = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];

type PodDnsFields = Pick<PodSpec, 'dnsPolicy' | 'dnsConfig' | 'hostname' | 'subdomain'>;

export function podDns(r: Reporter, s: Rec, path: Path): PodDnsFields {
  const out: { -readonly [K in keyof PodDnsFields]: PodDnsFields[K] } = {};
  const policyText = str(s.dnsPolicy);
  if (policyText !== undefined) {
    if ((POLICIES as readonly string[]).includes(policyText)) out.dnsPolicy = policyText as DnsPolicy;
    else
      r.error(
        [...path, 'dnsPolicy'],
        'unsupported-value',
        msg('field.unsupported', {
          path: pathText([...path, 'dnsPolicy']),
          value: quoted(policyText),
          supported: POLICIES.map((p) => `"${p}"`).join(', '),
        }),
      );
  }
  if (s.dnsConfig !== undefined) out.dnsConfig = dnsConfig(r, rec(s.dnsConfig), [...path, 'dnsConfig']);
  if (out.dnsPolicy === 'None') {
    if (!out.dnsConfig)
      r.error(
        [...path, 'dnsPolicy'],
        'required',
        msg('field.required-because', { path: pathText([...path, 'dnsConfig']), why: msg('why.dns-config-for-none') }),
      );
    else if (!out.dnsConfig.nameservers?.length)
      r.error(
        [...path, 'dnsConfig'],
        'required',
        msg('field.required-because', { path: pathText([...path, 'dnsConfig', 'nameservers']), why: msg('why.dns-none-nameserver') }),
      );
  }
  for (const field of ['hostname', 'subdomain'] as const) {
    const value = str(s[field]);
    if (value === undefined) continue;
    checkName(r, [...path, field], value, 'label');
    out[field] = value;
  }
  return out;
}

function dnsConfig(r: Reporter, c: Rec, path: Path): PodDnsConfig {
  const nameservers = list(c.nameservers).map(String);
  if (nameservers.length > MAX_NAMESERVERS)
    r.error(
      [...path, 'nameservers'],
      'invalid-value',
      msg('field.invalid', {
        path: pathText([...path, 'nameservers']),
        value: `[${nameservers.join(' ')}]`,
        why: msg('why.dns-nameservers-max', { max: MAX_NAMESERVERS }),
      }),
    );
  nameservers.forEach((ns, i) => {
    if (parseIp(ns) === undefined)
      r.error(
        [...path, 'nameservers', i],
        'invalid-value',
        msg('field.invalid', { path: pathText([...path, 'nameservers', i]), value: quoted(ns), why: msg('why.ip') }),
      );
  });
  const options: DnsOption[] = list(c.options).map((o) => {
    const { name, value } = rec(o);
    return value === undefined ? { name: String(name ?? '') } : { name: String(name ?? ''), value: String(value) };
  });
  return {
    nameservers: nameservers.filter((ns) => parseIp(ns) !== undefined),
    searches: list(c.searches).map(String),
    options,
  };
}
