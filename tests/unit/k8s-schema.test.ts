import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { buildSchema, serializeSchema, OUTPUT_PATH } from '../../scripts/gen-k8s-schema.ts';
import type { K8sSchema, PropertySchema, TypeSchema } from '../../src/core/schema/schema-types.ts';

const committedText = readFileSync(OUTPUT_PATH, 'utf8');
const committed = JSON.parse(committedText) as K8sSchema;

function type(name: string): TypeSchema {
  const t = committed.types[name];
  if (!t) throw new Error(`type ${name} missing from k8s-schema.json`);
  return t;
}

function prop(typeName: string, propName: string): PropertySchema {
  const p = type(typeName).properties[propName];
  if (!p) throw new Error(`${typeName}.${propName} missing from k8s-schema.json`);
  return p;
}

describe('k8s-schema.json', () => {
  it('names its source and roots', () => {
    expect(committed.source).toMatch(/^@kubernetes\/client-node \d+\.\d+\.\d+, OpenAPI spec release-\d+\.\d+$/);
    expect(committed.roots).toEqual({
      'v1/Pod': 'V1Pod',
      'v1/ReplicationController': 'V1ReplicationController',
      'apps/v1/ReplicaSet': 'V1ReplicaSet',
      'apps/v1/Deployment': 'V1Deployment',
      'v1/Service': 'V1Service',
      'v1/Endpoints': 'V1Endpoints',
      'v1/Namespace': 'V1Namespace',
      'networking.k8s.io/v1/NetworkPolicy': 'V1NetworkPolicy',
    });
    for (const root of Object.values(committed.roots)) expect(committed.types[root]).toBeDefined();
  });

  it('V1ContainerPort requires exactly containerPort', () => {
    expect(type('V1ContainerPort').required).toEqual(['containerPort']);
    expect(prop('V1ContainerPort', 'containerPort').type).toBe('integer');
    expect(type('V1ContainerPort').description).toBe('ContainerPort represents a network port in a single container.');
  });

  it('V1ServicePort.targetPort is int-or-string', () => {
    expect(prop('V1ServicePort', 'targetPort').type).toBe('int-or-string');
  });

  it('V1ObjectMeta.labels is a map of string', () => {
    expect(prop('V1ObjectMeta', 'labels')).toMatchObject({ type: 'map', values: { type: 'string' } });
  });

  it('V1PodSpec.containers is a required array of V1Container', () => {
    expect(prop('V1PodSpec', 'containers')).toMatchObject({
      type: 'array',
      items: { type: 'object', ref: 'V1Container' },
    });
    expect(type('V1PodSpec').required).toContain('containers');
  });

  it('V1ReplicationControllerSpec.selector is a map of string', () => {
    expect(prop('V1ReplicationControllerSpec', 'selector')).toMatchObject({ type: 'map', values: { type: 'string' } });
  });

  it('V1DeploymentSpec.selector is a V1LabelSelector', () => {
    expect(prop('V1DeploymentSpec', 'selector')).toMatchObject({ type: 'object', ref: 'V1LabelSelector' });
  });

  it('leaves out the status of every root kind, and its types', () => {
    for (const root of Object.values(committed.roots)) expect(type(root).properties).not.toHaveProperty('status');
    expect(committed.types).not.toHaveProperty('V1PodStatus');
    expect(committed.types).not.toHaveProperty('V1ServiceStatus');
  });

  it('is closed: every ref names a type in the file', () => {
    const refs: string[] = [];
    const walk = (p: { type: string; items?: unknown; values?: unknown; ref?: unknown }): void => {
      if (typeof p.ref === 'string') refs.push(p.ref);
      if (p.items) walk(p.items as typeof p);
      if (p.values) walk(p.values as typeof p);
    };
    for (const t of Object.values(committed.types)) for (const p of Object.values(t.properties)) walk(p);
    for (const ref of refs) expect(committed.types, ref).toHaveProperty(ref);
  });

  it('is exactly what the generator produces from the installed package', () => {
    const fresh = buildSchema();
    expect(fresh).toEqual(committed);
    expect(serializeSchema(fresh)).toBe(committedText);
  });
});
