/** Namespace ids: one constructor and one parser, and the text form links and the CLI carry. */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { indexOf } from '../../src/core/dataplane/lookup.ts';
import { PHYSICAL_SEGMENT } from '../../src/core/dataplane/topology.ts';
import { simulate } from '../../src/core/index.ts';
import { isNamespaceId, namespaceRef, nsId, parseNamespaceId } from '../../src/core/namespace-id.ts';
import { fixture, LAB_TEXT } from '../helpers.ts';

describe('namespace ids', () => {
  it('keep the text form links made before them carry', () => {
    expect(nsId.node('k8smaster01')).toBe('node:k8smaster01');
    expect(nsId.pod('default', 'client')).toBe('pod:default/client');
    expect(nsId.host('laptop')).toBe('host:laptop');
  });

  it('read back what they were made from', () => {
    for (const ref of [
      { kind: 'node', name: 'k8smaster01' },
      { kind: 'host', name: 'laptop' },
      { kind: 'pod', namespace: 'kube-system', name: 'dns-1' },
    ] as const) {
      expect(namespaceRef(nsId.of(ref))).toEqual(ref);
      expect(parseNamespaceId(nsId.of(ref))).toEqual(ref);
    }
  });

  it.each(['', 'k8smaster01', 'node:', 'pod:default', 'pod:/x', 'pod:default/', 'pod:a/b/c', 'node:a/b', 'svc:default/web', ':x', 'host'])(
    'refuses %j',
    (text) => {
      expect(parseNamespaceId(text)).toBeUndefined();
      expect(isNamespaceId(text)).toBe(false);
    },
  );
});

describe("the dataplane's index", () => {
  it('finds every namespace by its id, each pod on its node and behind its veth', () => {
    for (const text of [LAB_TEXT, fixture('three-replicas.yaml')]) {
      const sim = simulate(text);
      const dp = buildDataplane(sim.state);
      const index = indexOf(dp);
      expect(indexOf(dp)).toBe(index);
      for (const ns of dp.namespaces) expect(index.namespace(ns.id)).toBe(ns);
      for (const pod of sim.state.pods.filter((p) => p.phase === 'Running' && !p.hostNetwork)) {
        const id = nsId.pod(pod.namespace, pod.name);
        expect(index.nodeOf(id)).toBe(pod.node);
        const node = index.namespace(nsId.node(pod.node!))!;
        const behind = index.bridgePort(node, 'docker0', pod.ip!);
        expect(behind?.peer.ns.id).toBe(id);
        expect(behind?.peer.iface.name).toBe('eth0');
        expect(index.peer(behind!.peer.iface)).toEqual({ ns: node, iface: behind!.port });
      }
      for (const node of sim.state.cluster.nodes) {
        expect(index.nodeOf(nsId.node(node.name))).toBe(node.name);
        expect(index.onSegment(PHYSICAL_SEGMENT, node.ip).map((n) => n.ns.id)).toEqual([nsId.node(node.name)]);
      }
      expect(index.namespace(nsId.node('nobody'))).toBeUndefined();
    }
  });
});
