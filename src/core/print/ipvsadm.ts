/** `ipvsadm -Ln`: the IPVS virtual servers and their real servers. */
import type { NodeDataplane } from '../dataplane/model.ts';
import { parseIp } from '../net/ipv4.ts';

export function ipvsadm(node: NodeDataplane): string {
  const out = [
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  ];
  // ipvsadm lists services sorted by protocol number, address and port (libipvs ipvs_cmp_services).
  const protoNumber = (p: string) => ({ TCP: 6, UDP: 17, SCTP: 132 })[p] ?? 0;
  const sorted = [...node.ipvs].sort(
    (a, b) => protoNumber(a.protocol) - protoNumber(b.protocol) || parseIp(a.ip)! - parseIp(b.ip)! || a.port - b.port,
  );
  for (const vs of sorted) {
    out.push(`${vs.protocol}  ${vs.ip}:${vs.port} ${vs.scheduler}${vs.persistent ? ` persistent ${vs.persistent}` : ''}`);
    // "  -> %-28s %-7s %-6d %-10u %-10u": address, forward, weight, active, inactive.
    for (const rs of vs.realServers)
      out.push(`  -> ${`${rs.ip}:${rs.port}`.padEnd(28)} ${'Masq'.padEnd(7)} ${'1'.padEnd(6)} ${'0'.padEnd(10)} 0`);
  }
  return out.join('\n');
}
