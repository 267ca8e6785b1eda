import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { diffStates } from '../../src/core/diff.ts';
import { simulate } from '../../src/core/index.ts';
import { describeChange } from '../../src/ui/ChangesPanel.tsx';
import { english, words as words_ } from '../../src/i18n/words.ts';
import { LAB_TEXT } from '../helpers.ts';

const run = (text: string) => {
  const state = simulate(text).state;
  return { state, dp: buildDataplane(state) };
};

describe('what an edit changed', () => {
  it('lists the new pods, the endpoints they bring and the rules rewritten on each node', () => {
    const a = run(LAB_TEXT);
    const b = run(LAB_TEXT.replace('replicas: 1', 'replicas: 3'));
    const changes = diffStates(a.state, b.state, a.dp, b.dp);
    expect(changes.filter((c) => c.kind === 'pod-added')).toHaveLength(2);
    expect(changes.filter((c) => c.kind === 'endpoint-added')).toHaveLength(2);
    const rules = changes.filter((c) => c.kind === 'rules-changed');
    // Two new endpoints: KUBE-SVC gains two rules (and one is rewritten with a probability), two
    // KUBE-SEP chains of two rules each, on every node; the DNAT of the new hostPorts on their nodes.
    expect(rules.map((c) => (c.kind === 'rules-changed' ? c.node : ''))).toEqual(['k8smaster01', 'k8smaster02', 'k8smaster03']);
    for (const c of rules) if (c.kind === 'rules-changed') expect(c.added).toBeGreaterThanOrEqual(6);
  });

  it('finds nothing when nothing changed', () => {
    const a = run(LAB_TEXT);
    const b = run(`${LAB_TEXT}\n# a comment\n`);
    expect(diffStates(a.state, b.state, a.dp, b.dp)).toEqual([]);
  });
});

describe('what an edit changed, in words', () => {
  it("a changed hostPort: the pod, the old and new port, and Docker's DNAT that now matches it", () => {
    const a = run(LAB_TEXT);
    const b = run(LAB_TEXT.replace('hostPort: 80', 'hostPort: 8080'));
    const changes = diffStates(a.state, b.state, a.dp, b.dp);
    const pod = b.state.pods[0]!;
    expect(changes.filter((c) => c.kind === 'host-port')).toEqual([
      { kind: 'host-port', namespace: 'default', name: pod.name, node: pod.node, containerPort: 80, protocol: 'TCP', from: 80, to: 8080 },
    ]);
    const words = changes.map((c) => english(describeChange(c)));
    expect(words).toContain(`~ hostPort 80 → 8080 on ${pod.name} (${pod.node}): Docker's DNAT now matches port 8080`);
    expect(words_('zh').say(describeChange(changes.find((c) => c.kind === 'host-port')!))).toBe(
      `~ ${pod.name}（${pod.node}） 的 hostPort 80 → 8080：Docker 的 DNAT 规则现在匹配 8080 端口`,
    );
  });

  it('a service whose selector now matches nothing, and matches again', () => {
    const a = run(LAB_TEXT);
    const broken = LAB_TEXT.replace(/(kind: Service[\s\S]*selector:\n\s+)name: frontend/, '$1name: nobody');
    expect(broken).not.toBe(LAB_TEXT);
    const b = run(broken);
    const none = diffStates(a.state, b.state, a.dp, b.dp);
    expect(none).toContainEqual({ kind: 'endpoints-none', namespace: 'default', name: 'frontend' });
    expect(none.map((c) => english(describeChange(c)))).toContain(
      '! service frontend: its selector now matches no pod, so kube-proxy rejects its connections',
    );
    const again = diffStates(b.state, a.state, b.dp, a.dp);
    expect(again).toContainEqual({ kind: 'endpoints-again', namespace: 'default', name: 'frontend' });
    expect(again.some((c) => c.kind === 'endpoints-none')).toBe(false);
  });
});
