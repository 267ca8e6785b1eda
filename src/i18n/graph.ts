/**
 * The graph's own words in the visitor's language, line by line: names, addresses, interface
 * names and container IDs stay as they are (src/graph/elements.ts writes the English).
 */
import type { GraphElement } from '../graph/elements.ts';
import { sayByShapes, type Shape } from './shapes.ts';
import type { Language } from './strings.ts';

const LINES_ZH: readonly Shape[] = [
  [/^physical network (.*)$/, (net) => `物理网络 ${net}`],
  [/^routes$/, () => '路由'],
  [/^routes: none$/, () => '路由：无'],
  [/^… (\d+) more: select to list$/, (n) => `… 还有 ${n} 条：选中查看`],
  [/^docker0 bridge (.*)$/, (rest) => `docker0 网桥 ${rest}`],
  [/^service portal network (.*)$/, (range) => `Service 虚拟网络 ${range}`],
  [/^\(virtual: rules on every node\)$/, () => '（虚拟的：规则写在每个节点上）'],
  [/^owns the netns$/, () => '持有网络命名空间'],
  [/^host network$/, () => '主机网络'],
  [/^no services$/, () => '没有 Service'],
  [/^Pending pods$/, () => 'Pending 的 Pod'],
  [/^headless \(no cluster IP\)$/, () => 'headless（无集群 IP）'],
  [/^affinity: (\S+)$/, (a) => `会话亲和：${a}`],
];

export function graphLabel(label: string, language: Language): string {
  return language === 'en' || label === ''
    ? label
    : label
        .split('\n')
        .map((line) => sayByShapes(LINES_ZH, line))
        .join('\n');
}

/** The elements with their labels in `language` (the same array for English). */
export function localizedElements(elements: readonly GraphElement[], language: Language): readonly GraphElement[] {
  if (language === 'en') return elements;
  return elements.map((e) => {
    const label = graphLabel(e.data.label, language);
    return label === e.data.label ? e : ({ ...e, data: { ...e.data, label } } as GraphElement);
  });
}
