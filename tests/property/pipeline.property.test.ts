/**
 * Property tests of the pipeline (`simulate`) and of src/core/net/ipv4.ts.
 *
 * The seed comes from the commit (tests/property/seed.ts); fast-check prints the seed, the path and
 * the shrunk counterexample of a failure (replay with PROPERTY_SEED, or `fc.assert(prop, { seed, path })`). Every counterexample found so far is pinned as a
 * plain named test in the `regressions` block at the end.
 *
 * Tests named "found: …" pin a bug these properties found in src/core, fixed since.
 */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { mulberry32 } from '../../src/core/hash.ts';
import { DIAGNOSTIC_CODES, MAX_TEXT_LENGTH, simulate, type Diagnostic, type Simulation } from '../../src/core/index.ts';
import type { ClusterState, PodState, Protocol } from '../../src/core/model.ts';
import {
  cidrContains,
  cidrSize,
  cidrsOverlap,
  formatCidr,
  formatIp,
  maskOf,
  parseCidr,
  parseIp,
  subnetAt,
} from '../../src/core/net/ipv4.ts';
import {
  addressPlanText,
  anyText,
  docsToText,
  extraPod,
  mutatedScenarioText,
  structurallyMutatedScenario,
  validScenario,
  yamlJunk,
  type Scenario,
} from './arbitraries.ts';

// ---------------------------------------------------------------------------------------------
// Checkers
// ---------------------------------------------------------------------------------------------

const HEX64 = /^[0-9a-f]{64}$/;

/** PROPERTY_SCALE=20 npx vitest run tests/property: twenty times the runs, for a deeper search. */
const SCALE = Number(process.env.PROPERTY_SCALE ?? 1) || 1;
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
vi.setConfig({ testTimeout: 30_000 * SCALE });

function show(d: Diagnostic): string {
  return `${d.code} ${d.severity} [${d.from},${d.to}) ${d.line}:${d.column} ${d.message}`;
}

/** Calls simulate, failing with the text when it throws. */
function run(text: string): Simulation {
  try {
    return simulate(text);
  } catch (e) {
    throw new Error(`simulate threw ${(e as Error)?.stack ?? String(e)}\non text ${JSON.stringify(text)}`, { cause: e });
  }
}

/** The well-formedness every diagnostic must have, whatever the text. */
function checkDiagnostics(text: string, sim: Simulation): void {
  for (const d of sim.diagnostics) {
    const where = `${show(d)} in ${JSON.stringify(text)}`;
    expect(Object.hasOwn(DIAGNOSTIC_CODES, d.code), where).toBe(true);
    expect(['error', 'warning'], where).toContain(d.severity);
    expect(typeof d.message === 'string' && d.message.trim().length > 0, where).toBe(true);
    expect(Number.isInteger(d.from) && Number.isInteger(d.to), where).toBe(true);
    expect(d.from >= 0 && d.from <= d.to, where).toBe(true);
    expect(d.from <= text.length, where).toBe(true);
    // line and column of `from`, computed independently (lines end at \n).
    const before = text.slice(0, d.from);
    const line = before.split('\n').length;
    const column = d.from - (before.lastIndexOf('\n') + 1) + 1;
    expect({ line: d.line, column: d.column }, where).toEqual({ line, column });
    expect(d.line >= 1 && d.column >= 1, where).toBe(true);
    if (d.fix) expect(d.fix.from >= 0 && d.fix.from <= d.fix.to && d.fix.to <= text.length, where).toBe(true);
  }
  for (let i = 1; i < sim.diagnostics.length; i++) expect(sim.diagnostics[i - 1]!.from <= sim.diagnostics[i]!.from).toBe(true);
  expect(sim.ok).toBe(!sim.diagnostics.some((d) => d.severity === 'error'));
}

/** A diagnostic's span must end inside the text (an editor refuses a range past its end). */
function checkSpansInsideText(text: string, sim: Simulation): void {
  for (const d of sim.diagnostics)
    expect(d.to, `${show(d)} in ${JSON.stringify(text)} (length ${text.length})`).toBeLessThanOrEqual(text.length);
}

/** A YAML error's message names a line (`yaml: line 3: …`, as kubectl prints it): the line of the mark. */
function checkYamlMessageLines(text: string, sim: Simulation): void {
  for (const d of sim.diagnostics) {
    if (!d.code.startsWith('yaml-') || d.code === 'yaml-alias-limit') continue;
    const m = /yaml: line (\d+):/.exec(d.message);
    expect(m, show(d)).not.toBeNull();
    expect(Number(m![1]), `${show(d)} in ${JSON.stringify(text)}`).toBe(d.line);
  }
}

const errorsOf = (sim: Simulation) => sim.diagnostics.filter((d) => d.severity === 'error').map(show);

interface HostPortUse {
  ip: string;
  port: number;
  protocol: Protocol;
}

function hostPortsOf(pod: PodState): HostPortUse[] {
  return pod.spec.containers.flatMap((c) =>
    c.ports.filter((p) => p.hostPort).map((p) => ({ ip: p.hostIP ?? '0.0.0.0', port: p.hostPort!, protocol: p.protocol })),
  );
}

