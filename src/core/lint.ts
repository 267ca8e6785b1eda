/**
 * Networking lint: manifests the API server accepts but whose network will not do what the
 * student probably meant. Each warning says what will happen.
 */
import type { ClusterState, KubeObject, ServiceObject } from './model.ts';
import { PodIndex } from './selectors.ts';
import type { Finding } from './validate/finding.ts';

export function lintNetwork(objects: readonly KubeObject[], state: ClusterState): Finding[] {
  const out: Finding[] = [];
  const warn = (document: number, path: (string | number)[], message: string, hint?: string) =>
    out.push({ document, path, code: 'network-lint', severity: 'warning', message, ...(hint ? { hint } : {}) });

  const index = new PodIndex(state.pods);
  const mode = state.cluster.kubeProxyMode;
  for (const svc of objects.filter((o): o is ServiceObject => o.kind === 'Service')) {
    if (mode === 'userspace' && svc.externalTrafficPolicy === 'Local')
      warn(
        svc.document,
        ['spec', 'externalTrafficPolicy'],
        "kube-proxy's userspace mode does not implement externalTrafficPolicy: Local: every node proxies its node port to any endpoint, and the pod sees the node's address.",
        'Switch the cluster to kubeProxyMode: iptables to see the policy at work.',
      );
    if (mode === 'userspace' && svc.internalTrafficPolicy === 'Local')
      warn(
        svc.document,
        ['spec', 'internalTrafficPolicy'],
        "kube-proxy's userspace mode does not implement internalTrafficPolicy: Local: every node proxies the cluster IP to any endpoint.",
        'Switch the cluster to kubeProxyMode: iptables or ipvs to see the policy at work.',
      );
    if (mode !== 'iptables' && svc.type === 'LoadBalancer')
      warn(
        svc.document,
        ['spec', 'type'],
        `The playground simulates a load balancer's address only in kube-proxy's iptables mode: in ${mode} mode no node takes connections for it here (a NodePort still works).`,
        'Switch the cluster to kubeProxyMode: iptables to see the load balancer at work.',
      );
    if (mode === 'ipvs' && svc.externalIPs?.length)
      warn(
        svc.document,
        ['spec', 'externalIPs'],
        "The playground does not simulate external IPs in kube-proxy's ipvs mode: no node takes connections for them here.",
        'Switch the cluster to kubeProxyMode: iptables or userspace to see them at work.',
      );
    if (!svc.selector) continue;
    const state_ = state.services.find((s) => s.namespace === svc.metadata.namespace && s.name === svc.metadata.name);
    const pods = index.select(svc.metadata.namespace, svc.selector);
    const where =
      state_ && state_.clusterIP !== 'None' ? `its cluster IP ${state_.clusterIP} rejects every connection` : 'it has no endpoints';
    const wanted = Object.entries(svc.selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    if (pods.length === 0) {
      warn(
        svc.document,
        ['spec', 'selector'],
        `Service "${svc.metadata.name}" selects no pods (${wanted}): ${where}.`,
        'Make the selector equal to the labels of the pod template you mean.',
      );
      continue;
    }
    if (pods.every((p) => p.phase !== 'Running'))
      warn(svc.document, ['spec', 'selector'], `Service "${svc.metadata.name}" selects only Pending pods: ${where} until one runs.`);
    svc.ports.forEach((port, i) => {
      const declared = pods.flatMap((p) => p.spec.containers.flatMap((c) => c.ports.filter((cp) => cp.protocol === port.protocol)));
      if (typeof port.targetPort === 'string') {
        if (!declared.some((cp) => cp.name === port.targetPort))
          warn(
            svc.document,
            ['spec', 'ports', i, 'targetPort'],
            `No selected container has a ${port.protocol} port named "${port.targetPort}": those pods are left out of the endpoints.`,
            declared.length
              ? `Named ports here: ${[...new Set(declared.map((cp) => cp.name).filter(Boolean))].join(', ') || 'none'}.`
              : undefined,
          );
      } else if (declared.length > 0 && !declared.some((cp) => cp.containerPort === port.targetPort)) {
        const ports = [...new Set(declared.map((cp) => cp.containerPort))].join(', ');
        warn(
          svc.document,
          ['spec', 'ports', i, port.targetPort === port.port ? 'port' : 'targetPort'],
          `targetPort ${port.targetPort} is not a port the selected containers declare (${ports}): connections reach the pod and are refused there.`,
          `Set targetPort to ${ports.split(', ')[0]}.`,
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
          `hostPort ${p.hostPort} is already taken on every node it could run on: ${pending} pod(s) stay Pending.`,
          'Each node can publish a host port once: drop hostPort and use a Service, or run fewer replicas than nodes.',
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
            `hostPort ${p.hostPort} is also the nodePort of service "${svc}": kube-proxy's rules come before Docker's in PREROUTING, so connections go to the service.`,
          );
      }),
    );
  }
  return out;
}
