/**
 * What becomes of every field of every simulated kind: either the simulation reads it and acts as
 * the real system would ('simulated'), or the playground warns at its line that it is not
 * simulated and says what a real cluster does with it. Keyed by the schema's type name, then the
 * property's JSON name; a 'simulated' property holding an object leads to its own type's entry,
 * a warned one covers everything under it. tests/unit/field-fates.test.ts walks the schema of
 * every simulated kind and fails on any field missing here.
 */

export type FieldFate = 'simulated' | { readonly warn: string };

const S = 'simulated';
const w = (text: string): FieldFate => ({ warn: text });

const SET_BY_SERVER = w('the API server sets this itself and ignores or overwrites the value given.');
const NO_STORAGE = w('a real kubelet mounts the volumes; they do not change the pod network.');
const NO_DNS = w("a real cluster configures the pod's DNS from it; the playground has no cluster DNS.");
const SCHEDULING = w('a real scheduler takes it into account when placing the pod; here only nodeName and nodeSelector do.');
const LIFECYCLE = w('a real kubelet acts on it (probes, restarts, limits); every container here starts at once and stays ready.');
const ROLLOUT = w('a real controller uses it to pace rollouts and keep history; the playground shows the finished state.');
const META_ONLY = w('kept with the object for tools and controllers to read; nothing that moves packets reads it.');
const DUAL_STACK = w('a real cluster of v1.20+ uses it for dual-stack services; the playground is IPv4 only (clusterIP alone).');

const TOP = { apiVersion: S, kind: S, metadata: S, spec: S } as const;

