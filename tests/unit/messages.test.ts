/**
 * Words are data: every message the tracer, the flow picker and the graph emit on the built-in
 * scenarios (each lesson step, each kube-proxy mode, each source to each destination) has a
 * template in every language, and each template names exactly the values its messages carry.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { setKubeProxyMode } from '../../src/core/edit.ts';
import { destinations, quickFlows, sources } from '../../src/core/flows.ts';
import { simulate } from '../../src/core/index.ts';
import { isMessage, msg, placeholders, say, type Message, type MessageCode, type Text } from '../../src/core/message.ts';
import { DIAGNOSTIC_CODES, type Diagnostic } from '../../src/core/diagnostics.ts';
import { PROBLEMS_EN } from '../../src/core/problems-en.ts';
import { trace } from '../../src/core/trace/index.ts';
import { placeOf, verdictOf } from '../../src/core/trace/words.ts';
import { graphElements } from '../../src/graph/elements.ts';
import { labelled } from '../../src/i18n/graph.ts';
import { english, LANGUAGES, words, type Language } from '../../src/i18n/words.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { failedSimulation, stoppedSimulation } from '../../src/store/stopped.ts';
import { crashedSimulation } from '../../src/store/simulation.ts';
import { generateScenario } from '../../scripts/bench/scenario.ts';
import { BROKEN_MANIFESTS } from '../fixtures/broken-manifests.ts';
import { decodeLink, isLinkError, MAX_LINK_CHARS, parseShared } from '../../src/share/link.ts';
import { fixture, LAB_TEXT, scenario } from '../helpers.ts';

/** A message and every message inside it. */
function* within(text: Text): Generator<Message> {
  if (!isMessage(text)) return;
  yield text;
  for (const value of Object.values(text.params as Record<string, Text>)) yield* within(value);
}

const texts = [
  ...new Set([
    ...SCENARIOS.flatMap((s) => [s.text, ...s.steps.map((step) => step.text)]),
    fixture('three-replicas.yaml'),
    fixture('external-traffic.yaml'),
  ]),
];

/** What the flow menus and the graph say on `text`. */
function shown(text: string): Text[] {
  const { state } = simulate(text);
  return [
    ...sources(state).map((s) => s.label),
    ...destinations(state).map((d) => d.label),
    ...quickFlows(state).flatMap((f) => [f.label, ...(f.missing ? [f.missing] : [])]),
    ...graphElements(state).flatMap((e) => e.data.label),
  ];
}

/** Every message a trace says on `text`, in each kube-proxy mode, from each source to each destination. */
function traced(text: string): Text[] {
  const out: Text[] = [];
  for (const mode of ['iptables', 'ipvs', 'userspace'] as const) {
    const { state } = simulate(setKubeProxyMode(text, mode));
    const dp = buildDataplane(state);
    for (const from of sources(state)) {
      for (const to of destinations(state)) {
        const t = trace(dp, { from: from.id, to: { ip: to.ip, port: to.port }, proto: to.proto });
        for (const h of t.hops) out.push(h.explain, ...placeOf(h));
        out.push(verdictOf(t));
      }
    }
  }
  return out;
}

const said = [...texts.flatMap(traced), ...[...texts, scenario(), generateScenario(6).text].flatMap(shown)];
/** Each code's messages, one for each set of values it was given. */
const byCode = new Map<MessageCode, Map<string, Message>>();
for (const t of said)
  for (const m of within(t)) {
    const seen = byCode.get(m.code) ?? new Map<string, Message>();
    seen.set(Object.keys(m.params).sort().join(), m);
    byCode.set(m.code, seen);
  }

