import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { diffStates } from '../../src/core/diff.ts';
import { simulate } from '../../src/core/index.ts';
import { graphElements, type GraphNode } from '../../src/graph/elements.ts';
import { english } from '../../src/i18n/words.ts';
import { answer } from '../../src/store/derive-answer.ts';
import { generateScenario } from '../../scripts/bench/scenario.ts';
import { LAB_TEXT, scenarioFile } from '../helpers.ts';

const texts = {
  lab: LAB_TEXT,
  scaling: scenarioFile('scaling.yaml'),
  'pod-to-pod': scenarioFile('pod-to-pod.yaml'),
  '4 nodes': generateScenario(4).text,
  '12 nodes': generateScenario(12).text,
};

describe('the graph, drawn without the dataplane', () => {
  for (const [name, text] of Object.entries(texts)) {
    it(`shows the veths and routes the dataplane has: ${name}`, () => {
      const { state } = simulate(text);
      const dp = buildDataplane(state);
      const edges = graphElements(state).filter((e) => e.group === 'edges');
      const veths = edges.filter((e) => e.classes === 'veth');
      expect(veths.length).toBeGreaterThan(0);
      for (const e of veths) {
        // docker0 (node:NAME/docker0) to the pod (pod:NS/NAME): the node's veth whose peer is the pod.
        const node = dp.namespaces.find((n) => n.id === e.data.source.replace(/\/docker0$/, ''))!;
        expect(e.data.label.map(english).join('\n'), e.data.id).toBe(node.interfaces.find((f) => f.peer?.ns === e.data.target)?.name);
      }
      for (const node of state.cluster.nodes) {
        const routes = graphElements(state).find((e) => e.data.id === `node:${node.name}/routes`)!;
        const ns = dp.namespaces.find((n) => n.id === `node:${node.name}`)!;
        const via = ns.routes.filter((r) => r.via && r.dst !== 'default').map((r) => `${r.dst} via ${r.via}`);
        // As many as fit above docker0 (a three-node cluster's two); past two, the first and a count of the rest.
        const lines = via.length > 2 ? [via[0], `… ${via.length - 1} more: select to list`] : via;
        expect(routes.data.label.map(english).join('\n')).toBe(via.length ? `routes\n${lines.join('\n')}` : 'routes: none');
        const box = routes as GraphNode;
        const bridge = graphElements(state).find((e) => e.data.id === `node:${node.name}/docker0`) as GraphNode;
        expect(box.position!.y + box.data.height! / 2, 'the routes box ends above docker0').toBeLessThan(
          bridge.position!.y - bridge.data.height! / 2,
        );
      }
    });
  }
});

describe("the worker's answers", () => {
  it('a simulated text carries no dataplane: it stays in the worker', () => {
    for (const text of [LAB_TEXT, generateScenario(3).text]) {
      const reply = answer({ id: 1, kind: 'simulate', text });
      expect(reply.kind).toBe('simulated');
      expect(Object.keys(reply).sort()).toEqual(['elements', 'id', 'kind', 'sim', 'text']);
      if (reply.kind !== 'simulated') continue;
      // What crosses from the worker to the page is a structured clone.
      expect(structuredClone(reply.sim)).toEqual(simulate(text));
    }
  });

  it('the changes between two texts are those of their states and dataplanes', () => {
    const after = LAB_TEXT.replace('replicas: 1', 'replicas: 3');
    const reply = answer({ id: 2, kind: 'changes', before: LAB_TEXT, after });
    const a = simulate(LAB_TEXT).state;
    const b = simulate(after).state;
    expect(reply.kind === 'changes' && reply.changes).toEqual(diffStates(a, b, buildDataplane(a), buildDataplane(b)));
    expect(reply.kind === 'changes' && reply.changes.length).toBeGreaterThan(4);
  });
});
