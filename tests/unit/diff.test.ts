import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { diffStates } from '../../src/core/diff.ts';
import { simulate } from '../../src/core/index.ts';
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
