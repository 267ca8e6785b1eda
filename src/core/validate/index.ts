/**
 * Step 2 of the pipeline: YAML documents → the Cluster and the typed Kubernetes objects, with
 * every problem found. A document with an error is left out; the valid ones are still simulated.
 */
import type { Problem } from '../diagnostics.ts';
import { msg } from '../message.ts';
import type { ClusterSpec, KubeObject } from '../model.ts';
import type { SourceDocument } from '../parse.ts';
import { resourceName, rootTypeOf } from '../schema/kinds.ts';
import { clusterFromDocument, LAB_CLUSTER } from './cluster.ts';
import { checkDocument } from './document.ts';
import { findingToProblem, Reporter } from './finding.ts';
import { documentsWithin, oversized, servicesWithin } from './limits.ts';
import { toObject } from './objects.ts';
import { warnUnsimulated } from './unsimulated.ts';

export interface Validated {
  readonly cluster: ClusterSpec;
  readonly objects: readonly KubeObject[];
  readonly problems: readonly { problem: Problem; document: number }[];
}

/** Namespaces every cluster has before anything is created. */
export const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public'];

export function validateDocuments(documents: readonly SourceDocument[]): Validated {
  const problems: { problem: Problem; document: number }[] = [];
  const byIndex = new Map(documents.map((d) => [d.index, d]));
  const report = (r: Reporter) => {
    for (const f of r.findings) problems.push({ document: f.document, problem: findingToProblem(byIndex.get(f.document)!, f) });
  };

  let cluster: ClusterSpec = LAB_CLUSTER;
  let clusterDoc: number | undefined;
  const objects: KubeObject[] = [];
  const within = documentsWithin(documents);
  if (within.problem) problems.push(within.problem);
  for (const doc of within.kept) {
    const tooLarge = oversized(doc);
    if (tooLarge) {
      problems.push({ document: doc.index, problem: tooLarge });
      continue;
    }
    const checked = checkDocument(doc);
    for (const problem of checked.problems) problems.push({ document: doc.index, problem });
    const typed = checked.typed;
    if (!typed) continue;
    const schemaOk = checked.problems.every((p) => p.severity === 'warning');
    const r = new Reporter(doc.index);
    if (typed.kind === 'Cluster') {
      if (clusterDoc !== undefined) {
        r.error(['kind'], 'cluster-invalid', msg('api.one-cluster', { first: clusterDoc + 1 }), msg('hint.merge-clusters'));
      } else {
        clusterDoc = doc.index;
        cluster = clusterFromDocument(r, typed.value);
      }
    } else {
      warnUnsimulated(r, rootTypeOf(typed.kind), typed.value);
      const object = toObject(r, typed.kind, typed.value, doc.index);
      if (object && schemaOk && r.findings.every((f) => f.severity === 'warning')) objects.push(object);
    }
    report(r);
  }
  report(checkNames(objects));
  const counted = servicesWithin(objects);
  report(counted.reporter);
  const known = new Set([...BUILTIN_NAMESPACES, ...objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)]);
  const kept = counted.kept.filter((o) => {
    if (o.kind === 'Namespace' || known.has(o.metadata.namespace)) return true;
    const r = new Reporter(o.document);
    r.error(
      ['metadata', 'namespace'],
      'namespace-not-found',
      msg('api.namespace-not-found', { namespace: o.metadata.namespace }),
      msg('hint.create-namespace', { document: `apiVersion: v1, kind: Namespace, metadata: {name: ${o.metadata.namespace}}` }),
    );
    report(r);
    return false;
  });
  return { cluster, objects: dedupe(kept), problems };
}

/** Every cluster already has the `kubernetes` service and its endpoints. */
const BUILTIN_OBJECTS = ['Service/default/kubernetes', 'Endpoints/default/kubernetes'];

function identity(o: KubeObject): string {
  return `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
}

/** The API server refuses a second object of the same kind and name in one namespace. */
function checkNames(objects: readonly KubeObject[]): Reporter {
  const seen = new Set<string>(BUILTIN_OBJECTS);
  const r = new Reporter(-1);
  for (const o of objects) {
    const id = identity(o);
    if (seen.has(id)) {
      const dr = new Reporter(o.document);
      dr.error(
        ['metadata', 'name'],
        'duplicate-name',
        msg('api.already-exists', { resource: resourceName(o.kind), name: o.metadata.name }),
        msg('hint.rename', { kind: o.kind, namespace: o.metadata.namespace || 'default' }),
      );
      r.findings.push(...dr.findings);
    }
    seen.add(id);
  }
  return r;
}

function dedupe(objects: readonly KubeObject[]): KubeObject[] {
  const seen = new Set<string>(BUILTIN_OBJECTS);
  return objects.filter((o) => {
    const id = identity(o);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
