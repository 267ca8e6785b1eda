/**
 * The packet panel and the graph in Chinese: every sentence the tracer says on the built-in
 * scenarios and the test fixtures (each source to each destination, in each kube-proxy mode) has
 * its Chinese, and so do the graph's own words.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { setKubeProxyMode } from '../../src/core/edit.ts';
import { destinations, quickFlows, sources } from '../../src/core/flows.ts';
import { simulate } from '../../src/core/index.ts';
import { trace } from '../../src/core/trace/index.ts';
import { graphElements } from '../../src/graph/elements.ts';
import { flowText } from '../../src/i18n/flows.ts';
import { graphLabel, localizedElements } from '../../src/i18n/graph.ts';
import { traceText, verdictText } from '../../src/i18n/trace.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { generateScenario } from '../../scripts/bench/scenario.ts';
import { fixture, LAB_TEXT, scenario } from '../helpers.ts';

/** Every sentence of every trace from each source to each destination. */
function sentences(text: string): Set<string> {
  const out = new Set<string>();
  for (const mode of ['iptables', 'ipvs', 'userspace'] as const) {
    const { state } = simulate(setKubeProxyMode(text, mode));
    const dp = buildDataplane(state);
    for (const from of sources(state))
      for (const to of destinations(state)) {
        const t = trace(dp, { from: from.id, to: { ip: to.ip, port: to.port }, proto: to.proto });
        for (const h of t.hops) out.add(h.explain);
        if (t.reason) out.add(t.reason);
      }
  }
  return out;
}

describe('the tracer in Chinese', () => {
  const texts = [
    ...new Set([
      ...SCENARIOS.flatMap((s) => [s.text, ...s.steps.map((step) => step.text)]),
      fixture('three-replicas.yaml'),
      fixture('external-traffic.yaml'),
    ]),
  ];
  const all = new Set(texts.flatMap((t) => [...sentences(t)]));

  it('has a Chinese sentence for every one it says', () => {
    expect(all.size).toBeGreaterThan(100);
    const untranslated = [...all].filter((s) => traceText(s, 'zh') === s);
    expect(untranslated).toEqual([]);
  });

  it('keeps names, addresses and chains, and translates the words around them', () => {
    expect(traceText('Out of eth0, across the veth pair, into veth7ff63f8 of k8smaster01.', 'zh')).toBe(
      '从 eth0 出去，经过 veth 对，进入 k8smaster01 的 veth7ff63f8。',
    );
    expect(
      traceText('Delivered to container php-redis of pod default/frontend-bwg75, which sees the client as 172.24.8.10:48563.', 'zh'),
    ).toBe('交付给 Pod default/frontend-bwg75 的容器 php-redis，它看到的客户端是 172.24.8.10:48563。');
    expect(traceText('kube-proxy (default/frontend:) rewrites the destination: 10.254.176.53:80 → 172.17.1.33:80.', 'zh')).toBe(
      'kube-proxy (default/frontend:) 改写目的地址：10.254.176.53:80 → 172.17.1.33:80。',
    );
    expect(traceText('Jump to KUBE-SERVICES.', 'en')).toBe('Jump to KUBE-SERVICES.');
    expect(verdictText('dropped', 'The packet is dropped by the rule above.', 'zh')).toBe('被丢弃：数据包被上面的规则丢弃。');
  });
});

describe('the graph in Chinese', () => {
  it("translates the graph's own words and keeps names and addresses", () => {
    const big = simulate(generateScenario(6).text).state;
    for (const state of [simulate(LAB_TEXT).state, simulate(fixture('external-traffic.yaml')).state, big]) {
      const labels = localizedElements(graphElements(state), 'zh').map((e) => e.data.label);
      const english = labels.filter((l) =>
        /\b(network|routes|bridge|owns the netns|virtual|more: select|Pending pods|no services)\b/.test(l),
      );
      expect(english).toEqual([]);
    }
    expect(graphLabel('docker0 bridge 172.17.1.1 · 172.17.1.0/24', 'zh')).toBe('docker0 网桥 172.17.1.1 · 172.17.1.0/24');
    expect(graphLabel('routes\n172.17.2.0/24 via 172.24.8.72\n… 4 more: select to list', 'zh')).toBe(
      '路由\n172.17.2.0/24 via 172.24.8.72\n… 还有 4 条：选中查看',
    );
    const lab = graphElements(simulate(LAB_TEXT).state);
    expect(localizedElements(lab, 'en')).toBe(lab);
  });
});

describe('the flow names in Chinese', () => {
  it('translates every quick flow, its reason when missing, and every destination', () => {
    const texts = [...SCENARIOS.map((s) => s.text), fixture('external-traffic.yaml'), scenario()];
    for (const text of texts) {
      const { state } = simulate(text);
      const said = [
        ...quickFlows(state).flatMap((f) => [f.label, ...(f.missing ? [f.missing] : [])]),
        ...destinations(state).map((d) => d.label),
      ];
      // Names, addresses and the terms hostPort and NodePort stay; no English word is left.
      expect(
        said
          .map((s) => flowText(s, 'zh'))
          .filter((s) => /\b(service|pod|on|of|another|node|masquerade|outside|web server|publishes|running|needs|scale|set)\b/.test(s)),
      ).toEqual([]);
    }
    expect(flowText('pod → frontend service', 'zh')).toBe('Pod → Service frontend');
  });
});
