/**
 * A pod's DNS fields as the API server reads them (ValidatePodSpec's DNS checks, v1.34+): dnsPolicy
 * one of four, dnsConfig required (with a nameserver) under None, at most 3 nameservers, each an IP;
 * at most 32 search paths, 2048 characters joined by spaces, each a DNS subdomain (a trailing dot
 * is fine, "." alone and '_' too: RelaxedDNSSearchValidation, GA since v1.34); every option named;
 * hostname and subdomain DNS-1123 labels.
 */
import type { DnsOption, DnsPolicy, PodDnsConfig } from '../dns/resolv-conf.ts';
import { MAX_NAMESERVERS, MAX_SEARCH_CHARS, MAX_SEARCHES } from '../dns/resolv-conf.ts';
import { msg } from '../message.ts';
import { parseIp } from '../net/ipv4.ts';
import { pathText, type Path } from '../path.ts';
import type { PodSpec } from '../model.ts';
import type { Reporter } from './finding.ts';
import { checkName, list, quoted, rec, str, type Rec } from './fields.ts';

/** A search path as the relaxed check reads it: labels of lower case letters, digits, '-' and '_', each may start with '_'. */
const SEARCH_DOMAIN = /^_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$/;

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
        value: goStrings(nameservers),
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
  const searches = list(c.searches).map(String);
  const value = goStrings(searches);
  if (searches.length > MAX_SEARCHES)
    r.error(
      [...path, 'searches'],
      'invalid-value',
      msg('field.invalid', { path: pathText([...path, 'searches']), value, why: msg('why.dns-searches-max', { max: MAX_SEARCHES }) }),
    );
  if (searches.join(' ').length > MAX_SEARCH_CHARS)
    r.error(
      [...path, 'searches'],
      'invalid-value',
      msg('field.invalid', {
        path: pathText([...path, 'searches']),
        value,
        why: msg('why.dns-search-chars-max', { max: MAX_SEARCH_CHARS }),
      }),
    );
  searches.forEach((search, i) => {
    if (search === '.') return;
    const name = search.replace(/\.$/, '');
    if (!SEARCH_DOMAIN.test(name) || name.length > 253)
      r.error(
        [...path, 'searches', i],
        'invalid-value',
        msg('field.invalid', {
          path: pathText([...path, 'searches', i]),
          value: quoted(name),
          why: msg('why.dns1123-subdomain-underscore'),
        }),
        name.toLowerCase() !== name ? msg('hint.lower-case', { name: name.toLowerCase() }) : undefined,
      );
  });
  const options: DnsOption[] = list(c.options).map((o, i) => {
    const { name, value } = rec(o);
    if (name === undefined || name === null || String(name) === '')
      r.error(
        [...path, 'options', i],
        'required',
        msg('field.required-because', { path: pathText([...path, 'options', i]), why: msg('why.not-empty') }),
      );
    return value === undefined ? { name: String(name ?? '') } : { name: String(name ?? ''), value: String(value) };
  });
  return {
    nameservers: nameservers.filter((ns) => parseIp(ns) !== undefined),
    searches,
    options,
  };
}

/** A list of strings as the API server prints an invalid one (Go's %#v). */
function goStrings(list: readonly string[]): string {
  return `[]string{${list.map((s) => JSON.stringify(s)).join(', ')}}`;
}
