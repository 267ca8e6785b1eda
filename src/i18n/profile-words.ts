/**
 * What "What changed" says after a profile switch (src/core/profile-diff.ts, src/ui/ChangesPanel.tsx),
 * in each language: part of the English and Chinese tables (en.ts and zh.ts spread them in).
 */
import type { Templates } from '../core/message.ts';

type ProfileTemplates = Pick<Templates, Extract<keyof Templates, `change.profile${string}` | `podnet.${string}`>>;

export const profileEn: ProfileTemplates = {
  'change.profile': '~ cluster profile {from} → {to}: the same manifests on another cluster ({fromNode} compared with {toNode})',
  'change.profile-runtime': '~ container runtime {from} → {to}',
  'change.profile-pod-network': '~ pods attach: {from} → {to}',
  'change.profile-kube-proxy': '~ kube-proxy {fromVersion} in {fromMode} mode → {toVersion} in {toMode} mode',
  'podnet.docker0': "to Docker's docker0 bridge, whose subnet the other nodes route to",
  'podnet.ptp': "by point-to-point veths (kindnet's ptp plugin), no bridge, a route to each pod",
  'podnet.cni0': "to the cni0 bridge (the CNI bridge plugin), other nodes' pods through flannel.1 (VXLAN)",
  'change.profile-interface-gone': '− interface {line}',
  'change.profile-interface-added': '+ interface {line}',
  'change.profile-route-gone': '− route {line}',
  'change.profile-route-added': '+ route {line}',
  'change.profile-pod-route-gone': '− route to each pod: <pod IP> {line}',
  'change.profile-pod-route-added': '+ route to each pod: <pod IP> {line}',
  'change.profile-fdb-gone': '− FDB entry {line}',
  'change.profile-fdb-added': '+ FDB entry {line}',
  'change.profile-neighbour-gone': '− neighbour {line}',
  'change.profile-neighbour-added': '+ neighbour {line}',
  'change.profile-chain-gone': '− iptables chain {line}',
  'change.profile-chain-added': '+ iptables chain {line}',
  'change.profile-nft-gone': '− nftables {line}',
  'change.profile-nft-added': '+ nftables {line}',
};

export const profileZh: ProfileTemplates = {
  'change.profile': '~ 集群配置 {from} → {to}：同样的资源清单换到另一个集群（比较 {fromNode} 与 {toNode}）',
  'change.profile-runtime': '~ 容器运行时 {from} → {to}',
  'change.profile-pod-network': '~ Pod 的接入方式：{from} → {to}',
  'change.profile-kube-proxy': '~ kube-proxy {fromVersion} {fromMode} 模式 → {toVersion} {toMode} 模式',
  'podnet.docker0': '接在 Docker 的 docker0 网桥上，其他节点路由到它的子网',
  'podnet.ptp': '用点对点 veth（kindnet 的 ptp 插件），没有网桥，每个 Pod 一条路由',
  'podnet.cni0': '接在 cni0 网桥上（CNI 的 bridge 插件），经 flannel.1（VXLAN）到达其他节点的 Pod',
  'change.profile-interface-gone': '− 网络接口 {line}',
  'change.profile-interface-added': '+ 网络接口 {line}',
  'change.profile-route-gone': '− 路由 {line}',
  'change.profile-route-added': '+ 路由 {line}',
  'change.profile-pod-route-gone': '− 到每个 Pod 的路由：<Pod 的 IP> {line}',
  'change.profile-pod-route-added': '+ 到每个 Pod 的路由：<Pod 的 IP> {line}',
  'change.profile-fdb-gone': '− FDB 表项 {line}',
  'change.profile-fdb-added': '+ FDB 表项 {line}',
  'change.profile-neighbour-gone': '− 邻居表项 {line}',
  'change.profile-neighbour-added': '+ 邻居表项 {line}',
  'change.profile-chain-gone': '− iptables 链 {line}',
  'change.profile-chain-added': '+ iptables 链 {line}',
  'change.profile-nft-gone': '− nftables {line}',
  'change.profile-nft-added': '+ nftables {line}',
};
