/**
 * Cluster DNS judged by the kernel, on each profile: the book's cluster with kube-dns (the Names
 * lesson's scenario), kind's and flannel's with CoreDNS. The scenario's namespaces are built, a
 * small responder (dns-server.ts) answers from the simulator's zone in each DNS pod's namespace and
 * forwards a name outside cluster.local to the DNS pod's own nameserver (the node's: the first
 * host), where another answers NXDOMAIN; a real glibc resolver (`getent ahostsv4`, run with
 * `ip netns exec`, which mounts /etc/netns/NS/resolv.conf over /etc/resolv.conf) looks names up from
 * a pod with the resolv.conf the simulator gives it. Its questions pass the kernel's kube-proxy
 * rules (UDP to the kube-dns cluster IP, DNATed to a DNS pod and back), the forwarded ones the
 * node's masquerade; the questions the DNS pods and the upstream received, in order, the address
 * the upstream saw them from, and the address getent prints must be the tracer's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { clusterZone, podDnsConf } from '../../src/core/dns/cluster-dns.ts';
import { lookupFlow, resolverFileOf } from '../../src/core/dns/lookup-flow.ts';
import { formatResolvConf } from '../../src/core/dns/resolv-conf.ts';
import { simulate } from '../../src/core/index.ts';
import { nsId } from '../../src/core/namespace-id.ts';
import { dataplaneJson } from '../../src/core/print/json.ts';
import { Network } from '../../src/core/trace/index.ts';
import { ROOT, type Dataplane } from './dataplane.ts';
import { KernelCluster, kernelEnvironment, run } from './netns.ts';

const env = kernelEnvironment();

const SCENARIOS = [
  { profile: 'book (kube-dns)', file: 'src/scenarios/files/names.yaml' },
  { profile: 'kind (CoreDNS)', file: 'tests/fixtures/kind.yaml' },
  { profile: 'flannel (CoreDNS)', file: 'tests/fixtures/flannel.yaml' },
];

function needKernel(ctx: TestContext): void {
  if (env.ok) return;
  if (process.env.CI) throw new Error(`CI is set, so the kernel suite must run, but: ${env.reason}`);
  ctx.skip(env.reason);
}

interface Question {
  readonly at: bigint;
  readonly name: string;
  readonly from: string;
}

const byTime = (a: Question, b: Question) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

/** A responder in a namespace, its questions pushed to `heard`; resolves once it is bound. */
function startResponder(ns: string, args: string[], heard: Question[], servers: ChildProcess[]): Promise<void> {
  const child = spawn('ip', ['netns', 'exec', ns, join(ROOT, 'node_modules/.bin/tsx'), join(ROOT, 'tests/kernel/dns-server.ts'), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  servers.push(child);
  return new Promise<void>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`DNS responder in ${ns} did not start: ${err}`)), 20_000);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (line === 'ready') {
          clearTimeout(timer);
          resolve();
        } else if (line.startsWith('{')) {
          const q = JSON.parse(line) as { at: string; name: string; from: string };
          heard.push({ at: BigInt(q.at), name: q.name, from: q.from });
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`DNS responder in ${ns} exited with ${code}: ${err}`)));
  });
}

