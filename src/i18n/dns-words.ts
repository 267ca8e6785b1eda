/**
 * What a name lookup says on its hops and in its outcome (src/core/dns/lookup-flow.ts), in each
 * language: part of the English and Chinese tables (en.ts and zh.ts spread them in).
 */
import type { Templates } from '../core/message.ts';

type DnsTemplates = Pick<Templates, Extract<keyof Templates, `hop.dns-${string}` | `dns.${string}` | `fail.dns-${string}`>>;

export const dnsEn: DnsTemplates = {
  'hop.dns-question': 'The resolver asks {server} port 53 (UDP) for {name} ({type}).',
  'hop.dns-answer': 'The answer for {name} ({type}) comes back: {rcode}, {answers}.',
  'hop.dns-answer-forwarded': 'The answer for {name} ({type}) comes back: {rcode}, {answers} (the upstream {upstream} answered it).',
  'hop.dns-forward':
    'The cluster DNS does not hold {name} (outside cluster.local): it forwards the question ({type}) to {server} port 53, the nameserver of its own /etc/resolv.conf.',
  'hop.dns-upstream-answer':
    "The upstream {server} answers {name} ({type}): {rcode}. The playground's network reaches no internet, so its resolver knows no name outside the cluster.",
  'dns.no-records': 'no record',
  'fail.dns-no-nameserver': 'The sender has no nameserver in its /etc/resolv.conf: no question is asked.',
  'fail.dns-timeout': 'No answer came back from {server}: the name does not resolve, no connection is opened.',
  'fail.dns-unresolved': 'The last answer, for {name}, was {rcode}: the name does not resolve, no connection is opened.',
};

export const dnsZh: DnsTemplates = {
  'hop.dns-question': '解析器向 {server} 的 53 端口（UDP）查询 {name}（{type}）。',
  'hop.dns-answer': '{name}（{type}）的应答回来了：{rcode}，{answers}。',
  'hop.dns-answer-forwarded': '{name}（{type}）的应答回来了：{rcode}，{answers}（由上游 {upstream} 应答）。',
  'hop.dns-forward':
    '集群 DNS 不负责 {name}（不在 cluster.local 之下）：它把查询（{type}）转发给 {server} 的 53 端口，即它自己 /etc/resolv.conf 中的 nameserver。',
  'hop.dns-upstream-answer':
    '上游 {server} 应答 {name}（{type}）：{rcode}。演示环境的网络连不上互联网，所以它的解析器不认识集群外的任何名字。',
  'dns.no-records': '没有记录',
  'fail.dns-no-nameserver': '发送方的 /etc/resolv.conf 中没有 nameserver：不发出任何查询。',
  'fail.dns-timeout': '{server} 没有应答：名字解析失败，不会建立连接。',
  'fail.dns-unresolved': '最后一次查询 {name} 的结果是 {rcode}：名字解析失败，不会建立连接。',
};

/** The flow picker's name lookup (src/ui/NameFlowPicker.tsx). */
export const dnsUiEn = {
  lookupName: 'Name',
  a11yLookupName: 'Name to look up',
  lookupNameHint: 'a service, an FQDN, any name',
  lookupPort: 'Port',
  lookUp: 'Look up and connect',
} as const;

export const dnsUiZh: { readonly [K in keyof typeof dnsUiEn]: string } = {
  lookupName: '名字',
  a11yLookupName: '要解析的名字',
  lookupNameHint: 'Service 名、完整域名或任意名字',
  lookupPort: '端口',
  lookUp: '解析并连接',
};
