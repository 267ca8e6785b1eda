import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { complete, completionSource, schemaAt, typeText } from '../../src/editor/completion.ts';
import { cursorContext } from '../../src/editor/yaml-path.ts';
import { LAB_TEXT } from '../helpers.ts';

/**
 * Text with the cursor written as `‸` → [text without it, offset]. Every test manifest writes
 * its cursor this way, so the case reads as the student would see it.
 */
function at(marked: string): [string, number] {
  const i = marked.indexOf('‸');
  if (i === -1 || marked.indexOf('‸', i + 1) !== -1) throw new Error('mark exactly one cursor with ‸');
  return [marked.slice(0, i) + marked.slice(i + 1), i];
}

/** The lab's text with `insert` (holding the cursor `‸`) placed right after `after`. */
function lab(after: string, insert: string): string {
  const i = LAB_TEXT.indexOf(after);
  if (i === -1) throw new Error(`not in the lab: ${after}`);
  return LAB_TEXT.slice(0, i + after.length) + insert + LAB_TEXT.slice(i + after.length);
}

function labels(marked: string, explicit = true): string[] {
  const [text, pos] = at(marked);
  return complete(text, pos, explicit)?.options.map((o) => o.label) ?? [];
}

function context(marked: string) {
  const [text, pos] = at(marked);
  return cursorContext(text, pos);
}

describe('cursorContext: the YAML path of the cursor', () => {
  it('finds the mapping of a list item inside a list item (the lab container port)', () => {
    const ctx = context(lab('          hostPort: 80\n', '          ‸'));
    expect(ctx).toMatchObject({
      document: 0,
      kind: 'ReplicationController',
      apiVersion: 'v1',
      at: 'key',
      path: ['spec', 'template', 'spec', 'containers', 0, 'ports', 0],
    });
    expect([...ctx!.siblings].sort()).toEqual(['containerPort', 'hostPort']);
  });

  it('reads keys on the same line as a dash, and counts list items', () => {
    expect(context('kind: Pod\nspec:\n  containers:\n  - name: a\n  - name: b\n    ports:\n    - containerPort: 1\n    - ‸')).toMatchObject(
      {
        path: ['spec', 'containers', 1, 'ports', 1],
        siblings: [],
      },
    );
    expect(context('kind: Pod\nspec:\n  containers:\n  - name: a\n    ‸\n    image: x\n  - name: b\n    ports: []\n')).toMatchObject({
      path: ['spec', 'containers', 0],
      siblings: ['name', 'image'],
    });
  });

  it('handles indented lists and nested dashes', () => {
    expect(context('kind: Pod\nspec:\n  containers:\n    - name: a\n      ports:\n        - containerPort: 1\n          ‸')).toMatchObject({
      path: ['spec', 'containers', 0, 'ports', 0],
      siblings: ['containerPort'],
    });
    expect(context('a:\n- - x: 1\n  - ‸')!.path).toEqual(['a', 0, 1]);
  });

  it('finds the document between --- separators, and its kind even below the cursor', () => {
    const ctx = context(lab('kind: Service\nmetadata:\n  name: frontend\n', '  ‸'));
    expect(ctx).toMatchObject({ document: 1, kind: 'Service', path: ['metadata'] });
    expect(context('---\nkind: Pod\n---\n‸\nkind: Service\n')).toMatchObject({ document: 1, kind: 'Service', path: [] });
    expect(context('‸')).toMatchObject({ document: 0, path: [], siblings: [] });
  });

  it('tells a value from a key, and what is typed so far', () => {
    expect(context('kind: Se‸')).toMatchObject({ at: 'value', key: 'kind', typed: 'Se', path: [], from: 6, to: 8 });
    expect(context('kind:‸')).toMatchObject({ at: 'value', key: 'kind', typed: '', needsSpace: true });
    expect(context('spec:\n  contai‸nerPort: 80')).toMatchObject({ at: 'key', typed: 'contai', from: 8, to: 21 });
  });

  it('offers nothing inside comments, block scalars or after a complete value with spaces', () => {
    expect(context('# kind‸')).toBeNull();
    expect(context('kind: Pod # a comm‸')).toBeNull();
    expect(context('data:\n  script: |\n    echo‸')).toBeNull();
    expect(context('---‸\nkind: Pod')).toBeNull();
  });
});

