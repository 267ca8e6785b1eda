/**
 * What kubelet itself writes in the filter table: KUBE-FIREWALL drops what kube-proxy marked for
 * dropping, and (v1.16.11, v1.17.7, v1.18.4 and later, CVE-2020-8558) every connection to
 * 127.0.0.0/8 that does not come from 127.0.0.0/8, unless conntrack knows it (a reply) or it was
 * DNATed there: with route_localnet on, a neighbour could otherwise reach the node's localhost
 * services by sending packets to 127.0.0.1.
 */
import type { RuleWriter } from '../netfilter/ruleset.ts';
import { DROP_MARK } from './kube-proxy/names.ts';
import { comment } from './kube-proxy/service-ports.ts';

export function kubeletFirewallRules(rules: RuleWriter): void {
  rules.chain('filter', 'KUBE-FIREWALL');
  rules.prepend('filter', '-A INPUT -j KUBE-FIREWALL');
  rules.prepend('filter', '-A OUTPUT -j KUBE-FIREWALL');
  rules.add(
    'filter',
    `-A KUBE-FIREWALL ${comment('kubernetes firewall for dropping marked packets')} -m mark --mark ${DROP_MARK}/${DROP_MARK} -j DROP`,
    `-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 ${comment('block incoming localnet connections')} -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP`,
  );
}
