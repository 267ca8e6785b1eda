/** What each colour and shape of the graph means. */
import { COLOURS } from '../graph/style.ts';
import { words, type Language, type Ui } from '../i18n/words.ts';

const ITEMS: readonly { colour: string; says: keyof Ui; dashed?: boolean }[] = [
  { colour: COLOURS.physical, says: 'legendPhysical' },
  { colour: COLOURS.node, says: 'legendNode' },
  { colour: COLOURS.bridge, says: 'legendBridge' },
  { colour: COLOURS.pod, says: 'legendPod' },
  { colour: COLOURS.pause, says: 'legendPause' },
  { colour: COLOURS.portal, says: 'legendPortal', dashed: true },
  { colour: COLOURS.trouble, says: 'legendTrouble', dashed: true },
];

export function Legend({ language }: { language: Language }) {
  const t = words(language).ui;
  return (
    <details className="legend">
      <summary>{t.legend}</summary>
      <ul>
        {ITEMS.map((item) => (
          <li key={item.says}>
            <span className="swatch" style={{ borderColor: item.colour, borderStyle: item.dashed ? 'dashed' : 'solid' }} />
            {t[item.says] as string}
          </li>
        ))}
      </ul>
    </details>
  );
}
