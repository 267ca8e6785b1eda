/**
 * "pod → name" in the flow picker, as the derive worker answers it: the pod's DNS questions (the
 * search list as ndots:5 decides), each to the kube-dns cluster IP and DNATed to a DNS pod and back,
 * CoreDNS's forward for a name outside cluster.local, then the connection to the answer, as one
 * journey whose hops say each question and answer. A link keeps the name.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { lookupNames } from '../../src/core/flows.ts';
import { simulate } from '../../src/core/index.ts';
import { nsId } from '../../src/core/namespace-id.ts';
import type { Trace, TraceRequest } from '../../src/core/trace/index.ts';
import { english } from '../../src/i18n/words.ts';
import { parseShared } from '../../src/share/link.ts';
import { answerQuestion, type Worked } from '../../src/store/questions.ts';
import { fixture } from '../helpers.ts';

const text = fixture('kind.yaml');
const sim = simulate(text);
const worked = { text, sim, dataplane: buildDataplane(sim.state) } as unknown as Worked;
const client = sim.state.pods.find((p) => p.namespace === 'default' && p.phase === 'Running')!;
const CLIENT = nsId.pod(client.namespace, client.name);
const web = sim.state.services.find((s) => s.name === 'web')!;
const dnsPods = sim.state.pods.filter((p) => p.namespace === 'kube-system').map((p) => p.ip);

function journey(name: string, port = 80): Trace {
  const flow: TraceRequest = { from: CLIENT, to: { ip: '', port }, proto: 'tcp', name };
  const a = answerQuestion(worked, { kind: 'trace', text, flow, seed: 1 });
  if (a.kind !== 'trace' || 'failed' in a.trace) throw new Error('no trace');
  return a.trace;
}

describe('a flow to a name', () => {
  it('asks the search list in order, each question DNATed to a DNS pod and back, then connects to the answer', () => {
    const t = journey('web');
    const said = t.hops.map((h) => english(h.explain));
    expect(said[0]).toBe('The resolver asks 10.96.0.10 port 53 (UDP) for web.default.svc.cluster.local. (A).');
    expect(said.filter((s) => s.startsWith('The resolver asks'))).toHaveLength(1);
    expect(said.some((s) => s === `The answer for web.default.svc.cluster.local. (A) comes back: NOERROR, A ${web.clusterIP}.`)).toBe(true);
    // The question went to a DNS pod (kube-proxy's DNAT).
    expect(t.hops.some((h) => h.after.dport === 53 && dnsPods.includes(h.after.dst))).toBe(true);
    // Then the connection to the service, to one of its pods.
    expect(t.request.dst).toBe(web.clusterIP);
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo?.kind).toBe('pod');
    expect(t.deliveredTo?.namespace).toBe('default');
    const answered = said.findIndex((s) => s.startsWith('The answer for'));
    expect(t.hops.slice(answered + 1).every((h) => h.after.dport === 80 || h.before.sport === 80)).toBe(true);
  });

  it('a name outside cluster.local: three NXDOMAIN answers, CoreDNS forwards the fourth to 172.18.0.1, which answers NXDOMAIN; no connection', () => {
    const t = journey('example.com', 443);
    const said = t.hops.map((h) => english(h.explain));
    expect(said.filter((s) => s.startsWith('The resolver asks')).map((s) => s.split(' for ')[1])).toEqual([
      'example.com.default.svc.cluster.local. (A).',
      'example.com.svc.cluster.local. (A).',
      'example.com.cluster.local. (A).',
      'example.com. (A).',
    ]);
    const forward = said.findIndex((s) => s.includes('it forwards the question (A) to 172.18.0.1 port 53'));
    const upstream = said.findIndex((s) => s.startsWith('The upstream 172.18.0.1 answers example.com. (A): NXDOMAIN'));
    const last = said.findIndex((s) => s.includes('(the upstream 172.18.0.1 answered it)'));
    expect(forward).toBeGreaterThan(0);
    expect(upstream).toBeGreaterThan(forward);
    expect(last).toBe(said.length - 1);
    expect(t.verdict).toBe('dropped');
    expect(english(t.reason!)).toBe('The last answer, for example.com., was NXDOMAIN: the name does not resolve, no connection is opened.');
  });

  it('a burst to a name goes to the address it resolves to; the names offered include services and one outside', () => {
    const flow: TraceRequest = { from: CLIENT, to: { ip: '', port: 80 }, proto: 'tcp', name: 'web' };
    const a = answerQuestion(worked, { kind: 'burst', text, flow });
    if (a.kind !== 'burst' || 'failed' in a.burst) throw new Error('no burst');
    expect(a.burst.result.total).toBe(100);
    expect(a.burst.traces.every((t) => t.request.dst === web.clusterIP)).toBe(true);
    expect(lookupNames(sim.state)).toEqual(expect.arrayContaining(['web', 'web.default.svc.cluster.local', 'example.com']));
  });

  it('a link keeps the name, and refuses one with characters no name has', () => {
    const flow = { from: CLIENT, to: { ip: '', port: 80 }, proto: 'tcp', name: 'web.default' };
    const shared = parseShared(JSON.stringify({ text, flow }));
    expect('flow' in shared && shared.flow).toEqual(flow);
    const bad = parseShared(JSON.stringify({ text, flow: { ...flow, name: 'web<script>' } }));
    expect('flow' in bad && bad.flow?.name).toBeUndefined();
  });
});
