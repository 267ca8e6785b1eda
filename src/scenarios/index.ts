/**
 * The built-in scenarios, each a short lesson; the lab's is the default and the longest. Step
 * texts are whole scenarios, so a step can be opened on its own (from a shared link too).
 * In commands, {pause:APP}, {app:APP/CONTAINER} and {node:APP} name the first pod of APP's
 * containers and node as the simulation made them: output is always computed, never canned.
 */
import { setKubeProxyMode } from '../core/edit.ts';
import { nsId } from '../core/namespace-id.ts';
import egress from './files/egress.yaml?raw';
import headless from './files/headless.yaml?raw';
import hostportConflict from './files/hostport-conflict.yaml?raw';
import lab from './files/lab.yaml?raw';
import namedPort from './files/named-port.yaml?raw';
import names from './files/names.yaml?raw';
import noEndpoints from './files/no-endpoints.yaml?raw';
import nodeport from './files/nodeport.yaml?raw';
import podToPod from './files/pod-to-pod.yaml?raw';
import scaling from './files/scaling.yaml?raw';
import { LAB } from './lab.ts';
import { LOAD_BALANCER_LESSON } from './load-balancer.ts';
import type { Scenario, Step } from './model.ts';
import { TODAY_LESSON } from './today.ts';
import { WALLS_LESSON } from './walls.ts';

export type { Scenario, Step, Question, Words } from './model.ts';
export { inLanguage, worksInEditor } from './model.ts';

function lesson(
  id: string,
  title: Scenario['title'],
  text: string,
  steps: Omit<Scenario['steps'][number], 'text'>[],
  texts: string[] = [],
): Scenario {
  return { id, title, text, steps: steps.map((s, i) => ({ ...s, text: texts[i] ?? text })) };
}

