/**
 * Cluster DNS wired into the simulation: the resolv.conf each pod gets (dnsPolicy, dnsConfig,
 * hostNetwork), a lookup as traced UDP packets through kube-proxy to a DNS pod and back, and
 * nslookup, dig and host in the terminal printing what bind9's tools print.
 */
import { describe, expect, it } from 'vitest';
import { dnsOptions, readOptions, traceOptions } from '../../src/cli-args.ts';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { podDnsConf } from '../../src/core/dns/cluster-dns.ts';
import { lookupFlow } from '../../src/core/dns/lookup-flow.ts';
import { formatResolvConf } from '../../src/core/dns/resolv-conf.ts';
import { simulate } from '../../src/core/index.ts';
import { lookupJson } from '../../src/core/print/dns.ts';
import { nsId } from '../../src/core/namespace-id.ts';
import { Network } from '../../src/core/trace/index.ts';
import { english } from '../../src/i18n/words.ts';
import { textShell } from '../../src/terminal/index.ts';
import { cluster, errorsOf, scenario, svc } from '../helpers.ts';

const pod = (name: string, spec: object = {}, labels: object = { app: name }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }] }], ...spec },
});
const text = (profile: object = { profile: 'kind' }, ...more: object[]) =>
  scenario(
    cluster(profile),
    pod('client'),
    pod('web', { hostname: 'web-0', subdomain: 'web-hl' }),
    svc('frontend', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] }),
    svc('web-hl', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] }),
    ...more,
  );
const KIND = text();
const sim = simulate(KIND);
const frontendIP = sim.state.services.find((s) => s.name === 'frontend')!.clusterIP;
const webIP = sim.state.pods.find((p) => p.name === 'web')!.ip!;
const dnsPodIPs = sim.state.pods.filter((p) => p.namespace === 'kube-system').map((p) => p.ip);
const CLIENT = nsId.pod('default', 'client');
const inClient = (t: string = KIND) => {
  const sh = textShell(t);
  sh.run('kubectl exec -it client -- sh');
  return sh;
};

