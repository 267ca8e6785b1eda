// The playground's limits: each refused at validation with its own code, at its line, and
// nothing built from what lies past it.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  MAX_DOCUMENTS,
  MAX_NESTING,
  MAX_PODS,
  MAX_PODS_PER_NODE,
  MAX_PORTS_PER_SERVICE,
  MAX_SERVICES,
  MAX_TEXT_LENGTH,
  MAX_WARNINGS,
  replicasProblem,
  simulate,
} from '../../src/core/index.ts';
import { cluster, LAB_TEXT, rc, scenario, svc } from '../helpers.ts';

const ofCode = (text: string, code: string) => simulate(text).diagnostics.filter((d) => d.code === code);
const marked = (text: string, d: { from: number; to: number }) => text.slice(d.from, d.to);
const service = (i: number) => stringify(svc(`s${i}`, { selector: { app: 'x' }, ports: [{ port: 80 }] }));

describe('limits', () => {
  it('refuses text past MAX_TEXT_LENGTH whole', () => {
    const [d, ...rest] = simulate('#'.repeat(MAX_TEXT_LENGTH + 1)).diagnostics;
    expect(rest).toEqual([]);
    expect(d!.code).toBe('limit-text');
    expect(d!.message).toContain(MAX_TEXT_LENGTH.toLocaleString('en-US'));
  });

  it('reads MAX_DOCUMENTS documents and marks the first one past them', () => {
    const docs = Array.from({ length: MAX_DOCUMENTS + 5 }, (_, i) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n${i}\n`);
    const text = docs.join('---\n');
    const sim = simulate(text);
    const [d] = sim.diagnostics.filter((x) => x.code === 'limit-documents');
    expect(d!.message).toContain(`at most ${MAX_DOCUMENTS}`);
    expect(d!.line).toBe(5 * MAX_DOCUMENTS + 1);
    expect(sim.state.namespaces).toContain(`n${MAX_DOCUMENTS - 1}`);
    expect(sim.state.namespaces).not.toContain(`n${MAX_DOCUMENTS}`);
  });

  it('refuses YAML nested past MAX_NESTING at its line, however deep', () => {
    // `levels` mappings, one inside the other: k0 is in the first, k1 in the second, …
    const nested = (levels: number) => `${Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`;
    expect(ofCode(nested(MAX_NESTING), 'limit-nesting')).toEqual([]);
    const [d] = ofCode(nested(MAX_NESTING + 1), 'limit-nesting');
    expect(d!.message).toContain(`nested more than ${MAX_NESTING} levels deep`);
    expect(d!.line).toBe(MAX_NESTING + 1);
    // The last one makes the YAML parser itself run out of stack.
    for (const text of [`a: ${'['.repeat(10_000)}${']'.repeat(10_000)}`, `${'- '.repeat(10_000)}x`, `${'- '.repeat(10_000)}x\nab\n  c: `]) {
      const sim = simulate(text);
      expect(sim.ok).toBe(false);
      expect(sim.diagnostics.map((x) => x.code)).toContain('limit-nesting');
    }
  });

  it('refuses services past MAX_SERVICES with one quota message at the first of them', () => {
    const text = [LAB_TEXT, ...Array.from({ length: MAX_SERVICES + 20 }, (_, i) => service(i))].join('---\n');
    const sim = simulate(text);
    const refused = sim.diagnostics.filter((d) => d.code === 'limit-services');
    expect(refused).toHaveLength(1);
    // The lab's own services count too: the quota is reached that much earlier.
    const own = simulate(LAB_TEXT).state.services.length - 1;
    const first = `s${MAX_SERVICES - own}`;
    expect(refused[0]!.message).toBe(
      `services "${first}" is forbidden: exceeded quota: kube-netplay, requested: services=1, used: services=${MAX_SERVICES}, limited: services=${MAX_SERVICES}`,
    );
    expect(marked(text, refused[0]!)).toBe(first);
    expect(sim.state.services.filter((s) => s.name !== 'kubernetes')).toHaveLength(MAX_SERVICES);
  });

  it('refuses a service with more than MAX_PORTS_PER_SERVICE ports at the first port past them', () => {
    const ports = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `p${i}`, port: i + 1 }));
    expect(ofCode(scenario(svc('ok', { ports: ports(MAX_PORTS_PER_SERVICE) })), 'limit-ports')).toEqual([]);
    const text = scenario(svc('big', { ports: ports(20_000) }));
    const sim = simulate(text);
    const [d] = sim.diagnostics.filter((x) => x.code === 'limit-ports');
    expect(d!.message).toBe(`spec.ports: Too many: 20000: must have at most ${MAX_PORTS_PER_SERVICE} items`);
    expect(marked(text, d!)).toMatch(new RegExp(`^name: p${MAX_PORTS_PER_SERVICE}\\b`));
    expect(sim.state.services.map((s) => s.name)).toEqual(['kubernetes']);
  });

  it('refuses replicas past MAX_PODS at validation, as kubectl scale does', () => {
    expect(replicasProblem(MAX_PODS)).toBeUndefined();
    expect(replicasProblem(MAX_PODS + 1)).toContain(`must be less than or equal to ${MAX_PODS}`);
    expect(replicasProblem(-1)).toContain('must be greater than or equal to 0');
    const text = scenario(rc('web', 100_000));
    const [d] = ofCode(text, 'limit-pods');
    expect(d!.message).toBe(replicasProblem(100_000));
    expect(marked(text, d!)).toBe('100000');
  });

  it('stops creating pods at MAX_PODS in all, with the quota message at the replicas that asked for more', () => {
    const wide = cluster({ nodes: Array.from({ length: 10 }, (_, i) => ({ name: `n${i}`, ip: `172.31.0.${i + 10}/16` })) });
    const text = scenario(wide, rc('a', MAX_PODS - 10), rc('b', 20), {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'late' },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    });
    const sim = simulate(text);
    expect(sim.state.pods).toHaveLength(MAX_PODS);
    const refused = sim.diagnostics.filter((d) => d.code === 'limit-pods');
    expect(refused.map((d) => marked(text, d))).toEqual(['20', 'late']);
    expect(refused[0]!.message).toMatch(
      new RegExp(
        `^Error creating: pods "b-[a-z0-9]{5}" is forbidden: exceeded quota: kube-netplay, requested: pods=1, used: pods=${MAX_PODS}, limited: pods=${MAX_PODS}$`,
      ),
    );
    expect(refused[1]!.message).toContain('pods "late" is forbidden: exceeded quota');
  });

  it('runs at most MAX_PODS_PER_NODE pods on a node, as the kubelet does; the rest stay Pending', () => {
    const nodes = simulate(LAB_TEXT).state.cluster.nodes.length;
    const sim = simulate(scenario(rc('web', nodes * MAX_PODS_PER_NODE + 3)));
    const running = sim.state.pods.filter((p) => p.phase === 'Running');
    expect(running).toHaveLength(nodes * MAX_PODS_PER_NODE);
    const pending = sim.state.pods.filter((p) => p.phase === 'Pending');
    expect(pending).toHaveLength(3);
    expect(pending[0]!.message).toBe(`0/${nodes} nodes are available: ${nodes} Too many pods.`);
  });

  it('lists MAX_WARNINGS warnings and counts the others in one last warning', () => {
    const text = [LAB_TEXT, ...Array.from({ length: MAX_WARNINGS + 30 }, (_, i) => service(i))].join('---\n');
    const labDocuments = LAB_TEXT.split(/^---$/m).length;
    const warnings = simulate(text).diagnostics.filter((d) => d.severity === 'warning');
    expect(warnings).toHaveLength(MAX_WARNINGS + 1);
    const last = warnings.at(-1)!;
    expect(last.code).toBe('limit-warnings');
    expect(last.message).toMatch(/^30 more warnings from here on are not listed/);
    // At the first warning not listed: the selector of service s100.
    expect(marked(text, last)).toBe('selector');
    expect(last.document).toBe(labDocuments + MAX_WARNINGS);
  });
});