describe('complete: field names from the schema', () => {
  it('offers the fields of a container port that are not there yet', () => {
    expect(labels(lab('          hostPort: 80\n', '          ‸')).sort()).toEqual(['hostIP', 'name', 'protocol']);
    expect(labels('kind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n    - ‸').sort()).toEqual([
      'containerPort',
      'hostIP',
      'hostPort',
      'name',
      'protocol',
    ]);
  });

  it('matches case-insensitively: containerp offers containerPort', () => {
    expect(labels('kind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n    - containerp‸')).toEqual(['containerPort']);
    expect(labels('kind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n    - HOSTP‸')[0]).toBe('hostPort');
  });

  it('offers apiVersion, kind, metadata and spec at the top level', () => {
    expect(labels('‸').sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    // A Service also takes the status its cloud load balancer reports (status.loadBalancer.ingress).
    expect(labels('kind: Service\n‸')).toEqual(['apiVersion', 'metadata', 'spec', 'status']);
  });

  it("offers a Service spec's fields under spec:", () => {
    const offered = labels(lab('kind: Service\nmetadata:\n  name: frontend\n  labels:\n    name: frontend\nspec:\n', '  ‸\n'));
    expect(offered).toEqual(expect.arrayContaining(['type', 'sessionAffinity', 'externalIPs']));
    expect(offered).not.toContain('ports'); // already there
    expect(offered).not.toContain('clusterIP'); // the lab pins the book's
    expect(offered).not.toContain('selector');
    expect(labels('kind: Service\nspec:\n  ‸').slice().sort()).toEqual(expect.arrayContaining(['ports', 'selector', 'type', 'clusterIP']));
  });

  it('follows the kind: a ReplicationController template, a Deployment, the Cluster document', () => {
    expect(labels(lab('  template:\n', '    ‸\n')).sort()).toEqual([]); // metadata and spec are both there
    expect(labels('apiVersion: apps/v1\nkind: Deployment\nspec:\n  ‸').sort()).toEqual(
      expect.arrayContaining(['replicas', 'selector', 'strategy', 'template']),
    );
    expect(labels('apiVersion: kube-netplay/v1\nkind: Cluster\nspec:\n  ‸')).toEqual(
      expect.arrayContaining(['nodes', 'kubeProxyMode', 'serviceClusterIPRange']),
    );
    expect(labels('apiVersion: kube-netplay/v1\nkind: Cluster\nspec:\n  nodes:\n  - name: a\n    ‸').sort()).toEqual([
      'ip',
      'labels',
      'podSubnet',
      'taints',
    ]);
  });

  it('uses the exact case of the schema, with the type as detail and the description as info', () => {
    const [text, pos] = at('kind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n    - hostp‸');
    const option = complete(text, pos)!.options.find((o) => o.label === 'hostPort');
    expect(option).toMatchObject({
      label: 'hostPort',
      detail: 'integer',
      info: 'Number of port to expose on the host.',
      apply: 'hostPort: ',
    });
    const [required] = complete(...at('kind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n    - containerPo‸'))!.options;
    expect(required).toMatchObject({ label: 'containerPort', detail: 'integer, required' });
  });

  it('inserts the start of an object or a list on the next line, and only the name before an existing colon', () => {
    const find = (marked: string, label: string) => complete(...at(marked))!.options.find((o) => o.label === label);
    expect(find('kind: Pod\nspec:\n  ‸', 'containers')!.apply).toBe('containers:\n  - ');
    expect(find('kind: Pod\nspec:\n  ‸', 'nodeSelector')!.apply).toBe('nodeSelector:\n    ');
    expect(find('kind: Pod\n‸', 'metadata')!.apply).toBe('metadata:\n  ');
    expect(find('kind: Pod\nmetada‸ta: x', 'metadata')!.apply).toBe('metadata');
  });

  it('does not open on a bare new line unless asked', () => {
    expect(labels('kind: Pod\n‸', false)).toEqual([]);
    expect(labels('kind: Pod\nme‸', false)).toEqual(['metadata']);
  });

  it('offers nothing where the schema does not reach (labels, unknown fields)', () => {
    expect(labels('kind: Pod\nmetadata:\n  labels:\n    ‸')).toEqual([]);
    expect(labels('kind: Pod\nspec:\n  bogus:\n    ‸')).toEqual([]);
  });
});

describe('complete: values', () => {
  it('offers the simulated kinds for kind:', () => {
    expect(labels('kind: ‸')).toEqual([
      'Pod',
      'ReplicationController',
      'ReplicaSet',
      'Deployment',
      'Service',
      'Endpoints',
      'Namespace',
      'NetworkPolicy',
      'Cluster',
    ]);
    expect(labels('kind: rep‸')).toEqual(['ReplicationController', 'ReplicaSet']);
    const [option] = complete(...at('kind:‸'))!.options;
    expect(option).toMatchObject({ label: 'Pod', apply: ' Pod', detail: 'v1' });
  });

  it("offers the document kind's apiVersion first", () => {
    const offered = (marked: string) => {
      const options = complete(...at(marked))!.options;
      return [...options].sort((a, b) => (b.boost ?? 0) - (a.boost ?? 0)).map((o) => o.label);
    };
    expect(offered('apiVersion: ‸\nkind: Deployment')).toEqual(['apps/v1', 'v1', 'networking.k8s.io/v1', 'kube-netplay/v1']);
    expect(offered('apiVersion: ‸\nkind: Cluster')).toEqual(['kube-netplay/v1', 'v1', 'apps/v1', 'networking.k8s.io/v1']);
    expect(offered('kind: Service\napiVersion: ‸')).toEqual(['v1', 'apps/v1', 'networking.k8s.io/v1', 'kube-netplay/v1']);
  });

  it('offers protocols, service types, session affinity and kube-proxy modes', () => {
    expect(labels(lab('          hostPort: 80\n', '          protocol: ‸'))).toEqual(['TCP', 'UDP', 'SCTP']);
    expect(labels(lab('  - port: 80\n', '    protocol: u‸'))).toEqual(['UDP']);
    expect(labels(lab('  - port: 80\n', '  type: ‸'))).toEqual(['ClusterIP', 'NodePort', 'LoadBalancer']);
    expect(labels(lab('  - port: 80\n', '  sessionAffinity: ‸'))).toEqual(['None', 'ClientIP']);
    expect(labels('apiVersion: kube-netplay/v1\nkind: Cluster\nspec:\n  kubeProxyMode: ‸')).toEqual(['userspace', 'iptables', 'ipvs']);
  });

  it('offers no values for free-form fields or a type: outside a Service spec', () => {
    expect(labels('kind: Pod\nmetadata:\n  name: ‸')).toEqual([]);
    expect(labels('kind: Pod\nspec:\n  securityContext:\n    seccompProfile:\n      type: ‸')).toEqual([]);
    expect(labels('metadata:\n  kind: ‸')).toEqual([]);
  });
});

describe('the schema helpers', () => {
  it('walks paths through objects, lists and maps', () => {
    expect(schemaAt('Pod', ['spec', 'containers', 0, 'ports', 0])).toEqual({ type: 'object', ref: 'V1ContainerPort' });
    expect(schemaAt('Pod', ['metadata', 'labels', 'app'])).toMatchObject({ type: 'string' });
    expect(schemaAt('Pod', ['spec', 'containers', 'x'])).toBeUndefined();
    expect(schemaAt('pod', ['spec'])).toMatchObject({ ref: 'V1PodSpec' });
  });

  it('writes types as kubectl explain does', () => {
    expect(typeText({ type: 'array', items: { type: 'object', ref: 'X' } })).toBe('[]Object');
    expect(typeText({ type: 'map', values: { type: 'string' } })).toBe('map[string]string');
    expect(typeText({ type: 'int-or-string' })).toBe('IntOrString');
  });
});

describe('completionSource', () => {
  it('answers a CodeMirror completion context', () => {
    const [text, pos] = at('kind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n    - containerp‸');
    const state = EditorState.create({ doc: text });
    const result = completionSource(new CompletionContext(state, pos, false));
    expect(result).toMatchObject({ from: pos - 'containerp'.length, to: pos });
    expect(result!.options.map((o) => o.label)).toEqual(['containerPort']);
    expect((result!.validFor as (typed: string) => boolean)('containerPor')).toBe(true); // keys stay open
    expect(completionSource(new CompletionContext(EditorState.create({ doc: 'kind: Pod\n' }), 10, false))).toBeNull();
  });

  it('closes once a value is typed out in full, so Enter ends the line', () => {
    expect(labels('kind: Service‸')).toEqual([]);
    expect(labels('kind: Servic‸')).toEqual(['Service']);
    const [text, pos] = at('kind: Servic‸');
    const result = completionSource(new CompletionContext(EditorState.create({ doc: text }), pos, false))!;
    const validFor = result.validFor as (typed: string) => boolean;
    expect(validFor('Servic')).toBe(true);
    expect(validFor('Service')).toBe(false);
    expect(validFor('Serv ')).toBe(false);
  });
});
