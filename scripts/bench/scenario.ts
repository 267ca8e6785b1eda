/**
 * Generated clusters for the benchmark: `nodes` nodes with 10 pods each (or `podsPerNode`), in groups of 5 pods
 * behind one controller (Deployments and ReplicationControllers, alternately) and one Service
 * per group. The first Service is a NodePort. Addresses: nodes on 10.0.0.0/16, one laptop,
 * pod subnets carved as /24s from 172.16.0.0/12, services from 10.96.0.0/16.
 */
export const PODS_PER_NODE = 10;
export const PODS_PER_SERVICE = 5;
export const NODE_PORT = 30080;

export interface GeneratedScenario {
  readonly text: string;
  readonly nodes: number;
  readonly pods: number;
  readonly services: number;
  /** The controller whose replicas the browser bench changes, and the line that holds them. */
  readonly editable: { readonly name: string; readonly replicasLine: string };
}

export function appName(group: number): string {
  return `app${String(group + 1).padStart(3, '0')}`;
}

export function generateScenario(nodes: number, podsPerNode = PODS_PER_NODE): GeneratedScenario {
  const docs: string[] = [];
  const nodeLines = Array.from(
    { length: nodes },
    (_, i) => `  - name: node${String(i + 1).padStart(3, '0')}\n    ip: 10.0.${Math.floor((i + 1) / 250)}.${((i + 1) % 250) + 1}/16`,
  );
  docs.push(
    [
      'apiVersion: kube-netplay/v1',
      'kind: Cluster',
      'metadata:',
      `  name: bench-${nodes}x${podsPerNode}`,
      'spec:',
      '  clusterCIDR: 172.16.0.0/12',
      '  serviceClusterIPRange: 10.96.0.0/16',
      '  kubeProxyMode: iptables',
      '  nodes:',
      ...nodeLines,
      '  hosts:',
      '  - name: laptop',
      '    ip: 10.0.255.10/16',
    ].join('\n'),
  );
  const groups = Math.ceil((nodes * podsPerNode) / PODS_PER_SERVICE);
  for (let g = 0; g < groups; g++) {
    const name = appName(g);
    const rc = g % 2 === 1;
    docs.push(
      [
        rc ? 'apiVersion: v1' : 'apiVersion: apps/v1',
        rc ? 'kind: ReplicationController' : 'kind: Deployment',
        'metadata:',
        `  name: ${name}`,
        '  labels:',
        `    app: ${name}`,
        'spec:',
        `  replicas: ${PODS_PER_SERVICE}`,
        '  selector:',
        ...(rc ? [`    app: ${name}`] : ['    matchLabels:', `      app: ${name}`]),
        '  template:',
        '    metadata:',
        '      labels:',
        `        app: ${name}`,
        '    spec:',
        '      containers:',
        '      - name: web',
        '        image: nginx',
        '        ports:',
        '        - containerPort: 80',
        '          name: http',
      ].join('\n'),
    );
    docs.push(
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        `  name: ${name}`,
        'spec:',
        ...(g === 0 ? ['  type: NodePort'] : []),
        '  ports:',
        `  - port: 80`,
        '    targetPort: http',
        ...(g === 0 ? [`    nodePort: ${NODE_PORT}`] : []),
        '  selector:',
        `    app: ${name}`,
      ].join('\n'),
    );
  }
  return {
    text: `${docs.join('\n---\n')}\n`,
    nodes,
    pods: groups * PODS_PER_SERVICE,
    services: groups,
    editable: { name: appName(0), replicasLine: `  replicas: ${PODS_PER_SERVICE}` },
  };
}
