/**
 * A parsed rule written back as iptables-save prints it (the other half of rule.ts's grammar):
 * -s -d -i -o -p, then each match module with its options, then the target with its options.
 */
import { formatCidr } from '../net/ipv4.ts';
import { quote, WHOLE_ADDRESS, type Match, type PortRange, type Rule, type Target } from './rule.ts';

export const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

export function portsText(ranges: readonly PortRange[], separator = ':'): string {
  return ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}${separator}${r.to}`)).join(',');
}

/** `--mark`'s value as iptables-save prints it: the mask only when it is not every bit. */
export function markText(m: { readonly value: number; readonly mask: number }): string {
  return m.mask === 0xffffffff ? hex(m.value) : `${hex(m.value)}/${hex(m.mask)}`;
}

/** A match's options as iptables-save prints them, inside module `module` (none for -s -d -i -o -p). */
function matchText(m: Match, module: string): string {
  const not = 'not' in m && m.not ? '! ' : '';
  switch (m.m) {
    case 'src':
    case 'dst':
      return `${not}-${m.m[0]} ${formatCidr(m.cidr)}`;
    case 'in':
    case 'out':
      return `${not}-${m.m[0]} ${m.iface}`;
    case 'proto':
      return `${not}-p ${m.proto}`;
    case 'sport':
    case 'dport':
      return `${not}--${m.m}${module === 'multiport' ? 's' : ''} ${portsText(m.ports)}`;
    case 'addrtype':
      return `${not}--${m.which}-type ${m.type}`;
    case 'mark':
      return `${not}--mark ${markText(m)}`;
    case 'statistic':
      return `--mode random --probability ${m.probability.toFixed(11)}`;
    case 'recent':
      return [
        `--${m.mode}`,
        ...(m.seconds === undefined ? [] : [`--seconds ${m.seconds}`]),
        ...(m.reap ? ['--reap'] : []),
        `--name ${m.name}`,
        `--mask ${m.mask ?? WHOLE_ADDRESS}`,
        m.source ? '--rsource' : '--rdest',
      ].join(' ');
    case 'conntrack':
      return `${not}--${module === 'state' ? 'state' : 'ctstate'} ${m.states.join(',')}`;
    case 'physdev':
      return `${not}--physdev-is-${m.flag}`;
    case 'set':
      return `${not}--match-set ${m.name} ${m.flags.join(',')}`;
    case 'comment':
      return `--comment ${quote(m.text)}`;
    case 'limit':
      return `--limit ${m.rate} --limit-burst ${m.burst}`;
    case 'icmp':
      return `${not}--icmp-type ${m.type}`;
  }
}

function targetText(t: Target): string {
  switch (t.t) {
    case 'jump':
      return `-j ${t.chain}`;
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return `-j ${t.t}`;
    case 'MASQUERADE':
      return [
        '-j MASQUERADE',
        ...(t.toPorts ? [`--to-ports ${portsText([t.toPorts], '-')}`] : []),
        ...(t.random ? ['--random'] : []),
        ...(t.randomFully ? ['--random-fully'] : []),
      ].join(' ');
    case 'DNAT':
    case 'SNAT':
      return `-j ${t.t} --to-${t.t === 'DNAT' ? 'destination' : 'source'} ${t.ip}${t.port === undefined ? '' : `:${t.port}`}`;
    case 'REDIRECT':
      return `-j REDIRECT --to-ports ${t.port}`;
    case 'MARK':
      return `-j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    case 'REJECT':
      return `-j REJECT --reject-with ${t.with}`;
    case 'NFLOG':
      return `-j NFLOG --nflog-group ${t.group}`;
    case 'none':
      return '';
  }
}

/** A parsed rule as iptables-save prints it. */
export function printRule(rule: Rule): string {
  const inModules = new Set(rule.modules.flatMap((mod) => mod.matches));
  return [
    `-A ${rule.chain}`,
    ...rule.matches.filter((m) => !inModules.has(m)).map((m) => matchText(m, '')),
    ...rule.modules.flatMap((mod) => [`-m ${mod.name}`, ...mod.matches.map((m) => matchText(m, mod.name))]),
    targetText(rule.target),
  ]
    .filter((part) => part !== '')
    .join(' ');
}
