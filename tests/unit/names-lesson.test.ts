/** The lesson "Names": each step's commands, run as the lesson runs them, show what its words say. */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { simulate } from '../../src/core/index.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { commandsAnswer, type Worked } from '../../src/store/questions.ts';

const lesson = SCENARIOS.find((s) => s.id === 'names')!;
const sim = simulate(lesson.text);
const worked = { text: lesson.text, sim, dataplane: buildDataplane(sim.state) } as unknown as Worked;
const outputOf = (id: string) =>
  commandsAnswer(worked, lesson.steps.find((s) => s.id === id)!.commands ?? [])
    .map((o) => o.text)
    .join('');
const ip = (name: string) => sim.state.services.find((s) => s.name === name)!.clusterIP;

describe('the lesson "Names"', () => {
  it('runs without a diagnostic error, in English and Chinese', () => {
    expect(sim.ok).toBe(true);
    for (const step of lesson.steps) {
      expect(step.title.zh).toBeTruthy();
      expect(step.body.zh).toBeTruthy();
    }
  });

  it("shows kube-dns at 10.254.0.10 and the client's resolv.conf pointing at it", () => {
    const out = outputOf('resolv-conf');
    expect(out).toMatch(/kube-system\s+kube-dns\s+ClusterIP\s+10\.254\.0\.10/);
    expect(out).toContain('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.254.0.10\noptions ndots:5\n');
  });

  it('nslookup finds frontend through the search list; host db gives the pods themselves', () => {
    expect(outputOf('search-list')).toContain(`Name:\tfrontend.default.svc.cluster.local\nAddress: ${ip('frontend')}\n`);
    const db = sim.state.pods.filter((p) => p.name.startsWith('db-')).map((p) => `db.default.svc.cluster.local has address ${p.ip}`);
    expect(outputOf('headless-names').trim().split('\n').sort()).toEqual(db.sort());
  });

  it('a name outside the cluster costs the whole search list; an absolute name one question', () => {
    const out = outputOf('ndots-cost');
    expect(out).toContain(';www.example.com.\t\tIN\tA');
    // Asked as given at last, kube-dns forwards it to the node's resolver, which knows no name outside the lab.
    expect(out).toContain('status: NXDOMAIN');
    expect(out).toContain(';; flags: qr rd ra;');
    expect(out).toContain(`${ip('frontend')}\n`);
  });
});