describe('the message tables', () => {
  it('cover every code the built-in scenarios emit, in every language, with exactly its values', () => {
    expect(byCode.size).toBeGreaterThan(80);
    for (const [language, table] of Object.entries(LANGUAGES))
      for (const [code, list] of byCode) {
        const template = table.messages[code];
        expect(template, `${language} ${code}`).toBeTypeOf('string');
        const named = [...new Set(placeholders(template))].sort();
        for (const m of list.values()) expect(named, `${language} ${code}`).toEqual(Object.keys(m.params).sort());
      }
  });

  it('name in each template of a language the same values as in English', () => {
    const en = LANGUAGES.en.messages;
    for (const [language, table] of Object.entries(LANGUAGES))
      for (const code of Object.keys(en) as MessageCode[])
        expect([...placeholders(table.messages[code])].sort(), `${language} ${code}`).toEqual([...placeholders(en[code])].sort());
  });

  it('leave no English word in the Chinese', () => {
    const { say: zh } = words('zh');
    // Only the templates' own words: every literal value (a name, an address) becomes '#'.
    const bare = (m: Message): Message => ({
      code: m.code,
      params: Object.fromEntries(Object.entries(m.params as Record<string, Text>).map(([k, v]) => [k, isMessage(v) ? bare(v) : '#'])),
    });
    const chinese = [...new Set(said.filter(isMessage).map((m) => zh(bare(m))))];
    expect(chinese.length).toBeGreaterThan(80);
    // Lower-case words of the English templates (Kubernetes kinds such as Pod and Service stay capitalised).
    const english =
      /\b(the|to|of|on|is|and|from|sends|routed|across|into|bridges|delivered|dropped|rule|network|routes|bridge|service|pod|node|more|select|virtual|owns|host|no|with|reply|packet)\b/;
    expect(chinese.filter((s) => english.test(s))).toEqual([]);
  });
});

/** Every diagnostic of the broken corpus, as simulated and as the page says a stopped, failed or crashed simulation. */
const problems: Diagnostic[] = BROKEN_MANIFESTS.flatMap((text) => [
  ...simulate(text).diagnostics,
  ...stoppedSimulation(text, 8000).sim.diagnostics,
  ...failedSimulation(text, 'Maximum call stack size exceeded').sim.diagnostics,
  ...crashedSimulation(text).sim.diagnostics,
]);
/** Why each Pending pod of the corpus is pending, as the inspector and the graph say it. */
const pendingWhy = BROKEN_MANIFESTS.flatMap((text) => simulate(text).state.pods.flatMap((p) => (p.why ? [p.why] : [])));
const problemMessages = [...problems.flatMap((d) => [d.says, ...(d.advice ? [d.advice] : [])]), ...pendingWhy].flatMap((m) => [
  ...within(m),
]);

describe('the problems', () => {
  it('of the broken corpus cover every diagnostic code and every problem message', () => {
    const codes = new Set(problems.map((d) => d.code));
    expect(Object.keys(DIAGNOSTIC_CODES).filter((c) => !codes.has(c as Diagnostic['code']))).toEqual([]);
    const said = new Set(problemMessages.map((m) => m.code));
    expect(Object.keys(PROBLEMS_EN).filter((c) => !said.has(c as MessageCode))).toEqual([]);
  });

  it('have a template in every language naming exactly the values each message carries', () => {
    for (const [language, table] of Object.entries(LANGUAGES))
      for (const m of problemMessages)
        expect([...new Set(placeholders(table.messages[m.code]))].sort(), `${language} ${m.code}`).toEqual(Object.keys(m.params).sort());
  });

  it("say in English exactly what the CLI and the terminal print, the API server's words", () => {
    for (const d of problems) {
      expect(english(d.says)).toBe(d.message);
      if (d.advice) expect(english(d.advice)).toBe(d.hint);
    }
    for (const text of BROKEN_MANIFESTS)
      for (const pod of simulate(text).state.pods.filter((p) => p.why)) expect(english(pod.why!)).toBe(pod.message);
    expect(problems.map((d) => d.message)).toContain('error validating data: kind not set');
  });

  it('leave no English sentence in the Chinese', () => {
    const { say: zh } = words('zh');
    const chinese = [...new Set(problems.flatMap((d) => [zh(d.says), ...(d.advice ? [zh(d.advice)] : [])]))];
    expect(chinese.length).toBeGreaterThan(150);
    // Paths, values and names stay as written; the sentence around them is Chinese.
    const english = /\b(the|is|are|must|not|of|with|and|value|field|cannot|does|here|only|nothing|playground)\b/;
    const bare = [...new Set(problemMessages.map((m) => zh(bareOf(m))))];
    expect(bare.filter((s) => english.test(s))).toEqual([]);
  });
});

