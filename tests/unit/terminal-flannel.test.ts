/**
 * The shell on a flannel node: the VTEP as `ip -d link` shows it, flanneld's FDB and neighbour
 * entries as `bridge fdb show` and `ip neigh` print them, and its onlink routes in `ip route`.
 */
import { describe, expect, it } from 'vitest';
import { textShell } from '../../src/terminal/index.ts';
import { fixture } from '../helpers.ts';

const shell = () => textShell(fixture('flannel.yaml'));

describe('the shell on a flannel node', () => {
  it('ip -d link show flannel.1: a VXLAN device, VNI 1, its node address, eth0, port 8472, no learning', () => {
    const out = shell().run('ip -d link show flannel.1');
    const [link, ether, vxlan] = out.trimEnd().split('\n');
    expect(link).toMatch(/^3: flannel\.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT/);
    expect(ether).toMatch(/^ {4}link\/ether 4e:8f:21(:[0-9a-f]{2}){3} brd ff:ff:ff:ff:ff:ff promiscuity 0/);
    expect(vxlan).toMatch(/^ {4}vxlan id 1 local 172\.18\.0\.2 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 /);
    // Without -d, no details.
    expect(shell().run('ip link show flannel.1')).not.toContain('vxlan id');
  });

  it("bridge fdb show and ip neigh: one entry per other node, the other VTEP's MAC behind its node address", () => {
    const sh = shell();
    const macOf = (node: string) => {
      const s = shell();
      s.run(`ssh ${node}`);
      return /link\/ether (\S+)/.exec(s.run('ip link show flannel.1'))![1]!;
    };
    const [w1, w2] = [macOf('kind-worker'), macOf('kind-worker2')];
    // Device by device as the kernel lists them: flannel.1 (index 3), then each port of cni0 with its own address.
    const ports = [...sh.run('ip link').matchAll(/^\d+: (veth\w+)@if\d+: .* master cni0 .*\n {4}link\/ether (\S+)/gm)].map((m) => [
      m[1]!,
      m[2]!,
    ]);
    expect(ports.length).toBeGreaterThan(0);
    expect(sh.run('bridge fdb show').trimEnd().split('\n')).toEqual([
      `${w1} dev flannel.1 dst 172.18.0.3 self permanent`,
      `${w2} dev flannel.1 dst 172.18.0.4 self permanent`,
      ...ports.map(([veth, mac]) => `${mac} dev ${veth} master cni0 permanent`),
    ]);
    expect(sh.run(`bridge fdb show dev ${ports[0]![0]}`).trimEnd()).toBe(`${ports[0]![1]} master cni0 permanent`);
    // bridge link: the ports of the node's bridges, as iproute2 prints them.
    expect(sh.run('bridge link').replace(/\n$/, '').split('\n')).toEqual(
      ports.map(([veth]) =>
        expect.stringMatching(
          new RegExp(`^\\d+: ${veth}@if\\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 master cni0 state forwarding priority 32 cost 2 $`),
        ),
      ),
    );
    expect(sh.run('bridge link show dev cni9')).toContain('Cannot find device "cni9"');
    expect(sh.run('bridge fdb show dev flannel.1').trimEnd().split('\n')).toEqual([
      `${w1} dst 172.18.0.3 self permanent`,
      `${w2} dst 172.18.0.4 self permanent`,
    ]);
    expect(sh.run('ip neigh').trimEnd().split('\n')).toEqual([
      `10.244.1.0 dev flannel.1 lladdr ${w1} PERMANENT`,
      `10.244.2.0 dev flannel.1 lladdr ${w2} PERMANENT`,
    ]);
    expect(sh.run('ip neigh show dev flannel.1').trimEnd().split('\n')[0]).toBe(`10.244.1.0 lladdr ${w1} PERMANENT`);
    expect(sh.run('ip route')).toContain('10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink');
  });

  it('refuses to change the entries, and names an unknown device', () => {
    const sh = shell();
    expect(sh.run('bridge fdb append 00:11:22:33:44:55 dev flannel.1 dst 172.18.0.9')).toContain('computes the network from the manifests');
    expect(sh.run('ip neigh add 10.244.9.0 lladdr 00:11:22:33:44:55 dev flannel.1')).toContain('computes the network from the manifests');
    expect(sh.run('ip neigh show dev flannel.9')).toContain('Cannot find device "flannel.9"');
  });
});
