/** The English words of the files "Export for kind" writes (src/core/export/kind.ts). */
import type { Templates } from '../core/message.ts';

export const KIND_EXPORT_EN: Pick<Templates, `kind-export.${string}` & keyof Templates> = {
  'kind-export.config':
    'kind cluster config for the scenario on the {profile} profile (kind v0.32.0: kind create cluster --config kind-config.yaml)',
  'kind-export.book':
    "kind cannot build the book's cluster (Docker, docker0 routed between nodes, kube-proxy v1.18): this is the nearest kind cluster, with kindnet",
  'kind-export.mode': 'kind has no {mode} mode of kube-proxy: {instead} instead',
  'kind-export.cni': "kind's default CNI (kindnet) is off: install {cni} after the cluster is made",
  'kind-export.install-cni': "install {cni}, the profile's CNI",
  'kind-export.script':
    "Rebuilds the scenario on kind, then sends its flows; each is preceded by the outcome kube-netplay predicts. Compare a node's iptables-save or nft list ruleset (docker exec NODE iptables-save) with the playground's.",
  'kind-export.pod-of': 'a pod of {kind} {name}',
  'kind-export.debug':
    "A pod's image may have no curl (CoreDNS's has no shell): each flow from a pod runs in an ephemeral debug container ({image}) that shares the pod's network namespace, so it leaves from the pod's own address; each run adds one to the pod.",
  'kind-export.delivered': 'kube-netplay predicts: answered by {who}',
  'kind-export.delivered-sees': 'kube-netplay predicts: answered by {who}, which sees the client as {ip}',
  'kind-export.failed': 'kube-netplay predicts: {verdict}',
  'kind-export.failed-because': 'kube-netplay predicts: {verdict}: {reason}',
};
