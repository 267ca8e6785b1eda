/**
 * The network tools on the lab's nodes, each in its real format: ifconfig (net-tools), ip
 * (iproute2), brctl, iptables -L/-S, iptables-save, ipvsadm, conntrack, and curl and ping run
 * through the tracer (their flows handed to the page for animation).
 */
import { describe, expect, it } from 'vitest';
import { setKubeProxyMode } from '../../src/core/edit.ts';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { simulate } from '../../src/core/index.ts';
import { parseRule } from '../../src/core/netfilter/rule.ts';
import { iptablesSave, type Table } from '../../src/core/netfilter/ruleset.ts';
import { iptablesList } from '../../src/core/print/iptables-list.ts';
import { textShell } from '../../src/terminal/index.ts';
import { LAB_TEXT } from '../helpers.ts';

const lab = simulate(LAB_TEXT).state;
const dp = buildDataplane(lab);
const node1 = dp.namespaces.find((n) => n.id === 'node:k8smaster01')!;
const pod = lab.pods[0]!;
const frontend = lab.services.find((s) => s.name === 'frontend')!;
const veth = node1.interfaces.find((i) => i.kind === 'veth')!;
const docker0 = node1.interfaces.find((i) => i.name === 'docker0')!;

describe('ifconfig', () => {
  it('shows docker0 and the physical eth0 (and lo, and the pod veth), sorted by name, in net-tools format', () => {
    const out = textShell(LAB_TEXT).run('ifconfig');
    expect(
      out
        .split('\n')
        .filter((l) => /^\S/.test(l))
        .map((l) => l.split(':')[0]),
    ).toEqual(['docker0', 'eth0', 'lo', veth.name]);
    expect(out).toContain(
      [
        'docker0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500',
        '        inet 172.17.1.1  netmask 255.255.255.0  broadcast 172.17.1.255',
        `        ether ${docker0.mac}  txqueuelen 0  (Ethernet)`,
        '        RX packets 0  bytes 0 (0.0 B)',
      ].join('\n'),
    );
    expect(out).toContain(
      'eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n        inet 172.24.8.71  netmask 255.255.255.0  broadcast 172.24.8.255\n',
    );
    expect(out).toContain(
      'lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n        inet 127.0.0.1  netmask 255.0.0.0\n        loop  txqueuelen 1000  (Local Loopback)\n',
    );
  });

  it('shows docker0 without RUNNING on a node with no pod, and one device by name', () => {
    const sh = textShell(LAB_TEXT, { node: 'k8smaster02' });
    expect(sh.run('ifconfig docker0').split('\n')[0]).toBe('docker0: flags=4099<UP,BROADCAST,MULTICAST>  mtu 1500');
    expect(sh.run('ifconfig eth9')).toBe('eth9: error fetching interface information: Device not found\n');
  });
});

