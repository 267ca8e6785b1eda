/**
 * "Export for kind": the scenario as something a class can rebuild on real Kubernetes with kind
 * (v0.32.0, config kind.x-k8s.io/v1alpha4): a cluster config with the scenario's nodes, subnets and
 * kube-proxy mode (kind's default CNI, kindnet, turned off when the profile runs another), the
 * manifests without the playground's own Cluster document, and a script of the scenario's flows as
 * curl/nc commands, each with the outcome the playground predicts. A pod's image may have no curl
 * (CoreDNS's has no shell at all), so a flow from a pod runs in an ephemeral debug container of
 * that pod (`kubectl debug --image=curlimages/curl`): it shares the pod's network namespace, so the
 * packet leaves from the pod's own address, labels and node, whatever its image. Pod names are
 * drawn at random on a real cluster, so the script finds pods by their labels and node, and
 * services and nodes by name.
 */
import { parseAllDocuments } from 'yaml';
import type { Dataplane } from '../dataplane/model.ts';
import { quickFlows } from '../flows.ts';
import { msg, type Text } from '../message.ts';
import type { ClusterState, PodState } from '../model.ts';
import { namespaceRef } from '../namespace-id.ts';
import { trace, type Trace, type TraceRequest } from '../trace/index.ts';

export const KIND_API_VERSION = 'kind.x-k8s.io/v1alpha4';
/** The debug container's image: curl, and busybox's nc for UDP. */
export const PROBE_IMAGE = 'curlimages/curl:8.11.1';
/** kind names a cluster's nodes after it: kind-control-plane, kind-worker, kind-worker2, … */
const KIND_CLUSTER_NAME = 'kind';

/** The node name kind gives the i-th node of the config (the first is the control plane). */
export function kindNodeName(i: number): string {
  return i === 0 ? `${KIND_CLUSTER_NAME}-control-plane` : `${KIND_CLUSTER_NAME}-worker${i === 1 ? '' : i}`;
}

/** The CNI each profile runs: kind installs kindnet unless told not to. */
const CNI_OF: Readonly<Record<string, string>> = { book: 'kindnet', kind: 'kindnet', flannel: 'flannel' };

/** kind's kube-proxy modes (Networking.KubeProxyMode); the book's userspace mode is not among them. */
const KIND_PROXY_MODES = new Set(['iptables', 'ipvs', 'nftables', 'none']);

type Say = (text: Text) => string;

/** A comment line: what the words say, on one line. */
const comment = (say: Say, text: Text) => `# ${say(text).replace(/\s*\n\s*/g, ' ')}`;

/** A YAML scalar that needs no quoting in plain style, or a double-quoted one. */
const scalar = (value: string) =>
  /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(value) && !/^(true|false|null|yes|no|on|off)$/i.test(value) ? value : JSON.stringify(value);

export function kindConfig(state: ClusterState, say: Say): string {
  const { cluster } = state;
  const mode = KIND_PROXY_MODES.has(cluster.kubeProxyMode) ? cluster.kubeProxyMode : 'iptables';
  const cni = CNI_OF[cluster.profile] ?? 'kindnet';
  const lines = [comment(say, msg('kind-export.config', { profile: cluster.profile }))];
  if (cluster.profile === 'book') lines.push(comment(say, msg('kind-export.book')));
  if (mode !== cluster.kubeProxyMode) lines.push(comment(say, msg('kind-export.mode', { mode: cluster.kubeProxyMode, instead: mode })));
  if (cni !== 'kindnet') lines.push(comment(say, msg('kind-export.cni', { cni })));
  lines.push(`kind: Cluster`, `apiVersion: ${KIND_API_VERSION}`, `name: ${KIND_CLUSTER_NAME}`, 'nodes:');
  cluster.nodes.forEach((node, i) => {
    lines.push(`- role: ${i === 0 ? 'control-plane' : 'worker'}`);
    const labels = Object.entries(node.labels).filter(([k]) => k !== 'kubernetes.io/hostname');
    if (labels.length > 0) {
      lines.push('  labels:');
      for (const [k, v] of labels) lines.push(`    ${scalar(k)}: ${scalar(v)}`);
    }
  });
  lines.push(
    'networking:',
    `  podSubnet: ${scalar(cluster.clusterCIDR)}`,
    `  serviceSubnet: ${scalar(cluster.serviceClusterIPRange)}`,
    `  kubeProxyMode: ${mode}`,
  );
  if (cni !== 'kindnet') lines.push('  disableDefaultCNI: true');
  return `${lines.join('\n')}\n`;
}

/** The text's documents without the playground's Cluster document (comments kept). */
export function kindManifests(text: string): string {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return text;
  const kept: string[] = [];
  for (const doc of docs) {
    if (doc.get('kind') === 'Cluster' && String(doc.get('apiVersion') ?? '').startsWith('kube-netplay/')) continue;
    if (doc.contents === null || doc.errors.length > 0) continue;
    const body = doc
      .toString()
      .replace(/^---\n/, '')
      .trimEnd();
    if (body !== '') kept.push(body);
  }
  return kept.length > 0 ? `${kept.join('\n---\n')}\n` : '';
}

