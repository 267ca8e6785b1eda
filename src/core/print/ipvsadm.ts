/** `ipvsadm -Ln`: the IPVS virtual servers and their real servers. */
import type { NodeDataplane } from '../dataplane/model.ts';

export function ipvsadm(node: NodeDataplane): string {
  const out = [
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  ];
  for (const vs of node.ipvs) {
    out.push(`${vs.protocol.padEnd(4)} ${`${vs.ip}:${vs.port}`} ${vs.scheduler}${vs.persistent ? ` persistent ${vs.persistent}` : ''}`);
    for (const rs of vs.realServers) out.push(`  -> ${`${rs.ip}:${rs.port}`.padEnd(28)}Masq    1      0          0`);
  }
  return out.join('\n');
}
