/**
 * What kubelet itself writes (v1.18, syncNetworkUtil), whatever kube-proxy's mode, even
 * userspace: the marks KUBE-MARK-DROP and KUBE-MARK-MASQ, KUBE-POSTROUTING that masquerades what
 * carries the masquerade mark, and KUBE-FIREWALL that drops what carries the drop mark and
 * (v1.16.11, v1.17.7, v1.18.4 and later, CVE-2020-8558) every connection to 127.0.0.0/8 that does
 * not come from 127.0.0.0/8, unless conntrack knows it (a reply) or it was DNATed there: with
 * route_localnet on, a neighbour could otherwise reach the node's localhost services by sending
 * packets to 127.0.0.1. kube-proxy ensures the same mark and masquerade rules and finds them here.
 */
import type { RuleWriter } from '../netfilter/ruleset.ts';
import { DROP_MARK, MASQ_MARK } from './kube-proxy/names.ts';
import { comment } from './kube-proxy/service-ports.ts';

export function kubeletRules(rules: RuleWriter): void {
  rules.chain('nat', 'KUBE-MARK-DROP');
  rules.chain('nat', 'KUBE-MARK-MASQ');
  rules.chain('nat', 'KUBE-POSTROUTING');
  rules.add('nat', `-A KUBE-MARK-DROP -j MARK --set-xmark ${DROP_MARK}/${DROP_MARK}`);
  rules.add('nat', `-A KUBE-MARK-MASQ -j MARK --set-xmark ${MASQ_MARK}/${MASQ_MARK}`);
  rules.prepend('nat', `-A POSTROUTING ${comment('kubernetes postrouting rules')} -j KUBE-POSTROUTING`);
  // A random source port (`--random-fully`) since v1.16, where iptables has it (1.6.2 and later).
  rules.add(
    'nat',
    `-A KUBE-POSTROUTING ${comment('kubernetes service traffic requiring SNAT')} -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j MASQUERADE --random-fully`,
  );
  rules.chain('filter', 'KUBE-FIREWALL');
  rules.prepend('filter', '-A INPUT -j KUBE-FIREWALL');
  rules.prepend('filter', '-A OUTPUT -j KUBE-FIREWALL');
  rules.add(
    'filter',
    `-A KUBE-FIREWALL ${comment('kubernetes firewall for dropping marked packets')} -m mark --mark ${DROP_MARK}/${DROP_MARK} -j DROP`,
    `-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 ${comment('block incoming localnet connections')} -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP`,
  );
}
