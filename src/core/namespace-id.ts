/**
 * The id of a network namespace: a node's, a pod's or an external host's. Its text form
 * (`node:NAME`, `pod:NS/NAME`, `host:NAME`) is what links, the CLI's `--from` and the tracer's
 * hops carry, so it is made here and read back here only.
 */

/** `node:NAME`, `pod:NS/NAME` or `host:NAME`; made by `nsId` or `parseNamespaceId` only. */
export type NamespaceId = string & { readonly __namespaceId: true };

export type NamespaceRef =
  | { readonly kind: 'node'; readonly name: string }
  | { readonly kind: 'host'; readonly name: string }
  | { readonly kind: 'pod'; readonly namespace: string; readonly name: string };

export const nsId = {
  node: (name: string) => `node:${name}` as NamespaceId,
  host: (name: string) => `host:${name}` as NamespaceId,
  pod: (namespace: string, name: string) => `pod:${namespace}/${name}` as NamespaceId,
  of: (ref: NamespaceRef): NamespaceId => (ref.kind === 'pod' ? nsId.pod(ref.namespace, ref.name) : nsId[ref.kind](ref.name)),
};

/** A name part: not empty, no `/` (neither Kubernetes names nor host names have one). */
const NAME = /^[^/]+$/;

/** What an id names, or undefined when the text is not an id. */
export function parseNamespaceId(text: string): NamespaceRef | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const kind = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  if (kind === 'node' || kind === 'host') return NAME.test(rest) ? { kind, name: rest } : undefined;
  if (kind !== 'pod') return undefined;
  const [namespace, name, extra] = rest.split('/');
  return extra === undefined && NAME.test(namespace ?? '') && NAME.test(name ?? '')
    ? { kind, namespace: namespace!, name: name! }
    : undefined;
}

export function isNamespaceId(text: string): text is NamespaceId {
  return parseNamespaceId(text) !== undefined;
}

/** What an id names (ids are made here, so this always succeeds). */
export function namespaceRef(id: NamespaceId): NamespaceRef {
  const ref = parseNamespaceId(id);
  if (!ref) throw new Error(`not a namespace id: ${id}`);
  return ref;
}
