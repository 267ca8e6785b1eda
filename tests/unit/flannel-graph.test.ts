/**
 * The graph of a flannel cluster: cni0 as each node's bridge, flannel.1
 * as a VTEP on every node beside eth0, a VXLAN tunnel between each pair of VTEPs, and a packet
 * wrapped at one VTEP and unwrapped at the other drawn there.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { simulate } from '../../src/core/index.ts';
import type { NamespaceId } from '../../src/core/namespace-id.ts';
import { trace } from '../../src/core/trace/index.ts';
import { graphElements, ifaceId } from '../../src/graph/elements.ts';
import { anchorOf } from '../../src/graph/packet-path.ts';
import { words } from '../../src/i18n/words.ts';
import { fixture, LAB_TEXT } from '../helpers.ts';

const sim = simulate(fixture('flannel.yaml'));
const elements = graphElements(sim.state);
const byId = new Map(elements.map((e) => [e.data.id, e]));
const nodes = sim.state.cluster.nodes;

describe('the graph of a flannel cluster', () => {
  it('draws flannel.1 as a VTEP on every node, its VNI in its label, in a row of its own under eth0', () => {
    for (const node of nodes) {
      const vtep = byId.get(ifaceId(node.name, 'flannel.1'));
      expect(vtep?.classes).toContain('vtep');
      const label = (vtep!.data as unknown as { label: unknown[] }).label;
      expect(label[0]).toBe('flannel.1');
      expect(words('en').say(label[1] as never)).toBe('VTEP · VNI 1');
      const eth0 = byId.get(ifaceId(node.name, 'eth0'))!;
      type Leaf = { position: { x: number; y: number }; data: { height: number } };
      const [v, e] = [vtep as unknown as Leaf, eth0 as unknown as Leaf];
      // Side by side neither address fits its half: one above the other, clear of each other.
      expect(v.position.x).toBe(e.position.x);
      expect(v.position.y - v.data.height / 2).toBeGreaterThan(e.position.y + e.data.height / 2);
    }
  });

  it('draws a tunnel between each pair of VTEPs', () => {
    const tunnels = elements.filter((e) => e.group === 'edges' && e.classes === 'tunnel');
    expect(tunnels.map((t) => [(t.data as { source: string }).source, (t.data as { target: string }).target])).toEqual([
      [ifaceId('kind-control-plane', 'flannel.1'), ifaceId('kind-worker', 'flannel.1')],
      [ifaceId('kind-control-plane', 'flannel.1'), ifaceId('kind-worker2', 'flannel.1')],
      [ifaceId('kind-worker', 'flannel.1'), ifaceId('kind-worker2', 'flannel.1')],
    ]);
  });

  it('hangs the pods on cni0, not docker0, and lists the routes via the other VTEPs', () => {
    for (const node of nodes) expect(byId.has(ifaceId(node.name, 'docker0'))).toBe(false);
    const pod = sim.state.pods.find((p) => p.name.startsWith('web-'))!;
    const veth = elements.find((e) => e.data.id === `veth:pod:${pod.namespace}/${pod.name}`) as unknown as {
      data: { source: string; label: string[] };
    };
    expect(veth.data.source).toBe(ifaceId(pod.node!, 'cni0'));
    expect(veth.data.label[0]).toMatch(/^veth[0-9a-f]{8}$/);
    const routes = (byId.get(`node:kind-worker/routes`)?.data as unknown as { label: unknown[] }).label;
    expect(routes).toContain('10.244.0.0/24 via 10.244.0.0');
  });

  it('puts the wrap and unwrap hops of a cross-node flow on the VTEPs', () => {
    const dp = buildDataplane(sim.state);
    const [a, b] = sim.state.pods.filter((p) => p.name.startsWith('web-'));
    const t = trace(dp, { from: `pod:default/${a!.name}` as NamespaceId, to: { ip: b!.ip!, port: 80 }, proto: 'tcp' });
    const position = (id: string) => (byId.get(id) as { position?: { x: number; y: number } } | undefined)?.position;
    const wrap = t.hops.find((h) => h.kind === 'encap')!;
    const unwrap = t.hops.find((h) => h.kind === 'decap')!;
    expect(anchorOf(wrap, position)).toEqual(position(ifaceId(a!.node!, 'flannel.1')));
    expect(anchorOf(unwrap, position)).toEqual(position(ifaceId(b!.node!, 'flannel.1')));
  });

  it("leaves the book's graph as it was: docker0, no VTEP, no tunnel", () => {
    const book = graphElements(simulate(LAB_TEXT).state);
    expect(book.some((e) => e.data.id === ifaceId('k8smaster01', 'docker0'))).toBe(true);
    expect(book.some((e) => String(e.data.id).endsWith('/flannel.1') || e.classes === 'tunnel')).toBe(false);
  });
});

describe('the graph and the dataplane agree on each node’s pod network', () => {
  it('a bridge box only where the node has the bridge: cni0 comes with a flannel node’s first pod', () => {
    for (const profile of ['book', 'kind', 'flannel'] as const) {
      // One pod, no DNS add-on: on kind and flannel two nodes run no pod at all.
      const s = simulate(
        `apiVersion: kube-netplay/v1\nkind: Cluster\nmetadata: {name: t}\nspec: {profile: ${profile}, dns: none}\n---\n${LAB_TEXT.split('\n---\n')[0]}`,
      );
      const dp = buildDataplane(s.state);
      const els = graphElements(s.state);
      for (const node of s.state.cluster.nodes) {
        const ns = dp.namespaces.find((n) => n.id === `node:${node.name}`)!;
        const bridges = ns.interfaces.filter((i) => i.kind === 'bridge').map((i) => i.name);
        const drawn = els.filter((e) => e.classes === 'bridge' && e.data.id.startsWith(`node:${node.name}/`)).map((e) => e.data.id);
        expect(drawn, `${profile} ${node.name}`).toEqual(bridges.map((b) => ifaceId(node.name, b)));
      }
    }
  });

  it('says on a flannel node without pods that cni0 is not made yet', () => {
    const s = simulate(`apiVersion: kube-netplay/v1\nkind: Cluster\nmetadata: {name: t}\nspec: {profile: flannel, dns: none}\n`);
    const box = graphElements(s.state).find((e) => e.data.id === ifaceId('kind-worker', 'cni0'))!;
    const label = (box.data as unknown as { label: unknown[] }).label;
    expect(words('en').say(label[0] as never)).toBe('no cni0 until a pod · 10.244.1.0/24');
  });
});
