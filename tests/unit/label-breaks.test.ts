import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { graphElements } from '../../src/graph/elements.ts';
import { breakable, labelled } from '../../src/i18n/graph.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';

describe("the graph's labels break where their language allows", () => {
  it('a Chinese line may break between two characters, never inside a Latin word or an address', () => {
    expect(breakable('Service portal 网络 10.254.0.0/16（虚拟的：规则写在每个节点上）')).toBe(
      'Service portal 网\u200b络 10.254.0.0/16（\u200b虚\u200b拟\u200b的\u200b：\u200b规\u200b则\u200b写\u200b在\u200b每\u200b个\u200b节\u200b点\u200b上\u200b）',
    );
    expect(breakable('frontend (ClusterIP) 10.254.176.53')).toBe('frontend (ClusterIP) 10.254.176.53');
  });

  it("in Chinese every label's wide characters can break, in English no label gets a break of its own", () => {
    const lab = SCENARIOS.find((s) => s.id === 'lab')!;
    const elements = graphElements(simulate(lab.text).state);
    const zh = labelled(elements, 'zh');
    const en = labelled(elements, 'en');
    expect(en.some((e) => e.data.label.includes('\u200b'))).toBe(false);
    const portal = zh.find((e) => e.data.id === 'portal')!.data.label;
    expect(portal).toContain('网\u200b络');
    // No two wide characters stand together without a break between them.
    for (const e of zh) expect(e.data.label).not.toMatch(/[\u2E80-\u9FFF\uFF00-\uFF60]{2}/);
  });
});