describe('why a link could not be opened', () => {
  it('is said in every language, with its values', async () => {
    const opened = [
      await decodeLink('#v9:abc'),
      await decodeLink(`#v2:${'a'.repeat(MAX_LINK_CHARS + 1)}`),
      await decodeLink('#v2:this-is-not-a-scenario'),
      parseShared('not json'),
      parseShared('{"flow": 1}'),
    ];
    const errors = opened.filter(isLinkError).map((e) => e.message);
    expect(new Set(errors.map((m) => m.code)).size).toBe(5);
    expect(english(errors[0]!)).toBe(
      'This link was made by a newer version of kube-netplay (format v9; this page reads v2). Reload the page to get the newest version.',
    );
    for (const m of errors) {
      for (const table of Object.values(LANGUAGES))
        expect([...new Set(placeholders(table.messages[m.code]))].sort()).toEqual(Object.keys(m.params).sort());
      expect(words('zh').say(m)).toMatch(/^这个链接/);
    }
  });
});

/** A message with every literal value (a name, an address, a path) replaced by '#'. */
function bareOf(m: Message): Message {
  return {
    code: m.code,
    params: Object.fromEntries(Object.entries(m.params as Record<string, Text>).map(([k, v]) => [k, isMessage(v) ? bareOf(v) : '#'])),
  };
}

describe('saying a message', () => {
  it('keeps names, addresses and chains, and says the words around them', () => {
    const { say: zh } = words('zh');
    const link = msg('hop.link', { from: 'eth0', medium: msg('medium.veth'), to: 'veth7ff63f8', machine: 'k8smaster01' });
    expect(english(link)).toBe('Out of eth0, across the veth pair, into veth7ff63f8 of k8smaster01.');
    expect(zh(link)).toBe('从 eth0 出去，经过 veth 对，进入 k8smaster01 的 veth7ff63f8。');
    const deliver = msg('hop.deliver', {
      who: msg('who.container', { container: 'php-redis', pod: 'default/frontend-bwg75' }),
      client: '172.24.8.10:48563',
    });
    expect(zh(deliver)).toBe('交付给 Pod default/frontend-bwg75 的容器 php-redis，它看到的客户端是 172.24.8.10:48563。');
    const dropped = msg('verdict.line', { verdict: msg('verdict.dropped'), reason: msg('fail.dropped-by-rule') });
    expect(english(dropped)).toBe('Dropped: The packet is dropped by the rule above.');
    expect(zh(dropped)).toBe('被丢弃：数据包被上面的规则丢弃。');
  });

  it('leaves a literal as it is and a name the template does not know as written', () => {
    expect(english('10.254.0.1:80')).toBe('10.254.0.1:80');
    expect(english(42)).toBe('42');
    expect(say(msg('rule.jump', { chain: 'KUBE-SERVICES' }), { ...LANGUAGES.en.messages, 'rule.jump': 'Jump to {target}.' })).toBe(
      'Jump to {target}.',
    );
  });

  it("says the graph's words in the language and keeps names and addresses", () => {
    const lab = graphElements(simulate(LAB_TEXT).state);
    // As read (the zero-width spaces a Chinese line may break at are tested in label-breaks.test.ts).
    const label = (language: Language, id: string) =>
      labelled(lab, language)
        .find((e) => e.data.id === id)!
        .data.label.replace(/\u200b/g, '');
    const node = lab.find((e) => e.data.ref.type === 'node')!.data.id;
    expect(label('en', 'portal')).toBe('portal network 10.254.0.0/16\n(virtual: rules on every node)');
    expect(label('zh', 'portal')).toBe('portal 网络 10.254.0.0/16\n（虚拟的：规则写在每个节点上）');
    expect(label('zh', `${node}/docker0`)).toMatch(/^docker0 网桥 172\.17\.\d+\.1\/24$/);
    expect(label('zh', `${node}/routes`)).toMatch(/^路由\n172\.17\.\d+\.0\/24 via 172\.24\.8\.\d+/);
  });
});
