/** The lesson on LoadBalancer services and their source ranges (KUBE-FW chains). */
import loadBalancer from './files/load-balancer.yaml?raw';
import type { Scenario } from './model.ts';

const laptopOnly = loadBalancer.replace(
  '  loadBalancerIP: 203.0.113.10\n',
  '  loadBalancerIP: 203.0.113.10\n  loadBalancerSourceRanges:\n  - 172.24.8.10/32\n',
);

export const LOAD_BALANCER_LESSON: Scenario = {
  id: 'load-balancer',
  title: { en: 'LoadBalancer and source ranges', zh: 'LoadBalancer 与来源地址范围' },
  text: loadBalancer,
  steps: [
    {
      id: 'address-in-front',
      title: { en: 'An address in front of the nodes', zh: '节点前面的一个地址' },
      focus: { on: [{ service: 'frontend' }, { host: 'laptop' }] },
      body: {
        en: "A LoadBalancer service is a NodePort service plus an address from the cloud: kubectl shows it under EXTERNAL-IP. The cloud's load balancer sends packets for 203.0.113.10 to a node with that address still as their destination, and kube-proxy on every node catches it: a KUBE-SERVICES rule for the \"loadbalancer IP\" jumps to the port's KUBE-FW chain, which marks the packet for masquerade and sends it to the service's KUBE-SVC chain.\n\nFrom k8smaster03, curl the address: the node's own rules take it too.",
        zh: 'LoadBalancer 类型的 Service 就是 NodePort Service 再加上云提供的一个地址：kubectl 在 EXTERNAL-IP 列显示它。云负载均衡器把发往 203.0.113.10 的数据包送到某个节点，目的地址保持不变；每个节点上的 kube-proxy 都会截获它：KUBE-SERVICES 中一条 "loadbalancer IP" 规则跳转到该端口的 KUBE-FW 链，这条链把数据包标记为需要伪装，再送往 Service 的 KUBE-SVC 链。\n\n在 k8smaster03 上 curl 这个地址：节点自己的规则同样会截获它。',
      },
      text: loadBalancer,
      commands: [
        { line: 'kubectl get svc frontend' },
        { node: 'k8smaster01', line: 'iptables-save -t nat | grep "loadbalancer IP"' },
        { node: 'k8smaster03', line: 'curl -s 203.0.113.10' },
      ],
    },
    {
      id: 'source-ranges',
      title: { en: 'Only some sources: loadBalancerSourceRanges', zh: '只允许部分来源：loadBalancerSourceRanges' },
      focus: { on: [{ service: 'frontend' }, { node: 'k8smaster03' }] },
      body: {
        en: 'loadBalancerSourceRanges lists who may use the address. kube-proxy writes one rule per range in the KUBE-FW chain, each going on to the service; whatever reaches the end of the chain is sent to KUBE-MARK-DROP, and the filter table drops marked packets. Only the laptop (172.24.8.10/32) is allowed here: in the terminal, the same curl from k8smaster03 (`curl -m 2 203.0.113.10`) now gets no answer.\n\nThe ranges apply to the load balancer address only: the node port and the cluster IP still take everyone.',
        zh: 'loadBalancerSourceRanges 列出哪些来源可以使用这个地址。kube-proxy 在 KUBE-FW 链中为每个范围写一条规则，匹配的数据包继续送往 Service；走到链末尾的数据包被送往 KUBE-MARK-DROP，filter 表会丢弃被标记的数据包。这里只允许 laptop（172.24.8.10/32）：在终端里从 k8smaster03 执行同样的 curl（`curl -m 2 203.0.113.10`）现在得不到应答。\n\n这些范围只作用于负载均衡器地址：NodePort 和集群 IP 仍然接受所有来源。',
      },
      text: laptopOnly,
      commands: [{ node: 'k8smaster03', line: 'iptables-save -t nat | grep KUBE-FW' }, { line: 'kubectl describe svc frontend' }],
      question: {
        prompt: {
          en: 'With loadBalancerSourceRanges: [172.24.8.10/32], who reaches a frontend pod through 203.0.113.10:80?',
          zh: '设置 loadBalancerSourceRanges: [172.24.8.10/32] 后，谁能通过 203.0.113.10:80 到达 frontend Pod？',
        },
        choices: [
          { en: 'Only the laptop', zh: '只有 laptop' },
          { en: 'The laptop and every node', zh: 'laptop 和所有节点' },
          { en: 'Everyone: source ranges are for the cloud only', zh: '所有来源：来源范围只对云生效' },
        ],
        answer: 0,
        why: {
          en: "Only 172.24.8.10 matches a range in the KUBE-FW chain; a node's own connection (172.24.8.73) falls through to KUBE-MARK-DROP and is dropped in the filter table.",
          zh: '只有 172.24.8.10 匹配 KUBE-FW 链中的某个范围；节点自己的连接（172.24.8.73）落到 KUBE-MARK-DROP，在 filter 表中被丢弃。',
        },
      },
    },
  ],
};
