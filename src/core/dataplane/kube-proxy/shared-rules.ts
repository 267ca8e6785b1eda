/**
 * The rules the iptables and ipvs proxiers both write, the same way. The marks and
 * KUBE-POSTROUTING are kubelet's (../kubelet.ts): kube-proxy ensures them and finds them there.
 */
import type { ClusterSpec } from '../../model.ts';
import type { RuleWriter } from '../../netfilter/ruleset.ts';
import { MASQ_MARK } from './names.ts';
import { comment } from './service-ports.ts';

/**
 * KUBE-FORWARD, in the filter table: forwarded traffic marked for masquerade is accepted (a node
 * port's, even under a FORWARD policy of DROP), and so are the later packets of pods' connections.
 * `dropInvalid`: the iptables proxier (v1.15+) first drops what conntrack calls INVALID.
 */
export function kubeForwardRules(rules: RuleWriter, cluster: ClusterSpec, { dropInvalid }: { dropInvalid: boolean }): void {
  rules.chain('filter', 'KUBE-FORWARD');
  rules.prepend('filter', `-A FORWARD ${comment('kubernetes forwarding rules')} -j KUBE-FORWARD`);
  rules.add(
    'filter',
    // A packet conntrack calls INVALID (e.g. outside the TCP window) would slip past the DNAT
    // un-translated and reset the connection (kubernetes issue #74839).
    ...(dropInvalid ? ['-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP'] : []),
    `-A KUBE-FORWARD ${comment('kubernetes forwarding rules')} -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j ACCEPT`,
  );
  // Written only with --cluster-cidr: they name the pods' range.
  const pods = cluster.kubeProxyClusterCIDR;
  if (pods)
    rules.add(
      'filter',
      `-A KUBE-FORWARD -s ${pods} ${comment('kubernetes forwarding conntrack pod source rule')} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
      `-A KUBE-FORWARD -d ${pods} ${comment('kubernetes forwarding conntrack pod destination rule')} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
    );
}