export const FIELD_FATES: Readonly<Record<string, Readonly<Record<string, FieldFate>>>> = {
  V1Pod: TOP,
  V1ReplicationController: TOP,
  V1ReplicaSet: TOP,
  V1Deployment: TOP,
  V1Service: TOP,
  V1Endpoints: { apiVersion: S, kind: S, metadata: S, subsets: S },
  V1Namespace: {
    apiVersion: S,
    kind: S,
    metadata: S,
    spec: w('a real namespace lists its finalizers here; the playground deletes nothing.'),
  },
  V1ObjectMeta: {
    name: S,
    namespace: S,
    labels: S,
    // Simulated for the playground's own kube-netplay/ keys (pinned container IDs); any other key is warned.
    annotations: S,
    generateName: w('a real API server makes the name from this prefix and a random suffix; here give a name.'),
    creationTimestamp: SET_BY_SERVER,
    deletionGracePeriodSeconds: SET_BY_SERVER,
    deletionTimestamp: SET_BY_SERVER,
    generation: SET_BY_SERVER,
    managedFields: SET_BY_SERVER,
    resourceVersion: SET_BY_SERVER,
    selfLink: SET_BY_SERVER,
    uid: SET_BY_SERVER,
    finalizers: w('a real API server keeps a deleted object until its finalizers are removed; the playground deletes nothing.'),
    ownerReferences: w('a real garbage collector deletes the object with its owner; the playground shows no deletion.'),
  },
  V1PodTemplateSpec: { metadata: S, spec: S },
  V1ReplicationControllerSpec: { replicas: S, selector: S, template: S, minReadySeconds: LIFECYCLE },
  V1ReplicaSetSpec: { replicas: S, selector: S, template: S, minReadySeconds: LIFECYCLE },
  V1DeploymentSpec: {
    replicas: S,
    selector: S,
    template: S,
    minReadySeconds: LIFECYCLE,
    paused: ROLLOUT,
    progressDeadlineSeconds: ROLLOUT,
    revisionHistoryLimit: ROLLOUT,
    strategy: ROLLOUT,
  },
  V1LabelSelector: { matchLabels: S, matchExpressions: S },
  V1LabelSelectorRequirement: { key: S, operator: S, values: S },
  V1PodSpec: {
    containers: S,
    hostNetwork: S,
    nodeName: S,
    nodeSelector: S,
    activeDeadlineSeconds: LIFECYCLE,
    affinity: SCHEDULING,
    automountServiceAccountToken: NO_STORAGE,
    dnsConfig: NO_DNS,
    dnsPolicy: NO_DNS,
    enableServiceLinks: w(
      'a real kubelet gives each container <SERVICE>_SERVICE_HOST/_PORT variables for every service; the playground does not list them.',
    ),
    ephemeralContainers: w('a real kubelet adds debugging containers to the running pod (kubectl debug); none are started here.'),
    hostAliases: NO_DNS,
    hostIPC: w("a real pod would share the node's IPC namespace; the network is not affected."),
    hostPID: w("a real pod would share the node's process namespace; the network is not affected."),
    hostUsers: w("a real pod would use the node's user namespace or its own; the network is not affected."),
    hostname: NO_DNS,
    hostnameOverride: NO_DNS,
    imagePullSecrets: w('a real kubelet uses them to pull private images; every image is present here.'),
    initContainers: w(
      "a real kubelet runs them one by one to completion, in the pod's network namespace, before the app containers; none run here.",
    ),
    os: SCHEDULING,
    overhead: SCHEDULING,
    preemptionPolicy: SCHEDULING,
    priority: SCHEDULING,
    priorityClassName: SCHEDULING,
    readinessGates: w('a real pod becomes an endpoint only once every gate is true; every pod here is ready at once.'),
    resourceClaims: SCHEDULING,
    resources: LIFECYCLE,
    restartPolicy: LIFECYCLE,
    runtimeClassName: w('a real kubelet runs the pod with that runtime handler; here every pod runs under Docker.'),
    schedulerName: SCHEDULING,
    schedulingGates: SCHEDULING,
    schedulingGroup: SCHEDULING,
    securityContext: LIFECYCLE,
    serviceAccount: NO_STORAGE,
    serviceAccountName: NO_STORAGE,
    setHostnameAsFQDN: NO_DNS,
    shareProcessNamespace: w("a real pod's containers would see each other's processes; the network is shared either way."),
    subdomain: NO_DNS,
    terminationGracePeriodSeconds: LIFECYCLE,
    tolerations: SCHEDULING,
    topologySpreadConstraints: SCHEDULING,
    volumes: NO_STORAGE,
  },
  V1Container: {
    name: S,
    image: S,
    ports: S,
    env: S,
    args: w("a real Docker runs the image with these arguments; docker ps here shows the image's usual command."),
    command: w("a real Docker runs this command instead of the image's; docker ps here shows the image's usual command."),
    envFrom: w('a real kubelet adds the variables of that ConfigMap or Secret; the playground has neither.'),
    imagePullPolicy: w('a real kubelet decides from it whether to pull the image; every image is present here.'),
    lifecycle: LIFECYCLE,
    livenessProbe: LIFECYCLE,
    readinessProbe: w('a real pod is an endpoint of its services only while this probe passes; every pod here is ready at once.'),
    resizePolicy: LIFECYCLE,
    resources: LIFECYCLE,
    restartPolicy: LIFECYCLE,
    restartPolicyRules: LIFECYCLE,
    securityContext: LIFECYCLE,
    startupProbe: LIFECYCLE,
    stdin: LIFECYCLE,
    stdinOnce: LIFECYCLE,
    terminationMessagePath: LIFECYCLE,
    terminationMessagePolicy: LIFECYCLE,
    tty: LIFECYCLE,
    volumeDevices: NO_STORAGE,
    volumeMounts: NO_STORAGE,
    workingDir: LIFECYCLE,
  },
  V1ContainerPort: { containerPort: S, hostIP: S, hostPort: S, name: S, protocol: S },
  V1EnvVar: {
    name: S,
    value: S,
    valueFrom: w('a real kubelet fills the value from a field, ConfigMap or Secret; here the variable is empty.'),
  },
  V1ServiceSpec: {
    type: S,
    clusterIP: S,
    ports: S,
    selector: S,
    sessionAffinity: S,
    sessionAffinityConfig: S,
    externalTrafficPolicy: S,
    healthCheckNodePort: S,
    externalIPs: S,
    internalTrafficPolicy: S,
    loadBalancerIP: w('a real cloud provider would give the load balancer this address; the playground has no cloud provider.'),
    loadBalancerSourceRanges: w(
      'a real kube-proxy lets only these sources reach the load balancer addresses (KUBE-FW chains); the playground has no load balancer addresses.',
    ),
    allocateLoadBalancerNodePorts: w(
      'a real API server of v1.20+ gives a LoadBalancer service no node ports when false; here it always gets them.',
    ),
    loadBalancerClass: w('a real cluster lets only the named load-balancer implementation serve the service; the playground has none.'),
    clusterIPs: DUAL_STACK,
    ipFamilies: DUAL_STACK,
    ipFamilyPolicy: DUAL_STACK,
    externalName: w('a real cluster DNS answers with this name for an ExternalName service; the playground has no cluster DNS.'),
    publishNotReadyAddresses: w('a real endpoints controller would list pods that are not ready yet; every pod here is ready at once.'),
    trafficDistribution: w('a real kube-proxy of v1.31+ prefers endpoints close to the client (its zone); the playground has no zones.'),
  },
  V1ServicePort: {
    name: S,
    port: S,
    protocol: S,
    targetPort: S,
    nodePort: S,
    appProtocol: META_ONLY,
  },
  V1SessionAffinityConfig: { clientIP: S },
  V1ClientIPConfig: { timeoutSeconds: S },
  V1EndpointSubset: {
    addresses: S,
    ports: S,
    notReadyAddresses: w('a real kube-proxy sends these no traffic, as here; kubectl describe lists them as NotReadyAddresses.'),
  },
  V1EndpointAddress: {
    ip: S,
    nodeName: S,
    hostname: NO_DNS,
    targetRef: META_ONLY,
  },
  CoreV1EndpointPort: { name: S, port: S, protocol: S, appProtocol: META_ONLY },
  // Our own Cluster document: every field is the playground's.
  Cluster: { apiVersion: S, kind: S, metadata: S, spec: S },
  ClusterMeta: { name: S },
  ClusterSpec: {
    nodes: S,
    hosts: S,
    serviceClusterIPRange: S,
    clusterCIDR: S,
    kubeProxyMode: S,
    pauseImage: S,
    podMasquerade: S,
    seed: S,
  },
  ClusterNode: { name: S, ip: S, podSubnet: S, labels: S },
  ClusterHost: { name: S, ip: S },
};
