/** The lesson "Walls": each step's flow, commands and warnings are what its words say. */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { stepFlowRequest } from '../../src/core/flows.ts';
import { simulate } from '../../src/core/index.ts';
import { trace } from '../../src/core/trace/index.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { commandsAnswer, type Worked } from '../../src/store/questions.ts';

const lesson = SCENARIOS.find((s) => s.id === 'walls')!;

function stepAt(id: string) {
  const step = lesson.steps.find((s) => s.id === id)!;
  const sim = simulate(step.text);
  const dataplane = buildDataplane(sim.state);
  const worked = { text: step.text, sim, dataplane } as unknown as Worked;
  const played = step.flow && trace(dataplane, stepFlowRequest(sim.state, step.flow)!);
  const output = commandsAnswer(worked, step.commands ?? [])
    .map((o) => o.prompt + o.text)
    .join('');
  const warnings = sim.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);
  return { sim, played, output, warnings };
}

describe('the lesson "Walls"', () => {
  it('no walls: frontend reaches the backend service', () => {
    const { played, output } = stepAt('no-walls');
    expect(played).toMatchObject({ verdict: 'delivered', deliveredTo: { namespace: 'shop', name: 'backend' } });
    expect(output).toMatch(/^frontend\s+1\/1\s+Running/m);
    expect(output).toContain('No resources found in shop namespace.');
  });

  it("default deny: the same connection is rejected at backend's chain, naming the policy; the node shows kube-router's chains and sets", () => {
    const { sim, played, output } = stepAt('default-deny');
    expect(played).toMatchObject({ verdict: 'rejected', policy: 'shop/default-deny-ingress' });
    const backend = sim.state.pods.find((p) => p.name === 'backend')!;
    const last = played!.hops.at(-1)!;
    expect(last.kind).toBe('reject');
    expect(last.where.node).toBe(backend.node);
    expect(last.policy).toBe('shop/default-deny-ingress');
    expect(output).toMatch(/-A KUBE-ROUTER-FORWARD -d [\d.]+\/32 -m comment --comment "shop\/backend in" -j KUBE-POD-FW-/);
    expect(output).toMatch(/--comment "shop\/default-deny-ingress policy" -j KUBE-NWPLCY-/);
    expect(output).toContain('-j REJECT --reject-with icmp-port-unreachable');
    expect(output).toMatch(
      new RegExp(`Name: KUBE-DST-\\w+\\nType: hash:ip[\\s\\S]*?Members:\\n(?:.*\\n)*?${backend.ip!.replace(/\./g, '\\.')} timeout 0`),
    );
  });

  it("allow from frontend: delivered, and the reply passes frontend's walls by conntrack; db is still refused", () => {
    const { played, output } = stepAt('allow-frontend');
    expect(played).toMatchObject({ verdict: 'delivered', deliveredTo: { name: 'backend' } });
    // The reply crosses frontend's own pod chain (default-deny-ingress selects it) and is accepted as ESTABLISHED.
    const reply = played!.hops.slice(played!.hops.findIndex((h) => h.direction === 'reply'));
    expect(reply.some((h) => h.chain === 'KUBE-NWPLCY-COMMON' && /--ctstate RELATED,ESTABLISHED -j ACCEPT/.test(h.rule ?? ''))).toBe(true);
    expect(output).toMatch(/curl: \(7\) Failed to connect to [\d.]+ port 8080: Connection refused/);
    expect(output).toMatch(/shop\/backend-from-frontend ingress pods.* --dport 8080/);
  });

  it("default deny egress: the DNS question is rejected on frontend's node, the lint warns, curl cannot resolve", () => {
    const { sim, played, output, warnings } = stepAt('deny-egress');
    expect(played).toMatchObject({ verdict: 'rejected', policy: 'shop/default-deny-egress', request: { dport: 53 } });
    const frontend = sim.state.pods.find((p) => p.name === 'frontend')!;
    expect(played!.hops.at(-1)).toMatchObject({ kind: 'reject', where: { node: frontend.node } });
    expect(output).toContain(';; connection timed out; no servers could be reached');
    expect(output).toContain('curl: (6) Could not resolve host: backend');
    expect(warnings.some((w) => /isolates egress but no rule lets a DNS query \(UDP 53\) out/.test(w))).toBe(true);
  });

  it('allow DNS: the question is delivered to a CoreDNS pod, no warning, curl reaches backend by name', () => {
    const { played, output, warnings } = stepAt('allow-dns');
    expect(played).toMatchObject({ verdict: 'delivered', deliveredTo: { namespace: 'kube-system' } });
    expect(played!.deliveredTo!.name).toMatch(/^coredns-/);
    expect(output).toMatch(/Name:\tbackend\.shop\.svc\.cluster\.local\nAddress: 10\.96\.\d+\.\d+/);
    expect(output).toContain('Served by container api (busybox) of pod shop/backend');
    expect(output).toContain(
      '  Allowing egress traffic:\n    To Port: 53/UDP\n    To Port: 53/TCP\n    To:\n      NamespaceSelector: kubernetes.io/metadata.name=kube-system\n      PodSelector: k8s-app=kube-dns\n  Policy Types: Egress\n',
    );
    expect(warnings).toEqual([]);
  });
});
