/** Shared by the unit tests: the lab's scenario and small builders of manifests. */
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { simulate } from '../src/core/index.ts';

/** A built-in scenario's text, from src/scenarios/files. */
export function scenarioFile(name: string): string {
  return readFileSync(new URL(`../src/scenarios/files/${name}`, import.meta.url), 'utf8');
}

export const LAB_TEXT = scenarioFile('lab.yaml');

export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** Joins objects (or raw YAML strings) into one multi-document scenario. */
export function scenario(...docs: (object | string)[]): string {
  return docs.map((d) => (typeof d === 'string' ? d : stringify(d))).join('---\n');
}

export function errorsOf(text: string) {
  return simulate(text).diagnostics.filter((d) => d.severity === 'error');
}

export function rc(name: string, replicas: number, container: object = {}, extra: object = {}) {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name },
    spec: {
      replicas,
      selector: { app: name },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], ...container }], ...extra },
      },
    },
  };
}

export function svc(name: string, spec: object) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec };
}

export function cluster(spec: object) {
  return { apiVersion: 'kube-netplay/v1', kind: 'Cluster', metadata: { name: 'test' }, spec };
}
