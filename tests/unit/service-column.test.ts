// The portal network's column: a Service's ports broken onto lines that fit its box, and each box
// as tall as its lines, so that no service's text runs out of its box or into the next one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { graphElements, type GraphNode } from '../../src/graph/elements.ts';
import { LAYOUT } from '../../src/graph/layout.ts';
import { portLines } from '../../src/graph/service-column.ts';
import { fixture, scenarioFile } from '../helpers.ts';

describe("a service's ports", () => {
  it("breaks kube-dns's ports after a comma, as kubectl writes them", () => {
    expect(portLines('53/UDP,53/TCP,9153/TCP')).toEqual(['53/UDP,53/TCP,', '9153/TCP']);
    expect(portLines('80/TCP')).toEqual(['80/TCP']);
    expect(portLines('80:30080/TCP,443:30443/TCP')).toEqual(['80:30080/TCP,', '443:30443/TCP']);
  });

  it('keeps every port in order, and each line within the box unless one port alone is wider', () => {
    const port = fc
      .tuple(fc.integer({ min: 1, max: 65535 }), fc.option(fc.integer({ min: 30000, max: 32767 })), fc.constantFrom('TCP', 'UDP', 'SCTP'))
      .map(([p, node, proto]) => `${p}${node ? `:${node}` : ''}/${proto}`);
    fc.assert(
      fc.property(fc.array(port, { minLength: 1, maxLength: 12 }), (ports) => {
        const lines = portLines(ports.join(','));
        expect(lines.join('')).toBe(ports.join(','));
        for (const line of lines)
          if (line.replace(/,$/, '').includes(',')) expect(line.length).toBeLessThanOrEqual(LAYOUT.serviceLineChars);
        lines.slice(0, -1).forEach((line) => expect(line.endsWith(',')).toBe(true));
      }),
    );
  });
});

describe('the portal network drawn', () => {
  it("on kind, each service's box holds its lines (kube-dns's two of ports, a short one's three) and stands below the one before", () => {
    const text = `${fixture('kind.yaml')}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n`;
    const services = graphElements(simulate(text).state).filter(
      (e): e is GraphNode => e.group === 'nodes' && e.classes.split(' ').includes('service'),
    );
    const dns = services.find((s) => s.data.id === 'svc:kube-system/kube-dns')!;
    expect(dns.data.label.slice(-2)).toEqual(['53/UDP,53/TCP,', '9153/TCP']);
    // Its name and type on one line, its address, its ports on two: the layout's box of four lines.
    expect(dns.data.label).toHaveLength(4);
    expect(dns.data.height).toBe(LAYOUT.serviceHeight);
    // "web (ClusterIP)" fits one line: three lines in all, a line shorter than the layout's four.
    const web = services.find((s) => s.data.id === 'svc:default/web')!;
    expect(web.data.label).toHaveLength(3);
    expect(web.data.height).toBe(LAYOUT.serviceHeight - LAYOUT.mainLineHeight);
    // One under the other, none overlapping.
    const spans = services
      .map((s) => [s.position!.y - s.data.height! / 2, s.position!.y + s.data.height! / 2] as const)
      .sort((a, b) => a[0] - b[0]);
    expect(spans.length).toBeGreaterThan(1);
    spans.slice(1).forEach(([top], i) => expect(top).toBeGreaterThanOrEqual(spans[i]![1] + LAYOUT.gap * 2));
  });
});

describe('the pods no node took', () => {
  // The lab on kind with a third frontend: kind's control plane is tainted and the two workers'
  // port 80 is taken, so the scheduler leaves it Pending with its longest reason.
  const text = fixture('kind.yaml').replace('replicas: 2', 'replicas: 3');
  const nodes = graphElements(simulate(text).state).filter((e): e is GraphNode => e.group === 'nodes');
  const span = (n: GraphNode) => [n.position!.y - n.data.height! / 2, n.position!.y + n.data.height! / 2] as const;

  it('stand under the services, past the room the pending box’s name takes above its border', () => {
    const pending = nodes.filter((n) => n.data.parent === 'pending');
    expect(pending).toHaveLength(1);
    const lastService = Math.max(...nodes.filter((n) => n.classes.split(' ').includes('service')).map((n) => span(n)[1]));
    // The portal's padding (10), the name's line above the pending box's border, its padding (10).
    expect(span(pending[0]!)[0] - lastService).toBeGreaterThanOrEqual(10 + LAYOUT.mainLineHeight + 10 + LAYOUT.gap);
  });

  it('are each as tall as their text: a longer reason, a taller box, none over the next', () => {
    const pendingOf = (t: string) => {
      const st = simulate(t).state;
      const reasons = new Map(st.pods.filter((p) => p.phase === 'Pending').map((p) => [`pod:${p.namespace}/${p.name}`, p.message!]));
      const boxes = graphElements(st).filter((e): e is GraphNode => e.group === 'nodes' && e.data.parent === 'pending');
      return boxes.map((b) => ({ box: b, reason: reasons.get(b.data.id)! }));
    };
    // Five replicas on the lab's kind cluster: three wait on taints and ports, one under the other.
    const many = pendingOf(fixture('kind.yaml').replace('replicas: 2', 'replicas: 5'));
    expect(many.length).toBeGreaterThan(1);
    // "0/3 nodes are available: 3 node(s) didn't have free ports…": no taint to name.
    const [hostPortOnly] = pendingOf(scenarioFile('hostport-conflict.yaml'));
    const taints = many[0]!;
    expect(hostPortOnly!.reason.length).toBeLessThan(taints.reason.length);
    expect(hostPortOnly!.box.data.height).toBeLessThan(taints.box.data.height!);
    // Each holds its name and its reason at the secondary size (a line of 30 characters at most).
    for (const { box, reason } of [hostPortOnly!, taints])
      expect(box.data.height).toBeGreaterThanOrEqual((1 + Math.ceil(`Pending: ${reason}`.length / 30)) * LAYOUT.routesLineHeight);
    const spans = many.map(({ box }) => span(box)).sort((a, b) => a[0] - b[0]);
    spans.slice(1).forEach(([top], i) => expect(top).toBeGreaterThanOrEqual(spans[i]![1]));
  });
});
