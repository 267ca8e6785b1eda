import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answer, buildZone, type DnsService } from '../../src/core/dns/records.ts';
import { formatResolvConf, podResolvConf, type KubeletDns, type ResolvConf } from '../../src/core/dns/resolv-conf.ts';
import { candidates, resolve, type Reply, type StubResolver } from '../../src/core/dns/resolver.ts';
import type { EndpointsState } from '../../src/core/model.ts';

const node: ResolvConf = { nameservers: ['172.24.8.1'], searches: ['lab.example'], options: [{ name: 'timeout', value: '2' }] };
const kubelet: KubeletDns = { clusterDNS: ['10.254.0.10'], clusterDomain: 'cluster.local', hostResolvConf: node };
const clusterSearch = ['demo.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];

describe('the resolv.conf the kubelet writes', () => {
  it('ClusterFirst: the cluster DNS, the namespace search list then the node searches, ndots:5 only', () => {
    const { conf } = podResolvConf({ namespace: 'demo', hostNetwork: false }, kubelet);
    expect(formatResolvConf(conf)).toBe(
      'search demo.svc.cluster.local svc.cluster.local cluster.local lab.example\nnameserver 10.254.0.10\noptions ndots:5\n',
    );
  });

  it('ClusterFirst on a hostNetwork pod takes the node file; ClusterFirstWithHostNet the cluster one', () => {
    expect(podResolvConf({ namespace: 'demo', hostNetwork: true }, kubelet).conf).toEqual(node);
    const withHostNet = podResolvConf({ namespace: 'demo', hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }, kubelet).conf;
    expect(withHostNet.nameservers).toEqual(['10.254.0.10']);
    expect(withHostNet.searches.slice(0, 3)).toEqual(clusterSearch);
  });

  it('Default copies the node file; with --resolv-conf "" it is the loopback resolver searching "."', () => {
    expect(podResolvConf({ namespace: 'demo', hostNetwork: false, dnsPolicy: 'Default' }, kubelet).conf).toEqual(node);
    const bare = podResolvConf(
      { namespace: 'demo', hostNetwork: false, dnsPolicy: 'Default' },
      { clusterDNS: [], clusterDomain: 'cluster.local' },
    );
    expect(bare.conf).toEqual({ nameservers: ['127.0.0.1'], searches: ['.'], options: [] });
  });

  it('ClusterFirst with no cluster DNS falls back to the node file and says so', () => {
    const r = podResolvConf({ namespace: 'demo', hostNetwork: false }, { ...kubelet, clusterDNS: [] });
    expect(r).toEqual({ conf: node, missingClusterDNS: true });
    expect(podResolvConf({ namespace: 'demo', hostNetwork: false }, kubelet).missingClusterDNS).toBe(false);
  });

  it('None is empty but for dnsConfig, which every policy merges in (no duplicates, the pod option wins)', () => {
    const dnsConfig = {
      nameservers: ['1.2.3.4', '10.254.0.10'],
      searches: ['my.dns.search.suffix'],
      options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }],
    };
    expect(formatResolvConf(podResolvConf({ namespace: 'demo', hostNetwork: false, dnsPolicy: 'None', dnsConfig }, kubelet).conf)).toBe(
      'search my.dns.search.suffix\nnameserver 1.2.3.4\nnameserver 10.254.0.10\noptions ndots:2 edns0\n',
    );
    const merged = podResolvConf({ namespace: 'demo', hostNetwork: false, dnsConfig }, kubelet).conf;
    expect(merged.nameservers).toEqual(['10.254.0.10', '1.2.3.4']);
    expect(merged.searches).toEqual([...clusterSearch, 'lab.example', 'my.dns.search.suffix']);
    expect(merged.options).toEqual([{ name: 'ndots', value: '2' }, { name: 'edns0' }]);
  });

  it('keeps 3 nameservers and 32 search paths, and drops a path over 253 characters', () => {
    const many = Array.from({ length: 40 }, (_, i) => `s${i}.example`);
    const dnsConfig = { nameservers: ['1.1.1.1', '2.2.2.2', '3.3.3.3'], searches: ['x'.repeat(254), ...many] };
    const { conf } = podResolvConf({ namespace: 'demo', hostNetwork: false, dnsConfig }, kubelet);
    expect(conf.nameservers).toEqual(['10.254.0.10', '1.1.1.1', '2.2.2.2']);
    expect(conf.searches).toHaveLength(32);
    expect(conf.searches.some((s) => s.length > 253)).toBe(false);
  });
});

const endpoints = (
  name: string,
  ips: readonly string[],
  ports = [{ name: 'http', port: 8080, protocol: 'TCP' as const }],
): EndpointsState => ({
  namespace: 'demo',
  name,
  subsets: [
    { addresses: ips.map((ip, i) => ({ ip, targetRef: { kind: 'Pod' as const, namespace: 'demo', name: `${name}-${i}` } })), ports },
  ],
});

