// Shape of src/core/schema/k8s-schema.json, the trimmed Kubernetes OpenAPI schema generated at build
// time by scripts/gen-k8s-schema.ts. Pure types: no imports, no DOM or Node APIs (src/core runs in
// the browser too).

/** Leaf value kinds. "int-or-string" is intstr.IntOrString; "quantity" is reserved for
 * resource.Quantity, which the generated models do not distinguish from "string" today. */
export type ScalarType = 'string' | 'integer' | 'number' | 'boolean' | 'int-or-string' | 'quantity' | 'any';

/** The value schema of a property, or of an array item / map value. A small closed union. */
export type PropSchema =
  { type: ScalarType } | { type: 'array'; items: PropSchema } | { type: 'map'; values: PropSchema } | { type: 'object'; ref: string };

/** A property of a type: its value schema plus the first sentence of its doc comment ("" if none). */
export type PropertySchema = PropSchema & { description: string };

export interface TypeSchema {
  /** First sentence of the type's doc comment ("" if none). */
  description: string;
  /** JSON names of the required properties, in declaration order. */
  required: string[];
  /** Keyed by JSON property name, in declaration order. */
  properties: Record<string, PropertySchema>;
}

export interface K8sSchema {
  /** e.g. "@kubernetes/client-node 2.0.1, OpenAPI spec release-1.36". */
  source: string;
  /** "apiVersion/Kind" → root type name, e.g. "apps/v1/Deployment" → "V1Deployment". */
  roots: Record<string, string>;
  /** Every type reachable from the roots (minus the roots' status), sorted by name. */
  types: Record<string, TypeSchema>;
}
