/**
 * The playground's limits (src/core/limits.ts) as the validator checks them: what lies past a
 * limit is reported at its line and left out before anything is built from it.
 */
import type { Problem } from '../diagnostics.ts';
import { MAX_DOCUMENTS, MAX_PODS, MAX_PORTS_PER_SERVICE, MAX_SERVICES, quotaMessage, replicasMessage } from '../limits.ts';
import { msg } from '../message.ts';
import type { KubeObject } from '../model.ts';
import { spanAt, type SourceDocument } from '../parse.ts';
import { Reporter } from './finding.ts';

const CONTROLLER_KINDS = new Set(['ReplicationController', 'ReplicaSet', 'Deployment']);

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * A document too large to check field by field (a Service with 65,535 ports, a controller with a
 * million replicas) is refused whole, before the schema check walks it.
 */
export function oversized(doc: SourceDocument): Problem | undefined {
  const kind = fieldOf(doc.value, 'kind');
  const spec = fieldOf(doc.value, 'spec');
  const ports = fieldOf(spec, 'ports');
  if (kind === 'Service' && Array.isArray(ports) && ports.length > MAX_PORTS_PER_SERVICE) {
    return {
      code: 'limit-ports',
      says: msg('field.too-many', { path: 'spec.ports', count: ports.length, why: msg('why.ports-limit', { max: MAX_PORTS_PER_SERVICE }) }),
      advice: msg('hint.ports-limit', { max: MAX_PORTS_PER_SERVICE }),
      ...spanAt(doc, ['spec', 'ports', MAX_PORTS_PER_SERVICE], 'value'),
    };
  }
  const replicas = fieldOf(spec, 'replicas');
  if (typeof kind === 'string' && CONTROLLER_KINDS.has(kind) && typeof replicas === 'number' && replicas > MAX_PODS) {
    return {
      code: 'limit-pods',
      says: replicasMessage(replicas)!,
      advice: msg('hint.replicas-limit', { max: MAX_PODS }),
      ...spanAt(doc, ['spec', 'replicas'], 'value'),
    };
  }
  return undefined;
}

/** The documents read, and a problem at the first one past the limit. */
export function documentsWithin(documents: readonly SourceDocument[]): {
  kept: readonly SourceDocument[];
  problem?: { problem: Problem; document: number };
} {
  if (documents.length <= MAX_DOCUMENTS) return { kept: documents };
  const first = documents[MAX_DOCUMENTS]!;
  const problem: Problem = {
    code: 'limit-documents',
    says: msg('limit.documents', { count: documents.length, max: MAX_DOCUMENTS }),
    advice: msg('hint.documents-limit'),
    ...spanAt(first, []),
  };
  return { kept: documents.slice(0, MAX_DOCUMENTS), problem: { problem, document: first.index } };
}

/**
 * Services past the limit are refused as a quota refuses them; the others are kept. The first
 * refused one carries the message, with the count of the others: one mark, not hundreds.
 */
export function servicesWithin(objects: readonly KubeObject[]): { kept: KubeObject[]; reporter: Reporter } {
  const reporter = new Reporter(-1);
  const services = objects.filter((o) => o.kind === 'Service');
  if (services.length <= MAX_SERVICES) return { kept: [...objects], reporter };
  const refused = new Set<KubeObject>(services.slice(MAX_SERVICES));
  const first = services[MAX_SERVICES]!;
  const r = new Reporter(first.document);
  const others = refused.size - 1;
  r.error(
    ['metadata', 'name'],
    'limit-services',
    quotaMessage('services', first.metadata.name, MAX_SERVICES, MAX_SERVICES),
    others > 0 ? msg('hint.services-limit-more', { max: MAX_SERVICES, others }) : msg('hint.services-limit', { max: MAX_SERVICES }),
  );
  reporter.findings.push(...r.findings);
  return { kept: objects.filter((o) => !refused.has(o)), reporter };
}