const portsConflict = (a: HostPortUse, b: HostPortUse) =>
  a.port === b.port && a.protocol === b.protocol && (a.ip === b.ip || a.ip === '0.0.0.0' || b.ip === '0.0.0.0');

const podKey = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;

/**
 * What must hold of the state of any scenario `simulate` accepts (ok). Written without any
 * assumption about how the scenario was made, so it also runs on fuzzed text that happens to be valid.
 */
function checkState(state: ClusterState): void {
  // ---- the address plan: node and host addresses are unique and lie in no pod subnet ----
  {
    const machines = [...state.cluster.nodes, ...state.cluster.hosts];
    const seen = new Map<string, string>();
    for (const m of machines) {
      expect(seen.get(m.ip), `${m.name}'s address ${m.ip} is also ${seen.get(m.ip)}'s`).toBeUndefined();
      seen.set(m.ip, m.name);
      for (const n of state.cluster.nodes)
        expect(
          cidrContains(parseCidr(n.podSubnet)!, parseIp(m.ip)!),
          `${m.name}'s address ${m.ip} lies in ${n.name}'s pod subnet ${n.podSubnet}`,
        ).toBe(false);
    }
    for (const pod of state.pods)
      if (pod.phase === 'Running' && !pod.hostNetwork)
        expect(seen.get(pod.ip!), `pod ${podKey(pod)} has ${pod.ip}, the address of ${seen.get(pod.ip!)}`).toBeUndefined();
  }

  const nodes = new Map(state.cluster.nodes.map((n) => [n.name, n]));
  const nodeCount = state.cluster.nodes.length;

  // ---- pods ----
  const podIps = new Map<string, string>();
  const containerIds = new Map<string, string>();
  const names = new Set<string>();
  const uids = new Set<string>();
  for (const pod of state.pods) {
    const who = `pod ${podKey(pod)}`;
    expect(names.has(podKey(pod)), `${who}: duplicate pod name`).toBe(false);
    names.add(podKey(pod));
    expect(uids.has(pod.uid), `${who}: duplicate uid`).toBe(false);
    uids.add(pod.uid);

    if (pod.phase === 'Running') {
      const node = nodes.get(pod.node ?? '');
      expect(node, `${who}: runs on unknown node ${pod.node}`).toBeDefined();
      if (pod.spec.nodeName !== undefined) expect(pod.node, who).toBe(pod.spec.nodeName);
      else
        for (const [k, v] of Object.entries(pod.spec.nodeSelector))
          expect(node!.labels[k], `${who}: on ${pod.node} against nodeSelector ${k}=${v}`).toBe(v);
      expect(pod.ip, who).toBeDefined();
      if (pod.hostNetwork) expect(pod.ip, `${who}: hostNetwork pod's IP`).toBe(node!.ip);
      else {
        const subnet = parseCidr(node!.podSubnet)!;
        const ip = parseIp(pod.ip!)!;
        const where = `${who}: IP ${pod.ip} in ${node!.podSubnet} on ${node!.name}`;
        expect(ip, where).toBeDefined();
        expect(cidrContains(subnet, ip), where).toBe(true);
        expect(ip, `${where} is the network address`).not.toBe(subnet.base);
        expect(ip, `${where} is docker0's address`).not.toBe(subnet.base + 1);
        expect(ip, `${where} is the broadcast address`).not.toBe(subnet.base + cidrSize(subnet) - 1);
        expect(podIps.get(pod.ip!), `${where}: also the IP of ${podIps.get(pod.ip!)}`).toBeUndefined();
        podIps.set(pod.ip!, podKey(pod));
      }

      // The pause container, then the app containers in manifest order.
      expect(pod.containers.length, who).toBe(pod.spec.containers.length + 1);
      const [pause, ...apps] = pod.containers;
      expect(pause!.role, who).toBe('pause');
      expect(pause!.networkMode, who).toBe(pod.hostNetwork ? 'host' : 'default');
      expect(
        pause!.portMappings.map((m) => `${m.hostIP}:${m.hostPort}->${m.containerPort}/${m.protocol}`),
        `${who}: pause port mappings`,
      ).toEqual(
        pod.hostNetwork
          ? []
          : pod.spec.containers.flatMap((c) =>
              c.ports.filter((p) => p.hostPort).map((p) => `${p.hostIP ?? '0.0.0.0'}:${p.hostPort}->${p.containerPort}/${p.protocol}`),
            ),
      );
      apps.forEach((c, i) => {
        expect(c.role, who).toBe('app');
        expect(c.name, who).toBe(pod.spec.containers[i]!.name);
        expect(c.networkMode, `${who}: container ${c.name}`).toBe(pod.hostNetwork ? 'host' : `container:${pause!.id}`);
        expect(c.portMappings, who).toEqual([]);
      });
      for (const c of pod.containers) {
        expect(c.id, `${who}: container ${c.name} id`).toMatch(HEX64);
        expect(containerIds.get(c.id), `${who}: container ${c.name} has the id of ${containerIds.get(c.id)}`).toBeUndefined();
        containerIds.set(c.id, `${podKey(pod)}/${c.name}`);
      }
    } else {
      expect(pod.phase, who).toBe('Pending');
      expect(pod.containers, who).toEqual([]);
      expect(pod.ip, who).toBeUndefined();
      const why = `${who}: Pending, ${pod.reason}: ${pod.message}`;
      if (pod.reason === 'Unschedulable') {
        expect(pod.spec.nodeName, why).toBeUndefined();
        expect(pod.message?.startsWith(`0/${nodeCount} nodes are available: `), why).toBe(true);
      } else if (pod.reason === 'NodeNotFound') {
        expect(pod.spec.nodeName, why).toBeDefined();
        expect(nodes.has(pod.spec.nodeName!), why).toBe(false);
      } else if (pod.reason === 'OutOfhostPort') {
        // Bound by nodeName to a node where a pod bound before it holds one of its host ports.
        // That pod may itself be stuck creating its sandbox (no address left): it is bound to the
        // node all the same, and the kubelet counts its ports.
        expect(pod.spec.nodeName, why).toBeDefined();
        expect(nodes.has(pod.spec.nodeName!), why).toBe(true);
        const holders = state.pods.filter((p) => p !== pod && p.node === pod.spec.nodeName);
        expect(
          hostPortsOf(pod).some((a) => holders.some((h) => hostPortsOf(h).some((b) => portsConflict(a, b)))),
          `${why}: no pod bound there holds its host ports`,
        ).toBe(true);
      } else if (pod.reason === 'ContainerCreating') {
        // IPAM ran out: every usable address of the node's subnet is held by a Running pod.
        const node = nodes.get(pod.node ?? '');
        expect(node, why).toBeDefined();
        const subnet = parseCidr(node!.podSubnet)!;
        const held = state.pods.filter((p) => p.phase === 'Running' && !p.hostNetwork && p.node === node!.name).length;
        expect(held, why).toBe(cidrSize(subnet) - 3);
      } else expect.fail(`${why}: unexpected reason`);
    }
  }

  // ---- host ports: two Running pods on one node never hold the same host port ----
  for (const [name] of nodes) {
    const onNode = state.pods.filter((p) => p.phase === 'Running' && p.node === name);
    for (let i = 0; i < onNode.length; i++)
      for (let j = i + 1; j < onNode.length; j++) {
        const [p, q] = [onNode[i]!, onNode[j]!];
        for (const a of hostPortsOf(p))
          for (const b of hostPortsOf(q))
            expect(
              portsConflict(a, b),
              `${podKey(p)} and ${podKey(q)} both hold host port ${a.ip}:${a.port}/${a.protocol} vs ${b.ip}:${b.port}/${b.protocol} on ${name}`,
            ).toBe(false);
      }
  }

  // ---- one pod never declares a host port twice (the API server's AccumulateUniqueHostPorts) ----
  for (const pod of state.pods) {
    const keys = pod.spec.containers.flatMap((c) =>
      c.ports.filter((p) => p.hostPort).map((p) => `${p.protocol}/${p.hostIP ?? ''}/${p.hostPort}`),
    );
    expect(new Set(keys).size, `pod ${podKey(pod)} declares a host port twice: ${keys.join(', ')}`).toBe(keys.length);
  }

  // ---- one service and one Endpoints object per namespace and name ----
  {
    const services = state.services.map(podKey);
    expect(new Set(services).size, `services ${services.join(', ')}`).toBe(services.length);
    const endpoints = state.endpoints.map(podKey);
    expect(new Set(endpoints).size, `endpoints ${endpoints.join(', ')}`).toBe(endpoints.length);
  }

  // ---- services ----
  const range = parseCidr(state.cluster.serviceClusterIPRange)!;
  const clusterIPs = new Map<string, string>();
  const nodePorts = new Map<number, string>();
  for (const svc of state.services) {
    const who = `service ${podKey(svc)}`;
    if (svc.builtin) expect(svc.clusterIP, who).toBe(formatIp(range.base + 1));
    if (svc.clusterIP === 'None') expect(svc.type, who).toBe('ClusterIP');
    else {
      const ip = parseIp(svc.clusterIP);
      expect(ip, `${who}: clusterIP ${svc.clusterIP}`).toBeDefined();
      expect(cidrContains(range, ip!), `${who}: clusterIP ${svc.clusterIP} outside ${state.cluster.serviceClusterIPRange}`).toBe(true);
      expect(ip, `${who}: clusterIP is the range's network address`).not.toBe(range.base);
      expect(ip, `${who}: clusterIP is the range's broadcast address`).not.toBe(range.base + cidrSize(range) - 1);
      expect(
        clusterIPs.get(svc.clusterIP),
        `${who}: clusterIP ${svc.clusterIP} also belongs to ${clusterIPs.get(svc.clusterIP)}`,
      ).toBeUndefined();
      clusterIPs.set(svc.clusterIP, podKey(svc));
    }
    for (const p of svc.ports) {
      if (svc.type === 'NodePort' || svc.type === 'LoadBalancer')
        expect(p.nodePort, `${who}: port ${p.port} has no nodePort`).toBeDefined();
      else expect(p.nodePort, who).toBeUndefined();
      if (p.nodePort === undefined) continue;
      expect(p.nodePort >= 30000 && p.nodePort <= 32767, `${who}: nodePort ${p.nodePort}`).toBe(true);
      expect(nodePorts.get(p.nodePort), `${who}: nodePort ${p.nodePort} also belongs to ${nodePorts.get(p.nodePort)}`).toBeUndefined();
      nodePorts.set(p.nodePort, podKey(svc));
    }
  }

  // ---- endpoints: exactly the Running pods the selector matches, in the service's namespace ----
  const pods = new Map(state.pods.map((p) => [podKey(p), p]));
  for (const svc of state.services) {
    if (svc.builtin || !svc.selector) continue;
    const selector = svc.selector;
    const who = `endpoints ${podKey(svc)}`;
    const ep = state.endpoints.find((e) => e.namespace === svc.namespace && e.name === svc.name);
    expect(ep, who).toBeDefined();
    const listed = new Set<string>();
    for (const subset of ep!.subsets)
      for (const a of subset.addresses) {
        const ref = a.targetRef;
        expect(ref, who).toBeDefined();
        expect(ref!.namespace, `${who}: address of ${ref!.namespace}/${ref!.name}`).toBe(svc.namespace);
        const pod = pods.get(`${ref!.namespace}/${ref!.name}`);
        expect(pod, `${who}: address ${a.ip} names no pod`).toBeDefined();
        expect(pod!.phase, `${who}: ${a.ip} is ${podKey(pod!)}`).toBe('Running');
        expect(a.ip, who).toBe(pod!.ip);
        expect(a.nodeName, who).toBe(pod!.node);
        for (const [k, v] of Object.entries(selector)) expect(pod!.labels[k], `${who}: ${podKey(pod!)} does not match ${k}=${v}`).toBe(v);
        listed.add(podKey(pod!));
      }
    // With only numeric targetPorts every selected Running pod resolves, so every one is listed.
    if (svc.ports.length > 0 && svc.ports.every((p) => typeof p.targetPort === 'number'))
      for (const pod of state.pods)
        if (pod.phase === 'Running' && pod.namespace === svc.namespace && Object.entries(selector).every(([k, v]) => pod.labels[k] === v))
          expect(listed.has(podKey(pod)), `${who}: misses ${podKey(pod)}`).toBe(true);
    for (const subset of ep!.subsets) {
      expect(subset.addresses.length, who).toBeGreaterThan(0);
      for (const p of subset.ports) {
        const sp = svc.ports.find((s) => (s.name ?? '') === (p.name ?? '') && s.protocol === p.protocol);
        expect(sp, `${who}: port ${JSON.stringify(p)}`).toBeDefined();
        if (typeof sp!.targetPort === 'number') expect(p.port, who).toBe(sp!.targetPort);
      }
    }
  }

  // ---- controllers ----
  for (const c of state.controllers) {
    const who = `${c.kind} ${podKey(c)}`;
    expect(c.current, who).toBe(c.desired);
    expect(new Set(c.pods).size, who).toBe(c.pods.length);
    for (const name of c.pods) {
      const pod = pods.get(`${c.namespace}/${name}`);
      expect(pod, `${who}: pod ${name}`).toBeDefined();
      expect(name.startsWith(`${c.name}-`), `${who}: pod ${name}`).toBe(true);
    }
    expect(c.ready, who).toBe(c.pods.filter((n) => pods.get(`${c.namespace}/${n}`)!.phase === 'Running').length);
  }
}

