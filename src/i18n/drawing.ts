/** The words that say the graph is an overview: what the drawing budget counted instead of drawing. */
import type { Overview } from '../graph/overview.ts';
import type { Language } from './words.ts';

const count = (n: number) => n.toLocaleString('en-US');

export const DRAWING: Record<Language, { summarized(o: Overview): string }> = {
  en: {
    summarized: (o) =>
      `Too large to draw whole (${count(o.elements)} elements): ${count(o.pods)} ${o.pods === 1 ? 'pod is' : 'pods are'} counted per node, not drawn` +
      `${o.servicesHidden > 0 ? `, and ${count(o.servicesHidden)} of ${count(o.services)} services` : ''}` +
      `${o.nodesFolded ? '; each node is one box' : ''}. Select an element to inspect it.`,
  },
  zh: {
    summarized: (o) =>
      `太大，无法完整绘制（${count(o.elements)} 个元素）：${count(o.pods)} 个 Pod 按节点计数、不绘制` +
      `${o.servicesHidden > 0 ? `，${count(o.services)} 个 Service 中有 ${count(o.servicesHidden)} 个也只计数` : ''}` +
      `${o.nodesFolded ? '；每个节点画成一个方框' : ''}。选中元素可查看详情。`,
  },
};
