/**
 * A NetworkPolicy on the graph (src/core/policy/selection.ts, src/graph/policy-marks.ts): the pods
 * it selects, the peers its rules let in and out to, read from the spec's own matching; the
 * policy whose document holds the editor's cursor; the policies that select a pod.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { policiesSelecting, policyAt, policyMarks } from '../../src/core/policy/selection.ts';
import { podId } from '../../src/graph/elements.ts';
import { policyClasses } from '../../src/graph/policy-marks.ts';
import { createAppStore } from '../../src/store/store.ts';
import { fixture } from '../helpers.ts';

const text = fixture('network-policy.yaml');
const sim = simulate(text);
const { state } = sim;

describe('a NetworkPolicy shown on the graph', () => {
  it('an ingress allow-list selects its pods and admits the peers its rules name', () => {
    expect(policyMarks(state, 'default/web-from-client')).toEqual({
      policy: 'default/web-from-client',
      types: ['Ingress'],
      selected: ['default/web'],
      // From client by podSelector, and every pod of namespace other (team: blue): probe.
      from: ['default/client', 'other/probe'],
      to: [],
      fromOutside: false,
      toOutside: false,
    });
  });

  it('a default-deny selects without admitting anyone', () => {
    const deny = policyMarks(state, 'default/db-deny-all')!;
    expect(deny.selected).toEqual(['default/db']);
    expect(deny.from).toEqual([]);
  });

  it('an egress allow-list names the pods it may reach, and says when it also reaches addresses outside (an ipBlock)', () => {
    const egress = policyMarks(state, 'default/client-egress')!;
    expect(egress.types).toContain('Egress');
    expect(egress.selected).toEqual(['default/client']);
    expect(egress.to).toContain('default/web');
    expect(egress.to).not.toContain('default/db');
    expect(egress.toOutside).toBe(true);
  });

  it('an unknown policy has no marks', () => {
    expect(policyMarks(state, 'default/nope')).toBeUndefined();
  });

  it("turns marks into the pods' classes, the selection drawn with its peers' marks", () => {
    const classes = policyClasses({
      policy: 'default/p',
      types: ['Ingress', 'Egress'],
      selected: ['default/a'],
      from: ['default/a', 'other/b'],
      to: ['other/b'],
      fromOutside: false,
      toOutside: false,
    });
    expect(classes.get(podId({ namespace: 'default', name: 'a' }))).toBe('policy-from policy-selected');
    expect(classes.get(podId({ namespace: 'other', name: 'b' }))).toBe('policy-from policy-to');
    expect(classes.size).toBe(2);
  });
});

describe("the editor's cursor", () => {
  it('in a NetworkPolicy document names that policy; in another document, none', () => {
    const inPolicy = text.indexOf('name: web-from-client');
    expect(policyAt(state, sim.documents, inPolicy)).toBe('default/web-from-client');
    expect(policyAt(state, sim.documents, text.indexOf('name: stranger'))).toBeUndefined();
    expect(policyAt(state, sim.documents, 0)).toBeUndefined();
  });
});

describe('the policies that select a pod', () => {
  it('are those of its namespace whose podSelector matches it, in the documents’ order', () => {
    const pod = (name: string) => state.pods.find((p) => p.name === name)!;
    expect(policiesSelecting(state, pod('web'))).toContain('default/web-from-client');
    expect(policiesSelecting(state, pod('db'))).toContain('default/db-deny-all');
    expect(policiesSelecting(state, pod('web'))).not.toContain('default/db-deny-all');
  });
});

describe('the policy shown, in the store', () => {
  it("follows the editor's cursor, and keeps what the inspector chose until it is hidden", () => {
    const store = createAppStore(text);
    const a = () => store.getState();
    a().showPolicy('default/db-deny-all', 'editor');
    expect(a().policy).toEqual({ ref: 'default/db-deny-all', by: 'editor' });
    a().showPolicy(undefined, 'editor');
    expect(a().policy).toBeUndefined();
    a().showPolicy('default/web-from-client', 'inspector');
    a().showPolicy(undefined, 'editor');
    expect(a().policy).toEqual({ ref: 'default/web-from-client', by: 'inspector' });
    a().showPolicy('default/db-deny-all', 'editor');
    expect(a().policy?.ref).toBe('default/db-deny-all');
    a().showPolicy(undefined, 'inspector');
    expect(a().policy).toBeUndefined();
  });
});
