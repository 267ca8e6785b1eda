import { describe, expect, it } from 'vitest';
import { setKubeProxyMode } from '../../src/core/edit.ts';
import { simulate } from '../../src/core/index.ts';
import { LAB_TEXT } from '../helpers.ts';

describe('the kube-proxy mode picker edits only the mode', () => {
  it('adds a Cluster document when there is none, and keeps the rest of the text as written', () => {
    const text = setKubeProxyMode(LAB_TEXT, 'userspace');
    expect(text.endsWith(LAB_TEXT)).toBe(true);
    expect(simulate(text).state.cluster.kubeProxyMode).toBe('userspace');
  });

  it('changes an existing mode in place, again and again', () => {
    let text = setKubeProxyMode(LAB_TEXT, 'ipvs');
    text = setKubeProxyMode(text, 'iptables');
    text = setKubeProxyMode(text, 'userspace');
    expect(text.match(/kind: Cluster/g)).toHaveLength(1);
    expect(simulate(text).state.cluster.kubeProxyMode).toBe('userspace');
  });

  it('works with a flow-style spec', () => {
    const start = `apiVersion: kube-netplay/v1\nkind: Cluster\nspec: {seed: 3}\n---\n${LAB_TEXT}`;
    let text = setKubeProxyMode(start, 'ipvs');
    text = setKubeProxyMode(text, 'userspace');
    const sim = simulate(text);
    expect(sim.ok).toBe(true);
    expect(sim.state.cluster.kubeProxyMode).toBe('userspace');
    expect(sim.state.cluster.seed).toBe(3);
    expect(text.match(/kind: Cluster/g)).toHaveLength(1);
  });
});