describe("the pod's /etc/resolv.conf", () => {
  it('ClusterFirst: the kube-dns address, the namespace search list and ndots:5', () => {
    expect(inClient().run('cat /etc/resolv.conf')).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
  });

  it("a kind node's own file is Docker's resolver through the network's gateway; a hostNetwork pod and Default take it", () => {
    expect(textShell(KIND).run('cat /etc/resolv.conf')).toBe('nameserver 172.18.0.1\noptions ndots:0\n');
    const s = simulate(text({ profile: 'kind' }, pod('hn', { hostNetwork: true }), pod('dflt', { dnsPolicy: 'Default' }))).state;
    for (const name of ['hn', 'dflt'])
      expect(
        formatResolvConf(
          podDnsConf(
            s.cluster,
            s.pods.find((p) => p.name === name)!,
          ),
        ),
      ).toBe('nameserver 172.18.0.1\noptions ndots:0\n');
  });

  it('ClusterFirstWithHostNet gives a hostNetwork pod the cluster DNS; None takes dnsConfig alone', () => {
    const s = simulate(
      text(
        { profile: 'kind' },
        pod('hn', { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }),
        pod('own', {
          dnsPolicy: 'None',
          dnsConfig: { nameservers: ['1.1.1.1'], searches: ['corp.example'], options: [{ name: 'ndots', value: '2' }] },
        }),
      ),
    ).state;
    const conf = (name: string) =>
      formatResolvConf(
        podDnsConf(
          s.cluster,
          s.pods.find((p) => p.name === name)!,
        ),
      );
    expect(conf('hn')).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(conf('own')).toBe('search corp.example\nnameserver 1.1.1.1\noptions ndots:2\n');
  });

  it('the book runs no cluster DNS: a ClusterFirst pod gets the node file (the laptop resolves for the lab network)', () => {
    expect(inClient(text({})).run('cat /etc/resolv.conf')).toBe('nameserver 172.24.8.10\n');
    expect(inClient(text({ dns: 'kube-dns' })).run('cat /etc/resolv.conf')).toContain('nameserver 10.254.0.10\n');
  });

  it('the API server refuses a bad dnsPolicy, None without dnsConfig or a nameserver, and more than 3 nameservers', () => {
    const [bad] = errorsOf(scenario(pod('p', { dnsPolicy: 'clusterFirst' })));
    expect(bad!.message).toBe(
      'spec.dnsPolicy: Unsupported value: "clusterFirst": supported values: "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"',
    );
    expect(errorsOf(scenario(pod('p', { dnsPolicy: 'None' })))[0]!.message).toBe(
      'spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None',
    );
    expect(errorsOf(scenario(pod('p', { dnsPolicy: 'None', dnsConfig: { searches: ['a'] } })))[0]!.message).toBe(
      'spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None',
    );
    expect(
      errorsOf(scenario(pod('p', { dnsConfig: { nameservers: ['1.1.1.1', '1.1.1.2', '1.1.1.3', '1.1.1.4'] } })))[0]!.message,
    ).toContain('must not have more than 3 nameservers');
  });

  it('the API server refuses more than 32 search paths, a search list over 2048 characters, a bad path and a nameless option, each at its line and column', () => {
    const many = Array.from({ length: 33 }, (_, i) => `d${i}.example`);
    expect(errorsOf(scenario(pod('p', { dnsConfig: { searches: many } })))[0]!.message).toBe(
      `spec.dnsConfig.searches: Invalid value: []string{${many.map((d) => `"${d}"`).join(', ')}}: must not have more than 32 search paths`,
    );
    // 9 paths of 230 characters: within 32, but 2078 characters with their spaces.
    const long = Array.from({ length: 9 }, (_, i) => `${String(i)}${'a'.repeat(61)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(39)}`);
    expect(long.join(' ').length).toBe(2078);
    const [tooLong] = errorsOf(scenario(pod('p', { dnsConfig: { searches: long } })));
    expect(tooLong!.message).toContain('must not have more than 2048 characters (including spaces) in the search list');
    // A trailing dot, '.', and '_' pass (RelaxedDNSSearchValidation); an upper case letter does not.
    expect(errorsOf(scenario(pod('p', { dnsConfig: { searches: ['corp.example.', '.', '_tcp.corp'] } })))).toEqual([]);
    const text = scenario(pod('p', { dnsConfig: { searches: ['ok.example', 'Bad.Example'], options: [{ value: '2' }] } }));
    const [bad, nameless] = errorsOf(text);
    expect(bad!.message).toBe(
      `spec.dnsConfig.searches[1]: Invalid value: "Bad.Example": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character`,
    );
    const lines = text.split('\n');
    expect(lines[bad!.line - 1]!.slice(bad!.column - 1)).toBe('- Bad.Example'.slice(2));
    expect(nameless!.message).toBe('spec.dnsConfig.options[0]: Required value: must not be empty');
    expect(lines[nameless!.line - 1]).toContain('value:');
  });

  it('dnsPolicy, dnsConfig, hostname and subdomain draw no "not simulated" warning any more', () => {
    const d = simulate(
      scenario(pod('p', { dnsPolicy: 'Default', dnsConfig: { searches: ['x'] }, hostname: 'h', subdomain: 's' })),
    ).diagnostics;
    expect(d.filter((x) => x.code === 'not-simulated')).toEqual([]);
  });
});

