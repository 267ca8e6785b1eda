/**
 * Network devices as the classic tools print them: `ifconfig` (net-tools 2.x), `ip link`
 * (iproute2) and `brctl show` (bridge-utils). Counters are zero: the simulation counts no
 * packets. There is no IPv6, so no inet6 lines.
 */
import type { Dataplane, Interface, NetNamespace } from '../dataplane/model.ts';
import { indexOf } from '../dataplane/lookup.ts';
import { broadcastOf } from '../dataplane/topology.ts';
import { formatIp, maskOf } from '../net/ipv4.ts';
import { ipAddr } from './ip.ts';

/** The interface index of a veth's other end, for the `@ifN` suffix of `ip addr` and `ip link`. */
export function peerIndexOf(dp: Dataplane): (iface: Interface) => number | undefined {
  const index = indexOf(dp);
  return (iface) => index.peer(iface)?.iface.index;
}

const IFF = { UP: 0x1, BROADCAST: 0x2, LOOPBACK: 0x8, RUNNING: 0x40, NOARP: 0x80, MULTICAST: 0x1000 } as const;

function ifconfigFlags(iface: Interface): string {
  const names: (keyof typeof IFF)[] = [];
  if (iface.kind === 'loopback') names.push('UP', 'LOOPBACK', 'RUNNING');
  else if (!iface.up) names.push('BROADCAST', 'NOARP');
  else names.push('UP', 'BROADCAST', ...(iface.noCarrier ? [] : (['RUNNING'] as const)), 'MULTICAST');
  const value = names.reduce((v, n) => v | IFF[n], 0);
  return `flags=${value}<${names.join(',')}>`;
}

/**
 * `ifconfig` (or `ifconfig -a`, which adds the interfaces that are down), sorted by name as
 * net-tools lists them.
 */
export function ifconfig(ns: NetNamespace, options: { all?: boolean; only?: string } = {}): string {
  const list = [...ns.interfaces]
    .filter((i) => (options.only ? i.name === options.only : options.all || i.up))
    .sort((a, b) => a.name.localeCompare(b.name));
  return list
    .map((iface) => {
      const lines = [`${iface.name}: ${ifconfigFlags(iface)}  mtu ${iface.mtu}`];
      for (const address of iface.addresses) {
        const [ip, len] = address.split('/');
        const mask = formatIp(maskOf(Number(len)));
        const brd = iface.kind === 'loopback' ? undefined : broadcastOf(address);
        lines.push(`        inet ${ip}  netmask ${mask}${brd ? `  broadcast ${brd}` : ''}`);
      }
      if (iface.kind === 'loopback') lines.push('        loop  txqueuelen 1000  (Local Loopback)');
      else lines.push(`        ether ${iface.mac}  txqueuelen ${iface.kind === 'physical' ? 1000 : 0}  (Ethernet)`);
      lines.push(
        '        RX packets 0  bytes 0 (0.0 B)',
        '        RX errors 0  dropped 0  overruns 0  frame 0',
        '        TX packets 0  bytes 0 (0.0 B)',
        '        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0',
      );
      return `${lines.join('\n')}\n`;
    })
    .join('\n');
}

/**
 * What `ip -d link` adds under a device's link line: its type's settings. A VXLAN device's as
 * iproute2 prints them for a device made as flanneld makes it (no source port range, TTL and
 * ageing left to the kernel).
 */
function linkDetails(iface: Interface): string | undefined {
  const vx = iface.vxlan;
  if (vx)
    return `    vxlan id ${vx.vni} local ${vx.local} dev ${vx.dev} srcport 0 0 dstport ${vx.port} ${vx.learning ? '' : 'no'}learning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx `;
  if (iface.kind === 'bridge') return '    bridge ';
  if (iface.kind === 'veth') return `    veth ${iface.master ? `\n    bridge_slave hairpin ${iface.hairpin ? 'on' : 'off'} ` : ''}`;
  return undefined;
}

/** `ip link`: the link lines of `ip addr`, with the link mode; with `details`, each type's settings. */
export function ipLink(ns: NetNamespace, peerIndex: (iface: Interface) => number | undefined = () => undefined, details = false): string {
  const lines = ipAddr(ns, peerIndex)
    .split('\n')
    .filter((l) => !l.startsWith('    inet') && !l.startsWith('       valid_lft'))
    .map((l) => l.replace(/ state (\S+) group default/, ' state $1 mode DEFAULT group default'));
  if (!details) return lines.join('\n');
  // Each device is two lines: its link line and its link/... line.
  return ns.interfaces
    .flatMap((iface, i) => {
      const extra = linkDetails(iface);
      return [lines[2 * i]!, `${lines[2 * i + 1]!} promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 `, ...(extra ? [extra] : [])];
    })
    .join('\n');
}

/** `ip addr` (or `ip link`) of one device; undefined when there is no such device. */
export function onlyDevice(text: string, name: string): string | undefined {
  const blocks = text.split(/\n(?=\d+: )/);
  return blocks.find((b) => new RegExp(`^\\d+: ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(@\\S+)?: `).test(b));
}

/** `brctl show`: each bridge, its id (priority 8000 and its MAC), STP, and its ports by name. */
export function brctlShow(ns: NetNamespace): string {
  const out = ['bridge name\tbridge id\t\tSTP enabled\tinterfaces'];
  for (const bridge of ns.interfaces.filter((i) => i.kind === 'bridge').sort((a, b) => a.name.localeCompare(b.name))) {
    const ports = ns.interfaces
      .filter((i) => i.master === bridge.name)
      .map((i) => i.name)
      .sort();
    const head = `${bridge.name}\t\t8000.${bridge.mac.replace(/:/g, '')}\tno\t\t`;
    out.push(`${head}${ports[0] ?? ''}`, ...ports.slice(1).map((p) => `\t\t\t\t\t\t\t${p}`));
  }
  return out.join('\n');
}
