/**
 * The LoadBalancer lesson says what the simulation does: the address answers from the laptop
 * and from a node; with the laptop's range only, the node's own curl goes unanswered (dropped in
 * the KUBE-FW chain) while the laptop still gets through, as the question's answer says.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { simulate } from '../../src/core/index.ts';
import type { NamespaceId } from '../../src/core/namespace-id.ts';
import { trace } from '../../src/core/trace/index.ts';
import { LOAD_BALANCER_LESSON } from '../../src/scenarios/load-balancer.ts';
import { textShell } from '../../src/terminal/index.ts';

const verdict = (text: string, from: string) =>
  trace(buildDataplane(simulate(text).state), { from: from as NamespaceId, to: { ip: '203.0.113.10', port: 80 }, proto: 'tcp' }).verdict;

describe('the LoadBalancer lesson', () => {
  const [open, ranged] = LOAD_BALANCER_LESSON.steps.map((s) => s.text) as [string, string];

  it('step 1: kubectl shows the address, and the laptop and a node both reach a pod', () => {
    expect(textShell(open).run('kubectl get svc frontend')).toMatch(
      /^frontend +LoadBalancer +10\.254\.\d+\.\d+ +203\.0\.113\.10 +80:3\d{4}\/TCP/m,
    );
    expect(verdict(open, 'host:laptop')).toBe('delivered');
    expect(verdict(open, 'node:k8smaster03')).toBe('delivered');
    expect(textShell(open, { node: 'k8smaster03' }).run('curl -s 203.0.113.10')).not.toBe('');
  });

  it('step 2: only the laptop gets through; the node falls through to KUBE-MARK-DROP', () => {
    expect(verdict(ranged, 'host:laptop')).toBe('delivered');
    expect(verdict(ranged, 'node:k8smaster03')).toBe('dropped');
    expect(textShell(ranged, { node: 'k8smaster03' }).run('curl -m 2 203.0.113.10')).toMatch(/^curl: \(28\)/);
    expect(LOAD_BALANCER_LESSON.steps[1]!.question!.answer).toBe(0);
  });
});
