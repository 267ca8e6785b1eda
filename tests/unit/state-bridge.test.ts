// `state`'s NODES table names the bridge the node's pods plug into, per profile.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { printState } from '../../src/core/print/state.ts';
import { fixture, LAB_TEXT } from '../helpers.ts';

const nodes = (text: string) =>
  printState(simulate(text).state)
    .split('\n\n')
    .find((s) => s.startsWith('NODES'))!
    .split('\n');

describe('state NODES', () => {
  it('shows docker0 on the book, none on kind (ptp), cni0 on flannel once a pod runs on the node', () => {
    expect(nodes(LAB_TEXT)[1]).toMatch(/^NAME +INTERNAL-IP +POD-SUBNET +DOCKER0$/);
    expect(nodes(LAB_TEXT)[2]).toMatch(/^k8smaster01 +172\.24\.8\.71\/24 +172\.17\.1\.0\/24 +172\.17\.1\.1\/24$/);
    expect(nodes(fixture('kind.yaml'))[1]).toMatch(/ BRIDGE$/);
    expect(nodes(fixture('kind.yaml'))[3]).toMatch(/^kind-worker +172\.18\.0\.3\/16 +10\.244\.1\.0\/24 +<none> \(ptp\)$/);
    const flannel = simulate(fixture('flannel.yaml')).state;
    const withPods = new Set(flannel.pods.filter((p) => p.ip && !p.hostNetwork).map((p) => p.node));
    for (const line of nodes(fixture('flannel.yaml')).slice(2)) {
      const [name, , subnet, ...bridge] = line.split(/ +/);
      expect(bridge.join(' ')).toBe(withPods.has(name) ? `cni0 ${subnet!.replace(/0\/24$/, '1/24')}` : '<none>');
    }
  });
});
