/**
 * Networking lint: manifests the API server accepts but whose network will not do what the
 * student probably meant. Each warning says what will happen.
 */
import { msg, type Message } from './message.ts';
import type { ClusterState, KubeObject, ServiceObject } from './model.ts';
import { lintPolicies } from './policy/lint.ts';
import { PodIndex } from './selectors.ts';
import type { Finding } from './validate/finding.ts';

export function lintNetwork(objects: readonly KubeObject[], state: ClusterState): Finding[] {
  const out: Finding[] = [];
  const warn = (document: number, path: (string | number)[], says: Message, advice?: Message) =>
    out.push({ document, path, code: 'network-lint', severity: 'warning', says, ...(advice ? { advice } : {}) });

  const index = new PodIndex(state.pods);
  const mode = state.cluster.kubeProxyMode;
  for (const svc of objects.filter((o): o is ServiceObject => o.kind === 'Service')) {
    if (mode === 'userspace' && svc.externalTrafficPolicy === 'Local')
      warn(svc.document, ['spec', 'externalTrafficPolicy'], msg('lint.userspace-etp'), msg('hint.iptables-etp'));
    if (mode === 'userspace' && svc.internalTrafficPolicy === 'Local')
      warn(svc.document, ['spec', 'internalTrafficPolicy'], msg('lint.userspace-itp'), msg('hint.iptables-itp'));
    if (mode !== 'iptables' && svc.type === 'LoadBalancer')
      warn(svc.document, ['spec', 'type'], msg('lint.lb-mode', { mode }), msg('hint.iptables-lb'));
    if (mode === 'ipvs' && svc.externalIPs?.length)
      warn(svc.document, ['spec', 'externalIPs'], msg('lint.ipvs-external-ips'), msg('hint.external-ips-mode'));
    if (!svc.selector) continue;
    const state_ = state.services.find((s) => s.namespace === svc.metadata.namespace && s.name === svc.metadata.name);
    const pods = index.select(svc.metadata.namespace, svc.selector);
    const effect = state_ && state_.clusterIP !== 'None' ? msg('lint.rejects', { ip: state_.clusterIP }) : msg('lint.no-endpoints');
    const wanted = Object.entries(svc.selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    if (pods.length === 0) {
      warn(
        svc.document,
        ['spec', 'selector'],
        msg('lint.selects-none', { name: svc.metadata.name, selector: wanted, effect }),
        msg('hint.selector-labels'),
      );
      continue;
    }
    if (pods.every((p) => p.phase !== 'Running'))
      warn(svc.document, ['spec', 'selector'], msg('lint.selects-pending', { name: svc.metadata.name, effect }));
    svc.ports.forEach((port, i) => {
      const declared = pods.flatMap((p) => p.spec.containers.flatMap((c) => c.ports.filter((cp) => cp.protocol === port.protocol)));
      if (typeof port.targetPort === 'string') {
        if (!declared.some((cp) => cp.name === port.targetPort))
          warn(
            svc.document,
            ['spec', 'ports', i, 'targetPort'],
            msg('lint.no-named-port', { proto: port.protocol, name: port.targetPort }),
            declared.length
              ? msg('hint.named-ports', {
                  names: [...new Set(declared.map((cp) => cp.name).filter(Boolean))].join(', ') || msg('hint.none'),
                })
              : undefined,
          );
      } else if (declared.length > 0 && !declared.some((cp) => cp.containerPort === port.targetPort)) {
        const ports = [...new Set(declared.map((cp) => cp.containerPort))].join(', ');
        warn(
          svc.document,
          ['spec', 'ports', i, port.targetPort === port.port ? 'port' : 'targetPort'],
          msg('lint.target-port', { port: port.targetPort, ports }),
          msg('hint.target-port', { port: ports.split(', ')[0]! }),
        );
      }
    });
  }

  // A pod Pending because its host port is taken everywhere.
  const reported = new Set<number>();
  for (const pod of state.pods) {
    if (pod.phase !== 'Pending' || !pod.message?.includes('free ports') || reported.has(pod.document)) continue;
    reported.add(pod.document);
    const object = objects.find((o) => o.document === pod.document);
    const spec = object?.kind === 'Pod' ? object.spec : object && 'template' in object ? object.template.spec : undefined;
    const prefix = object?.kind === 'Pod' ? ['spec'] : ['spec', 'template', 'spec'];
    spec?.containers.forEach((c, ci) =>
      c.ports.forEach((p, pi) => {
        if (!p.hostPort) return;
        const pending = state.pods.filter((x) => x.document === pod.document && x.phase === 'Pending').length;
        warn(
          pod.document,
          [...prefix, 'containers', ci, 'ports', pi, 'hostPort'],
          msg('lint.hostport-taken', { port: p.hostPort, count: pending }),
          msg('hint.hostport-taken'),
        );
      }),
    );
  }

  // A host port that is also a node port: kube-proxy's jump comes first in PREROUTING and wins.
  const nodePorts = new Map<number, string>();
  for (const s of state.services) for (const p of s.ports) if (p.nodePort) nodePorts.set(p.nodePort, s.name);
  for (const o of objects) {
    const spec = o.kind === 'Pod' ? o.spec : 'template' in o ? o.template.spec : undefined;
    const prefix = o.kind === 'Pod' ? ['spec'] : ['spec', 'template', 'spec'];
    spec?.containers.forEach((c, ci) =>
      c.ports.forEach((p, pi) => {
        const svc = p.hostPort ? nodePorts.get(p.hostPort) : undefined;
        if (svc)
          warn(
            o.document,
            [...prefix, 'containers', ci, 'ports', pi, 'hostPort'],
            msg('lint.hostport-nodeport', { port: p.hostPort!, service: svc }),
          );
      }),
    );
  }
  out.push(...lintPolicies(objects, state));
  return out;
}
