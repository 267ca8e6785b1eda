// The bridge's address, as the graph, the printed state and the dataplane say it: the first
// address of the node's pod subnet with the subnet's prefix, for any subnet, not only one ending in .0.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bridgeAddress, bridgeIp } from '../../src/core/dataplane/addresses.ts';
import type { NodeSpec } from '../../src/core/model.ts';
import { printState } from '../../src/core/print/state.ts';
import { simulate } from '../../src/core/index.ts';
import { graphElements } from '../../src/graph/elements.ts';
import { labelled } from '../../src/i18n/graph.ts';
import { cluster, scenario } from '../helpers.ts';

const node = (podSubnet: string) => ({ podSubnet }) as NodeSpec;

describe("a node's bridge address", () => {
  it('is the pod subnet’s first address with its prefix', () => {
    expect(bridgeAddress(node('172.17.1.0/24'))).toBe('172.17.1.1/24');
    expect(bridgeAddress(node('10.244.0.0/16'))).toBe('10.244.0.1/16');
    // A subnet that does not end in .0: the second half of a /24.
    expect(bridgeAddress(node('10.244.1.128/25'))).toBe('10.244.1.129/25');
  });

  it('is what the printed state and the graph say for a node whose pod subnet does not end in .0', () => {
    const state = simulate(scenario(cluster({ nodes: [{ name: 'a', ip: '192.168.0.10/24', podSubnet: '10.244.1.128/25' }] }))).state;
    expect(printState(state)).toMatch(/^a\s+192\.168\.0\.10\/24\s+10\.244\.1\.128\/25\s+10\.244\.1\.129\/25$/m);
    const bridge = labelled(graphElements(state), 'en').find((e) => e.data.id.includes('docker0'))!;
    expect(bridge.data.label).toBe('docker0 bridge 10.244.1.129/25');
  });

  it('is always inside the subnet and one past its base', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 8, max: 30 }), (ip, prefix) => {
        const b = ((ip >>> (32 - prefix)) << (32 - prefix)) >>> 0;
        const text = [b >>> 24, (b >>> 16) & 255, (b >>> 8) & 255, b & 255].join('.');
        const n = node(`${text}/${prefix}`);
        const [gw, mask] = bridgeAddress(n).split('/');
        expect(mask).toBe(String(prefix));
        expect(gw).toBe(bridgeIp(n));
        const last = Number(gw!.split('.')[3]);
        expect(last).toBe(((b & 255) + 1) & 255);
      }),
    );
  });
});
