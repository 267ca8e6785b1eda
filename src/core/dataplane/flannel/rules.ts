/**
 * flanneld's own iptables rules (flannel v0.28.9, pkg/trafficmngr/iptables, run with --ip-masq):
 * FLANNEL-POSTRTG in nat, entered by an appended POSTROUTING rule, keeps pod-to-pod traffic's
 * source and masquerades what leaves the flannel network; FLANNEL-FWD in filter, entered by an
 * appended FORWARD rule, accepts everything from or to the flannel network.
 */
import type { NodeSpec } from '../../model.ts';
import type { RuleWriter } from '../../netfilter/ruleset.ts';
import { comment } from '../kube-proxy/service-ports.ts';

/** kube-proxy's masquerade mark, which flanneld hard-codes so as not to NAT a packet twice. */
const KUBE_PROXY_MARK = '0x4000/0x4000';

export function flannelRules(rules: RuleWriter, network: string, node: NodeSpec): void {
  const masq = comment('flanneld masq');
  const lease = node.podSubnet;
  rules.chain('nat', 'FLANNEL-POSTRTG');
  rules.add(
    'nat',
    `-A POSTROUTING ${masq} -j FLANNEL-POSTRTG`,
    `-A FLANNEL-POSTRTG -m mark --mark ${KUBE_PROXY_MARK} ${masq} -j RETURN`,
    `-A FLANNEL-POSTRTG -s ${lease} -d ${network} ${masq} -j RETURN`,
    `-A FLANNEL-POSTRTG -s ${network} -d ${lease} ${masq} -j RETURN`,
    `-A FLANNEL-POSTRTG ! -s ${network} -d ${lease} ${masq} -j RETURN`,
    `-A FLANNEL-POSTRTG -s ${network} ! -d 224.0.0.0/4 ${masq} -j MASQUERADE --random-fully`,
    `-A FLANNEL-POSTRTG ! -s ${network} -d ${network} ${masq} -j MASQUERADE --random-fully`,
  );
  const forward = comment('flanneld forward');
  rules.chain('filter', 'FLANNEL-FWD');
  rules.add(
    'filter',
    `-A FORWARD ${forward} -j FLANNEL-FWD`,
    `-A FLANNEL-FWD -s ${network} ${forward} -j ACCEPT`,
    `-A FLANNEL-FWD -d ${network} ${forward} -j ACCEPT`,
  );
}
