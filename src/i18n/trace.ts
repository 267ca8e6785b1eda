/**
 * The tracer's sentences (hop explanations, verdict reasons) in the visitor's language. The core
 * writes them in English, for the command line and the tests; here each sentence shape has its
 * Chinese, and the names, addresses, chains and rules inside it are kept as they are. A sentence
 * no shape matches is shown in English (tests/unit/trace-i18n.test.ts keeps that from happening
 * on every built-in scenario's flows).
 */
import type { TraceVerdict } from '../core/trace/index.ts';
import { sayByShapes, type Shape } from './shapes.ts';
import type { Language } from './strings.ts';

/** Who a packet is delivered to: `container C of pod P`, `PROCESS on MACHINE`. */
function who(text: string): string {
  const pod = /^container (\S+) of pod (\S+)$/.exec(text);
  if (pod) return `Pod ${pod[2]} 的容器 ${pod[1]}`;
  const process = /^(\S+) on (\S+)$/.exec(text);
  return process ? `${process[2]} 上的 ${process[1]}` : text;
}

function medium(text: string): string {
  if (text === 'the physical network') return '物理网络';
  if (text === 'the veth pair') return ' veth 对';
  const bridge = /^bridge (\S+)$/.exec(text);
  return bridge ? `网桥 ${bridge[1]}` : text;
}

function route(text: string): string {
  return text === "the destination is one of this namespace's own addresses (local delivery)"
    ? '目的地址是本命名空间自己的地址（本地交付）'
    : text;
}