/** Simulates a generated valid scenario and checks that it has no errors. */
function simulateValid(s: Scenario): Simulation {
  const sim = run(s.text);
  expect(errorsOf(sim), `errors in a valid scenario:\n${s.text}`).toEqual([]);
  return sim;
}

/** The same value with the keys of every mapping in a random order (lists keep their order). */
function shuffleKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, random));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, random)]));
}

// ---------------------------------------------------------------------------------------------
// 1. Any text: simulate never throws, and its diagnostics are well-formed
// ---------------------------------------------------------------------------------------------

describe('simulate on arbitrary text', () => {
  const sources: [string, fc.Arbitrary<string>, number][] = [
    ['any string (code units, full Unicode, graphemes, YAML punctuation)', anyText, 300],
    ['random YAML values, stringified and mutated', yamlJunk, 200],
    ['valid scenarios with text mutations (deleted characters, tabs, duplicated lines, …)', mutatedScenarioText, 120],
    ['valid scenarios with values replaced by junk or keys removed', structurallyMutatedScenario, 120],
  ];

  for (const [name, arb, numRuns] of sources)
    it(`never throws; diagnostics are well-formed: ${name}`, () => {
      fc.assert(
        fc.property(arb, (text) => {
          checkDiagnostics(text, run(text));
        }),
        { numRuns: runs(numRuns) },
      );
    });

  // Found: a YAML error at the very end of the text (`"`, `[`, `{`) was reported as
  // [text.length, text.length + 1), one character past the end (src/core/parse.ts
  // `to: Math.max(to, from + 1)`); an editor (CodeMirror's lint) throws a RangeError on it.
  it('found: every diagnostic ends inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, yamlJunk, mutatedScenarioText), (text) => {
        checkSpansInsideText(text, run(text));
      }),
      { numRuns: runs(200) },
    );
  });

  // Found: the line in a YAML error's message (`yaml: line N: …`) and the line of its mark
  // disagreed (`[\n` marked at 1:2 said "line 2"); the CLI prints both, so they must agree.
  it('found: a YAML error names the line it marks', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, yamlJunk, mutatedScenarioText), (text) => {
        checkYamlMessageLines(text, run(text));
      }),
      { numRuns: runs(200) },
    );
  });

  it('a fuzzed text that simulate accepts (ok) still yields a coherent state', () => {
    fc.assert(
      fc.property(fc.oneof(mutatedScenarioText, structurallyMutatedScenario), (text) => {
        const sim = run(text);
        if (sim.ok) checkState(sim.state);
      }),
      { numRuns: runs(150) },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Address plans and valid scenarios
// ---------------------------------------------------------------------------------------------

describe('simulate on address plans', () => {
  // Found: checkAddressPlan (src/core/validate/cluster.ts) checked a node's address only against
  // its OWN pod subnet, and a host's only against the service range. A node or host address
  // inside another node's pod subnet was accepted, and IPAM then gave a pod that very address.
  it("found: an accepted plan is coherent: no node or host address inside a pod subnet, no pod with a machine's address", () => {
    fc.assert(
      fc.property(addressPlanText, (text) => {
        const sim = run(text);
        checkDiagnostics(text, sim);
        if (sim.ok) checkState(sim.state);
      }),
      { numRuns: runs(200) },
    );
  });
});

describe('simulate on valid scenarios', () => {
  it('reports no error (warnings allowed)', () => {
    fc.assert(
      fc.property(validScenario, (s) => void simulateValid(s)),
      { numRuns: runs(150) },
    );
  });

  it('yields a coherent state: pod IPs, containers, services, node ports, endpoints, host ports, Pending messages', () => {
    fc.assert(
      fc.property(validScenario, (s) => {
        const sim = simulateValid(s);
        expect(sim.state.cluster.nodes.map((n) => n.name)).toEqual(s.nodeNames);
        expect(sim.state.cluster.serviceClusterIPRange).toBe(s.serviceRange);
        checkState(sim.state);
      }),
      { numRuns: runs(150) },
    );
  });

  // Found (by the property above, whose generator sets spec.nodeName now and then): a pod with
  // spec.nodeName skipped the scheduler (src/core/reconcile/scheduler.ts `place`) and nothing
  // else checked its host ports, so two pods bound to one node both ran with hostPort 80. In
  // Kubernetes the kubelet's admission rejects the later pod (reason PodFitsHostPorts / NodePorts;
  // kubernetes/kubernetes#4623, #60726), and Docker could not bind the port twice anyway.

  // Found: the validator did not check host ports across the containers of one pod, so a pod
  // declaring 80/TCP twice ran with two mappings of 0.0.0.0:80. The API server refuses it:
  // `spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//80"` (AccumulateUniqueHostPorts,
  // keyed by protocol, hostIP and hostPort).
  it('found: a pod that declares one host port twice is refused', () => {
    fc.assert(
      fc.property(
        validScenario,
        fc.constantFrom(80, 8080, 53),
        fc.constantFrom('TCP' as const, 'UDP' as const),
        fc.boolean(),
        fc.boolean(),
        (s, hostPort, protocol, sameContainer, hostNetwork) => {
          const ports = [
            { containerPort: hostPort, hostPort, protocol },
            { containerPort: hostNetwork ? hostPort : hostPort + 1, hostPort, protocol },
          ];
          const containers = sameContainer
            ? [{ name: 'a', image: 'nginx', ports }]
            : [
                { name: 'a', image: 'nginx', ports: [ports[0]] },
                { name: 'b', image: 'nginx', ports: [ports[1]] },
              ];
          const pod = {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'appended-pod' },
            spec: { ...(hostNetwork ? { hostNetwork: true } : {}), containers },
          };
          const sim = run(docsToText([...s.docs, pod]));
          expect(sim.ok, 'a pod with a duplicate host port is accepted').toBe(false);
        },
      ),
      { numRuns: runs(30) },
    );
  });

  // Found: every cluster has the Service and Endpoints default/kubernetes; a manifest of that name
  // was accepted beside it. The API server answers `services "kubernetes" already exists`.
  it('found: a Service or Endpoints named kubernetes in default does not duplicate the built-in one', () => {
    fc.assert(
      fc.property(validScenario, fc.constantFrom('Service', 'Endpoints'), fc.boolean(), (s, kind, explicitNamespace) => {
        const metadata = { name: 'kubernetes', ...(explicitNamespace ? { namespace: 'default' } : {}) };
        const doc =
          kind === 'Service'
            ? { apiVersion: 'v1', kind, metadata, spec: { ports: [{ port: 443, targetPort: 6443 }] } }
            : { apiVersion: 'v1', kind, metadata, subsets: [{ addresses: [{ ip: '192.168.0.10' }], ports: [{ port: 6443 }] }] };
        const sim = run(docsToText([...s.docs, doc]));
        checkState(sim.state);
      }),
      { numRuns: runs(20) },
    );
  });

  it('is deterministic: the same text gives deep-equal states', () => {
    fc.assert(
      fc.property(validScenario, (s) => {
        expect(run(s.text)).toEqual(run(s.text));
      }),
      { numRuns: runs(50) },
    );
  });

  it('does not depend on how the YAML is formatted (indent, quoting, flow style)', () => {
    fc.assert(
      fc.property(
        validScenario,
        fc.record({
          indent: fc.integer({ min: 2, max: 6 }),
          defaultStringType: fc.constantFrom('PLAIN' as const, 'QUOTE_DOUBLE' as const, 'QUOTE_SINGLE' as const),
          collectionStyle: fc.constantFrom('any' as const, 'block' as const, 'flow' as const),
          indentSeq: fc.boolean(),
        }),
        (s, options) => {
          const text = s.docs.map((d) => stringify(d, options)).join('---\n');
          const a = run(s.text);
          const b = run(text);
          expect(errorsOf(b), text).toEqual([]);
          expect(b.state).toEqual(a.state);
        },
      ),
      { numRuns: runs(50) },
    );
  });

  // YAML mappings are unordered: the order of the keys in the text must not change the cluster.
  it('does not depend on the order of the keys of any mapping', () => {
    fc.assert(
      fc.property(validScenario, fc.integer(), (s, seed) => {
        const random = mulberry32(seed);
        const shuffled = s.docs.map((d) => shuffleKeys(d, random));
        const a = run(s.text);
        const b = run(docsToText(shuffled));
        expect(errorsOf(b)).toEqual([]);
        expect(b.state).toEqual(a.state);
      }),
      { numRuns: runs(50) },
    );
  });

  // Found (by the property above): a Deployment's pod-template-hash was
  // nameSuffix(JSON.stringify(template)) (src/core/reconcile/controllers.ts templateHash), which
  // follows the order the labels were written in: `{app: web, tier: fe}` written as
  // `{tier: fe, app: web}` renamed every pod of the Deployment (new UIDs, IPs, container IDs).
  // Kubernetes hashes the template with sorted map keys (DeepHashObject, spew SortKeys).

  // Appending a document changes nothing that came before it: the scheduler places pods and IPAM
  // hands out addresses in document order, and the new object is last, so every earlier pod
  // keeps its node, IP and containers, and services are untouched (a Pod allocates no service
  // address). Endpoints may gain the new pod.
  it('appending an unrelated Pod changes no earlier pod or service', () => {
    fc.assert(
      fc.property(validScenario, extraPod, (s, pod) => {
        const before = simulateValid(s).state;
        const after = run(docsToText([...s.docs, pod]));
        expect(errorsOf(after)).toEqual([]);
        const added = after.state.pods.filter((p) => !before.pods.some((q) => podKey(q) === podKey(p)));
        expect(added.map((p) => p.name)).toEqual(['appended-pod']);
        expect(after.state.pods.filter((p) => p.name !== 'appended-pod')).toEqual(before.pods);
        expect(after.state.services).toEqual(before.services);
        for (const ep of before.endpoints) {
          const now = after.state.endpoints.find((e) => e.namespace === ep.namespace && e.name === ep.name)!;
          const ips = (e: typeof ep) => e.subsets.flatMap((x) => x.addresses.map((a) => a.ip));
          expect(ips(now)).toEqual(expect.arrayContaining(ips(ep)));
        }
      }),
      { numRuns: runs(50) },
    );
  });

  // Inserting the Pod first (right after the Cluster document) is the harder case. The scheduler
  // spreads pods by count, so one more pod on a node can move later pods to other nodes, and a
  // moved pod gets a new IP from its new node; even on the same node an earlier allocation can
  // take the address a later pod's hash preferred. So pods' nodes and IPs are NOT guaranteed.
  // What is guaranteed: names and UIDs are functions of (seed, kind, namespace, owner, index),
  // container IDs of (seed, uid, container name), and services' cluster IPs and node ports
  // depend only on the services (a Pod allocates none of them).
  it('inserting an unrelated Pod first keeps pod names, UIDs, container IDs and service addresses', () => {
    fc.assert(
      fc.property(validScenario, extraPod, (s, pod) => {
        const before = simulateValid(s).state;
        const after = run(docsToText([s.docs[0]!, pod, ...s.docs.slice(1)]));
        expect(errorsOf(after)).toEqual([]);
        const ids = (st: ClusterState) => st.pods.filter((p) => p.name !== 'appended-pod').map((p) => `${podKey(p)} ${p.uid}`);
        expect(ids(after.state)).toEqual(ids(before));
        for (const p of before.pods) {
          const q = after.state.pods.find((x) => podKey(x) === podKey(p))!;
          if (p.phase === 'Running' && q.phase === 'Running') expect(q.containers.map((c) => c.id)).toEqual(p.containers.map((c) => c.id));
        }
        const addresses = (st: ClusterState) =>
          st.services.map((v) => ({ ns: v.namespace, name: v.name, ip: v.clusterIP, ports: v.ports }));
        expect(addresses(after.state)).toEqual(addresses(before));
      }),
      { numRuns: runs(50) },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 3. src/core/net/ipv4.ts
// ---------------------------------------------------------------------------------------------

describe('ipv4', () => {
  const u32 = fc.integer({ min: 0, max: 0xffffffff });
  const prefix = fc.integer({ min: 0, max: 32 });
  const cidr = fc.tuple(u32, prefix).map(([ip, p]) => ({ base: (ip & maskOf(p)) >>> 0, prefix: p }));

  it('parseIp(formatIp(n)) === n for every 32-bit value, and formatIp(parseIp(text)) === text', () => {
    fc.assert(
      fc.property(u32, (n) => {
        const text = formatIp(n);
        expect(text).toMatch(/^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/);
        expect(parseIp(text)).toBe(n);
        expect(formatIp(parseIp(text)!)).toBe(text);
      }),
      { numRuns: runs(1000) },
    );
  });

  it('parseIp refuses what is not a dotted quad of 0-255 without leading zeros', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        (octets, pad) => {
          const text = octets.map((o, i) => (pad[i] ? `0${o}` : `${o}`)).join('.');
          const valid = octets.every((o, i) => o <= 255 && !pad[i]);
          expect(parseIp(text) !== undefined).toBe(valid);
        },
      ),
      { numRuns: runs(500) },
    );
  });

  it('parseCidr(formatCidr(c)) round-trips; strict parsing refuses host bits', () => {
    fc.assert(
      fc.property(cidr, u32, (c, ip) => {
        expect(parseCidr(formatCidr(c))).toEqual(c);
        expect(parseCidr(formatCidr(c), true)).toEqual(c);
        const loose = `${formatIp(ip)}/${c.prefix}`;
        expect(parseCidr(loose)).toEqual({ base: (ip & maskOf(c.prefix)) >>> 0, prefix: c.prefix });
        expect(parseCidr(loose, true) !== undefined).toBe((ip & maskOf(c.prefix)) >>> 0 === ip);
      }),
      { numRuns: runs(1000) },
    );
  });

  it('cidrContains agrees with a brute-force walk of the block (prefixes 22-32)', () => {
    fc.assert(
      fc.property(u32, fc.integer({ min: 22, max: 32 }), u32, (ip, p, probe) => {
        const c = parseCidr(`${formatIp(ip)}/${p}`)!;
        const size = cidrSize(c);
        const members = new Set<number>();
        for (let i = 0; i < size; i++) members.add(c.base + i);
        for (const x of [probe, c.base, c.base + size - 1, c.base - 1, c.base + size, ip]) {
          if (x < 0 || x > 0xffffffff) continue;
          expect(cidrContains(c, x), `${formatIp(x)} in ${formatCidr(c)}`).toBe(members.has(x));
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it('cidrsOverlap is symmetric and agrees with containment of the blocks', () => {
    fc.assert(
      fc.property(cidr, cidr, (a, b) => {
        const last = (c: typeof a) => c.base + cidrSize(c) - 1;
        const expected = a.base <= last(b) && b.base <= last(a);
        expect(cidrsOverlap(a, b)).toBe(expected);
        expect(cidrsOverlap(b, a)).toBe(expected);
      }),
      { numRuns: runs(1000) },
    );
  });

  it('subnetAt: blocks lie inside the parent, are aligned, disjoint, and exist exactly for the valid indices', () => {
    fc.assert(
      fc.property(cidr, fc.integer({ min: 0, max: 8 }), fc.nat({ max: 300 }), fc.nat({ max: 300 }), (parent, extra, i, j) => {
        const p = parent.prefix + extra;
        const count = p > 32 ? 0 : 2 ** (p - parent.prefix);
        const a = subnetAt(parent, p, i);
        const b = subnetAt(parent, p, j);
        expect(a !== undefined).toBe(i < count);
        expect(b !== undefined).toBe(j < count);
        expect(subnetAt(parent, p, -1)).toBeUndefined();
        for (const s of [a, b]) {
          if (!s) continue;
          expect(s.prefix).toBe(p);
          expect((s.base & maskOf(p)) >>> 0 === s.base, `${formatCidr(s)} is aligned`).toBe(true);
          expect(
            cidrContains(parent, s.base) && cidrContains(parent, s.base + cidrSize(s) - 1),
            `${formatCidr(s)} in ${formatCidr(parent)}`,
          ).toBe(true);
          expect(parseCidr(formatCidr(s), true)).toEqual(s);
        }
        if (a && b) expect(cidrsOverlap(a, b)).toBe(i === j);
      }),
      { numRuns: runs(1000) },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Regressions: counterexamples found by the properties above, pinned as plain tests
// ---------------------------------------------------------------------------------------------

const ONE_NODE = `apiVersion: kube-netplay/v1
kind: Cluster
spec:
  nodes:
  - {name: node-0, ip: 192.168.0.10/24}
`;

function pod(name: string, spec: string): string {
  return `---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n${spec}`;
}

describe('regressions', () => {
  it('the empty text gives no diagnostic and the lab cluster', () => {
    const sim = run('');
    expect(sim.diagnostics).toEqual([]);
    expect(sim.ok).toBe(true);
    checkState(sim.state);
  });

  it('a text over MAX_TEXT_LENGTH is refused with one well-formed `limit-text` diagnostic', () => {
    const text = 'x'.repeat(MAX_TEXT_LENGTH + 1);
    const sim = run(text);
    expect(sim.diagnostics.map((d) => d.code)).toEqual(['limit-text']);
    checkDiagnostics(text, sim);
    checkSpansInsideText(text, sim);
  });

  it('a YAML alias bomb is refused quickly', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const text = lines.join('\n');
    const started = performance.now();
    const sim = run(text);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(sim.ok).toBe(false);
    checkDiagnostics(text, sim);
  });

  // Found: `"`, `[` and `{` were marked [1, 2), past the end of a 1-character text.
  it.each(['"', '[', '{', 'a: [', 'a: "', '[\n', 'a: 1\n---\nb: {\n'])('found: the YAML error of %j ends inside the text', (text) => {
    const sim = run(text);
    expect(sim.ok).toBe(false);
    checkDiagnostics(text, sim);
    checkSpansInsideText(text, sim);
  });

  it.each(['[\n', 'a: 1\nb: "\n', ':\n]0\nd:'])('found: the YAML error of %j names the line it marks', (text) => {
    checkYamlMessageLines(text, run(text));
  });

  // Found: pods bound by nodeName skipped the host-port check; both ran with 0.0.0.0:80.
  it('found: two pods bound by nodeName to one node cannot both hold hostPort 80', () => {
    const spec = '  nodeName: node-0\n  containers: [{name: c, image: nginx, ports: [{containerPort: 80, hostPort: 80}]}]\n';
    const sim = run(ONE_NODE + pod('a', spec) + pod('b', spec));
    checkState(sim.state);
    expect(sim.state.pods.map((p) => p.phase)).toEqual(['Running', 'Pending']);
  });

  // Found: a pod's two containers could both publish hostPort 80.
  it('found: a pod that publishes hostPort 80 twice is refused', () => {
    const sim = run(
      ONE_NODE +
        pod(
          'a',
          '  containers:\n  - {name: a, image: nginx, ports: [{containerPort: 80, hostPort: 80}]}\n  - {name: b, image: nginx, ports: [{containerPort: 81, hostPort: 80}]}\n',
        ),
    );
    expect(sim.ok).toBe(false);
    expect(sim.state.pods).toEqual([]);
  });

  // Found: node a's address lay in node b's pod subnet, and b's only pod got a's address.
  it("found: a node address inside another node's pod subnet is refused", () => {
    const text = `apiVersion: kube-netplay/v1
kind: Cluster
spec:
  nodes:
  - {name: a, ip: 172.30.0.2/24}
  - {name: b, ip: 192.168.0.11/24, podSubnet: 172.30.0.0/30}
${pod('p', '  nodeSelector: {kubernetes.io/hostname: b}\n  containers: [{name: c, image: nginx}]\n')}`;
    const sim = run(text);
    expect(sim.diagnostics.map((d) => d.code)).toContain('cidr-overlap');
  });

  // Found: the same with a host (the student's laptop) inside a node's pod subnet.
  it("found: a host address inside a node's pod subnet is refused", () => {
    const text = `apiVersion: kube-netplay/v1
kind: Cluster
spec:
  nodes:
  - {name: a, ip: 192.168.0.10/24, podSubnet: 172.30.0.0/30}
  hosts:
  - {name: laptop, ip: 172.30.0.2/24}
${pod('p', '  containers: [{name: c, image: nginx}]\n')}`;
    const sim = run(text);
    expect(sim.diagnostics.map((d) => d.code)).toContain('cidr-overlap');
  });

  // Found: the label order of a Deployment's template renamed its pods.
  it("found: a Deployment's pod names do not depend on the order of its template labels", () => {
    const deployment = (labels: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: ${labels}}
    spec:
      containers: [{name: c, image: nginx}]
`;
    const a = run(deployment('{app: web, tier: fe}'));
    const b = run(deployment('{tier: fe, app: web}'));
    expect(b.state.pods.map((p) => [p.name, p.ip])).toEqual(a.state.pods.map((p) => [p.name, p.ip]));
  });

  it('found: a Service named kubernetes in default does not make a second default/kubernetes', () => {
    const sim = run('apiVersion: v1\nkind: Service\nmetadata: {name: kubernetes}\nspec:\n  ports: [{port: 80}]\n');
    expect(sim.state.services.filter((s) => s.namespace === 'default' && s.name === 'kubernetes')).toHaveLength(1);
  });

  it('found: an Endpoints named kubernetes in default does not make a second default/kubernetes', () => {
    const sim = run(
      'apiVersion: v1\nkind: Endpoints\nmetadata: {name: kubernetes}\nsubsets:\n- addresses: [{ip: 10.0.0.1}]\n  ports: [{port: 80}]\n',
    );
    expect(sim.state.endpoints.filter((e) => e.namespace === 'default' && e.name === 'kubernetes')).toHaveLength(1);
  });

  // Found: a node named "" was accepted; its pods were taken for unplaced and came out Pending
  // with no reason. The name is refused now, and the pods of the rest still make sense.
  it('found: a node named "" is refused, and no pod is Pending without a reason', () => {
    const sim = run(
      'apiVersion: kube-netplay/v1\nkind: Cluster\nspec:\n  nodes: [{name: "", ip: 10.0.0.5/24}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-1}\nspec:\n  containers: [{name: c, image: nginx}]\n',
    );
    expect(sim.ok).toBe(false);
    expect(sim.diagnostics.find((d) => d.severity === 'error')?.message).toMatch(/^spec\.nodes\[0\]\.name: Invalid value: ""/);
    checkState(sim.state);
  });
});
