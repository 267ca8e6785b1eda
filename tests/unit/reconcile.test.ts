import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../scripts/bench/scenario.ts';
import { simulate, type ClusterState } from '../../src/core/index.ts';
import { cidrContains, parseCidr, parseIp } from '../../src/core/net/ipv4.ts';
import { cluster, LAB_TEXT, rc, scenario, svc } from '../helpers.ts';

function state(text: string): ClusterState {
  const sim = simulate(text);
  expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return sim.state;
}

function inSubnet(ip: string, subnet: string): boolean {
  return cidrContains(parseCidr(subnet)!, parseIp(ip)!);
}

describe("the lab's scenario", () => {
  const s = state(LAB_TEXT);
  const [pod] = s.pods;

  it('runs one frontend pod on k8smaster01, with an address on its docker0 subnet', () => {
    expect(s.pods).toHaveLength(1);
    expect(pod!.name).toMatch(/^frontend-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod!.phase).toBe('Running');
    expect(pod!.node).toBe('k8smaster01');
    expect(inSubnet(pod!.ip!, '172.17.1.0/24')).toBe(true);
    expect(pod!.ip).not.toBe('172.17.1.1');
  });

  it('gives the pod a pause container holding the port mapping, and joins php-redis to it', () => {
    const [pause, app] = pod!.containers;
    expect(pause!.image).toBe('google_containers/pause:latest');
    expect(pause!.networkMode).toBe('default');
    expect(pause!.portMappings).toEqual([{ hostIP: '0.0.0.0', hostPort: 80, containerPort: 80, protocol: 'TCP' }]);
    expect(app!.name).toBe('php-redis');
    expect(app!.image).toBe('kubeguide/guestbook-php-frontend');
    expect(app!.networkMode).toBe(`container:${pause!.id}`);
    expect(app!.portMappings).toEqual([]);
    expect(app!.env).toEqual([{ name: 'GET_HOSTS_FROM', value: 'env' }]);
    for (const c of pod!.containers) expect(c.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the frontend service a cluster IP from 10.254.0.0/16 and the pod as its endpoint', () => {
    const frontend = s.services.find((x) => x.name === 'frontend')!;
    expect(inSubnet(frontend.clusterIP, '10.254.0.0/16')).toBe(true);
    expect(frontend.ports).toEqual([{ port: 80, targetPort: 80, protocol: 'TCP' }]);
    const ep = s.endpoints.find((e) => e.name === 'frontend')!;
    expect(ep.subsets).toEqual([
      {
        ports: [{ port: 80, protocol: 'TCP' }],
        addresses: [{ ip: pod!.ip, nodeName: 'k8smaster01', targetRef: { kind: 'Pod', namespace: 'default', name: pod!.name } }],
      },
    ]);
  });

  it('has the kubernetes service at the first address of the range', () => {
    expect(s.services[0]).toMatchObject({ name: 'kubernetes', clusterIP: '10.254.0.1', builtin: true });
  });

  it('is the same every time', () => {
    expect(simulate(LAB_TEXT).state).toEqual(s);
  });
});

describe('scaling', () => {
  const scaled = (n: number) => state(LAB_TEXT.replace('replicas: 1', `replicas: ${n}`));

  it('spreads three replicas over the three nodes, the first pod staying where it was', () => {
    const one = scaled(1);
    const three = scaled(3);
    expect(three.pods.map((p) => p.node)).toEqual(['k8smaster01', 'k8smaster02', 'k8smaster03']);
    expect(three.pods[0]!.name).toBe(one.pods[0]!.name);
    expect(three.pods[0]!.ip).toBe(one.pods[0]!.ip);
    const ep = three.endpoints.find((e) => e.name === 'frontend')!;
    expect(ep.subsets[0]!.addresses).toHaveLength(3);
  });

  it('keeps a fourth pod with hostPort 80 Pending with the scheduler message, out of the endpoints', () => {
    const four = scaled(4);
    const pending = four.pods.filter((p) => p.phase === 'Pending');
    expect(pending).toHaveLength(1);
    expect(pending[0]!.message).toBe("0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports.");
    expect(pending[0]!.containers).toEqual([]);
    expect(four.events).toContainEqual(
      expect.objectContaining({ type: 'Warning', reason: 'FailedScheduling', message: pending[0]!.message }),
    );
    expect(four.endpoints.find((e) => e.name === 'frontend')!.subsets[0]!.addresses).toHaveLength(3);
  });

  it('runs no pod at zero replicas, and the service has no endpoints', () => {
    const zero = scaled(0);
    expect(zero.pods).toEqual([]);
    expect(zero.endpoints.find((e) => e.name === 'frontend')!.subsets).toEqual([]);
    expect(zero.controllers[0]).toMatchObject({ desired: 0, current: 0 });
  });
});

describe('the scheduler', () => {
  it('honours nodeSelector and explains a node that does not match', () => {
    const c = cluster({
      nodes: [
        { name: 'a', ip: '192.168.0.10/24', labels: { disk: 'ssd' } },
        { name: 'b', ip: '192.168.0.11/24' },
      ],
    });
    const s = state(scenario(c, rc('web', 2, {}, { nodeSelector: { disk: 'ssd' } })));
    expect(s.pods.map((p) => p.node)).toEqual(['a', 'a']);
    const none = state(scenario(c, rc('web', 1, {}, { nodeSelector: { disk: 'nvme' } })));
    expect(none.pods[0]!.message).toBe("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.");
  });

  it('lists every reason, sorted, when nodes fail for different reasons', () => {
    const c = cluster({
      nodes: [
        { name: 'a', ip: '192.168.0.10/24', labels: { zone: 'x' } },
        { name: 'b', ip: '192.168.0.11/24' },
      ],
    });
    const s = state(scenario(c, rc('web', 2, { ports: [{ containerPort: 80, hostPort: 80 }] }, { nodeSelector: { zone: 'x' } })));
    expect(s.pods[1]!.message).toBe(
      "0/2 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 1 node(s) didn't match Pod's node affinity/selector.",
    );
  });

  it('counts the host ports of a pod bound to a node but stuck without an address (a /30 holds one pod)', () => {
    const c = cluster({ nodes: [{ name: 'a', ip: '192.168.0.10/24', podSubnet: '172.30.3.0/30' }] });
    const pod = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { nodeName: 'a', containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, hostPort: name === 'p1' ? 81 : 80 }] }] },
    });
    const s = state(scenario(c, pod('p1'), pod('p2'), pod('p3')));
    expect(s.pods.map((p) => [p.name, p.phase, p.reason ?? ''])).toEqual([
      ['p1', 'Running', ''],
      ['p2', 'Pending', 'ContainerCreating'],
      ['p3', 'Pending', 'OutOfhostPort'],
    ]);
  });

  it("never moves another controller's pods when one controller scales", () => {
    const before = state(scenario(rc('a', 1), rc('b', 2), rc('c', 3)));
    const after = state(scenario(rc('a', 4), rc('b', 2), rc('c', 3)));
    const where = (s: ClusterState, owner: string) => s.pods.filter((p) => p.owner?.name === owner).map((p) => [p.name, p.node, p.ip]);
    expect(where(after, 'b')).toEqual(where(before, 'b'));
    expect(where(after, 'c')).toEqual(where(before, 'c'));
    // c, the third controller, starts its spread at the third node.
    expect(where(after, 'c').map((x) => x[1])).toEqual(['k8smaster03', 'k8smaster01', 'k8smaster02']);
  });

  it("never moves another controller's pods when one scales from zero or to it", () => {
    const where = (s: ClusterState) => s.pods.filter((p) => p.owner?.name !== 'a').map((p) => [p.name, p.node, p.ip]);
    const none = state(scenario(rc('a', 0), rc('b', 1), rc('c', 2)));
    expect(where(state(scenario(rc('a', 1), rc('b', 1), rc('c', 2))))).toEqual(where(none));
    expect(where(state(scenario(rc('a', 5), rc('b', 1), rc('c', 2))))).toEqual(where(none));
  });

  it('starts each controller on the next node, so separate controllers share the nodes out', () => {
    const s = state(scenario(rc('a', 1), rc('b', 1), rc('c', 1), rc('d', 1)));
    expect(s.pods.map((p) => `${p.owner?.name}@${p.node}`)).toEqual(['a@k8smaster01', 'b@k8smaster02', 'c@k8smaster03', 'd@k8smaster01']);
    // A generated cluster of 12 nodes, 24 controllers of 5 replicas: ten pods on every node.
    const big = state(generateScenario(12).text);
    const perNode = new Map<string, number>();
    for (const p of big.pods) perNode.set(p.node!, (perNode.get(p.node!) ?? 0) + 1);
    expect([...perNode.values()]).toEqual(Array(12).fill(10));
  });

  it('binds a pod with nodeName without scheduling it', () => {
    const s = state(scenario(rc('web', 2, {}, { nodeName: 'k8smaster03' })));
    expect(s.pods.map((p) => p.node)).toEqual(['k8smaster03', 'k8smaster03']);
  });

  it('gives a hostNetwork pod the node address and host network mode, its ports taken on the host', () => {
    const s = state(scenario(rc('web', 4, { ports: [{ containerPort: 8080 }] }, { hostNetwork: true })));
    expect(s.pods.slice(0, 3).map((p) => p.ip)).toEqual(['172.24.8.71', '172.24.8.72', '172.24.8.73']);
    expect(s.pods[0]!.containers.every((c) => c.networkMode === 'host')).toBe(true);
    expect(s.pods[3]!.phase).toBe('Pending');
  });
});

