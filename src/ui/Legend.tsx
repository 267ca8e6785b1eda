/** What each colour and shape of the graph means. */
import { COLOURS } from '../graph/style.ts';
import { words, type Language } from '../i18n/words.ts';

const ITEMS: readonly { colour: string; en: string; zh: string; dashed?: boolean }[] = [
  { colour: COLOURS.physical, en: 'physical network, hosts', zh: '物理网络、主机' },
  { colour: COLOURS.node, en: 'node, eth0, routes', zh: '节点、eth0、路由' },
  { colour: COLOURS.bridge, en: 'docker0 bridge, veth', zh: 'docker0 网桥、veth' },
  { colour: COLOURS.pod, en: 'pod, app container', zh: 'Pod、应用容器' },
  { colour: COLOURS.pause, en: 'pause container (owns the netns)', zh: 'pause 容器（持有网络命名空间）' },
  { colour: COLOURS.portal, en: 'service portal network (virtual)', zh: 'Service 虚拟网络（仅为规则）', dashed: true },
  { colour: COLOURS.trouble, en: 'Pending / no endpoints', zh: 'Pending / 无后端', dashed: true },
];

export function Legend({ language }: { language: Language }) {
  return (
    <details className="legend">
      <summary>{words(language).ui.legend}</summary>
      <ul>
        {ITEMS.map((item) => (
          <li key={item.en}>
            <span className="swatch" style={{ borderColor: item.colour, borderStyle: item.dashed ? 'dashed' : 'solid' }} />
            {item[language]}
          </li>
        ))}
      </ul>
    </details>
  );
}