describe('ip', () => {
  it('ip addr, ip route, ip link of the node, as iproute2 prints them', () => {
    const sh = textShell(LAB_TEXT);
    const addr = sh.run('ip addr');
    expect(addr).toContain('3: docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n');
    expect(addr).toMatch(
      new RegExp(
        `\\n${veth.index}: ${veth.name}@if${veth.index - 1}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master docker0 state UP`,
      ),
    );
    expect(sh.run('ip a show dev eth0')).toBe(
      `2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP group default qlen 1000\n    link/ether ${node1.interfaces[1]!.mac} brd ff:ff:ff:ff:ff:ff\n    inet 172.24.8.71/24 brd 172.24.8.255 scope global eth0\n       valid_lft forever preferred_lft forever\n`,
    );
    expect(sh.run('ip route')).toBe(
      [
        'default via 172.24.8.1 dev eth0',
        '172.17.1.0/24 dev docker0 proto kernel scope link src 172.17.1.1',
        '172.17.2.0/24 via 172.24.8.72 dev eth0',
        '172.17.3.0/24 via 172.24.8.73 dev eth0',
        '172.24.8.0/24 dev eth0 proto kernel scope link src 172.24.8.71',
        '',
      ].join('\n'),
    );
    expect(sh.run('ip r show table local')).toContain('local 172.24.8.71 dev eth0 proto kernel scope host src 172.24.8.71');
    expect(sh.run(`ip route get ${pod.ip}`)).toBe(`${pod.ip} dev docker0 src 172.17.1.1 \n    cache \n`);
    expect(sh.run('ip route get 172.17.2.5')).toBe('172.17.2.5 via 172.24.8.72 dev eth0 src 172.24.8.71 \n    cache \n');
    expect(sh.run('ip link')).toContain(
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP mode DEFAULT group default qlen 1000\n',
    );
    expect(sh.run('ip link')).not.toContain('inet ');
  });

  it('answers unknown objects and devices as ip does', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('ip foo')).toBe('Object "foo" is unknown, try "ip help".\n');
    expect(sh.run('ip addr show dev nope')).toBe('Device "nope" does not exist.\n');
  });

  it('route -n in net-tools columns', () => {
    const out = textShell(LAB_TEXT).run('route -n');
    expect(out.split('\n').slice(0, 4)).toEqual([
      'Kernel IP routing table',
      'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
      '0.0.0.0         172.24.8.1      0.0.0.0         UG    0      0        0 eth0',
      '172.17.1.0      0.0.0.0         255.255.255.0   U     0      0        0 docker0',
    ]);
  });
});

describe('brctl show', () => {
  it('lists docker0 with its bridge id (8000.MAC) and the pod veth', () => {
    expect(textShell(LAB_TEXT).run('brctl show')).toBe(
      `bridge name\tbridge id\t\tSTP enabled\tinterfaces\ndocker0\t\t8000.${docker0.mac.replace(/:/g, '')}\tno\t\t${veth.name}\n`,
    );
  });

  it('puts each further port on a line of its own', () => {
    const text = LAB_TEXT.replace(/\s+hostPort: 80/, '').replace('replicas: 1', 'replicas: 4');
    const out = textShell(text).run('brctl show');
    expect(out.split('\n')[2]).toMatch(/^\t\t\t\t\t\t\tveth[0-9a-f]{7}$/);
  });
});

