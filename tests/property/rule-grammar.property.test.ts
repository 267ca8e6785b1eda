// The iptables grammar over generated valid clusters, in every kube-proxy mode: every rule the
// dataplane writes parses and prints back to the very line written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { setKubeProxyMode } from '../../src/core/edit.ts';
import { simulate } from '../../src/core/index.ts';
import { printRule } from '../../src/core/netfilter/rule-print.ts';
import { parseRule } from '../../src/core/netfilter/rule.ts';
import { validScenario } from './arbitraries.ts';

const SCALE = Number(process.env.PROPERTY_SCALE ?? 1) || 1;
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

describe('the iptables grammar on generated clusters', () => {
  it('prints every rule of every namespace back as written, in every kube-proxy mode', () => {
    fc.assert(
      fc.property(validScenario, fc.constantFrom('iptables', 'userspace', 'ipvs'), (s, mode) => {
        const dp = buildDataplane(simulate(setKubeProxyMode(s.text, mode)).state);
        const seen = new Set<string>();
        for (const ns of dp.namespaces)
          for (const table of ns.iptables.values())
            for (const chain of table.chains.values())
              for (const rule of chain.rules) {
                if (seen.has(rule.text)) continue;
                seen.add(rule.text);
                expect(printRule(rule)).toBe(rule.text);
                expect(printRule(parseRule(rule.text))).toBe(rule.text);
              }
      }),
      { numRuns: runs(40) },
    );
  });
});
