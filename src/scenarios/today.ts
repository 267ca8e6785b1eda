/**
 * The lesson "From the book's lab to today's cluster": the lab's manifests (three replicas, no
 * pinned values) run on the book's cluster, then on kind's (containerd, kindnet's point-to-point
 * veths, the portmap plugin, kube-proxy v1.3x), then with flannel's VXLAN overlay, then with
 * kube-proxy in nftables mode. Only the Cluster document changes from step to step.
 */
import lab from './files/lab.yaml?raw';
import type { Scenario } from './model.ts';

/** The lab's controller and service, with three replicas and nothing pinned to the book's values. */
const manifests = lab
  .split('\n')
  .filter((line) => !/^#|container-id|annotations:|The book's pause|clusterIP:/.test(line.trim()))
  .join('\n')
  .replace('replicas: 1', 'replicas: 3');

const on = (profile: 'kind' | 'flannel', kubeProxyMode?: 'nftables') =>
  `# Only this document changes from step to step: the manifests below stay as they are.
apiVersion: kube-netplay/v1
kind: Cluster
metadata:
  name: today
spec:
  profile: ${profile}
${kubeProxyMode ? `  kubeProxyMode: ${kubeProxyMode}\n` : ''}---
${manifests}`;

const book = `# The book's cluster (profile: book, the default): Docker, docker0, kube-proxy v1.18.
${manifests}`;
const kind = on('kind');
const flannel = on('flannel');
const nftables = on('kind', 'nftables');

export const TODAY_LESSON: Scenario = {
  id: 'today',
  title: { en: "From the book's lab to today's cluster", zh: '从书中的实验到今天的集群' },
  text: book,
  steps: [
    {
      id: 'book',
      title: { en: "The book's cluster", zh: '书中的集群' },
      focus: { on: [{ node: 'k8smaster01' }] },
      body: {
        en: "The lab's manifests, with three replicas, on the book's cluster: every node runs Docker, a pod is a pause container holding the network namespace plus its app containers, and the pods of a node sit on docker0, a bridge whose subnet every other node routes to. Docker's own DNAT rule publishes the hostPort, and kube-proxy v1.18 writes the service rules.\n\nThe next steps run the same manifests on the clusters students meet today; only the Cluster document at the top of the text changes.",
        zh: '实验的资源清单（三个副本）运行在书中的集群上：每个节点运行 Docker，一个 Pod 是持有网络命名空间的 pause 容器加上它的应用容器，一个节点上的 Pod 都接在 docker0 上，这个网桥的子网被其他每个节点路由过来。hostPort 由 Docker 自己的 DNAT 规则发布，Service 规则由 kube-proxy v1.18 编写。\n\n接下来的步骤在今天常见的集群上运行同样的资源清单；只有文本顶部的 Cluster 文档会变化。',
      },
      text: book,
      commands: [
        { node: 'k8smaster01', line: 'docker ps' },
        { node: 'k8smaster01', line: 'ip route' },
      ],
    },
    {
      id: 'containerd',
      title: { en: 'kind: containerd, no Docker', zh: 'kind：containerd，没有 Docker' },
      focus: { on: [{ node: 'kind-worker' }] },
      body: {
        en: "spec.profile: kind builds what `kind create cluster` builds today. Kubernetes removed dockershim in v1.24: kubelet talks to containerd through the CRI, and a kind node has no docker command at all (try `docker ps` in the terminal). crictl is the CRI's client: `crictl pods` lists the pod sandboxes, `crictl ps` the app containers. The sandbox is still a pause container holding the pod's network namespace, and `crictl inspectp` shows that namespace's path.\n\nThe addresses changed too: kind's pod subnet is 10.244.0.0/16 and its portal network 10.96.0.0/16.\n\nAnd the nodes are not all alike: the control plane, kind-control-plane, carries the taint node-role.kubernetes.io/control-plane:NoSchedule, so only pods that tolerate it run there, CoreDNS among them. The three frontend pods all want host port 80 and the two workers can hold only two of them: the third stays Pending, as it would on a real kind cluster (`kubectl describe pod` gives the scheduler's reason).",
        zh: 'spec.profile: kind 构建的就是今天 `kind create cluster` 构建的集群。Kubernetes 在 v1.24 中移除了 dockershim：kubelet 通过 CRI 与 containerd 通信，kind 节点上根本没有 docker 命令（在终端里试试 `docker ps`）。crictl 是 CRI 的客户端：`crictl pods` 列出 Pod 沙箱，`crictl ps` 列出应用容器。沙箱仍然是持有 Pod 网络命名空间的 pause 容器，`crictl inspectp` 会显示该命名空间的路径。\n\n地址也变了：kind 的 Pod 网段是 10.244.0.0/16，portal 网络是 10.96.0.0/16。\n\n节点也不再都一样：控制平面节点 kind-control-plane 带有污点 node-role.kubernetes.io/control-plane:NoSchedule，只有容忍它的 Pod 才会在那里运行，CoreDNS 就是其中之一。三个 frontend Pod 都要占用主机端口 80，两个 worker 只能容纳其中两个：第三个保持 Pending，在真实的 kind 集群上也是如此（`kubectl describe pod` 会给出调度器的原因）。',
      },
      text: kind,
      commands: [
        { line: 'kubectl get pods -o wide' },
        { node: 'kind-worker', line: 'crictl pods' },
        { node: 'kind-worker', line: 'crictl ps' },
      ],
    },
    {
      id: 'point-to-point',
      title: { en: 'kind: no bridge, a route per pod', zh: 'kind：没有网桥，每个 Pod 一条路由' },
      focus: { on: [{ routes: 'kind-worker' }, { pods: 'frontend' }] },
      body: {
        en: "kindnet's CNI configuration chains the ptp plugin: each pod gets a veth pair whose node end is on no bridge. The node holds a /32 route to each of its pods through that pod's veth, and the pod's default route goes to the node end's address (the first address of the node's subnet, set as a /32 on every such veth). Routes to the other nodes' pod subnets still go through their addresses, as in the book: kindnetd writes them instead of an administrator.\n\nCompare this `ip route` with the book's: docker0's subnet route is gone; a /32 per pod takes its place.",
        zh: 'kindnet 的 CNI 配置串联了 ptp 插件：每个 Pod 得到一对 veth，其节点端不接任何网桥。节点为自己的每个 Pod 保存一条经由该 Pod 的 veth 的 /32 路由，Pod 的默认路由指向节点端的地址（节点子网的第一个地址，以 /32 配置在每个这样的 veth 上）。到其他节点 Pod 子网的路由仍然经由那些节点的地址，和书中一样：只是由 kindnetd 而不是管理员写入。\n\n把这里的 `ip route` 和书中的比较一下：docker0 子网的路由不见了，取而代之的是每个 Pod 一条 /32 路由。',
      },
      text: kind,
      flow: 'pod-to-pod',
      commands: [{ node: 'kind-worker', line: 'ip route' }],
    },
    {
      id: 'portmap',
      title: { en: 'kind: hostPort is the portmap plugin', zh: 'kind：hostPort 由 portmap 插件实现' },
      focus: { on: [{ host: 'laptop' }, { pods: 'frontend' }] },
      body: {
        en: "Without Docker, nobody writes the DOCKER chain. The CNI portmap plugin publishes a hostPort instead: CNI-HOSTPORT-DNAT sends the port to a CNI-DN-<hash> chain of the sandbox, which DNATs to the pod, and marks for masquerade (CNI-HOSTPORT-SETMARK, then CNI-HOSTPORT-MASQ) what comes from the pod subnet or from 127.0.0.1, so that the reply comes back the same way. Play the flow from the laptop to a node's port 80.",
        zh: '没有 Docker，就没有人写 DOCKER 链。改由 CNI 的 portmap 插件发布 hostPort：CNI-HOSTPORT-DNAT 把端口送到该沙箱的 CNI-DN-<hash> 链，由它 DNAT 到 Pod；来自 Pod 子网或 127.0.0.1 的流量被标记为需要伪装（先 CNI-HOSTPORT-SETMARK，再 CNI-HOSTPORT-MASQ），使应答沿原路返回。播放从 laptop 到节点 80 端口的流程。',
      },
      text: kind,
      flow: 'hostport',
      commands: [{ node: 'kind-worker', line: 'iptables-save -t nat | grep -e HOSTPORT -e CNI-DN' }],
    },
    {
      id: 'kube-proxy-today',
      title: { en: "kind: kube-proxy's rules today", zh: 'kind：今天的 kube-proxy 规则' },
      focus: { on: [{ service: 'frontend' }, { pods: 'frontend' }] },
      body: {
        en: "A service still goes KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-…, one rule per endpoint chosen with -m statistic, but the layout moved: the masquerade mark for traffic from outside the pod range now sits in the KUBE-SVC chain, every rule's comment names the endpoint it goes to, and KUBE-POSTROUTING returns at once unless the packet is marked, then clears the mark (--xor-mark) before masquerading it.\n\nPlay a pod's connection to the frontend service.",
        zh: 'Service 仍然走 KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-…，每个后端一条用 -m statistic 选择的规则，但布局变了：来自 Pod 网段之外的流量的伪装标记现在位于 KUBE-SVC 链中，每条规则的注释写明它去往哪个后端；KUBE-POSTROUTING 对没有标记的数据包立即返回，对有标记的先清除标记（--xor-mark）再做伪装。\n\n播放一个 Pod 到 frontend Service 的连接。',
      },
      text: kind,
      flow: 'service',
      commands: [{ node: 'kind-worker', line: 'iptables-save -t nat | grep -e "^-A KUBE-SVC" -e "^-A KUBE-POSTROUTING"' }],
    },
    {
      id: 'vxlan',
      title: { en: 'flannel: an overlay instead of routes', zh: 'flannel：用覆盖网络代替路由' },
      // The frontend pods, the flow's ends among them (kind-worker's to kind-worker2's), without the
      // CoreDNS pods on the control plane that would draw the view out of reading size.
      focus: { on: [{ pods: 'frontend' }] },
      body: {
        en: "spec.profile: flannel keeps kind's nodes and swaps the CNI: pods sit on cni0 (the CNI bridge plugin, as flannel's CNI plugin delegates to it), and other nodes' pod subnets are reached through flannel.1, a VXLAN device (VNI 1, UDP port 8472). flanneld writes, for each other node, an onlink route to its subnet via that node's flannel.1 address, a permanent neighbour entry with that VTEP's MAC, and an FDB entry saying which node address the MAC lives behind.\n\nPlay a pod's packet to a pod on another node: at flannel.1 it is wrapped in a UDP datagram between the two nodes, so the physical network only sees node addresses, and it is unwrapped on the far node.",
        zh: 'spec.profile: flannel 保留 kind 的节点，换掉 CNI：Pod 接在 cni0 上（CNI 的 bridge 插件，flannel 的 CNI 插件把工作委托给它），到其他节点 Pod 子网的流量经由 flannel.1——一个 VXLAN 设备（VNI 1，UDP 端口 8472）。flanneld 为其他每个节点写入：一条经由该节点 flannel.1 地址、到其子网的 onlink 路由，一条带有该 VTEP MAC 地址的永久邻居表项，以及一条说明该 MAC 位于哪个节点地址之后的 FDB 表项。\n\n播放一个 Pod 发往另一节点上 Pod 的数据包：它在 flannel.1 处被封装进两个节点之间的 UDP 数据报，物理网络只看到节点地址，到了对端节点再被解封装。',
      },
      text: flannel,
      flow: 'pod-to-pod',
      commands: [
        { node: 'kind-worker', line: 'ip route' },
        { node: 'kind-worker', line: 'ip -d link show flannel.1' },
        { node: 'kind-worker', line: 'bridge fdb show' },
        { node: 'kind-worker', line: 'ip neigh' },
      ],
    },
    {
      id: 'nftables',
      title: { en: 'kube-proxy in nftables mode', zh: 'nftables 模式的 kube-proxy' },
      focus: { on: [{ service: 'frontend' }, { pods: 'frontend' }] },
      body: {
        en: "kubeProxyMode: nftables (kube-proxy v1.29 and later) writes no iptables rules at all: one nftables table, ip kube-proxy, holds them. A packet's destination is looked up once in a verdict map (service-ips: address, protocol and port → the service's chain) instead of walking a KUBE-SERVICES rule per service, and the service chain picks an endpoint with numgen random mod N. kubelet, kindnetd and portmap still write their iptables rules beside it.\n\nPlay a pod's connection to the frontend service and read the map lookup in the hop list.",
        zh: 'kubeProxyMode: nftables（kube-proxy v1.29 及以后）完全不写 iptables 规则：所有规则都在一个 nftables 表 ip kube-proxy 中。数据包的目的地址只在一个判决映射（service-ips：地址、协议和端口 → 该 Service 的链）中查找一次，而不是逐条走过 KUBE-SERVICES 中每个 Service 的规则；Service 链用 numgen random mod N 选择后端。kubelet、kindnetd 和 portmap 仍然在旁边写它们的 iptables 规则。\n\n播放一个 Pod 到 frontend Service 的连接，在跳列表中查看映射查找。',
      },
      text: nftables,
      flow: 'service',
      commands: [
        { node: 'kind-worker', line: 'nft list chain ip kube-proxy services' },
        { node: 'kind-worker', line: 'nft list map ip kube-proxy service-ips' },
      ],
      question: {
        prompt: {
          en: 'The same manifests ran on four clusters. What did not change?',
          zh: '同样的资源清单在四个集群上运行。什么没有变？',
        },
        choices: [
          {
            en: 'A pod is still a sandbox (pause) holding a network namespace, with a veth to the node',
            zh: 'Pod 仍然是持有网络命名空间的沙箱（pause），经 veth 连到节点',
          },
          { en: 'docker0 is still each node’s bridge', zh: 'docker0 仍然是每个节点的网桥' },
          { en: "hostPort is still Docker's DNAT rule", zh: 'hostPort 仍然是 Docker 的 DNAT 规则' },
        ],
        answer: 0,
        why: {
          en: 'The runtime, the CNI plugin, hostPort and the layout of kube-proxy’s rules changed; the pod model did not: one network namespace per pod, held by its sandbox, joined to the node by a veth pair.',
          zh: '运行时、CNI 插件、hostPort 的实现和 kube-proxy 规则的布局都变了；Pod 模型没有变：每个 Pod 一个网络命名空间，由其沙箱持有，通过一对 veth 连到节点。',
        },
      },
    },
  ],
};