describe('iptables', () => {
  it('iptables-save [-t nat] prints the node rules', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('iptables-save')).toBe(iptablesSave(node1.iptables));
    const nat = sh.run('iptables-save -t nat');
    expect(nat).toBe(iptablesSave(node1.iptables, 'nat'));
    expect(nat).toContain(`-A DOCKER ! -i docker0 -p tcp -m tcp --dport 80 -j DNAT --to-destination ${pod.ip}:80`);
    expect(sh.run('iptables-save -t raw')).toContain('*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT');
    expect(sh.run('iptables-save -t foo')).toMatch(/can't initialize iptables table `foo': Table does not exist/);
  });

  it('iptables -t nat -L -n lists chains with policies, references, and each rule rendered', () => {
    const out = textShell(LAB_TEXT).run('iptables -t nat -L -n');
    expect(out.startsWith('Chain PREROUTING (policy ACCEPT)\ntarget     prot opt source               destination         \n')).toBe(true);
    expect(out).toContain('KUBE-SERVICES  all  --  0.0.0.0/0            0.0.0.0/0            /* kubernetes service portals */\n');
    expect(out).toContain('DOCKER     all  --  0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL\n');
    expect(out).toContain('\n\nChain DOCKER (2 references)\n');
    expect(out).toContain(`DNAT       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:80 to:${pod.ip}:80\n`);
    expect(out).toContain(
      `KUBE-MARK-MASQ  tcp  -- !172.17.0.0/16        ${frontend.clusterIP.padEnd(19)}  /* default/frontend: cluster IP */ tcp dpt:80\n`,
    );
    expect(out).toContain('MARK       all  --  0.0.0.0/0            0.0.0.0/0            MARK or 0x4000\n');
    expect(out).toContain('/* kubernetes service traffic requiring SNAT */ mark match 0x4000/0x4000');
  });

  it('without -n: anywhere and service names; -v adds counters and interfaces; one chain; -S', () => {
    const sh = textShell(LAB_TEXT);
    const chain = sh.run('iptables -t nat -L DOCKER');
    expect(chain).toBe(
      `Chain DOCKER (2 references)\ntarget     prot opt source               destination         \nRETURN     all  --  anywhere             anywhere            \nDNAT       tcp  --  anywhere             anywhere             tcp dpt:http to:${pod.ip}:80\n`,
    );
    const verbose = sh.run('iptables -t nat -nvL POSTROUTING');
    expect(verbose.split('\n').slice(0, 3)).toEqual([
      'Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)',
      ' pkts bytes target     prot opt in     out     source               destination         ',
      '    0     0 KUBE-POSTROUTING  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* kubernetes postrouting rules */',
    ]);
    expect(sh.run('iptables -L FORWARD -n --line-numbers').split('\n')[1]).toBe(
      'num  target     prot opt source               destination         ',
    );
    expect(sh.run('iptables -t nat -S DOCKER')).toBe(
      `-N DOCKER\n-A DOCKER -i docker0 -j RETURN\n-A DOCKER ! -i docker0 -p tcp -m tcp --dport 80 -j DNAT --to-destination ${pod.ip}:80\n`,
    );
    expect(sh.run('iptables -t nat -L NOPE')).toBe('iptables: No chain/target/match by that name.\n');
    expect(sh.run('iptables -t nat')).toMatch(/no command specified/);
  });

  it('a rule without -j has a blank target column, as iptables -L prints it (iptables v1.8.9 in a network namespace)', () => {
    const rules = ['-A FORWARD -s 10.0.0.0/8', '-A FORWARD -p tcp -m tcp --dport 80', '-A FORWARD -j ACCEPT'].map(parseRule);
    const table: Table = { name: 'filter', chains: new Map([['FORWARD', { name: 'FORWARD', policy: 'ACCEPT', rules }]]) };
    expect(iptablesList(table, { numeric: true })).toBe(
      [
        'Chain FORWARD (policy ACCEPT)',
        'target     prot opt source               destination         ',
        '           all  --  10.0.0.0/8           0.0.0.0/0           ',
        '           tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:80',
        'ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0           ',
      ].join('\n'),
    );
  });

  it('iptables -L in iptables mode shows the KUBE-SVC chain probabilities', () => {
    const text = LAB_TEXT.replace(/\s+hostPort: 80/, '').replace('replicas: 1', 'replicas: 3');
    const out = textShell(text).run('iptables -t nat -L -n');
    expect(out).toMatch(
      /KUBE-SEP-\w+ +all +-- +0\.0\.0\.0\/0 +0\.0\.0\.0\/0 +\/\* default\/frontend: \*\/ statistic mode random probability 0\.33333333349\n/,
    );
  });
});

describe('ipvsadm', () => {
  it('lists virtual servers and their real servers in ipvs mode, nothing in iptables mode', () => {
    expect(textShell(LAB_TEXT).run('ipvsadm -Ln')).toBe(
      'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n',
    );
    const out = textShell(setKubeProxyMode(LAB_TEXT, 'ipvs')).run('ipvsadm -Ln');
    expect(out).toContain(`TCP  ${frontend.clusterIP}:80 rr\n  -> ${`${pod.ip}:80`.padEnd(28)} Masq    1      0          0\n`);
  });
});