/** A shell word: quoted unless it is plainly safe. */
const sh = (word: string) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** The pod's labels but those a controller draws at random (a Deployment's pod-template-hash). */
function labelSelector(pod: PodState): string {
  return Object.entries(pod.labels)
    .filter(([k]) => k !== 'pod-template-hash' && k !== 'controller-revision-hash')
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** A command substitution that finds, on the real cluster, the pod standing for `pod`: same labels, same node. */
function podLookup(state: ClusterState, pod: PodState, field: 'metadata.name' | 'status.podIP'): string {
  const node = nodeNameOnKind(state, pod.node);
  const selector = labelSelector(pod);
  return `$(kubectl get pods -n ${sh(pod.namespace)}${selector ? ` -l ${sh(selector)}` : ''}${node ? ` --field-selector spec.nodeName=${sh(node)}` : ''} -o jsonpath='{.items[0].${field}}')`;
}

function nodeNameOnKind(state: ClusterState, name: string | undefined): string | undefined {
  const i = state.cluster.nodes.findIndex((n) => n.name === name);
  return i < 0 ? undefined : kindNodeName(i);
}

/** The destination address as the real cluster has it: a service's, a pod's or a node's, found by name. */
function addressOnKind(state: ClusterState, ip: string): string {
  const svc = state.services.find((s) => s.clusterIP === ip);
  if (svc) return `$(kubectl get svc -n ${sh(svc.namespace)} ${sh(svc.name)} -o jsonpath='{.spec.clusterIP}')`;
  const pod = state.pods.find((p) => p.ip === ip && !p.hostNetwork);
  if (pod) return podLookup(state, pod, 'status.podIP');
  const node = nodeNameOnKind(state, state.cluster.nodes.find((n) => n.ip === ip)?.name);
  if (node) return `$(kubectl get node ${sh(node)} -o jsonpath='{.status.addresses[?(@.type=="InternalIP")].address}')`;
  return ip;
}

function probe(request: TraceRequest, address: string): string {
  return request.proto === 'udp'
    ? `sh -c ${sh(`echo ping | nc -u -w 2 "$0" ${request.to.port}`)} "${address}"`
    : `curl -sS -m 5 -o /dev/null -w '%{http_code}\\n' "http://${address}:${request.to.port}/"`;
}

function outcome(t: Trace, state: ClusterState): Text {
  if (t.verdict === 'delivered' && t.deliveredTo) {
    const to = t.deliveredTo;
    const pod = to.kind === 'pod' ? state.pods.find((p) => p.namespace === to.namespace && p.name === to.name) : undefined;
    const who = pod?.owner ? msg('kind-export.pod-of', { kind: pod.owner.kind, name: pod.owner.name }) : `${to.kind} ${to.name}`;
    return t.serverSees ? msg('kind-export.delivered-sees', { who, ip: t.serverSees.ip }) : msg('kind-export.delivered', { who });
  }
  return t.reason
    ? msg('kind-export.failed-because', { verdict: t.verdict, reason: t.reason })
    : msg('kind-export.failed', { verdict: t.verdict });
}

/** The scenario's flows as commands, each after the outcome the playground predicts. */
export function kindFlowScript(state: ClusterState, dataplane: Dataplane, say: Say): string {
  const lines: string[] = [];
  let debugSaid = false;
  for (const flow of quickFlows(state)) {
    if (!flow.request) continue;
    const request = flow.request;
    const t = trace(dataplane, request);
    const address = addressOnKind(state, request.to.ip);
    const from = namespaceRef(request.from);
    lines.push('', comment(say, flow.label), comment(say, outcome(t, state)));
    if (from.kind === 'pod') {
      const pod = state.pods.find((p) => p.namespace === from.namespace && p.name === from.name);
      if (!pod) continue;
      // Said once, before the first flow from a pod.
      if (!debugSaid) lines.splice(lines.length - 2, 0, comment(say, msg('kind-export.debug', { image: PROBE_IMAGE })));
      debugSaid = true;
      lines.push(
        `kubectl debug -n ${sh(pod.namespace)} ${podLookup(state, pod, 'metadata.name')} -q -i --image=${PROBE_IMAGE} -- ${probe(request, address)}`,
      );
    } else if (from.kind === 'node') {
      const node = nodeNameOnKind(state, from.name);
      if (node) lines.push(`docker exec ${sh(node)} ${probe(request, address)}`);
    } else lines.push(probe(request, address));
  }
  return lines.join('\n');
}

/** A heredoc delimiter no line of `body` equals. */
function delimiter(body: string): string {
  const lines = new Set(body.split('\n'));
  let d = 'KUBE_NETPLAY_EOF';
  while (lines.has(d)) d += '_';
  return d;
}

const heredoc = (file: string, body: string) => {
  const d = delimiter(body);
  return `cat > ${file} <<'${d}'\n${body.endsWith('\n') ? body : `${body}\n`}${d}`;
};

export interface KindExport {
  readonly config: string;
  readonly manifests: string;
  readonly flows: string;
  /** One script: writes the config and the manifests, makes the cluster, applies, runs the flows. */
  readonly script: string;
}

export function kindExport(text: string, state: ClusterState, dataplane: Dataplane, say: Say): KindExport {
  const config = kindConfig(state, say);
  const manifests = kindManifests(text);
  const flows = kindFlowScript(state, dataplane, say);
  const script = [
    '#!/usr/bin/env bash',
    comment(say, msg('kind-export.script')),
    'set -u',
    '',
    heredoc('kind-config.yaml', config),
    '',
    heredoc('manifests.yaml', manifests),
    '',
    `kind create cluster --config kind-config.yaml`,
    ...(CNI_OF[state.cluster.profile] === 'flannel'
      ? [
          comment(say, msg('kind-export.install-cni', { cni: 'flannel' })),
          'kubectl apply -f https://github.com/flannel-io/flannel/releases/download/v0.28.9/kube-flannel.yml',
        ]
      : []),
    'kubectl apply -f manifests.yaml',
    'kubectl wait --for=condition=Ready pods --all --all-namespaces --timeout=180s',
    flows,
    '',
  ].join('\n');
  return { config, manifests, flows, script };
}
