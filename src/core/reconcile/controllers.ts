/**
 * Controllers → the pods they want, named as the API server names them: `frontend-7x2kq` for a
 * ReplicationController or ReplicaSet, `web-5d59d67564-7x2kq` for a Deployment's ReplicaSet.
 * Pod i keeps its name when the replica count changes, so scaling adds and removes at the end.
 */
import { canonicalJson, hash53, nameSuffix, uidFor } from '../hash.ts';
import { MAX_PODS } from '../limits.ts';
import type { ControllerKind, ControllerObject, KubeObject, Labels, PodSpec } from '../model.ts';

export interface PodIntent {
  readonly document: number;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly labels: Labels;
  readonly spec: PodSpec;
  readonly owner?: { readonly kind: ControllerKind; readonly name: string };
}

export function templateHash(c: ControllerObject, seed: number): string {
  return nameSuffix(`${seed}/template/${canonicalJson(c.template)}`, 10);
}

export interface Expanded {
  readonly pods: PodIntent[];
  /** Pods refused because of MAX_PODS: the first refused of each pod or controller. */
  readonly refused: Refusal[];
}

/** A pod the quota refused: which document asked for it, and its name. */
export interface Refusal {
  readonly document: number;
  readonly controller: boolean;
  readonly name: string;
}

/** The objects that make pods through a template: ReplicationController, ReplicaSet, Deployment. */
export function isController(o: KubeObject): o is ControllerObject {
  return o.kind === 'ReplicationController' || o.kind === 'ReplicaSet' || o.kind === 'Deployment';
}

export function expandPods(objects: readonly KubeObject[], seed: number): Expanded {
  const pods: PodIntent[] = [];
  const refused: Refusal[] = [];
  for (const o of objects) {
    if (o.kind === 'Pod') {
      if (pods.length >= MAX_PODS) {
        refused.push({ document: o.document, controller: false, name: o.metadata.name });
        continue;
      }
      const key = `${seed}/Pod/${o.metadata.namespace}/${o.metadata.name}`;
      pods.push({
        document: o.document,
        namespace: o.metadata.namespace,
        name: o.metadata.name,
        uid: uidFor(key),
        labels: o.metadata.labels,
        spec: o.spec,
      });
    } else if (isController(o)) {
      const count = Math.min(o.replicas, MAX_PODS - pods.length);
      const hash = o.kind === 'Deployment' ? templateHash(o, seed) : undefined;
      const prefix = hash ? `${o.metadata.name}-${hash}` : o.metadata.name;
      const labels = hash ? { ...o.template.labels, 'pod-template-hash': hash } : o.template.labels;
      const owner = hash ? { kind: 'ReplicaSet' as const, name: prefix } : { kind: o.kind, name: o.metadata.name };
      const used = new Set<string>();
      const nameOf = (i: number) => {
        const base = `${seed}/${o.kind}/${o.metadata.namespace}/${prefix}/${i}`;
        let name = `${prefix}-${nameSuffix(base)}`;
        for (let retry = 1; used.has(name); retry++) name = `${prefix}-${nameSuffix(`${base}#${retry}`)}`;
        return { base, name };
      };
      for (let i = 0; i < count; i++) {
        const { base, name } = nameOf(i);
        used.add(name);
        pods.push({
          document: o.document,
          namespace: o.metadata.namespace,
          name,
          uid: uidFor(`${base}/${hash53(name)}`),
          labels,
          spec: o.template.spec,
          owner,
        });
      }
      if (o.replicas > count) refused.push({ document: o.document, controller: true, name: nameOf(count).name });
    }
  }
  return { pods, refused };
}
