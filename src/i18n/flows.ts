/**
 * The packet panel's flow names (src/core/flows.ts writes them in English) in the visitor's
 * language; machine, pod and service names and addresses stay as they are.
 */
import { sayByShapes, type Shape } from './shapes.ts';
import type { Language } from './strings.ts';

const SHAPES_ZH: readonly Shape[] = [
  [/^(\S+) → node \(hostPort\)$/, (h) => `${h} → 节点（hostPort）`],
  [/^(.+) \(hostPort\)$/, (f) => `${f}（hostPort）`],
  [/^pod → (\S+) service$/, (s) => `Pod → Service ${s}`],
  [/^pod → service$/, () => 'Pod → Service'],
  [/^pod → pod on another node$/, () => 'Pod → 另一个节点上的 Pod'],
  [/^pod → outside \(masquerade\)$/, () => 'Pod → 外部（伪装）'],
  [/^pod → (\S+) \(masquerade\)$/, (h) => `Pod → ${h}（伪装）`],
  [/^(\S+) → NodePort(.*)$/, (h, rest) => `${h} → NodePort${rest}`],
  [/^No pod publishes a hostPort\.$/, () => '没有 Pod 发布 hostPort。'],
  [/^No pod is running to send from\.$/, () => '没有运行中的 Pod 可以发送。'],
  [/^No service with a cluster IP\.$/, () => '没有带集群 IP 的 Service。'],
  [/^Needs running pods on two nodes: scale up\.$/, () => '需要两个节点上都有运行中的 Pod：扩容试试。'],
  [/^Needs a running pod and an external host\.$/, () => '需要一个运行中的 Pod 和一台外部主机。'],
  [
    /^No NodePort service: set "type: NodePort" on a service\.$/,
    () => '没有 NodePort 类型的 Service：给某个 Service 设置 "type: NodePort"。',
  ],
  // The source and destination menus.
  [/^service (\S+) (\S+)$/, (s, a) => `Service ${s} ${a}`],
  [/^NodePort of (\S+) on (\S+) (\S+)$/, (s, n, a) => `${s} 在 ${n} 上的 NodePort ${a}`],
  [/^external IP of (\S+) (\S+)$/, (s, a) => `${s} 的外部 IP ${a}`],
  [/^pod (\S+) (.+)$/, (p, rest) => `Pod ${p} ${rest}`],
  [/^(\S+) (\S+) \(web server\)$/, (h, a) => `${h} ${a}（Web 服务器）`],
];

export function flowText(text: string, language: Language): string {
  return language === 'en' ? text : sayByShapes(SHAPES_ZH, text);
}
