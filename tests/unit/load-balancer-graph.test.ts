/**
 * The simulated cloud load balancer on the graph: one element per load balancer address, on the
 * physical network beside the hosts, and a packet to that address is drawn passing through it.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { simulate } from '../../src/core/index.ts';
import { nsId } from '../../src/core/namespace-id.ts';
import { trace } from '../../src/core/trace/index.ts';
import { graphElements, hostId, loadBalancerId, type GraphNode } from '../../src/graph/elements.ts';
import { packetSteps } from '../../src/graph/packet-path.ts';
import { english, words } from '../../src/i18n/words.ts';
import { fixture } from '../helpers.ts';

const sim = simulate(fixture('load-balancer.yaml'));
const elements = graphElements(sim.state);
const nodesById = new Map(elements.filter((e): e is GraphNode => e.group === 'nodes').map((n) => [n.data.id, n]));
const positions = (id: string) => nodesById.get(id)?.position;
const addressOf = (name: string) => sim.state.services.find((s) => s.name === name)!.loadBalancerIngress![0]!;

describe('the load balancer on the graph', () => {
  it('each LoadBalancer address is a load balancer on the physical network, after the hosts, labelled with its service and address', () => {
    const hostXs = sim.state.cluster.hosts.map((h) => positions(hostId(h.name))!.x);
    for (const name of ['web-open', 'web-laptop-only', 'web-local']) {
      const ip = addressOf(name);
      const lb = nodesById.get(loadBalancerId(ip))!;
      expect(lb.classes.split(' ')).toContain('load-balancer');
      expect(lb.data.ref).toEqual({ type: 'load-balancer', namespace: 'default', name, ip });
      expect(lb.data.label.map(english)).toEqual(['load balancer', name, ip]);
      expect(lb.data.label.map((l) => words('zh').say(l))).toEqual(['负载均衡器', name, ip]);
      const host = nodesById.get(hostId('laptop'))!;
      expect(lb.position!.y - lb.data.height! / 2).toBe(host.position!.y - host.data.height! / 2); // tops level, below the bar
      expect(lb.position!.x).toBeGreaterThan(Math.max(...hostXs));
      expect(
        elements.some((e) => e.group === 'edges' && e.data.source === loadBalancerId(ip) && e.data.target === `tap:${loadBalancerId(ip)}`),
      ).toBe(true);
    }
    // Three services, three places: none drawn over another.
    const xs = ['web-open', 'web-laptop-only', 'web-local'].map((n) => positions(loadBalancerId(addressOf(n)))!.x);
    expect(new Set(xs).size).toBe(3);
  });

  it("a packet to the address is drawn through the load balancer, there and back; one to a node's address is not", () => {
    const dp = buildDataplane(sim.state);
    const ip = addressOf('web-open');
    const lb = positions(loadBalancerId(ip))!;
    const t = trace(dp, { from: nsId.host('laptop'), to: { ip, port: 80 }, proto: 'tcp' });
    expect(t.verdict).toBe('delivered');
    const through = packetSteps(t, positions).filter((s) => s.path.some((p) => p.x === lb.x && p.y === lb.y));
    expect(through.map((s) => s.direction)).toEqual(['request', 'reply']);
    const node = sim.state.cluster.nodes[0]!.ip;
    const direct = trace(dp, { from: nsId.host('laptop'), to: { ip: node, port: 6443 }, proto: 'tcp' });
    expect(packetSteps(direct, positions).some((s) => s.path.some((p) => p.x === lb.x && p.y === lb.y))).toBe(false);
  });
});