describe('a name lookup is a flow', () => {
  it('sends the search list in ndots order as UDP to kube-dns, DNATed to a DNS pod and un-NATed back', () => {
    const l = lookupFlow(sim.state, new Network(buildDataplane(sim.state), 1), CLIENT, 'kubernetes.default', 'A');
    expect(lookupJson(l)).toEqual({
      queries: [
        { name: 'kubernetes.default.default.svc.cluster.local.', type: 'A', server: '10.96.0.10', rcode: 'NXDOMAIN', answers: [] },
        {
          name: 'kubernetes.default.svc.cluster.local.',
          type: 'A',
          server: '10.96.0.10',
          rcode: 'NOERROR',
          answers: [{ name: 'kubernetes.default.svc.cluster.local.', type: 'A', data: '10.96.0.1' }],
        },
      ],
    });
    expect(l.address).toBe('10.96.0.1');
    for (const q of l.queries) {
      expect(q.trace.verdict).toBe('delivered');
      expect(q.trace.request).toMatchObject({ proto: 'udp', dst: '10.96.0.10', dport: 53 });
      const dnat = q.trace.hops.find((h) => h.direction === 'request' && h.before.dst === '10.96.0.10' && h.after.dst !== '10.96.0.10')!;
      expect(dnsPodIPs).toContain(dnat.after.dst);
      expect(dnat.rule).toContain('-j DNAT');
      expect(q.trace.hops.some((h) => h.kind === 'unnat' && h.after.src === '10.96.0.10')).toBe(true);
      expect(english(q.trace.hops[0]!.explain)).toBe(`The resolver asks 10.96.0.10 port 53 (UDP) for ${q.name} (A).`);
    }
    expect(english(l.queries[1]!.trace.hops.at(-1)!.explain)).toBe(
      'The answer for kubernetes.default.svc.cluster.local. (A) comes back: NOERROR, A 10.96.0.1.',
    );
  });

  it('a headless service answers with its endpoints, a pod hostname under its subdomain, SRV for a named port', () => {
    const net = new Network(buildDataplane(sim.state), 1);
    const ask = (name: string, type: 'A' | 'SRV') => lookupJson(lookupFlow(sim.state, net, CLIENT, name, type)).queries.at(-1)!;
    expect(ask('web-hl', 'A').answers).toEqual([{ name: 'web-hl.default.svc.cluster.local.', type: 'A', data: webIP }]);
    expect(ask('web-0.web-hl', 'A').answers.map((a) => a.data)).toEqual([webIP]);
    expect(ask('_http._tcp.frontend', 'SRV').answers).toEqual([
      { name: '_http._tcp.frontend.default.svc.cluster.local.', type: 'SRV', data: '0 100 80 frontend.default.svc.cluster.local.' },
    ]);
  });

  it('with the DNS pods gone (kube-dns without endpoints) the question is rejected and times out, twice (attempts:2), and the search stops', () => {
    const off = simulate(
      KIND.replace('profile: kind', 'profile: kind\n  nodes: [{name: kind-control-plane, ip: 172.18.0.2/16}]') + '---\n',
    );
    expect(off.ok).toBe(true);
    const state = { ...off.state, endpoints: off.state.endpoints.map((e) => (e.name === 'kube-dns' ? { ...e, subsets: [] } : e)) };
    const l = lookupFlow(state, new Network(buildDataplane(state), 1), CLIENT, 'frontend', 'A');
    const lost = { name: 'frontend.default.svc.cluster.local.', type: 'A', server: '10.96.0.10', rcode: 'TIMEOUT', answers: [] };
    expect(lookupJson(l).queries).toEqual([lost, lost]);
    expect(l.address).toBeUndefined();
  });
});

describe('a name outside cluster.local', () => {
  const coredns = sim.state.pods.filter((p) => p.namespace === 'kube-system').map((p) => nsId.pod(p.namespace, p.name));

  it("costs the search list, then CoreDNS forwards it to its own nameserver (the node file: Docker's resolver at the gateway), which answers NXDOMAIN", () => {
    const l = lookupFlow(sim.state, new Network(buildDataplane(sim.state), 1), CLIENT, 'example.com', 'A');
    expect(l.queries.map((q) => `${q.name} ${q.rcode}${q.forward ? ' forwarded' : ''}`)).toEqual([
      'example.com.default.svc.cluster.local. NXDOMAIN',
      'example.com.svc.cluster.local. NXDOMAIN',
      'example.com.cluster.local. NXDOMAIN',
      'example.com. NXDOMAIN forwarded',
    ]);
    const forward = l.queries[3]!.forward!;
    expect(coredns).toContain(forward.from);
    expect(forward.server).toBe('172.18.0.1');
    expect(forward.trace.verdict).toBe('delivered');
    expect(forward.trace.deliveredTo).toMatchObject({ kind: 'host', process: 'dnsmasq' });
    // kindnetd masquerades the DNS pod's question leaving the pod range: the upstream sees the node.
    expect(forward.trace.serverSees?.ip).toBe(sim.state.cluster.nodes[0]!.ip);
    const words = forward.trace.hops.map((h) => english(h.explain));
    expect(words[0]).toContain('forwards the question (A) to 172.18.0.1 port 53');
    expect(words.at(-1)).toContain('The upstream 172.18.0.1 answers example.com. (A): NXDOMAIN');
    expect(english(l.queries[3]!.trace.hops.at(-1)!.explain)).toContain('(the upstream 172.18.0.1 answered it)');
    expect(l.address).toBeUndefined();
  });

  it('nslookup, host and dig print the forwarded NXDOMAIN; a node asks its own resolver, which knows no cluster name', () => {
    const sh = inClient();
    expect(sh.run('nslookup example.com')).toBe(
      "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find example.com: NXDOMAIN\n\n",
    );
    expect(sh.run('host example.com')).toBe('Host example.com not found: 3(NXDOMAIN)\n');
    expect(sh.run('dig example.com')).toContain(';; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN,');
    const node = textShell(KIND, { node: 'kind-worker' });
    expect(node.run('cat /etc/resolv.conf')).toContain('nameserver 172.18.0.1');
    expect(node.run('nslookup frontend.default.svc.cluster.local')).toBe(
      "Server:\t\t172.18.0.1\nAddress:\t172.18.0.1#53\n\n** server can't find frontend.default.svc.cluster.local: NXDOMAIN\n\n",
    );
  });
});

