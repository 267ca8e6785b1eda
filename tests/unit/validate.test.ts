import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/core/index.ts';
import { cluster, errorsOf, scenarioFile, LAB_TEXT, rc, scenario, svc } from '../helpers.ts';

/** Applies a diagnostic's quick fix to the text. */
function applyFix(text: string, fix: { from: number; to: number; insert: string }): string {
  return text.slice(0, fix.from) + fix.insert + text.slice(fix.to);
}

describe('the lab scenario', () => {
  it('is valid', () => {
    expect(simulate(LAB_TEXT).diagnostics).toEqual([]);
  });
});

describe("the lab's all-lowercase manifests", () => {
  const text = scenarioFile('lab-lowercase.yaml');
  const diags = simulate(text).diagnostics;

  it.each([
    ['apiversion', 'apiVersion'],
    ['replicationcontroller', 'ReplicationController'],
    ['containerport', 'containerPort'],
    ['hostport', 'hostPort'],
    ['service', 'Service'],
  ])('names the fix for %s → %s, at the right place', (wrong, right) => {
    const d = diags.find((x) => x.fix?.insert === right);
    expect(d, `no fix to ${right}`).toBeDefined();
    expect(text.slice(d!.from, d!.to)).toBe(wrong);
    expect(d!.hint).toContain(`"${right}"`);
    const lineText = text.split('\n')[d!.line - 1]!;
    expect(lineText.slice(d!.column - 1)).toMatch(new RegExp(`^${wrong}`));
  });

  it('reports kubectl messages', () => {
    const messages = diags.map((d) => d.message);
    expect(messages).toContain('strict decoding error: unknown field "apiversion"');
    expect(messages).toContain('strict decoding error: unknown field "spec.template.spec.containers[0].ports[0].containerport"');
    expect(messages.some((m) => m.includes('no matches for kind "replicationcontroller" in version "v1"'))).toBe(true);
  });

  it('becomes the valid lab once every quick fix is applied', () => {
    let fixed = text;
    for (const d of [...diags].filter((x) => x.fix).sort((a, b) => b.from - a.from)) fixed = applyFix(fixed, d.fix!);
    const after = simulate(fixed);
    expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(after.state.pods).toHaveLength(1);
  });
});

describe('YAML errors', () => {
  it('reports a tab used for indentation with a hint, at its line', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n';
    const d = errorsOf(text);
    expect(d[0]!.line).toBe(4);
    expect(d[0]!.hint).toMatch(/spaces/);
  });

  it('reports a duplicate key', () => {
    const d = errorsOf('apiVersion: v1\nkind: Pod\nkind: Pod\n');
    expect(d.map((x) => x.code)).toContain('yaml-duplicate-key');
    expect(d.find((x) => x.code === 'yaml-duplicate-key')!.line).toBe(3);
  });

  it('refuses an alias bomb without expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
      );
    const d = errorsOf(bomb.join('\n'));
    expect(d.map((x) => x.code)).toContain('yaml-alias-limit');
  });

  it('keeps simulating the valid documents when another is broken', () => {
    const sim = simulate(`${LAB_TEXT}\n---\nkind: [\n`);
    expect(sim.ok).toBe(false);
    expect(sim.state.pods).toHaveLength(1);
  });
});

