import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { graphElements, type GraphElement, type GraphNode } from '../../src/graph/elements.ts';
import { labelled } from '../../src/i18n/graph.ts';
import { LAYOUT } from '../../src/graph/layout.ts';
import { DRAWING_BUDGET, OVERVIEW_SERVICES, withinBudget } from '../../src/graph/overview.ts';
import { generateScenario } from '../../scripts/bench/scenario.ts';
import { withServices } from '../e2e/hostile-corpus.ts';
import { LAB_TEXT } from '../helpers.ts';

/** An element's label, said in English. */
const said = (e: GraphElement) => labelled([e], 'en')[0]!.data.label;
const elementsOf = (text: string) => graphElements(simulate(text).state);

describe("the graph's drawing budget", () => {
  it('a graph within the budget is drawn as it is', () => {
    const all = elementsOf(LAB_TEXT);
    const drawing = withinBudget(all);
    expect(drawing.elements).toBe(all);
    expect(drawing.overview).toBeUndefined();
  });

  it('past the budget, pods are counted per node and only the first services drawn', () => {
    const state = simulate(generateScenario(30).text).state;
    const all = graphElements(state);
    const budget = Math.floor(all.length / 2);
    const { elements, overview } = withinBudget(all, budget);
    expect(elements.length).toBeLessThanOrEqual(budget);
    expect(elements.some((e) => e.data.ref.type === 'pod' || e.data.ref.type === 'container')).toBe(false);
    const services = state.services.filter((s) => !s.builtin);
    expect(overview).toEqual({
      elements: all.length,
      pods: state.pods.length,
      services: services.length,
      servicesHidden: services.length - OVERVIEW_SERVICES,
      nodesFolded: false,
    });
    for (const node of state.cluster.nodes) {
      const count = elements.find((e) => e.data.id === `node:${node.name}/pods`) as GraphNode;
      expect(count.data.parent).toBe(`node:${node.name}`);
      expect(said(count)).toBe(`pods: ${state.pods.filter((p) => p.node === node.name).length}`);
    }
    const more = elements.find((e) => e.data.id === 'portal/more') as GraphNode;
    expect(said(more)).toBe(`… ${services.length - OVERVIEW_SERVICES} more services`);
    // Right under the last service drawn (the services' boxes are as tall as their lines).
    const shown = elements.filter((e): e is GraphNode => e.group === 'nodes' && e.data.ref.type === 'service');
    const bottom = Math.max(...shown.map((e) => e.position!.y + e.data.height! / 2));
    const top = more.position!.y - more.data.height! / 2;
    expect(top).toBeGreaterThan(bottom);
    expect(top - bottom).toBeLessThan(LAYOUT.serviceHeight);
    // Every edge drawn joins two elements drawn.
    const ids = new Set(elements.map((e) => e.data.id));
    for (const e of elements) if (e.group === 'edges') expect(ids.has(e.data.source) && ids.has(e.data.target), e.data.id).toBe(true);
    // Parents are drawn.
    for (const e of elements) if (e.group === 'nodes' && e.data.parent) expect(ids.has(e.data.parent), e.data.id).toBe(true);
  });

  it('with too many nodes for their parts, each node is one box', () => {
    const all = elementsOf(generateScenario(60).text);
    const { elements, overview } = withinBudget(all, 300);
    expect(overview?.nodesFolded).toBe(true);
    expect(elements.length).toBeLessThanOrEqual(300);
    expect(elements.some((e) => e.data.ref.type === 'interface' || e.data.ref.type === 'routes')).toBe(false);
    const node = elements.find((e) => e.data.id === 'node:node002') as GraphNode;
    expect(said(node)).toBe('node002\npods: 10');
    expect(node.position!.x).toBeGreaterThan((elements.find((e) => e.data.id === 'node:node001') as GraphNode).position!.x);
  });

  it('500 services pasted beside the lab: 40 are drawn, the rest counted, the lab drawn as it is', () => {
    const all = elementsOf(withServices(500));
    expect(all.length).toBeGreaterThan(DRAWING_BUDGET);
    const { elements, overview } = withinBudget(all);
    expect(elements.length).toBeLessThanOrEqual(DRAWING_BUDGET);
    expect(overview).toMatchObject({ services: 500, servicesHidden: 500 - OVERVIEW_SERVICES, pods: 1, nodesFolded: false });
    expect(elements.filter((e) => e.data.ref.type === 'service')).toHaveLength(OVERVIEW_SERVICES);
  });
});