describe('names', () => {
  it("names a Deployment's pods after its ReplicaSet, with the pod-template-hash label", () => {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      },
    };
    const s = state(scenario(dep));
    const hash = s.pods[0]!.labels['pod-template-hash']!;
    expect(hash).toMatch(/^[a-z0-9]{10}$/);
    for (const p of s.pods) expect(p.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
    expect(s.pods[0]!.owner).toEqual({ kind: 'ReplicaSet', name: `web-${hash}` });
  });

  it('does not renumber the lab when an unrelated service is added', () => {
    const before = state(LAB_TEXT);
    const after = state(`${LAB_TEXT}---\n${scenario(svc('other', { selector: { app: 'x' }, ports: [{ port: 81 }] }))}`);
    expect(after.pods).toEqual(before.pods);
    expect(after.services.find((x) => x.name === 'frontend')).toEqual(before.services.find((x) => x.name === 'frontend'));
  });

  it('gives a different seed different names and addresses', () => {
    const a = state(scenario(cluster({ seed: 1 }), rc('web', 1)));
    const b = state(scenario(cluster({ seed: 2 }), rc('web', 1)));
    expect(a.pods[0]!.name).not.toBe(b.pods[0]!.name);
  });
});

describe('services and endpoints', () => {
  it('resolves a named targetPort through the container port names', () => {
    const s = state(
      scenario(
        rc('web', 1, { ports: [{ name: 'http', containerPort: 8080 }] }),
        svc('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] }),
      ),
    );
    expect(s.endpoints.find((e) => e.name === 'web')!.subsets[0]!.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  it('leaves out a pod that has no port of the targetPort name', () => {
    const s = state(scenario(rc('web', 1), svc('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] })));
    expect(s.endpoints.find((e) => e.name === 'web')!.subsets).toEqual([]);
  });

  it('allocates node ports in 30000-32767 and keeps an explicit one', () => {
    const s = state(
      scenario(
        svc('a', { type: 'NodePort', selector: { a: 'b' }, ports: [{ port: 80 }] }),
        svc('b', { type: 'NodePort', selector: { a: 'b' }, ports: [{ port: 80, nodePort: 30001 }] }),
      ),
    );
    const [a, b] = s.services.slice(1);
    expect(a!.ports[0]!.nodePort).toBeGreaterThanOrEqual(30000);
    expect(a!.ports[0]!.nodePort).toBeLessThanOrEqual(32767);
    expect(b!.ports[0]!.nodePort).toBe(30001);
  });

  it('gives a headless service no cluster IP but still endpoints', () => {
    const s = state(scenario(rc('web', 2), svc('web', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] })));
    const web = s.services.find((x) => x.name === 'web')!;
    expect(web.clusterIP).toBe('None');
    expect(s.endpoints.find((e) => e.name === 'web')!.subsets[0]!.addresses).toHaveLength(2);
  });

  it("lists a service's endpoint addresses as the API sorts them: by the address's text", () => {
    const s = state(scenario(rc('web', 12), svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] })));
    const ips = s.endpoints.find((e) => e.name === 'web')!.subsets[0]!.addresses.map((a) => a.ip);
    expect(ips).toHaveLength(12);
    expect(ips).toEqual([...ips].sort());
    // The text order differs from the numeric one here (…1.157 before …1.43), or this test says nothing.
    expect(ips).not.toEqual([...ips].sort((a, b) => parseIp(a)! - parseIp(b)!));
  });

  it('uses manual Endpoints for a service without a selector', () => {
    const ep = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'db' },
      subsets: [{ addresses: [{ ip: '172.24.8.10' }], ports: [{ port: 5432 }] }],
    };
    const s = state(scenario(svc('db', { ports: [{ port: 5432 }] }), ep));
    expect(s.endpoints.find((e) => e.name === 'db')!.subsets[0]!.addresses[0]!.ip).toBe('172.24.8.10');
  });

  it('keeps sessionAffinity ClientIP', () => {
    const s = state(scenario(svc('web', { sessionAffinity: 'ClientIP', selector: { app: 'web' }, ports: [{ port: 80 }] })));
    expect(s.services.find((x) => x.name === 'web')!.sessionAffinity).toBe('ClientIP');
  });

  it('selects with matchExpressions in a ReplicaSet', () => {
    const rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] },
        template: { metadata: { labels: { tier: 'edge' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      },
    };
    const s = state(scenario(rs));
    expect(s.controllers[0]).toMatchObject({ kind: 'ReplicaSet', current: 1, ready: 1 });
  });

  it('serves UDP ports with their protocol', () => {
    const s = state(
      scenario(
        rc('dns', 1, { ports: [{ containerPort: 53, protocol: 'UDP' }] }),
        svc('dns', { selector: { app: 'dns' }, ports: [{ port: 53, protocol: 'UDP' }] }),
      ),
    );
    expect(s.endpoints.find((e) => e.name === 'dns')!.subsets[0]!.ports).toEqual([{ port: 53, protocol: 'UDP' }]);
  });
});

describe('limits', () => {
  it('refuses a million replicas with a message at the replicas field, and builds no pod for it', () => {
    const text = scenario(rc('web', 1_000_000));
    const sim = simulate(text);
    const d = sim.diagnostics.find((x) => x.code === 'limit-pods')!;
    expect(d.message).toContain('must be less than or equal to 1000');
    expect(text.slice(d.from, d.to)).toBe('1000000');
    expect(sim.state.pods).toEqual([]);
  });
});