describe('schema checks', () => {
  it('rejects a quoted number with the API server message and a hint', () => {
    const text = scenario(rc('web', 1, { ports: [{ containerPort: '80' }] }));
    const [d] = errorsOf(text);
    expect(d!.code).toBe('wrong-type');
    expect(d!.message).toBe(
      'json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32',
    );
    expect(d!.hint).toMatch(/without quotes/);
    expect(text.slice(d!.from, d!.to)).toBe('"80"');
  });

  it('finds a field at the wrong indent', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: web
    image: nginx
    containerPort: 80
`;
    const [d] = errorsOf(text);
    expect(d!.message).toBe('strict decoding error: unknown field "spec.containers[0].containerPort"');
    expect(d!.hint).toMatch(/ContainerPort.*indentation/);
    expect(d!.line).toBe(9);
  });

  it('suggests the closest field for a typo', () => {
    const [d] = errorsOf(scenario(rc('web', 1, { imagee: 'x' })));
    expect(d!.hint).toBe('Did you mean "image"?');
  });

  it('reports a missing required field', () => {
    const d = errorsOf(scenario(rc('web', 1, { ports: [{ name: 'http' }] })));
    expect(d.map((x) => x.message)).toContain('spec.template.spec.containers[0].ports[0].containerPort: Required value');
  });

  it('reports a list where a mapping goes', () => {
    const d = errorsOf('apiVersion: v1\nkind: Service\nmetadata:\n  - name: x\n').find((x) => x.code === 'wrong-type');
    expect(d!.message).toMatch(/cannot unmarshal array into Go struct field Service.metadata of type v1.ObjectMeta/);
    expect(d!.hint).toMatch(/not a list/);
  });
});

describe('kinds and apiVersions', () => {
  it('reports missing apiVersion and kind as kubectl does', () => {
    const d = errorsOf('metadata:\n  name: x\n');
    expect(d.map((x) => x.message)).toEqual(['error validating data: apiVersion not set', 'error validating data: kind not set']);
  });

  it('points a Deployment at apps/v1', () => {
    const d = errorsOf('apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: x\n').find(
      (x) => x.code === 'wrong-api-version',
    );
    expect(d!.code).toBe('wrong-api-version');
    expect(d!.fix?.insert).toBe('apps/v1');
  });

  it('warns that a known kind it does not simulate is ignored', () => {
    const d = simulate('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n').diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]!.severity).toBe('warning');
  });
});

describe('semantic checks', () => {
  it('rejects ports out of range', () => {
    const d = errorsOf(scenario(svc('web', { selector: { app: 'web' }, ports: [{ port: 70000 }] })));
    expect(d[0]!.message).toBe('spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive');
  });

  it("rejects a selector that does not match the template's labels", () => {
    const bad = rc('web', 1);
    bad.spec.selector = { app: 'other' };
    const [d] = errorsOf(scenario(bad));
    expect(d!.code).toBe('selector-mismatch');
    expect(d!.message).toContain('spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}');
  });

  it('rejects a lower-case protocol with the fix', () => {
    const [d] = errorsOf(scenario(svc('web', { selector: { app: 'web' }, ports: [{ port: 80, protocol: 'tcp' }] })));
    expect(d!.message).toBe('spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"');
    expect(d!.hint).toMatch(/"TCP"/);
  });

  it('rejects a duplicate name, at the second object', () => {
    const text = scenario(rc('web', 1), rc('web', 2));
    const [d] = errorsOf(text);
    expect(d!.message).toBe('replicationcontrollers "web" already exists');
    expect(d!.line).toBeGreaterThan(text.indexOf('---') > 0 ? text.slice(0, text.indexOf('---')).split('\n').length : 0);
  });

  it('rejects an object in a namespace that does not exist', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'shop' },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    };
    expect(errorsOf(scenario(pod))[0]!.message).toBe('namespaces "shop" not found');
    expect(errorsOf(scenario({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, pod))).toEqual([]);
  });

  it('rejects an explicit cluster IP outside the range, and a taken one', () => {
    const outside = errorsOf(scenario(svc('a', { clusterIP: '10.0.0.5', ports: [{ port: 80 }] })));
    expect(outside[0]!.message).toBe(
      'spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.254.0.0/16',
    );
    const taken = errorsOf(
      scenario(svc('a', { clusterIP: '10.254.1.1', ports: [{ port: 80 }] }), svc('b', { clusterIP: '10.254.1.1', ports: [{ port: 80 }] })),
    );
    expect(taken.map((x) => x.code)).toEqual(['cluster-ip-taken']);
  });

  it('checks the session affinity timeout: 1 s to a day, and only with ClientIP', () => {
    const affinity = (spec: object) => errorsOf(scenario(svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec })));
    expect(affinity({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } })).toEqual([]);
    const [tooLong] = affinity({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 90000 } } });
    expect(tooLong!.message).toBe(
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 90000: must be greater than 0 and less than 86400',
    );
    const [without] = affinity({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } });
    expect(without!.message).toContain('spec.sessionAffinityConfig: Invalid value: must not be set when `sessionAffinity` is None');
    // Keys left empty are absent: no error, and the default timeout.
    expect(affinity({ sessionAffinityConfig: null })).toEqual([]);
    const sim = simulate(
      scenario(
        svc('web', {
          selector: { app: 'web' },
          ports: [{ port: 80 }],
          sessionAffinity: 'ClientIP',
          sessionAffinityConfig: { clientIP: { timeoutSeconds: null } },
        }),
      ),
    );
    expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(sim.state.services.find((x) => x.name === 'web')!.affinityTimeoutSeconds).toBe(10800);
    // An unsupported affinity is reported once, not also as "must not be set".
    expect(affinity({ sessionAffinity: 'Sticky', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } })).toHaveLength(1);
  });

  it('checks externalTrafficPolicy (NodePort and LoadBalancer only) and each external IP', () => {
    const errors = (spec: object) => errorsOf(scenario(svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec })));
    expect(errors({ type: 'NodePort', externalTrafficPolicy: 'Local', externalIPs: ['172.24.8.71'] })).toEqual([]);
    expect(errors({ externalTrafficPolicy: 'Local' })[0]!.message).toBe(
      'spec.externalTrafficPolicy: Invalid value: "Local": ExternalTrafficPolicy can only be set on NodePort and LoadBalancer service',
    );
    const [typo] = errors({ type: 'NodePort', externalTrafficPolicy: 'local' });
    expect(typo!.message).toBe('spec.externalTrafficPolicy: Unsupported value: "local": supported values: "Cluster", "Local"');
    expect(typo!.hint).toBe('Write "Local".');
    const [ip] = errors({ externalIPs: ['172.24.8.71', 'my-laptop'] });
    expect(ip!.message).toMatch(/^spec\.externalIPs\[1\]: Invalid value: "my-laptop": must be a valid IP address/);
    // The node's own addresses are not a service's to take.
    expect(errors({ externalIPs: ['127.0.0.1', '0.0.0.0', '169.254.169.254'] }).map((d) => d.message)).toEqual([
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8)',
      'spec.externalIPs[1]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
      'spec.externalIPs[2]: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16)',
    ]);
    const sim = simulate(scenario(svc('web', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] })));
    expect(sim.state.services.find((x) => x.name === 'web')!.externalTrafficPolicy).toBe('Cluster');
    // A health check node port belongs to a LoadBalancer service with the Local policy only.
    expect(errors({ type: 'NodePort', externalTrafficPolicy: 'Local', healthCheckNodePort: 30500 })[0]!.message).toBe(
      'spec.healthCheckNodePort: Invalid value: 30500: HealthCheckNodePort can only be set on LoadBalancer service with ExternalTrafficPolicy=Local',
    );
    const lb = simulate(
      scenario(
        svc('web', {
          type: 'LoadBalancer',
          externalTrafficPolicy: 'Local',
          healthCheckNodePort: 30500,
          selector: { app: 'web' },
          ports: [{ port: 80 }],
        }),
      ),
    );
    expect(lb.state.services.find((x) => x.name === 'web')!.healthCheckNodePort).toBe(30500);
  });

  it('warns where a kube-proxy mode does not carry out the traffic policy or external IPs', () => {
    const text = (mode: string) =>
      scenario(
        cluster({ kubeProxyMode: mode }),
        svc('web', { type: 'NodePort', externalTrafficPolicy: 'Local', externalIPs: ['172.24.8.71'], ports: [{ port: 80 }] }),
      );
    const warnings = (mode: string) =>
      simulate(text(mode))
        .diagnostics.filter((d) => d.severity === 'warning')
        .map((d) => d.message);
    expect(warnings('iptables')).toEqual([]);
    expect(warnings('userspace')).toEqual([expect.stringContaining('userspace mode does not implement externalTrafficPolicy: Local')]);
    expect(warnings('ipvs')).toEqual([expect.stringContaining('does not simulate external IPs')]);
  });

  it('rejects a nodePort outside 30000-32767', () => {
    const [d] = errorsOf(scenario(svc('a', { type: 'NodePort', selector: { a: 'b' }, ports: [{ port: 80, nodePort: 80 }] })));
    expect(d!.message).toContain('provided port is not in the valid range. The range of valid ports is 30000-32767');
  });
});

describe('the Cluster document', () => {
  it('rejects a service range that overlaps the pod subnets, as the lab warns', () => {
    const d = errorsOf(scenario(cluster({ serviceClusterIPRange: '172.17.0.0/16' })));
    expect(d.map((x) => x.code)).toContain('cidr-overlap');
  });

  it('rejects a node address inside the service range', () => {
    const d = errorsOf(
      scenario(cluster({ serviceClusterIPRange: '10.0.0.0/16', clusterCIDR: '10.244.0.0/16', nodes: [{ name: 'n1', ip: '10.0.0.5/24' }] })),
    );
    expect(d[0]!.message).toContain('inside the portal network 10.0.0.0/16');
  });

  it('rejects host bits in a range and proposes the network', () => {
    const [d] = errorsOf(scenario(cluster({ serviceClusterIPRange: '10.254.3.0/16' })));
    expect(d!.hint).toBe('Did you mean 10.254.0.0/16?');
  });

  it('uses the given nodes and carves their pod subnets from clusterCIDR', () => {
    const sim = simulate(
      scenario(
        cluster({
          clusterCIDR: '10.244.0.0/16',
          nodes: [
            { name: 'a', ip: '192.168.1.10/24' },
            { name: 'b', ip: '192.168.1.11/24' },
          ],
        }),
      ),
    );
    expect(sim.ok).toBe(true);
    expect(sim.state.cluster.nodes.map((n) => n.podSubnet)).toEqual(['10.244.1.0/24', '10.244.2.0/24']);
  });

  // Found by the fuzzed-text property: a node named "" was accepted, and its pods, placed on a
  // node whose name is falsy, came out Pending with no reason at all.
  it('rejects a node or host name that is not an RFC 1123 subdomain, at the name', () => {
    const text = scenario(
      cluster({
        nodes: [
          { name: '', ip: '172.24.8.71/24' },
          { name: 'Node2', ip: '172.24.8.72/24' },
        ],
        hosts: [{ name: 'my_laptop', ip: '172.24.8.10/24' }],
      }),
    );
    const d = errorsOf(text);
    expect(d.map((x) => x.message.split(':')[0])).toEqual(['spec.nodes[0].name', 'spec.nodes[1].name', 'spec.hosts[0].name']);
    expect(d[1]!.hint).toBe('Use lower case: "node2".');
    for (const x of d) expect(x.message).toContain('RFC 1123 subdomain');
  });

  it('reports an unknown kube-proxy mode and a typo in a field', () => {
    const d = errorsOf(scenario(cluster({ kubeProxyMode: 'IPTables', podCidr: '10.0.0.0/8' })));
    expect(d.map((x) => x.code).sort()).toEqual(['unknown-field', 'unsupported-value']);
  });
});