const SHAPES: readonly Shape[] = [
  // The way: sending, routing, links, bridges.
  [/^A process sends (\S+) to (\S+)\.$/, (p, d) => `一个进程向 ${d} 发送 ${p}。`],
  [/^(\S+) sends (\S+) to (\S+)\.$/, (w, p, d) => `${w} 向 ${d} 发送 ${p}。`],
  [/^Routing decision: (.+)\.$/, (r) => `路由决策：${route(r)}。`],
  [/^The new destination (\S+) is routed again: (.+)\.$/, (d, r) => `新的目的地址 ${d} 重新路由：${route(r)}。`],
  [/^Out of (\S+), across (.+), into (\S+) of (\S+)\.$/, (a, m, b, n) => `从 ${a} 出去，经过${medium(m)}，进入 ${n} 的 ${b}。`],
  [
    /^(\S+) bridges the frame from (\S+) to (\S+) \(back out the port it came in: hairpin mode\)\.$/,
    (br, a, b) => `${br} 把帧从 ${a} 桥接到 ${b}（从进来的端口原路返回：hairpin 模式）。`,
  ],
  [/^(\S+) bridges the frame from (\S+) to (\S+)\.$/, (br, a, b) => `${br} 把帧从 ${a} 桥接到 ${b}。`],
  [
    /^conntrack undoes the connection's NAT on the reply \(destination restored\)\.$/,
    () => 'conntrack 在回复包上撤销该连接的 NAT（恢复目的地址）。',
  ],
  [
    /^conntrack undoes the connection's NAT on the reply \(source restored\)\.$/,
    () => 'conntrack 在回复包上撤销该连接的 NAT（恢复源地址）。',
  ],
  [
    /^IPVS virtual server (\S+) \((\S+)\) sends the connection to real server (\S+)\.$/,
    (v, s, r) => `IPVS 虚拟服务器 ${v}（${s}）把连接交给真实服务器 ${r}。`,
  ],
  [/^Delivered to (.+), which sees the client as (\S+)\.$/, (w, c) => `交付给 ${who(w)}，它看到的客户端是 ${c}。`],
  [
    /^The reply reaches the client from (\S+), the address it talked to: the connection is established\.$/,
    (a) => `回复来自 ${a}，正是客户端连接的地址：连接建立。`,
  ],

  // Where it ends otherwise.
  [/^connect: Network is unreachable \(no route to (\S+)\)$/, (d) => `connect: 网络不可达（没有到 ${d} 的路由）`],
  [/^No route to (\S+): ICMP network unreachable\.$/, (d) => `没有到 ${d} 的路由：ICMP 网络不可达。`],
  [/^No route to (\S+)\.$/, (d) => `没有到 ${d} 的路由。`],
  [/^The packet is dropped by the rule above\.$/, () => '数据包被上面的规则丢弃。'],
  [/^The packet is dropped by the (\S+) chain's policy\.$/, (h) => `数据包被 ${h} 链的默认策略丢弃。`],
  [
    /^The node answers with ICMP port unreachable: the connection is refused at the node\.$/,
    () => '节点回复 ICMP 端口不可达：连接在节点上被拒绝。',
  ],
  [/^Time to live exceeded: the packet is looping\.$/, () => 'TTL 耗尽：数据包在兜圈子。'],
  [
    /^A packet from (\S+) may not leave the machine \(net\.ipv4\.conf\.all\.route_localnet is 0\): the kernel drops it as a martian\.$/,
    (s) => `来自 ${s} 的数据包不得离开本机（net.ipv4.conf.all.route_localnet 为 0）：内核把它当作火星包丢弃。`,
  ],
  [/^No host answers ARP for (\S+) on (\S+): unreachable\.$/, (a, i) => `${i} 上没有主机响应 ${a} 的 ARP：不可达。`],
  [/^No port of (\S+) answers ARP for (\S+)\.$/, (b, a) => `${b} 上没有端口响应 ${a} 的 ARP。`],
  [
    /^The frame would leave (\S+) by the port it came in \((\S+)\) and hairpin mode is off\.$/,
    (b, p) => `该帧要从进来的端口（${p}）离开 ${b}，而 hairpin 模式没有开启。`,
  ],
  [/^(\S+) does not forward packets \(ip_forward is 0\): dropped\.$/, (n) => `${n} 不转发数据包（ip_forward 为 0）：丢弃。`],
  [
    /^Nothing listens on (\S+) port (\d+) in (\S+): the kernel answers with a TCP reset \(connection refused\)\.$/,
    (p, n, ns) => `${ns} 中没有进程监听 ${p} 端口 ${n}：内核回复 TCP RST（连接被拒绝）。`,
  ],
  [
    /^Nothing listens on (\S+) port (\d+) in (\S+): the kernel answers ICMP port unreachable \(connection refused\)\.$/,
    (p, n, ns) => `${ns} 中没有进程监听 ${p} 端口 ${n}：内核回复 ICMP 端口不可达（连接被拒绝）。`,
  ],
  [/^The reply is addressed to (\S+), not to the client (\S+)\.$/, (a, c) => `回复发往 ${a}，而不是客户端 ${c}。`],
  [
    /^The reply comes from (\S+), but the client talked to (\S+): it does not belong to the connection, so the client resets it\.$/,
    (a, b) => `回复来自 ${a}，但客户端连接的是 ${b}：它不属于这个连接，所以客户端把它重置。`,
  ],
  [
    /^IPVS virtual server (\S+) has no real servers: ICMP port unreachable\.$/,
    (v) => `IPVS 虚拟服务器 ${v} 没有真实服务器：ICMP 端口不可达。`,
  ],
  [
    /^(\S+) has no endpoint for (\S+): it accepts the connection and closes it at once\.$/,
    (k, s) => `${k} 没有 ${s} 的后端：它接受连接后立即关闭。`,
  ],
  [/^(\S+) has no endpoint for (\S+): the datagram gets no answer\.$/, (k, s) => `${k} 没有 ${s} 的后端：数据报得不到回复。`],

  // What a rule did (src/core/trace/explain.ts).
  [
    /^Traffic for service (\S+) \(sent to its external IP\) goes to its load-balancing chain\.$/,
    (s) => `发往 Service ${s}（经它的外部 IP）的流量进入它的负载均衡链。`,
  ],
  [/^Traffic for service (\S+) goes to its load-balancing chain\.$/, (s) => `发往 Service ${s} 的流量进入它的负载均衡链。`],
  [
    /^A pod's packet to the node port is not kept on this node: it goes to the service's load-balancing chain, like traffic to the cluster IP\.$/,
    () => 'Pod 发往 NodePort 的数据包不限于本节点：它像发往集群 IP 的流量一样进入 Service 的负载均衡链。',
  ],
  [
    /^This node's own packet to the node port goes to the service's load-balancing chain \(it was marked for masquerade just before\)\.$/,
    () => '本节点自己发往 NodePort 的数据包进入 Service 的负载均衡链（刚才已被标记为需要伪装）。',
  ],
  [
    /^Service (\S+) has externalTrafficPolicy: Local: from outside, only this node's own endpoints may answer, and the client's address is kept\.$/,
    (s) => `Service ${s} 设置了 externalTrafficPolicy: Local：来自外部的流量只由本节点自己的后端应答，并保留客户端地址。`,
  ],
  [
    /^Service (\S+) keeps external traffic on the node it reached \(externalTrafficPolicy: Local\), and this node runs none of its endpoints: the packet is marked to be dropped\.$/,
    (s) => `Service ${s} 把外部流量留在它到达的节点上（externalTrafficPolicy: Local），而本节点没有它的后端：数据包被标记为丢弃。`,
  ],
  [
    /^Picked this endpoint with probability (\S+) \(the rest fall through to the next rule\)\.$/,
    (p) => `以概率 ${p} 选中这个后端（其余的落到下一条规则）。`,
  ],
  [
    /^Session affinity: this client was sent to this endpoint before, so it goes there again\.$/,
    () => '会话亲和：这个客户端之前被发往这个后端，所以这次还去那里。',
  ],
  [/^The last endpoint takes everything that reached this rule\.$/, () => '最后一个后端接收到达这条规则的全部流量。'],
  [/^(.+) marks the packet to be masqueraded on its way out\.$/, (o) => `${o} 标记数据包，使它在离开时被伪装。`],
  [
    /^Packets to one of this node's own addresses go to Docker's port-mapping chain\.$/,
    () => '发往本节点自身地址的数据包进入 Docker 的端口映射链。',
  ],
  [
    /^Traffic into docker0 goes to Docker's chain, which lets published ports in\.$/,
    () => '进入 docker0 的流量进入 Docker 的链，由它放行已发布的端口。',
  ],
  [/^Jump to (\S+)\.$/, (c) => `跳转到 ${c}。`],
  [/^(.+) rewrites the destination: (\S+) → (\S+)\.$/, (o, a, b) => `${o} 改写目的地址：${a} → ${b}。`],
  [/^Rewrites the source to (\S+)\.$/, (a) => `把源地址改写为 ${a}。`],
  [
    /^Masquerade: the source becomes the outgoing interface's address, (\S+) → (\S+)\.$/,
    (a, b) => `伪装：源地址变为出接口的地址，${a} → ${b}。`,
  ],
  [
    /^Masquerade with --random-fully: the source becomes the outgoing interface's address and a random port, (\S+) → (\S+)\.$/,
    (a, b) => `伪装（--random-fully）：源地址变为出接口的地址，源端口随机，${a} → ${b}。`,
  ],
  [
    /^kube-proxy's portal redirects the packet to port (\d+) on this node, where kube-proxy listens\.$/,
    (p) => `kube-proxy 的 portal 把数据包重定向到本节点的 ${p} 端口，kube-proxy 在那里监听。`,
  ],
  [/^Sets mark (\S+) on the packet\.$/, (m) => `给数据包打上标记 ${m}。`],
  [/^Service (\S+) has no endpoints: the node answers "port unreachable"\.$/, (s) => `Service ${s} 没有后端：节点回复"端口不可达"。`],
  [/^Rejected \((.+)\)\.$/, (w) => `拒绝（${w}）。`],
  [/^Dropped\.$/, () => '丢弃。'],
  [/^Accepted\.$/, () => '接受。'],
  [/^Back to the calling chain\.$/, () => '返回调用它的链。'],
];

/** One of the tracer's sentences for a reader of `language`; English as it is. */
export function traceText(text: string, language: Language): string {
  return language === 'en' ? text : sayByShapes(SHAPES, text);
}

const VERDICTS_ZH: Record<TraceVerdict, string> = {
  delivered: '已送达',
  rejected: '被拒绝（REJECT）',
  dropped: '被丢弃',
  refused: '连接被拒绝',
  unreachable: '不可达',
  closed: '连接被关闭',
};

/** A trace's outcome and why, as the packet panel's verdict line says it. */
export function verdictText(verdict: TraceVerdict, reason: string, language: Language): string {
  if (language === 'en') return `${verdict[0]!.toUpperCase()}${verdict.slice(1)}: ${reason}`;
  return `${VERDICTS_ZH[verdict]}：${traceText(reason, language)}`;
}