describe('ipset', () => {
  it("list -n prints the sets' names only, one a line, as ipset does", () => {
    const sh = textShell(setKubeProxyMode(LAB_TEXT, 'ipvs'));
    const names = [...sh.run('ipset list').matchAll(/^Name: (.+)$/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(3);
    expect(sh.run('ipset list -n')).toBe(names.map((n) => `${n}\n`).join(''));
    expect(sh.run('ipset -n list')).toBe(names.map((n) => `${n}\n`).join(''));
    expect(sh.run('ipset list -n KUBE-CLUSTER-IP')).toBe('KUBE-CLUSTER-IP\n');
  });
});

describe('curl and conntrack', () => {
  it('curl through the hostPort from another node reaches the pod; the flow is handed to the page', () => {
    const sh = textShell(LAB_TEXT, { node: 'k8smaster02' });
    const out = sh.run('curl 172.24.8.71');
    expect(out).toContain(`<h1>${pod.name}</h1>`);
    expect(out).toContain('The server sees this client as 172.24.8.72:');
    expect(sh.flows).toHaveLength(1);
    expect(sh.flows[0]!.request).toEqual({ from: 'node:k8smaster02', to: { ip: '172.24.8.71', port: 80 }, proto: 'tcp' });
    expect(sh.flows[0]!.trace.verdict).toBe('delivered');
    const ct = sh.run('conntrack -L');
    expect(ct).toMatch(
      /^tcp {6}6 86399 ESTABLISHED src=172\.24\.8\.72 dst=172\.24\.8\.71 sport=(\d+) dport=80 src=172\.24\.8\.71 dst=172\.24\.8\.72 sport=80 dport=\1 \[ASSURED\] mark=0 use=1\nconntrack v1\.4\.4 \(conntrack-tools\): 1 flow entries have been shown\.\n$/,
    );
  });

  it('the receiving node tracks the DNAT to the pod', () => {
    const sh = textShell(LAB_TEXT, { node: 'k8smaster02' });
    sh.run('curl 172.24.8.71:80');
    sh.run('ssh k8smaster01');
    expect(sh.run('conntrack -L')).toMatch(
      new RegExp(`dst=172\\.24\\.8\\.71 sport=\\d+ dport=80 src=${pod.ip!.replace(/\./g, '\\.')} dst=172\\.24\\.8\\.72 sport=80 `),
    );
    expect(sh.run('conntrack -F')).toBe('conntrack v1.4.4 (conntrack-tools): connection tracking table has been emptied.\n');
    expect(sh.run('conntrack -L')).toBe('conntrack v1.4.4 (conntrack-tools): 0 flow entries have been shown.\n');
  });

  it('prints curl errors as curl does', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('curl 172.24.8.71:81')).toBe('curl: (7) Failed to connect to 172.24.8.71 port 81: Connection refused\n');
    expect(sh.run('curl 172.24.8.99')).toBe('curl: (7) Failed to connect to 172.24.8.99 port 80: No route to host\n');
    expect(sh.run('curl nosuchhost')).toBe('curl: (6) Could not resolve host: nosuchhost\n');
    expect(sh.run('curl')).toBe("curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
    // No rule for port 80 of the kubernetes service: the packet follows the default route and is lost.
    expect(sh.run('curl 10.254.0.1')).toBe('curl: (7) Failed to connect to 10.254.0.1 port 80: Connection timed out\n');
    expect(sh.run('curl -m 5 10.254.0.1')).toBe('curl: (28) Connection timed out after 5001 milliseconds\n');
    expect(sh.run('curl 10.254.0.1:443')).toBe('Client sent an HTTP request to an HTTPS server.\n');
    const conntrack = sh.run('conntrack -L');
    expect(conntrack).toMatch(/SYN_SENT src=172\.24\.8\.71 dst=10\.254\.0\.1 sport=\d+ dport=80 \[UNREPLIED\]/);
  });

  it('a service without endpoints refuses the connection (kube-proxy REJECT)', () => {
    const sh = textShell(LAB_TEXT);
    sh.run('kubectl scale rc frontend --replicas=0');
    expect(sh.run(`curl ${frontend.clusterIP}`)).toBe(`curl: (7) Failed to connect to ${frontend.clusterIP} port 80: Connection refused\n`);
    expect(sh.flows.at(-1)!.trace.verdict).toBe('rejected');
  });

  it('curl from inside the pod to its service (hairpin) and -I, -v', () => {
    const sh = textShell(LAB_TEXT);
    const id = pod.containers[1]!.id.slice(0, 12);
    sh.run(`docker exec -it ${id} bash`);
    expect(sh.run(`curl -s ${frontend.clusterIP}`)).toContain(`<h1>${pod.name}</h1>`);
    expect(sh.flows.at(-1)!.request.from).toBe(`pod:default/${pod.name}`);
    expect(sh.run(`curl -I ${frontend.clusterIP}`)).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(sh.run(`curl -v ${frontend.clusterIP}`)).toContain(
      `* Connected to ${frontend.clusterIP} (${frontend.clusterIP}) port 80 (#0)\n> GET / HTTP/1.1\n`,
    );
  });
});

describe('ping', () => {
  it('a pod on another node answers, one router fewer in the TTL', () => {
    const sh = textShell(LAB_TEXT, { node: 'k8smaster02' });
    const out = sh.run(`ping -c 2 ${pod.ip}`);
    const lines = out.split('\n');
    expect(lines[0]).toBe(`PING ${pod.ip} (${pod.ip}) 56(84) bytes of data.`);
    expect(lines[1]).toMatch(/^64 bytes from 172\.17\.1\.\d+: icmp_seq=1 ttl=63 time=\d\.\d{3} ms$/);
    expect(lines[2]).toMatch(/^64 bytes from 172\.17\.1\.\d+: icmp_seq=2 ttl=63 time=\d\.\d{3} ms$/);
    expect(lines[1]).toContain(`from ${pod.ip}:`);
    expect(out).toContain(`--- ${pod.ip} ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time `);
    expect(out).toMatch(/rtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms\n$/);
    // Traced as UDP (no ICMP in the tracer), so not animated: the packet panel would say refused.
    expect(sh.flows).toEqual([]);
  });

  it('a cluster IP does not answer in iptables mode, and does in ipvs mode', () => {
    expect(textShell(LAB_TEXT).run(`ping ${frontend.clusterIP}`)).toContain('4 packets transmitted, 0 received, 100% packet loss');
    expect(textShell(setKubeProxyMode(LAB_TEXT, 'ipvs')).run(`ping -c 1 ${frontend.clusterIP}`)).toContain(
      '1 packets transmitted, 1 received, 0% packet loss',
    );
  });

  it('a missing host on the local network is unreachable; names resolve through /etc/hosts', () => {
    const sh = textShell(LAB_TEXT);
    expect(sh.run('ping -c 3 172.24.8.99')).toContain('From 172.24.8.71 icmp_seq=1 Destination Host Unreachable\n');
    expect(sh.run('ping -c 1 k8smaster03')).toMatch(
      /^PING k8smaster03 \(172\.24\.8\.73\) 56\(84\) bytes of data\.\n64 bytes from k8smaster03 \(172\.24\.8\.73\): icmp_seq=1 ttl=64 /,
    );
    expect(sh.run('ping nosuch')).toBe('ping: nosuch: Name or service not known\n');
  });
});

describe("kube-proxy's health check node port (LoadBalancer, externalTrafficPolicy: Local)", () => {
  const text = LAB_TEXT.replace('  type: ClusterIP\n', '').replace(
    /(kind: Service\n[\s\S]*?spec:\n)/,
    '$1  type: LoadBalancer\n  externalTrafficPolicy: Local\n',
  );
  const state = simulate(text).state;
  const svc = state.services.find((s) => s.name === 'frontend')!;

  it('is allocated, described, and answered by every node: 200 where an endpoint runs, 503 elsewhere', () => {
    expect(svc.type).toBe('LoadBalancer');
    const port = svc.healthCheckNodePort!;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(svc.ports.map((p) => p.nodePort)).not.toContain(port);
    const sh = textShell(text);
    expect(sh.run('kubectl describe svc frontend')).toMatch(new RegExp(`\\nHealthCheck NodePort: +${port}\\n`));
    const on = (ip: string) => sh.run(`curl -i http://${ip}:${port}/`);
    const here = on('172.24.8.71');
    expect(here).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(here).toContain('"localEndpoints": 1');
    const there = on('172.24.8.72');
    expect(there).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(there).toContain('"name": "frontend"');
    expect(there).toContain('"localEndpoints": 0');
  });

  it('is refused where kube-proxy serves no health checks: userspace mode', () => {
    const sh = textShell(setKubeProxyMode(text, 'userspace'));
    expect(sh.run(`curl http://172.24.8.71:${svc.healthCheckNodePort}/`)).toContain('Connection refused');
  });
});
