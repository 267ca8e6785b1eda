/** A trace on the drawing: each rule hop's colour comes from the rule's parsed target, each place from the hop's namespace id. */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { setKubeProxyMode } from '../../src/core/edit.ts';
import { quickFlows } from '../../src/core/flows.ts';
import { simulate } from '../../src/core/index.ts';
import { trace } from '../../src/core/trace/index.ts';
import { containerId, hostId, ifaceId } from '../../src/graph/elements.ts';
import { anchorOf, rewriteOf } from '../../src/graph/packet-path.ts';
import { LAB_TEXT } from '../helpers.ts';

function traced(text: string, flow: string) {
  const sim = simulate(text);
  const request = quickFlows(sim.state).find((q) => q.id === flow)?.request;
  if (!request) throw new Error(`no ${flow} flow`);
  return trace(buildDataplane(sim.state), request);
}

const rewrites = (t: ReturnType<typeof traced>) =>
  t.hops.filter((h) => h.kind === 'rule').map((h) => [h.target?.t ?? 'jump', rewriteOf(h)]);

describe('packet path', () => {
  it("colours a rule hop by its target: Docker's hostPort DNAT, kube-proxy's MASQUERADE and userspace REDIRECT", () => {
    expect(rewrites(traced(LAB_TEXT, 'hostport'))).toContainEqual(['DNAT', 'dnat']);
    expect(rewrites(traced(LAB_TEXT, 'egress'))).toContainEqual(['MASQUERADE', 'masquerade']);
    expect(rewrites(traced(setKubeProxyMode(LAB_TEXT, 'userspace'), 'service'))).toContainEqual(['REDIRECT', 'redirect']);
    for (const [target, rewrite] of rewrites(traced(LAB_TEXT, 'service')))
      if (!['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT'].includes(target!)) expect(rewrite).toBe('none');
  });

  it("places each hop on its namespace's element: the host, the pod's container, the node's eth0", () => {
    const t = traced(LAB_TEXT, 'hostport');
    const at = new Map<string, { x: number; y: number }>();
    const positions = (id: string) => {
      if (!at.has(id)) at.set(id, { x: at.size * 10, y: 0 });
      return at.get(id);
    };
    expect(anchorOf(t.hops[0]!, positions)).toBe(positions(hostId('laptop')));
    const delivered = t.hops.find((h) => h.kind === 'deliver')!;
    const pod = simulate(LAB_TEXT).state.pods[0]!;
    expect(anchorOf(delivered, positions)).toBe(positions(containerId(pod, delivered.where.container ?? 'POD')));
    const onEth0 = t.hops.find((h) => h.where.ns === 'node:k8smaster01' && h.where.iface === 'eth0')!;
    expect(anchorOf(onEth0, positions)).toBe(positions(ifaceId('k8smaster01', 'eth0')));
  });
});
