/**
 * A NetworkPolicy is read as the API server reads it: its defaults (protocol TCP, policyTypes),
 * and every invalid field refused at its own line and column with the API server's words.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { scenario } from '../helpers.ts';

const policy = (spec: object, namespace?: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'p', ...(namespace ? { namespace } : {}) },
  spec,
});

function only(spec: object) {
  const sim = simulate(scenario(policy(spec)));
  return { sim, errors: sim.diagnostics.filter((d) => d.severity === 'error'), policies: sim.state.networkPolicies };
}

describe('a valid NetworkPolicy', () => {
  it('is simulated with every kind of peer and port', () => {
    const { errors, policies } = only({
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { app: 'web' } } },
            { namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } },
            { ipBlock: { cidr: '10.0.0.7/8', except: ['10.1.0.0/16'] } },
          ],
          ports: [{ port: 5432 }, { protocol: 'UDP', port: 1000, endPort: 2000 }, { port: 'pg' }, { protocol: 'SCTP' }],
        },
      ],
    });
    expect(errors).toEqual([]);
    expect(policies).toHaveLength(1);
    const p = policies[0]!;
    expect(p.policyTypes).toEqual(['Ingress']);
    expect(p.ingress[0]!.peers).toEqual([
      { podSelector: { matchLabels: { app: 'web' }, matchExpressions: [] } },
      {
        namespaceSelector: { matchLabels: { team: 'a' }, matchExpressions: [] },
        podSelector: { matchLabels: {}, matchExpressions: [{ key: 'tier', operator: 'Exists', values: [] }] },
      },
      { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
    ]);
    expect(p.ingress[0]!.ports).toEqual([
      { protocol: 'TCP', port: 5432 },
      { protocol: 'UDP', port: 1000, endPort: 2000 },
      { protocol: 'TCP', port: 'pg' },
      { protocol: 'SCTP' },
    ]);
  });

  it.each([
    [{ podSelector: {} }, ['Ingress']],
    [{ podSelector: {}, egress: [{}] }, ['Ingress', 'Egress']],
    [{ podSelector: {}, egress: [] }, ['Ingress']],
    [{ podSelector: {}, policyTypes: ['Egress'] }, ['Egress']],
  ])('defaults policyTypes as the API server does: %j → %j', (spec, types) => {
    expect(only(spec).policies[0]!.policyTypes).toEqual(types);
  });

  it('keeps "ingress: [{}]" (allow all) apart from no ingress rule (deny all)', () => {
    expect(only({ podSelector: {}, ingress: [{}] }).policies[0]!.ingress).toEqual([{ peers: [], ports: [] }]);
    expect(only({ podSelector: {} }).policies[0]!.ingress).toEqual([]);
  });

  it('labels every namespace with its own name, over a label written by hand', () => {
    const sim = simulate(
      scenario({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', labels: { team: 'a', 'kubernetes.io/metadata.name': 'y' } } }),
    );
    expect(sim.state.namespaceLabels.x).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'x' });
    expect(sim.state.namespaceLabels.default).toEqual({ 'kubernetes.io/metadata.name': 'default' });
  });
});

describe('an invalid NetworkPolicy', () => {
  it.each<[string, object, string, string]>([
    ['a peer with nothing in it', { ingress: [{ from: [{}] }] }, 'spec.ingress[0].from[0]: Required value: must specify a peer', '- {}'],
    [
      'an ipBlock beside a selector',
      { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] },
      'spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer',
      '- ipBlock:',
    ],
    [
      'an except outside its cidr',
      { ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.0.0/16'] } }] }] },
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`',
      '- 10.0.0.0/16',
    ],
    [
      'a cidr that is no CIDR',
      { ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.300/16' } }] }] },
      'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.300/16"',
      'cidr: 10.0.0.300/16',
    ],
    [
      'an endPort below its port',
      { ingress: [{ ports: [{ port: 90, endPort: 80 }] }] },
      'spec.ingress[0].ports[0].endPort: Invalid value: 90: must be greater than or equal to `port`',
      'endPort: 80',
    ],
    [
      'an endPort with a named port',
      { ingress: [{ ports: [{ port: 'web', endPort: 80 }] }] },
      'spec.ingress[0].ports[0].endPort: Invalid value: 80: may not be specified when `port` is non-numeric',
      'endPort: 80',
    ],
    [
      'an endPort without a port',
      { ingress: [{ ports: [{ endPort: 80 }] }] },
      'spec.ingress[0].ports[0].endPort: Invalid value: 80: may not be specified when `port` is not specified',
      'endPort: 80',
    ],
    [
      'a protocol in lower case',
      { ingress: [{ ports: [{ protocol: 'tcp' }] }] },
      'spec.ingress[0].ports[0].protocol: Unsupported value: "tcp"',
      'protocol: tcp',
    ],
    [
      'an unknown policy type',
      { policyTypes: ['Ingress', 'Sideways'] },
      'spec.policyTypes[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
      '- Sideways',
    ],
    [
      'three policy types',
      { policyTypes: ['Ingress', 'Egress', 'Ingress'] },
      'spec.policyTypes: Invalid value: may not specify more than two policyTypes',
      '- Ingress',
    ],
    [
      'a port name too long',
      { ingress: [{ ports: [{ port: 'a-very-long-port-name' }] }] },
      'spec.ingress[0].ports[0].port: Invalid value',
      'port: a-very',
    ],
  ])('refuses %s, at its line', (_, spec, message, at) => {
    const text = scenario(policy({ podSelector: {}, ...spec }));
    const sim = simulate(text);
    const errors = sim.diagnostics.filter((d) => d.severity === 'error');
    const error = errors.find((d) => d.message.startsWith(message));
    expect(error, JSON.stringify(errors.map((e) => e.message))).toBeDefined();
    const line = text.split('\n')[error!.line - 1]!;
    expect(line).toContain(at);
    expect(sim.state.networkPolicies).toEqual([]);
  });

  it('says the same problem in Chinese', async () => {
    const { words } = await import('../../src/i18n/words.ts');
    const sim = simulate(scenario(policy({ podSelector: {}, ingress: [{ from: [{}] }] })));
    const error = sim.diagnostics.find((d) => d.severity === 'error')!;
    expect(words('zh').say(error.says)).toBe('spec.ingress[0].from[0]：缺少必填字段：必须指定一个对端');
  });
});
