/**
 * kube-proxy in IPVS mode: every cluster IP is bound to the dummy interface kube-ipvs0, the
 * kernel's IPVS load balancer holds a virtual server for each service port (and each node port
 * on each node address), and iptables keep only the masquerade rules, matched through ipsets.
 */
import type { ClusterSpec, NodeSpec } from '../../model.ts';
import type { RuleWriter } from '../../netfilter/ruleset.ts';
import type { IpSet, IpvsVirtualServer } from '../model.ts';
import { cidrContains, parseCidr, parseIp } from '../../net/ipv4.ts';
import { kubeForwardRules } from './shared-rules.ts';
import { comment, keepsTrafficLocal, type ServicePortView } from './service-ports.ts';

export function ipvsModeRules(
  rules: RuleWriter,
  cluster: ClusterSpec,
  node: NodeSpec,
  ports: readonly ServicePortView[],
): { ipvs: IpvsVirtualServer[]; ipsets: IpSet[] } {
  for (const c of ['KUBE-SERVICES', 'KUBE-NODE-PORT']) rules.chain('nat', c);
  rules.prepend('nat', `-A PREROUTING ${comment('kubernetes service portals')} -j KUBE-SERVICES`);
  rules.prepend('nat', `-A OUTPUT ${comment('kubernetes service portals')} -j KUBE-SERVICES`);
  kubeForwardRules(rules, cluster, { dropInvalid: false });
  const nodePortProtos = [...new Set(ports.filter((p) => p.port.nodePort).map((p) => p.proto))].sort();
  for (const proto of nodePortProtos) {
    const PROTO = proto.toUpperCase();
    // A node port with externalTrafficPolicy: Local keeps the client's address: it is not marked.
    if (ports.some((p) => p.proto === proto && keepsTrafficLocal(p)))
      rules.add(
        'nat',
        `-A KUBE-NODE-PORT -p ${proto} ${comment(`Kubernetes nodeport ${PROTO} port with externalTrafficPolicy=local`)} -m set --match-set KUBE-NODE-PORT-LOCAL-${PROTO} dst -j RETURN`,
      );
    rules.add(
      'nat',
      `-A KUBE-NODE-PORT -p ${proto} ${comment(`Kubernetes nodeport ${PROTO} port for masquerade purpose`)} -m set --match-set KUBE-NODE-PORT-${PROTO} dst -j KUBE-MARK-MASQ`,
    );
  }
  const masq = comment('Kubernetes service cluster ip + port for masquerade purpose');
  rules.add(
    'nat',
    // Without --cluster-cidr only what a node sends from a cluster IP (kube-ipvs0 holds them all,
    // so a node may pick one as its source) is masqueraded.
    cluster.kubeProxyClusterCIDR
      ? `-A KUBE-SERVICES ! -s ${cluster.kubeProxyClusterCIDR} ${masq} -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ`
      : `-A KUBE-SERVICES ${masq} -m set --match-set KUBE-CLUSTER-IP src,dst -j KUBE-MARK-MASQ`,
    '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
    '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
  );

  const ipvs: IpvsVirtualServer[] = [];
  // --nodeport-addresses: the node's address gets node port virtual servers only if in those ranges.
  const ranges = cluster.nodePortAddresses ?? [];
  const answersNodePorts = ranges.length === 0 || ranges.some((r) => cidrContains(parseCidr(r)!, parseIp(node.ip)!));
  for (const sp of ports) {
    const realServers = sp.endpoints.map((e) => ({ ip: e.ip, port: e.port }));
    const persistent = sp.service.affinityTimeoutSeconds ? { persistent: sp.service.affinityTimeoutSeconds } : {};
    ipvs.push({ protocol: sp.port.protocol, ip: sp.service.clusterIP, port: sp.port.port, scheduler: 'rr', realServers, ...persistent });
    // Under externalTrafficPolicy: Local the node port's virtual server has this node's endpoints only.
    const nodePortServers = keepsTrafficLocal(sp)
      ? sp.endpoints.filter((e) => e.node === node.name).map((e) => ({ ip: e.ip, port: e.port }))
      : realServers;
    if (sp.port.nodePort && answersNodePorts)
      ipvs.push({
        protocol: sp.port.protocol,
        ip: node.ip,
        port: sp.port.nodePort,
        scheduler: 'rr',
        realServers: nodePortServers,
        ...persistent,
      });
  }
  const ipsets: IpSet[] = [
    {
      name: 'KUBE-CLUSTER-IP',
      type: 'hash:ip,port',
      members: unique(ports.map((p) => `${p.service.clusterIP},${p.proto}:${p.port.port}`)),
    },
    {
      name: 'KUBE-LOOP-BACK',
      type: 'hash:ip,port,ip',
      members: unique(
        ports.flatMap((p) => p.endpoints.filter((e) => e.node === node.name).map((e) => `${e.ip},${p.proto}:${e.port},${e.ip}`)),
      ),
    },
    ...['tcp', 'udp'].flatMap((proto) =>
      [
        { name: `KUBE-NODE-PORT-${proto.toUpperCase()}`, only: () => true },
        { name: `KUBE-NODE-PORT-LOCAL-${proto.toUpperCase()}`, only: keepsTrafficLocal },
      ].map(({ name, only }) => ({
        name,
        type: 'bitmap:port',
        members: unique(ports.filter((p) => p.proto === proto && p.port.nodePort && only(p)).map((p) => String(p.port.nodePort))),
      })),
    ),
  ];
  // After the SNAT rule (written with the chain), and only when some endpoint runs here.
  if (ipsets.find((s) => s.name === 'KUBE-LOOP-BACK')!.members.length > 0)
    rules.add(
      'nat',
      `-A KUBE-POSTROUTING ${comment('Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose')} -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE`,
    );
  return { ipvs, ipsets };
}

/** An ipset holds each member once. */
function unique(members: readonly string[]): string[] {
  return [...new Set(members)];
}