for (const { profile, file } of SCENARIOS) {
  const sim = simulate(readFileSync(join(ROOT, file), 'utf8'));
  const client = sim.state.pods.find((p) => p.namespace === 'default' && p.phase === 'Running' && !p.hostNetwork)!;
  const dnsPods = sim.state.pods.filter((p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns');
  const host = sim.state.cluster.hosts[0]!;
  const CLIENT = nsId.pod(client.namespace, client.name);
  const service = sim.state.services.find((s) => s.namespace === 'default' && !s.builtin && s.clusterIP !== 'None')!;
  /** A short name (search list first), a name with a dot, a full one, an absolute one, one nobody has, and one outside the cluster. */
  const NAMES = [
    service.name,
    'kubernetes.default',
    `${service.name}.default.svc.cluster.local`,
    `${service.name}.default.svc.cluster.local.`,
    'nosuch',
    'example.com',
  ];

  describe(`cluster DNS in the kernel: ${profile}`, () => {
    let cluster: KernelCluster | undefined;
    const servers: ChildProcess[] = [];
    const heard: Question[] = [];
    const upstreamHeard: Question[] = [];
    const dir = join(tmpdir(), `kn-dns-${process.pid}-${profile.split(' ')[0]}`);
    let netnsDir: string | undefined;

    beforeAll(async () => {
      if (!env.ok) return;
      expect(dnsPods.length).toBeGreaterThan(0);
      mkdirSync(dir, { recursive: true });
      const zoneFile = join(dir, 'zone.json');
      writeFileSync(zoneFile, JSON.stringify(clusterZone(sim.state)));
      const dp = JSON.parse(JSON.stringify(dataplaneJson(sim.state, buildDataplane(sim.state)))) as Dataplane;
      cluster = await KernelCluster.build(dp);
      await startResponder(cluster.nsOf(nsId.host(host.name)), ['-', '-'], upstreamHeard, servers);
      for (const pod of dnsPods) {
        const id = nsId.pod(pod.namespace, pod.name);
        const upstream = resolverFileOf(sim.state, id)!.nameservers[0]!;
        await startResponder(cluster.nsOf(id), [zoneFile, upstream], heard, servers);
      }
      // The client pod's resolv.conf, as `ip netns exec` mounts it.
      netnsDir = `/etc/netns/${cluster.nsOf(CLIENT)}`;
      mkdirSync(netnsDir, { recursive: true });
      writeFileSync(join(netnsDir, 'resolv.conf'), formatResolvConf(podDnsConf(sim.state.cluster, client)));
    }, 120_000);

    afterAll(async () => {
      for (const s of servers) {
        s.removeAllListeners('exit');
        s.stdin?.end();
        s.kill();
      }
      await cluster?.destroy();
      if (netnsDir) rmSync(netnsDir, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    });

    for (const name of NAMES)
      it(`a real resolver looking up "${name}" asks what the tracer asks and gets its address`, async (ctx) => {
        needKernel(ctx);
        const expected = lookupFlow(sim.state, new Network(buildDataplane(sim.state), 1), CLIENT, name, 'A');
        const before = heard.length;
        const upstreamBefore = upstreamHeard.length;
        const r = await run('ip', ['netns', 'exec', cluster!.nsOf(CLIENT), 'getent', 'ahostsv4', name]);
        await new Promise((resolve) => setTimeout(resolve, 100)); // the responders' last lines
        const asked = heard.slice(before).sort(byTime);
        expect(
          asked.map((q) => q.name),
          'the questions, in order',
        ).toEqual(expected.queries.map((q) => q.name));
        expect(expected.queries.every((q) => q.rcode !== 'TIMEOUT')).toBe(true);
        const forwards = expected.queries.flatMap((q) => (q.forward ? [q.forward] : []));
        const upstream = upstreamHeard.slice(upstreamBefore).sort(byTime);
        expect(
          upstream.map((q) => q.name),
          'the questions forwarded upstream',
        ).toEqual(expected.queries.filter((q) => q.forward).map((q) => q.name));
        expect(
          upstream.map((q) => q.from),
          'where the upstream saw them from',
        ).toEqual(forwards.map((f) => f.trace.serverSees?.ip));
        if (expected.address) {
          expect(r.code, r.stderr).toBe(0);
          expect(r.stdout.split('\n')[0]!.split(/\s+/)[0]).toBe(expected.address);
        } else expect(r.code).toBe(2); // getent: key not found
      });

    it('a name outside cluster.local is forwarded upstream and answered NXDOMAIN there', () => {
      const expected = lookupFlow(sim.state, new Network(buildDataplane(sim.state), 1), CLIENT, 'example.com', 'A');
      const last = expected.queries.at(-1)!;
      expect(last.name).toBe('example.com.');
      expect(last.forward?.server).toBe(host.ip);
      expect(last.forward?.rcode).toBe('NXDOMAIN');
    });
  });
}