describe('nslookup, dig and host', () => {
  it("dig of a cluster name that does not exist shows the zone's SOA in the AUTHORITY SECTION, as CoreDNS sends it", () => {
    const out = inClient().run('dig nosuch.default.svc.cluster.local');
    expect(out).toContain(';; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN,');
    expect(out).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n');
    expect(out).toContain(
      ';; QUESTION SECTION:\n;nosuch.default.svc.cluster.local. IN\tA\n\n;; AUTHORITY SECTION:\ncluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1795694400 7200 1800 86400 30\n\n;; Query time:',
    );
    // A name with records has none: its answer section only.
    const found = inClient().run('dig frontend.default.svc.cluster.local');
    expect(found).toContain('AUTHORITY: 0,');
    expect(found).not.toContain('AUTHORITY SECTION');
  });

  it("a record type the tools do not ask for is refused as the tool's own usage error", () => {
    const sh = inClient();
    expect(sh.run('dig frontend MX')).toBe("dig: unsupported query type 'MX': dig here asks for A, SRV or CNAME records\n");
    expect(sh.run('nslookup -type=TXT frontend')).toBe(
      "nslookup: unsupported query type 'TXT': nslookup here asks for A, SRV or CNAME records\n",
    );
  });

  it('nslookup prints the server and the answer, or "server can\'t find"', () => {
    const sh = inClient();
    expect(sh.run('nslookup frontend')).toBe(
      `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tfrontend.default.svc.cluster.local\nAddress: ${frontendIP}\n\n`,
    );
    expect(sh.run('nslookup nosuch.default.svc.cluster.local')).toBe(
      "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nosuch.default.svc.cluster.local: NXDOMAIN\n\n",
    );
  });

  it('host prints "has address", "has SRV record" and "not found: 3(NXDOMAIN)"', () => {
    const sh = inClient();
    expect(sh.run('host frontend')).toBe(`frontend.default.svc.cluster.local has address ${frontendIP}\n`);
    expect(sh.run('host -t SRV _http._tcp.web-hl')).toBe(
      '_http._tcp.web-hl.default.svc.cluster.local has SRV record 0 100 80 web-0.web-hl.default.svc.cluster.local.\n',
    );
    expect(sh.run('host nosuch.default.svc.cluster.local')).toBe('Host nosuch.default.svc.cluster.local not found: 3(NXDOMAIN)\n');
  });

  it("dig asks the name as given (no search list unless +search), in dig's sections and columns", () => {
    const sh = inClient();
    const out = sh.run('dig frontend.default.svc.cluster.local');
    expect(out).toContain(';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ');
    expect(out).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n');
    expect(out).toContain(';; QUESTION SECTION:\n;frontend.default.svc.cluster.local. IN\tA\n\n');
    expect(out).toContain(`;; ANSWER SECTION:\nfrontend.default.svc.cluster.local. 30 IN A\t${frontendIP}\n\n`);
    expect(out).toContain(';; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)\n');
    // Asked as given, "frontend." is outside cluster.local: CoreDNS forwards it, and the upstream's answer is recursive.
    const outside = sh.run('dig frontend');
    expect(outside).toContain('status: NXDOMAIN');
    expect(outside).toContain(';; flags: qr rd ra; QUERY: 1, ANSWER: 0,');
    expect(outside).not.toContain('WARNING');
    expect(sh.run('dig +short +search frontend')).toBe(`${frontendIP}\n`);
    expect(sh.run('dig +short web-hl.default.svc.cluster.local')).toBe(`${webIP}\n`);
  });

  it('curl in a pod finds a service by name through the cluster DNS', () => {
    expect(inClient().run('curl -s frontend')).toContain('of pod default/web, ');
    expect(inClient(text({})).run('curl -s frontend')).toContain('curl: (6) Could not resolve host: frontend');
  });
});

describe('the command line', () => {
  it('dns takes --from, --name and --type; trace takes a name as its destination', () => {
    expect(dnsOptions(readOptions('dns', ['--from', CLIENT, '--name', '_http._tcp.web', '--type', 'srv']))).toEqual({
      from: 'pod:default/client',
      name: '_http._tcp.web',
      type: 'SRV',
      seed: 1,
    });
    expect(() => dnsOptions(readOptions('dns', ['--from', CLIENT, '--name', 'x', '--type', 'MX']))).toThrow(
      '--type must be one of A, SRV, CNAME, not "MX"',
    );
    expect(traceOptions(readOptions('trace', ['--from', CLIENT, '--to', 'frontend:80'])).request.to).toEqual({
      name: 'frontend',
      port: 80,
    });
  });
});
