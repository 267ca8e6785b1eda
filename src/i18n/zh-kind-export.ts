/** The Chinese words of the files "Export for kind" writes (src/core/export/kind.ts). */
import type { Templates } from '../core/message.ts';

export const KIND_EXPORT_ZH: Pick<Templates, `kind-export.${string}` & keyof Templates> = {
  'kind-export.config': '该场景在 {profile} 配置下的 kind 集群配置（kind v0.32.0：kind create cluster --config kind-config.yaml）',
  'kind-export.book': 'kind 无法构建书中的集群（Docker、节点间路由的 docker0、kube-proxy v1.18）：这是最接近的 kind 集群，使用 kindnet',
  'kind-export.mode': 'kind 的 kube-proxy 没有 {mode} 模式：改用 {instead}',
  'kind-export.cni': '已关闭 kind 的默认 CNI（kindnet）：集群建好后安装 {cni}',
  'kind-export.install-cni': '安装该配置的 CNI：{cni}',
  'kind-export.script':
    '在 kind 上重建该场景，再发送它的各条流量；每条前面是 kube-netplay 预测的结果。可把节点的 iptables-save 或 nft list ruleset（docker exec 节点名 iptables-save）与演示中的对比。',
  'kind-export.pod-of': '{kind} {name} 的一个 Pod',
  'kind-export.debug':
    'Pod 的镜像里可能没有 curl（CoreDNS 的镜像连 shell 都没有）：从 Pod 出发的每条流量都在该 Pod 的一个临时调试容器（{image}）里运行，它与 Pod 共享网络命名空间，所以数据包从 Pod 自己的地址发出；每运行一次就给该 Pod 添加一个临时容器。',
  'kind-export.delivered': 'kube-netplay 预测：由 {who} 应答',
  'kind-export.delivered-sees': 'kube-netplay 预测：由 {who} 应答，它看到的客户端地址是 {ip}',
  'kind-export.failed': 'kube-netplay 预测：{verdict}',
  'kind-export.failed-because': 'kube-netplay 预测：{verdict}：{reason}',
};