describe('the records of the cluster zone', () => {
  const services: DnsService[] = [
    {
      namespace: 'demo',
      name: 'frontend',
      clusterIP: '10.254.176.53',
      ports: [
        { name: 'http', port: 80, protocol: 'TCP' },
        { port: 81, protocol: 'TCP' },
      ],
    },
    { namespace: 'demo', name: 'db', clusterIP: 'None', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
    { namespace: 'demo', name: 'empty', clusterIP: 'None', ports: [] },
    { namespace: 'demo', name: 'search', externalName: 'search.example.com', ports: [] },
  ];
  const zone = buildZone({
    domain: 'cluster.local',
    ttl: 30,
    services,
    endpoints: [endpoints('db', ['172.17.1.2', '172.17.2.2']), endpoints('empty', [])],
    pods: [
      { namespace: 'demo', name: 'db-0', hostname: 'web-0', subdomain: 'db' },
      { namespace: 'demo', name: 'db-1', hostname: 'web-1', subdomain: 'other' },
    ],
  });
  const data = (name: string, type: 'A' | 'SRV' | 'CNAME') => answer(zone, name, type).answers.map((r) => r.data);

  it('A for a ClusterIP service, SRV only for its named ports', () => {
    expect(data('frontend.demo.svc.cluster.local', 'A')).toEqual(['10.254.176.53']);
    expect(data('_http._tcp.frontend.demo.svc.cluster.local.', 'SRV')).toEqual(['0 100 80 frontend.demo.svc.cluster.local.']);
    expect(answer(zone, 'FRONTEND.demo.svc.cluster.local.', 'A').answers[0]).toEqual({
      name: 'frontend.demo.svc.cluster.local.',
      type: 'A',
      ttl: 30,
      data: '10.254.176.53',
    });
  });

  it('a headless service: one A per ready endpoint, named by hostname only when subdomain is the service', () => {
    expect(data('db.demo.svc.cluster.local', 'A')).toEqual(['172.17.1.2', '172.17.2.2']);
    expect(data('web-0.db.demo.svc.cluster.local', 'A')).toEqual(['172.17.1.2']);
    expect(answer(zone, 'web-1.db.demo.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(data('172-17-2-2.db.demo.svc.cluster.local', 'A')).toEqual(['172.17.2.2']);
    expect(data('_http._tcp.db.demo.svc.cluster.local', 'SRV')).toEqual([
      '0 50 8080 web-0.db.demo.svc.cluster.local.',
      '0 50 8080 172-17-2-2.db.demo.svc.cluster.local.',
    ]);
    expect(answer(zone, 'empty.demo.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
  });

  it('CNAME for ExternalName, for any type asked', () => {
    expect(data('search.demo.svc.cluster.local', 'A')).toEqual(['search.example.com.']);
    expect(data('search.demo.svc.cluster.local', 'CNAME')).toEqual(['search.example.com.']);
  });

  it("NXDOMAIN for an unknown name in the zone, NODATA for a name with other records, REFUSED outside (not this zone's)", () => {
    expect(answer(zone, 'frontend.svc.cluster.local', 'A')).toEqual({ rcode: 'NXDOMAIN', answers: [] });
    expect(answer(zone, 'frontend.demo.svc.cluster.local', 'SRV')).toEqual({ rcode: 'NOERROR', answers: [] });
    expect(answer(zone, 'demo.svc.cluster.local', 'A')).toEqual({ rcode: 'NOERROR', answers: [] });
    expect(answer(zone, 'example.com', 'A').rcode).toBe('REFUSED');
  });

  it('the resolver walks the search list as ndots:5 decides, and stops at the answer', () => {
    const conf = podResolvConf({ namespace: 'demo', hostNetwork: false }, { ...kubelet, hostResolvConf: undefined }).conf;
    // The cluster DNS answers its zone; a name outside it is refused here (forwarding is lookup-flow's).
    const ask = (server: string, name: string): Reply =>
      server === '10.254.0.10' ? answer(zone, name, 'A') : { rcode: 'TIMEOUT', answers: [] };
    const asked = (name: string, resolver?: StubResolver, c = conf) =>
      resolve(name, 'A', c, ask, resolver).map((q) => `${q.name} ${q.result.rcode}`);
    expect(asked('frontend')).toEqual(['frontend.demo.svc.cluster.local. NOERROR']);
    expect(asked('frontend.demo')).toEqual(['frontend.demo.demo.svc.cluster.local. NXDOMAIN', 'frontend.demo.svc.cluster.local. NOERROR']);
    expect(asked('frontend.demo.svc.cluster.local.')).toEqual(['frontend.demo.svc.cluster.local. NOERROR']);
    expect(asked('nothing')).toEqual([
      'nothing.demo.svc.cluster.local. NXDOMAIN',
      'nothing.svc.cluster.local. NXDOMAIN',
      'nothing.cluster.local. NXDOMAIN',
      // glibc sends a refused question again (attempts:2), as a real resolver did in the kernel suite.
      'nothing. REFUSED',
      'nothing. REFUSED',
    ]);
    expect(asked('nothing', 'musl').at(-1)).toBe('nothing. REFUSED');
    // bind9's tools print the refusal at once.
    expect(asked('nothing.', 'bind')).toEqual(['nothing. REFUSED']);
    const once = { ...conf, options: [...conf.options, { name: 'attempts', value: '1' }] };
    expect(asked('nothing.', 'glibc', once)).toEqual(['nothing. REFUSED']);
    // A name with a record of another type: glibc goes on, musl and bind9's tools stop.
    expect(asked('frontend.demo.svc')).toEqual([
      'frontend.demo.svc.demo.svc.cluster.local. NXDOMAIN',
      'frontend.demo.svc.svc.cluster.local. NXDOMAIN',
      'frontend.demo.svc.cluster.local. NOERROR',
    ]);
    const nodata = ['demo.svc.demo.svc.cluster.local. NXDOMAIN', 'demo.svc.svc.cluster.local. NXDOMAIN', 'demo.svc.cluster.local. NOERROR'];
    expect(asked('demo.svc', 'musl')).toEqual(nodata);
    expect(asked('demo.svc', 'bind')).toEqual(nodata);
    expect(asked('demo.svc', 'glibc')).toEqual([...nodata, 'demo.svc. REFUSED', 'demo.svc. REFUSED']);
  });

  it('glibc asks the nameservers in order, the list attempts times, and rotate turns the starting one', () => {
    const ask = (server: string, name: string): Reply =>
      server === '10.0.0.3'
        ? answer(zone, name, 'A')
        : server === '10.0.0.2'
          ? { rcode: 'SERVFAIL', answers: [] }
          : { rcode: 'TIMEOUT', answers: [] };
    const conf = (options: { name: string; value?: string }[], nameservers = ['10.0.0.1', '10.0.0.2', '10.0.0.3']): ResolvConf => ({
      nameservers,
      searches: ['demo.svc.cluster.local'],
      options: [{ name: 'ndots', value: '5' }, ...options],
    });
    const sent = (c: ResolvConf, name = 'frontend', resolver?: StubResolver) =>
      resolve(name, 'A', c, ask, resolver).map((q) => `${q.server} ${q.name} ${q.result.rcode}`);
    // A silent server and a SERVFAIL send the question on; the third answers.
    expect(sent(conf([]))).toEqual([
      '10.0.0.1 frontend.demo.svc.cluster.local. TIMEOUT',
      '10.0.0.2 frontend.demo.svc.cluster.local. SERVFAIL',
      '10.0.0.3 frontend.demo.svc.cluster.local. NOERROR',
    ]);
    // Nobody answers: the list twice (attempts:2), then three times with attempts:3, and the search stops.
    const deaf = conf([], ['10.0.0.1', '10.0.0.2']);
    expect(sent(deaf).map((l) => l.split(' ')[0])).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.1', '10.0.0.2']);
    expect(sent(conf([{ name: 'attempts', value: '3' }], ['10.0.0.1']))).toHaveLength(3);
    expect(sent(conf([{ name: 'attempts', value: '9' }], ['10.0.0.1']))).toHaveLength(5);
    // rotate: each question starts one server further along.
    const rotated = sent(conf([{ name: 'rotate' }]), 'nothing');
    expect(rotated.filter((l) => l.endsWith('NXDOMAIN') || l.endsWith('NOERROR'))[0]).toBe(
      '10.0.0.3 nothing.demo.svc.cluster.local. NXDOMAIN',
    );
    expect(rotated[3]).toBe('10.0.0.2 nothing. SERVFAIL');
  });
});

describe('search-list expansion', () => {
  const conf = (ndots: number): ResolvConf => ({
    nameservers: ['10.254.0.10'],
    searches: ['a.example', 'b.example'],
    options: [{ name: 'ndots', value: String(ndots) }],
  });
  const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
  const names = fc.array(label, { minLength: 1, maxLength: 7 }).map((l) => l.join('.'));

  it('glibc asks every search domain and the name as given, once each; musl never searches a name with ndots dots', () => {
    fc.assert(
      fc.property(names, fc.integer({ min: 0, max: 15 }), (name, ndots) => {
        const dots = name.split('.').length - 1;
        const glibc = candidates(name, conf(ndots), 'glibc');
        expect(new Set(glibc)).toEqual(new Set([`${name}.`, `${name}.a.example.`, `${name}.b.example.`]));
        expect(glibc[0] === `${name}.`).toBe(dots >= ndots);
        const musl = candidates(name, conf(ndots), 'musl');
        expect(musl).toEqual(dots >= ndots ? [`${name}.`] : [`${name}.a.example.`, `${name}.b.example.`, `${name}.`]);
        expect(candidates(`${name}.`, conf(ndots))).toEqual([`${name}.`]);
      }),
    );
  });
});
