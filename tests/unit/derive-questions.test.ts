/**
 * What the page asks of a derived text, answered by the derive worker's own code (answer(), which
 * the worker runs and the page falls back to without one): the answers are the core's own, and
 * they survive structured cloning, as they cross from the worker to the page.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { indexOf } from '../../src/core/dataplane/lookup.ts';
import { simulate } from '../../src/core/index.ts';
import { nsId } from '../../src/core/namespace-id.ts';
import { iptablesSave } from '../../src/core/netfilter/ruleset.ts';
import { cellBetween, reachability } from '../../src/core/policy/reachability.ts';
import { ipRoute } from '../../src/core/print/ip.ts';
import { trace, type TraceRequest } from '../../src/core/trace/index.ts';
import { checkExercise } from '../../src/scenarios/exercises.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { createShell } from '../../src/terminal/index.ts';
import { words } from '../../src/i18n/words.ts';
import { answer } from '../../src/store/derive-answer.ts';
import type { Answer, Question } from '../../src/store/derive-protocol.ts';
import { resolvePlaceholders } from '../../src/store/questions.ts';
import { fixture, LAB_TEXT } from '../helpers.ts';

const THREE = LAB_TEXT.replace('replicas: 1', 'replicas: 3');
const state = simulate(THREE).state;
const frontend = state.services.find((s) => s.name === 'frontend')!;
const toFrontend: TraceRequest = {
  from: nsId.node('k8smaster01'),
  to: { ip: frontend.clusterIP, port: 80 },
  proto: 'tcp',
};

/** The question's answer as the page receives it: a structured clone of the worker's reply. */
function asked(question: Question): Answer {
  const reply = structuredClone(answer({ id: 9, kind: 'ask', question }));
  if (reply.kind !== 'answer' || reply.id !== 9) throw new Error(`another reply: ${reply.kind}`);
  return reply.answer;
}

