// Hostile input: every case answers with a clear message, never an exception, and says its limit.
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, simulate } from '../../src/core/index.ts';
import { cluster, LAB_TEXT, rc, scenario } from '../helpers.ts';

const errors = (text: string) => simulate(text).diagnostics.filter((d) => d.severity === 'error');

describe('hostile input', () => {
  it('refuses 10 MB of text with a message that states the limit', () => {
    const text = `${LAB_TEXT}\n#${'x'.repeat(10_000_000)}`;
    const [d] = errors(text);
    expect(d!.code).toBe('limit-text');
    expect(d!.message).toContain(MAX_TEXT_LENGTH.toLocaleString('en-US'));
  });

  it('reads a 20,000-line document', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n${Array.from({ length: 20_000 }, (_, i) => `    k${i}: v`).join('\n')}\nspec:\n  containers: [{name: c, image: i}]\n`;
    const sim = simulate(text);
    expect(sim.ok).toBe(true);
    expect(Object.keys(sim.state.pods[0]!.labels)).toHaveLength(20_000);
  });

  it('survives deep nesting', () => {
    for (const text of [
      `a: ${'['.repeat(20_000)}`,
      `${'- '.repeat(5_000)}x`,
      `a:\n${Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i + 1)}b${i}:`).join('\n')} 1`,
    ]) {
      const sim = simulate(text);
      expect(sim.ok).toBe(false);
      expect(sim.diagnostics.length).toBeGreaterThan(0);
    }
  });

  it('refuses a million replicas and says so at the field', () => {
    const text = scenario(rc('web', 1_000_000));
    const d = simulate(text).diagnostics.find((x) => x.code === 'limit-pods')!;
    expect(d.message).toMatch(/less than or equal to 1000 \(the playground runs at most 1000 pods\)/);
  });

  it('answers huge and overlapping ranges with the rule they break', () => {
    expect(errors(scenario(cluster({ serviceClusterIPRange: '0.0.0.0/0' }))).map((d) => d.code)).toContain('cidr-overlap');
    expect(errors(scenario(cluster({ clusterCIDR: '10.0.0.0/1', serviceClusterIPRange: '10.96.0.0/12' }))).map((d) => d.code)).toContain(
      'cidr-overlap',
    );
    // A /8 per node is wasteful but valid: pods still get addresses at once.
    const wide = simulate(
      scenario(
        cluster({
          clusterCIDR: '10.0.0.0/8',
          serviceClusterIPRange: '192.168.240.0/20',
          nodes: [{ name: 'a', ip: '172.31.0.10/16', podSubnet: '10.0.0.0/8' }],
        }),
        rc('web', 3),
      ),
    );
    expect(wide.ok).toBe(true);
    expect(wide.state.pods.every((p) => p.ip?.startsWith('10.'))).toBe(true);
    const many = Array.from({ length: 300 }, (_, i) => ({ name: `n${i}`, ip: `172.31.${Math.floor(i / 200)}.${(i % 200) + 10}/16` }));
    expect(
      errors(scenario(cluster({ nodes: many })))
        .map((d) => d.message)
        .join(),
    ).toMatch(/at most 200 nodes/);
  });

  it('gives every field of the wrong type a message at its place', () => {
    const wrong = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 7, labels: 'x' },
      spec: { ports: 'eighty', selector: ['a'], type: 3, clusterIP: { a: 1 }, sessionAffinity: true },
    };
    const text = scenario(wrong);
    const d = errors(text).filter((x) => x.code === 'wrong-type');
    expect(d.map((x) => text.slice(x.from, x.to)).sort()).toEqual(['7', 'x', '3', 'eighty', 'true', '- a', 'a: 1'].sort());
  });

  it('keeps names that look like markup as plain text in the state', () => {
    const text = scenario(
      rc('web', 1, { image: '<img src=x onerror=alert(1)>', env: [{ name: 'X', value: '<script>alert(1)</script>' }] }),
    );
    const sim = simulate(text);
    expect(sim.ok).toBe(true);
    expect(sim.state.pods[0]!.containers[1]!.image).toBe('<img src=x onerror=alert(1)>');
  });
});