export const SCENARIOS: readonly Scenario[] = [
  LAB,
  lesson('scaling', { en: 'Scaling and load balancing', zh: '扩容与负载均衡' }, scaling, [
    {
      id: 'three-pods',
      title: { en: 'One service, three pods', zh: '一个 Service，三个 Pod' },
      focus: { on: [{ service: 'web' }, { pods: 'web' }] },
      body: {
        en: 'kube-proxy writes one KUBE-SEP chain per endpoint. The KUBE-SVC chain tries them in order: the first with probability 1/3, the second 1/2 of the rest, the last takes what is left, so each gets a third.',
        zh: 'kube-proxy 为每个后端写一条 KUBE-SEP 链。KUBE-SVC 链按顺序尝试它们：第一个概率 1/3，第二个占剩余的 1/2，最后一个接收剩下的，所以每个各得三分之一。',
      },
      commands: [{ node: 'k8smaster01', line: 'iptables-save -t nat | grep KUBE-SVC' }],
      flow: 'service',
      burst: true,
    },
  ]),
  lesson(
    'hostport-conflict',
    { en: 'A hostPort conflict leaves a pod Pending', zh: 'hostPort 冲突导致 Pod 处于 Pending' },
    hostportConflict,
    [
      {
        id: 'one-port-per-node',
        title: { en: 'Four replicas, three nodes, one port 80 each', zh: '四个副本、三个节点、每个节点只有一个 80 端口' },
        // The pending pod alone: framed, its box is large enough to give the scheduler's message.
        focus: { on: [{ pending: true }] },
        body: {
          en: "A hostPort is a port of the node itself, published by the pod's pause container. Each node can give port 80 to one pod: the fourth replica finds no node and stays Pending. Its box, framed here, gives the scheduler's message; the command lists the three that run, one on each node.",
          zh: 'hostPort 是节点自身的端口，由 Pod 的 pause 容器发布。每个节点只能把 80 端口给一个 Pod：第四个副本找不到节点，保持 Pending。这里框出的是它的方框，写着调度器的消息；下面的命令列出正在运行的三个副本，每个节点一个。',
        },
        commands: [{ line: 'kubectl get pods -o wide' }],
      },
    ],
  ),
  lesson('no-endpoints', { en: 'A service without endpoints', zh: '没有后端的 Service' }, noEndpoints, [
    {
      id: 'selector-matches-nothing',
      title: { en: 'The selector matches nothing', zh: '选择器没有匹配到任何 Pod' },
      focus: { on: [{ service: 'frontend' }], flow: true },
      body: {
        en: 'The service selects app: frontend, but the pods are labelled name: frontend. The service keeps its cluster IP, and kube-proxy writes a REJECT rule for it: a connection is refused at the node. Fix the selector and watch the flow replay.',
        zh: 'Service 选择 app: frontend，但 Pod 的标签是 name: frontend。Service 仍有集群 IP，kube-proxy 为它写了一条 REJECT 规则：连接在节点上被拒绝。修正选择器，观察数据流重新播放。',
      },
      commands: [{ line: 'kubectl get endpoints' }],
      flow: 'service',
    },
  ]),
  lesson(
    'nodeport',
    { en: 'NodePort', zh: 'NodePort' },
    nodeport,
    [
      {
        id: 'every-node',
        title: { en: 'The same port on every node', zh: '每个节点上的同一个端口' },
        focus: { on: [{ service: 'frontend' }, { host: 'laptop' }], flow: true },
        body: {
          en: "A NodePort service opens the port on every node, whether or not a pod runs there. Traffic from outside the cluster is marked for masquerade, so the pod sees a node's address.",
          zh: 'NodePort 类型的 Service 在每个节点上打开该端口，无论该节点上是否运行着 Pod。来自集群外部的流量会被标记为需要伪装，所以 Pod 看到的是节点的地址。',
        },
        commands: [{ line: 'kubectl get svc' }],
        flow: 'nodeport',
      },
      {
        id: 'keep-client-address',
        title: { en: "Keeping the client's address: externalTrafficPolicy: Local", zh: '保留客户端地址：externalTrafficPolicy: Local' },
        focus: { on: [{ node: 'k8smaster03' }], flow: true },
        body: {
          en: "With externalTrafficPolicy: Local a node sends its node port only to the pods it runs itself, so nothing needs masquerading: the pod sees the laptop's own address. kube-proxy writes a KUBE-XLB chain per node for it, and on a node without such a pod that chain marks the packet to be dropped.",
          zh: '设置 externalTrafficPolicy: Local 后，节点只把 NodePort 的流量发给它自己运行的 Pod，因此无需伪装：Pod 看到的是 laptop 自己的地址。kube-proxy 为此在每个节点上写一条 KUBE-XLB 链；在没有这种 Pod 的节点上，这条链把数据包标记为丢弃。',
        },
        commands: [{ node: 'k8smaster03', line: 'iptables-save -t nat | grep KUBE-XLB' }],
        flow: 'nodeport',
        question: {
          prompt: {
            en: "The two frontend pods run on k8smaster01 and k8smaster02. What happens to the laptop's connection to k8smaster03:30001?",
            zh: '两个 frontend Pod 运行在 k8smaster01 和 k8smaster02 上。laptop 连接 k8smaster03:30001 会怎样？',
          },
          choices: [
            { en: 'It is dropped at k8smaster03', zh: '在 k8smaster03 上被丢弃' },
            { en: 'It reaches a pod, which sees the laptop', zh: '到达某个 Pod，Pod 看到的是 laptop' },
            { en: "It reaches a pod, which sees k8smaster03's address", zh: '到达某个 Pod，Pod 看到的是 k8smaster03 的地址' },
          ],
          answer: 0,
          why: {
            en: 'k8smaster03 runs no frontend pod: its KUBE-XLB chain ends in KUBE-MARK-DROP, and the filter table drops marked packets. A load balancer in front of the nodes checks each node and leaves that one out.',
            zh: 'k8smaster03 上没有 frontend Pod：它的 KUBE-XLB 链以 KUBE-MARK-DROP 结束，filter 表会丢弃被标记的数据包。节点前面的负载均衡器会检查每个节点，并把这个节点排除在外。',
          },
        },
      },
    ],
    [nodeport, nodeport.replace('  type: NodePort\n', '  type: NodePort\n  externalTrafficPolicy: Local\n')],
  ),
  LOAD_BALANCER_LESSON,
  TODAY_LESSON,
  lesson('pod-to-pod', { en: 'Pod to pod across nodes', zh: '跨节点的 Pod 间通信' }, podToPod, [
    {
      id: 'routed-not-nated',
      title: { en: 'Routed, not NATed', zh: '路由而非 NAT' },
      focus: { on: [{ pods: 'client' }, { pods: 'server' }, { routes: 'k8smaster01' }], flow: true },
      body: {
        en: "The client pod's packet leaves by docker0 on k8smaster01, is routed to k8smaster02 by the route to its subnet, and arrives with the client's own address: no NAT between pods.",
        zh: '客户端 Pod 的数据包从 k8smaster01 的 docker0 离开，通过去往目标子网的路由被发送到 k8smaster02，到达时源地址仍是客户端自己的地址：Pod 之间没有 NAT。',
      },
      commands: [{ node: 'k8smaster01', line: 'ip route' }],
      flow: 'pod-to-pod',
    },
  ]),
  lesson(
    'egress',
    { en: 'Egress masquerade', zh: '出站流量伪装' },
    egress,
    [
      {
        id: 'leaving',
        title: { en: 'Leaving the cluster', zh: '离开集群' },
        focus: { on: [{ pods: 'client' }, { host: 'laptop' }], flow: true },
        body: {
          en: "Traffic from a pod to a machine outside the pod network is masqueraded by its node: the laptop sees the node's address.",
          zh: '从 Pod 发往 Pod 网络之外机器的流量会被节点伪装：laptop 看到的是节点的地址。',
        },
        flow: 'egress',
      },
      {
        id: 'docker-rule',
        title: { en: "Docker's own rule breaks pod-to-pod", zh: 'Docker 自带的规则破坏了 Pod 间通信' },
        focus: { on: [{ pods: 'client' }, { pods: 'server' }], flow: true },
        body: {
          en: "With Docker's default rule (-s <pod subnet> ! -o docker0 -j MASQUERADE) traffic to pods on other nodes is masqueraded too, and the server sees the node instead of the client pod. Kubernetes forbids this: pods must see each other's real addresses.",
          zh: '使用 Docker 的默认规则（-s <Pod 子网> ! -o docker0 -j MASQUERADE）时，发往其他节点 Pod 的流量也会被伪装，服务端看到的是节点而不是客户端 Pod。Kubernetes 禁止这样：Pod 之间必须看到对方的真实地址。',
        },
        flow: 'pod-to-pod',
      },
    ],
    [egress, egress.replace('podMasquerade: outsideClusterCIDR', 'podMasquerade: dockerDefault')],
  ),
  lesson('headless', { en: 'A headless service', zh: 'Headless Service' }, headless, [
    {
      id: 'no-cluster-ip',
      title: { en: 'Endpoints, no cluster IP, no rules', zh: '有后端，无集群 IP，无规则' },
      focus: { on: [{ service: 'db' }, { pods: 'db' }] },
      body: {
        en: 'clusterIP: None: the service has endpoints but no virtual address, so kube-proxy writes nothing for it. Clients look the pods up by name and connect to them directly.',
        zh: 'clusterIP: None：Service 有后端但没有虚拟地址，所以 kube-proxy 不为它写任何规则。客户端通过名字查到 Pod 并直接连接它们。',
      },
      commands: [{ line: 'kubectl get svc' }, { line: 'kubectl get endpoints' }],
    },
  ]),
  lesson('names', { en: 'Names', zh: '名字' }, names, [
    {
      id: 'resolv-conf',
      title: { en: "The pod's resolv.conf", zh: 'Pod 的 resolv.conf' },
      focus: { on: [{ service: 'kube-dns' }, { pods: 'client' }] },
      body: {
        en: "The kubelet writes each pod an /etc/resolv.conf: the nameserver is the kube-dns Service (the 10th address of the portal network), the search list starts with the pod's own namespace, and options ndots:5.",
        zh: 'kubelet 为每个 Pod 写一个 /etc/resolv.conf：nameserver 是 kube-dns Service（portal 网络的第 10 个地址），search 列表从 Pod 自己的命名空间开始，还有 options ndots:5。',
      },
      commands: [
        { line: 'kubectl get svc --all-namespaces' },
        { node: '{node:client}', line: 'docker exec {app:client/client} cat /etc/resolv.conf' },
      ],
    },
    {
      id: 'search-list',
      title: { en: 'A short name and the search list', zh: '短名字与 search 列表' },
      focus: { on: [{ service: 'frontend' }, { pods: 'client' }] },
      body: {
        en: 'frontend has fewer than 5 dots, so the resolver tries the search list first: frontend.default.svc.cluster.local is the first name asked, and kube-dns answers with the cluster IP. Each question is a UDP packet to the kube-dns cluster IP that kube-proxy DNATs to a DNS pod.',
        zh: 'frontend 中的点少于 5 个，所以解析器先尝试 search 列表：第一个查询的名字是 frontend.default.svc.cluster.local，kube-dns 用集群 IP 应答。每个查询都是发往 kube-dns 集群 IP 的 UDP 包，由 kube-proxy DNAT 到一个 DNS Pod。',
      },
      commands: [{ node: '{node:client}', line: 'docker exec {app:client/client} nslookup frontend' }],
    },
    {
      id: 'headless-names',
      title: { en: 'A headless service answers with its pods', zh: 'Headless Service 用 Pod 地址应答' },
      focus: { on: [{ service: 'db' }, { pods: 'db' }] },
      body: {
        en: "db has no cluster IP, so its name has one A record per ready endpoint: the client gets the pods' own addresses and connects to them directly, past kube-proxy.",
        zh: 'db 没有集群 IP，所以它的名字对每个就绪的后端各有一条 A 记录：客户端拿到 Pod 自己的地址并直接连接，不经过 kube-proxy。',
      },
      commands: [{ node: '{node:client}', line: 'docker exec {app:client/client} host db' }],
    },
    {
      id: 'ndots-cost',
      title: { en: 'What ndots:5 costs', zh: 'ndots:5 的代价' },
      focus: { on: [{ service: 'kube-dns' }, { pods: 'client' }] },
      body: {
        en: "A name with fewer than 5 dots that is not in the cluster, like www.example.com, is first asked with each of the 3 search domains (3 NXDOMAIN answers) before it is asked as given. That last question is outside cluster.local: kube-dns forwards it to the node's resolver, whose NXDOMAIN comes back (the lab has no internet). A trailing dot makes the name absolute: one question only.",
        zh: '点少于 5 个且不在集群内的名字（如 www.example.com）会先依次加上 3 个 search 域各查询一次（3 个 NXDOMAIN），然后才按原样查询。最后这次查询不在 cluster.local 之下：kube-dns 把它转发给节点的解析器，返回的是它的 NXDOMAIN（实验环境没有互联网）。名字末尾加一个点就成为绝对名字：只查询一次。',
      },
      commands: [
        { node: '{node:client}', line: 'docker exec {app:client/client} dig +search www.example.com' },
        { node: '{node:client}', line: 'docker exec {app:client/client} dig +short frontend.default.svc.cluster.local.' },
      ],
    },
  ]),
  WALLS_LESSON,
  lesson('named-port', { en: 'A named targetPort', zh: '命名的 targetPort' }, namedPort, [
    {
      id: 'target-port-name',
      title: { en: 'targetPort: http', zh: 'targetPort: http' },
      focus: { on: [{ service: 'api' }, { pods: 'api' }], flow: true },
      body: {
        en: 'The service sends port 80 to the container port named http, here 8080. The endpoints list each pod at its resolved port.',
        zh: 'Service 把 80 端口发送到名为 http 的容器端口，这里是 8080。Endpoints 列出每个 Pod 解析后的端口。',
      },
      commands: [{ line: 'kubectl get endpoints' }],
      flow: 'service',
    },
  ]),
  lesson(
    'exercises',
    { en: 'Exercises', zh: '练习' },
    lab,
    [
      {
        id: 'laptop-8080',
        title: { en: 'Reach the frontend from the laptop on port 8080', zh: '让 laptop 通过 8080 端口访问 frontend' },
        focus: { on: [{ host: 'laptop' }, { pods: 'frontend' }] },
        body: {
          en: 'Change the manifests so that a connection from the laptop to port 8080 of a node reaches a frontend pod. Press Check: the playground runs the connection.',
          zh: '修改资源清单，使 laptop 到某个节点 8080 端口的连接能到达 frontend Pod。点击"检查"：演示环境会运行这个连接。',
        },
        exercise: {
          goal: { en: 'laptop → a node:8080 reaches a frontend pod', zh: 'laptop → 节点:8080 到达 frontend Pod' },
          hints: [
            {
              en: 'The pod already publishes a port on its node: which field says which one?',
              zh: 'Pod 已经在节点上发布了一个端口：是哪个字段决定的？',
            },
            { en: 'Set hostPort: 8080 (the container still listens on 80).', zh: '设置 hostPort: 8080（容器仍然监听 80）。' },
          ],
          check: { kind: 'reachable-on-node-port', from: nsId.host('laptop'), port: 8080, pods: 'frontend' },
        },
      },
      {
        id: 'three-pods',
        title: { en: 'Spread the service over three pods', zh: '让 Service 分散到三个 Pod' },
        focus: { on: [{ service: 'frontend' }, { pods: 'frontend' }] },
        body: {
          en: 'Make connections to the frontend service land on three different pods.',
          zh: '让到 frontend Service 的连接落到三个不同的 Pod 上。',
        },
        exercise: {
          goal: { en: 'the frontend service reaches 3 pods', zh: 'frontend Service 到达 3 个 Pod' },
          hints: [
            { en: 'How many pods does the controller run?', zh: '控制器运行了几个 Pod？' },
            { en: 'replicas: 3', zh: 'replicas: 3' },
          ],
          check: { kind: 'spread', service: 'frontend', pods: 3 },
        },
      },
      {
        id: 'find-pending',
        title: { en: 'Find why this pod is Pending', zh: '找出这个 Pod 为什么处于 Pending' },
        focus: { on: [{ pending: true }] },
        body: {
          en: 'Four replicas, three nodes. Open the Pending pod in the graph, or run kubectl describe on it, and answer.',
          zh: '四个副本，三个节点。在拓扑图中打开 Pending 的 Pod，或对它执行 kubectl describe，然后回答。',
        },
        commands: [{ line: 'kubectl get pods -o wide' }],
        question: {
          prompt: { en: 'Why is the fourth pod Pending?', zh: '第四个 Pod 为什么处于 Pending？' },
          choices: [
            { en: 'Every node already gave port 80 to a pod', zh: '每个节点的 80 端口都已分配给了一个 Pod' },
            { en: 'The image cannot be pulled', zh: '镜像无法拉取' },
            { en: 'The service has no endpoints', zh: 'Service 没有后端' },
          ],
          answer: 0,
          why: {
            en: "The scheduler says: 0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports.",
            zh: "调度器的消息是：0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports.",
          },
        },
      },
    ],
    [lab, lab, hostportConflict],
  ),
  lesson(
    'modes',
    { en: 'The three kube-proxy modes side by side', zh: '三种 kube-proxy 模式对比' },
    scaling,
    [
      {
        id: 'userspace',
        title: { en: 'userspace', zh: 'userspace' },
        focus: { on: [{ service: 'web' }, { node: 'k8smaster01' }], flow: true },
        body: {
          en: 'kube-proxy itself is on the path: REDIRECT to its port, a second connection from the node.',
          zh: 'kube-proxy 本身在路径上：REDIRECT 到它的端口，再从节点发起第二个连接。',
        },
        flow: 'service',
      },
      {
        id: 'iptables',
        title: { en: 'iptables', zh: 'iptables' },
        focus: { on: [{ service: 'web' }, { pods: 'web' }], flow: true },
        body: {
          en: "Only rules: DNAT to a random endpoint in the node's kernel; the endpoint sees the client pod.",
          zh: '只有规则：在节点内核中 DNAT 到随机后端；后端看到的是客户端 Pod。',
        },
        flow: 'service',
      },
      {
        id: 'ipvs',
        title: { en: 'ipvs', zh: 'ipvs' },
        focus: { on: [{ service: 'web' }, { pods: 'web' }], flow: true },
        body: {
          en: "The cluster IPs sit on the dummy interface kube-ipvs0 and the kernel's IPVS load balancer picks a real server, round robin.",
          zh: '集群 IP 位于虚拟接口 kube-ipvs0 上，由内核的 IPVS 负载均衡器以轮询方式选择真实服务器。',
        },
        commands: [{ node: 'k8smaster01', line: 'ipvsadm -Ln' }],
        flow: 'service',
      },
    ],
    ['userspace', 'iptables', 'ipvs'].map((m) => setKubeProxyMode(scaling, m as 'userspace')),
  ),
];

export const DEFAULT_SCENARIO: Scenario = LAB;

/** Whether `text` is one of a scenario's own texts: its start or a step's. */
export function isTextOf(scenario: Scenario, text: string): boolean {
  return scenario.text === text || scenario.steps.some((step) => step.text === text);
}

/** The built-in scenario whose own starting text `text` is, if any (the Scenario menu shows it). */
export function scenarioWithText(text: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.text === text);
}

/** The place of a lesson's step named by its id (links and saves name steps by id), if it exists. */
export function stepIndex(lessonId: string, stepId: string): number | undefined {
  const i = SCENARIOS.find((s) => s.id === lessonId)?.steps.findIndex((s) => s.id === stepId) ?? -1;
  return i < 0 ? undefined : i;
}

/** The id of the step at a lesson's place `step`, if it exists. */
export function stepIdAt(lessonId: string, step: number): string | undefined {
  return lessonStep(lessonId, step)?.id;
}

/** A lesson's step, if that lesson and step exist (an old link or save may name others). */
export function lessonStep(id: string, step: number): Step | undefined {
  return SCENARIOS.find((s) => s.id === id)?.steps[step];
}