describe('questions answered in the worker', () => {
  it("a flow's trace is the tracer's own, for each seed", () => {
    for (const seed of [1, 2, 3]) {
      const a = asked({ kind: 'trace', text: THREE, flow: toFrontend, seed });
      expect(a).toEqual({ kind: 'trace', trace: trace(buildDataplane(state), toFrontend, seed) });
    }
  });

  it('a trace from a source that is gone answers with the reason, as plain data', () => {
    const gone = { ...toFrontend, from: nsId.pod('default', 'no-such-pod') };
    const a = asked({ kind: 'trace', text: THREE, flow: gone, seed: 1 });
    // The reason is a message with the pod's name as its value, said in each language.
    expect(a).toEqual({ kind: 'trace', trace: { failed: { code: 'trace.no-sender', params: { sender: 'default/no-such-pod' } } } });
    if (a.kind !== 'trace' || !('failed' in a.trace)) throw new Error('traced');
    expect(words('en').say(a.trace.failed)).toBe(
      'Nothing sends this flow: default/no-such-pod is not running (it was removed, or has not started).',
    );
    expect(words('zh').say(a.trace.failed)).toBe('这个流没有发送方：default/no-such-pod 没有在运行（已被删除，或尚未启动）。');
  });

  it('a burst from a node that is not in the cluster says so with its name', () => {
    const a = asked({ kind: 'burst', text: THREE, flow: { ...toFrontend, from: nsId.node('k8smaster09') } });
    expect(a).toEqual({ kind: 'burst', burst: { failed: { code: 'trace.no-sender', params: { sender: 'k8smaster09' } } } });
  });

  it("a burst to a name that does not resolve says so in each language, with the flow's name as a value", () => {
    const pod = state.pods.find((p) => p.name.startsWith('frontend'))!;
    const flow: TraceRequest = { ...toFrontend, from: nsId.pod(pod.namespace, pod.name), name: 'no-such-service' };
    const a = asked({ kind: 'burst', text: THREE, flow });
    expect(a).toEqual({ kind: 'burst', burst: { failed: { code: 'trace.unresolved', params: { name: 'no-such-service' } } } });
    if (a.kind !== 'burst' || !('failed' in a.burst)) throw new Error('burst');
    expect(words('en').say(a.burst.failed)).toBe('no-such-service does not resolve: there is no address to send to.');
    expect(words('zh').say(a.burst.failed)).toBe('no-such-service 无法解析：没有可发送的地址。');
  });

  it('a burst: 100 connections spread over the three replicas, beside the share the rules give each', () => {
    const a = asked({ kind: 'burst', text: THREE, flow: toFrontend });
    if (a.kind !== 'burst' || 'failed' in a.burst) throw new Error('no burst');
    const { traces, colours, shares, result } = a.burst;
    expect(traces).toHaveLength(100);
    expect(colours).toHaveLength(100);
    expect(result.total).toBe(100);
    expect(result.counts).toHaveLength(3);
    expect(result.counts.reduce((n, c) => n + c.count, 0)).toBe(100);
    for (const c of result.counts) {
      expect(c.label).toMatch(/^frontend-/);
      expect(c.id).toBe(`pod:default/${c.label}`);
      expect(c.share).toBeCloseTo(1 / 3, 5);
    }
    expect(shares.map((s) => s.share).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
    // Each dot is coloured as its endpoint's bar.
    for (const [i, t] of traces.entries()) expect(colours[i]).toBe(result.counts.find((c) => c.label === t.deliveredTo?.name)!.colour);
  });

  it("the inspector's views of a node and a pod are the dataplane's, printed", () => {
    const dp = buildDataplane(state);
    const node = asked({ kind: 'inspect', text: THREE, ref: { type: 'node', name: 'k8smaster02' } });
    if (node.kind !== 'inspect') throw new Error('no inspection');
    const ns = indexOf(dp).namespace(nsId.node('k8smaster02'))!;
    expect(node.inspection.namespaces).toHaveLength(1);
    expect(node.inspection.namespaces[0]).toMatchObject({ id: ns.id, ipRoute: ipRoute(ns), iptablesSave: iptablesSave(ns.iptables) });
    expect(node.inspection.namespaces[0]!.iptablesSave).toContain('-A KUBE-SERVICES');
    const pod = state.pods.find((p) => p.name.startsWith('frontend-'))!;
    const veth = asked({ kind: 'inspect', text: THREE, ref: { type: 'veth', namespace: pod.namespace, pod: pod.name } });
    if (veth.kind !== 'inspect') throw new Error('no inspection');
    expect(veth.inspection.namespaces.map((n) => n.id)).toEqual([nsId.node(pod.node!), nsId.pod(pod.namespace, pod.name)]);
    // A service's page reads only the state: nothing to print.
    expect(asked({ kind: 'inspect', text: THREE, ref: { type: 'portal' } })).toEqual({ kind: 'inspect', inspection: { namespaces: [] } });
  });

  it("a lesson step's commands print what a shell on its node prints", () => {
    // The lab's step on a pod's two containers: placeholders for its node and container IDs.
    const step = SCENARIOS.find((s) => s.id === 'lab')!.steps.find((s) => s.id === 'two-containers')!;
    const commands = step.commands!;
    expect(commands.length).toBeGreaterThan(1);
    const a = asked({ kind: 'commands', text: step.text, commands });
    if (a.kind !== 'commands') throw new Error('no outputs');
    const sim = simulate(step.text);
    const data = { text: step.text, state: sim.state, dataplane: buildDataplane(sim.state) };
    expect(a.outputs).toHaveLength(commands.length);
    for (const [i, c] of commands.entries()) {
      const shell = createShell({ current: () => data, setText: () => undefined }, { node: resolvePlaceholders(c.node!, sim.state) });
      const line = resolvePlaceholders(c.line, sim.state);
      expect(a.outputs[i]).toEqual({ prompt: `${shell.prompt()}${line}\n`, text: shell.execute(line).output });
      expect(a.outputs[i]!.text).not.toBe('');
    }
  });

  it("an exercise's check is the one run on the learner's text", () => {
    const check = { kind: 'spread', service: 'frontend', pods: 3 } as const;
    for (const text of [LAB_TEXT, THREE])
      expect(asked({ kind: 'exercise', text, check })).toEqual({ kind: 'exercise', result: checkExercise(text, check) });
    expect(asked({ kind: 'exercise', text: THREE, check })).toMatchObject({ result: { passed: true } });
  });

  it("the reachability matrix is the core's own, every pair traced on the chosen port", () => {
    const text = fixture('network-policy.yaml');
    const port = { port: 80, protocol: 'TCP' } as const;
    const a = asked({ kind: 'reachability', text, port });
    const own = simulate(text).state;
    expect(a).toEqual({ kind: 'reachability', matrix: reachability(own, buildDataplane(own), port) });
    if (a.kind !== 'reachability' || a.matrix.kind !== 'matrix') throw new Error('a matrix');
    expect(cellBetween(a.matrix, 'default/stranger', 'default/web')).toMatchObject({
      outcome: 'rejected',
      policy: 'default/web-from-client',
    });
  });
});
