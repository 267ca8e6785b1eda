/**
 * What an nftables rule did on a hop (src/core/trace/explain-nft.ts), in each language: part of
 * the English and Chinese tables (en.ts and zh.ts spread them in).
 */
import type { Templates } from '../core/message.ts';

type NftTemplates = Pick<Templates, Extract<keyof Templates, `nft.${string}`>>;

export const nftEn: NftTemplates = {
  'nft.lookup': 'Looks up {key} in the verdict map {map}: {verdict}.',
  'nft.numgen': 'numgen random mod {mod} drew {index}: {verdict} (each endpoint gets 1/{mod} of new connections).',
  'nft.numgen-dnat':
    'numgen random mod {mod} drew {index}: kube-proxy rewrites the destination, {from} → {to} (each endpoint gets 1/{mod} of new connections).',
  'nft.masquerade': "Masquerade fully-random: the source becomes the outgoing interface's address and a random port, {from} → {to}.",
  'nft.hairpin-masquerade':
    'A pod reached itself through its service (@hairpin-connections): masquerade fully-random, {from} → {to}, so the reply comes back through the node.',
  'nft.mark-outside':
    'The packet comes to a cluster IP from outside the pod range: kube-proxy sets mark {mark} to masquerade it on its way out.',
  'nft.affinity-remember': 'Session affinity: remembers client {client} in {set}.',
  'nft.reject-port': '{dst}: the cluster IP exists but its service has no such port, so kube-proxy rejects it (port unreachable).',
  'nft.drop-unallocated': '{dst} is in the portal network but no service has it: kube-proxy drops the packet.',
  'nft.chain': 'Continues in another chain: {verdict}.',
};

export const nftZh: NftTemplates = {
  'nft.lookup': '在判决映射 {map} 中查找 {key}：{verdict}。',
  'nft.numgen': 'numgen random mod {mod} 抽到 {index}：{verdict}（每个后端分到 1/{mod} 的新连接）。',
  'nft.numgen-dnat': 'numgen random mod {mod} 抽到 {index}：kube-proxy 改写目的地址，{from} → {to}（每个后端分到 1/{mod} 的新连接）。',
  'nft.masquerade': '伪装（fully-random）：源地址变为出接口的地址，源端口随机，{from} → {to}。',
  'nft.hairpin-masquerade':
    'Pod 经自己的 Service 连到了自己（@hairpin-connections）：伪装（fully-random），{from} → {to}，好让回包经过节点。',
  'nft.mark-outside': '数据包从 Pod 网段之外发往 ClusterIP：kube-proxy 打上标记 {mark}，出去时做伪装。',
  'nft.affinity-remember': '会话亲和：把客户端 {client} 记入 {set}。',
  'nft.reject-port': '{dst}：这个 ClusterIP 存在，但它的 Service 没有这个端口，kube-proxy 拒绝（端口不可达）。',
  'nft.drop-unallocated': '{dst} 在 portal 网络内，但没有分配给任何 Service：kube-proxy 丢弃数据包。',
  'nft.chain': '转到另一条链继续：{verdict}。',
};
