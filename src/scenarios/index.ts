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
import labLowercase from './files/lab-lowercase.yaml?raw';
import lab from './files/lab.yaml?raw';
import namedPort from './files/named-port.yaml?raw';
import noEndpoints from './files/no-endpoints.yaml?raw';
import nodeport from './files/nodeport.yaml?raw';
import podToPod from './files/pod-to-pod.yaml?raw';
import scaling from './files/scaling.yaml?raw';
import { LOAD_BALANCER_LESSON } from './load-balancer.ts';
import type { Scenario, Step } from './model.ts';

export type { Scenario, Step, Question, Words } from './model.ts';

const [labController = '', labService = ''] = lab.split(/^---$/m);
const EMPTY = '# Nothing created yet: only the cluster, three nodes with their docker0 subnets.\n';
const labThree = lab.replace('replicas: 1', 'replicas: 3');

const LAB: Scenario = {
  id: 'lab',
  title: { en: 'Pod and Service network practice (the lab)', zh: 'Pod 和 Service 网络实战（实验）' },
  text: lab,
  steps: [
    {
      title: { en: 'The model: one routable docker0 per node', zh: '网络模型：每个节点一个可路由的 docker0' },
      focus: { on: [{ routes: 'k8smaster01' }, { bridge: 'k8smaster01' }] },
      body: {
        en: "Docker gives each host one bridge, docker0, and a private subnet behind it; traffic leaving the host is masqueraded, so the physical network never sees container addresses.\n\nKubernetes changes one thing: every node's docker0 subnet is routable. Each node gets its own pod subnet, and every node routes the other nodes' subnets to them, so any node reaches any pod without port mapping. A node acts as a router.\n\nLook at k8smaster01's routing table: one route per other node.",
        zh: 'Docker 在每台主机上创建一个网桥 docker0，其后是一个私有子网；离开主机的流量会被伪装（MASQUERADE），所以物理网络看不到容器地址。\n\nKubernetes 只改变了一点：每个节点的 docker0 子网都是可路由的。每个节点有自己的 Pod 子网，并把其他节点的子网路由到对应节点，因此任何节点无需端口映射就能访问任何 Pod。节点充当了路由器。\n\n看看 k8smaster01 的路由表：每个其他节点一条路由。',
      },
      text: EMPTY,
      commands: [{ node: 'k8smaster01', line: 'ip route' }],
      question: {
        prompt: { en: 'Why does each node need its own pod subnet?', zh: '为什么每个节点需要自己的 Pod 子网？' },
        choices: [
          { en: 'So the other nodes know which node to route a pod address to', zh: '这样其他节点才知道把某个 Pod 地址路由到哪个节点' },
          { en: 'Because Docker refuses to start otherwise', zh: '否则 Docker 无法启动' },
          { en: 'To save addresses', zh: '为了节省地址' },
        ],
        answer: 0,
        why: {
          en: 'A route names one next hop per subnet: subnets that overlapped could not be routed to one node.',
          zh: '路由为每个子网指定一个下一跳：子网重叠就无法路由到唯一的节点。',
        },
      },
    },
    {
      title: { en: 'Check the environment', zh: '检查环境' },
      focus: { on: [{ node: 'k8smaster01' }] },
      body: {
        en: "ifconfig on a node shows two interfaces: docker0, the bridge with the first address of the node's pod subnet, and eth0 on the physical network. docker0 has no port yet: no container runs.",
        zh: '在节点上执行 ifconfig 可以看到两个接口：docker0（网桥，地址是本节点 Pod 子网的第一个地址）和物理网络上的 eth0。docker0 还没有端口：还没有容器运行。',
      },
      text: EMPTY,
      commands: [{ node: 'k8smaster01', line: 'ifconfig' }],
    },
    {
      title: { en: "The write-up's manifest, as it was printed", zh: '原文中的资源清单' },
      focus: { on: [{ node: 'k8smaster01' }] },
      body: {
        en: "The write-up's copy of the controller is all lower case: apiversion, replicationcontroller, containerport, hostport. A real API server refuses it. The editor shows each error at its line, with the fix; hover a red mark and press the fix button, or fix the case by hand, until the manifest is valid.",
        zh: '原文中的控制器清单全是小写：apiversion、replicationcontroller、containerport、hostport。真实的 API Server 会拒绝它。编辑器会在对应行标出每个错误并给出修正；将鼠标悬停在红色标记上并点击修正按钮，或手动改正大小写，直到清单有效。',
      },
      text: labLowercase.split(/^---$/m)[0]!,
    },
    {
      title: { en: 'Create the ReplicationController', zh: '创建 ReplicationController' },
      focus: { on: [{ pods: 'frontend' }, { bridge: 'k8smaster01' }] },
      body: {
        en: "With the case fixed, the controller creates one pod. The scheduler puts it on k8smaster01 and it gets an address on that node's docker0 subnet.",
        zh: '大小写改正后，控制器创建了一个 Pod。调度器把它放在 k8smaster01 上，它从该节点的 docker0 子网获得一个地址。',
      },
      text: labController,
      commands: [{ line: 'kubectl get pods -o wide' }],
    },
    {
      title: { en: 'Two containers for one pod', zh: '一个 Pod 两个容器' },
      focus: { on: [{ pods: 'frontend' }] },
      body: {
        en: "docker ps on the pod's node shows two containers: the app (php-redis) and google_containers/pause. The port mapping 0.0.0.0:80->80/tcp is on the pause container. The pause container's network mode is default (the bridge); the app's is container:<the pause container's id>: it has no network of its own.",
        zh: '在 Pod 所在节点执行 docker ps 可以看到两个容器：应用容器（php-redis）和 google_containers/pause。端口映射 0.0.0.0:80->80/tcp 在 pause 容器上。pause 容器的网络模式是 default（网桥）；应用容器的网络模式是 container:<pause 容器的 ID>：它没有自己的网络。',
      },
      text: labController,
      commands: [
        { node: '{node:frontend}', line: 'docker ps' },
        { node: '{node:frontend}', line: 'docker inspect {pause:frontend} | grep NetworkMode' },
        { node: '{node:frontend}', line: 'docker inspect {app:frontend/php-redis} | grep NetworkMode' },
      ],
      question: {
        prompt: { en: 'Which container holds the port mapping 0.0.0.0:80->80?', zh: '哪个容器持有端口映射 0.0.0.0:80->80？' },
        choices: [
          { en: 'php-redis', zh: 'php-redis' },
          { en: 'the pause container', zh: 'pause 容器' },
          { en: 'both', zh: '两个都有' },
        ],
        answer: 1,
        why: {
          en: "Port mappings belong to a network namespace, and the pause container owns the pod's.",
          zh: '端口映射属于网络命名空间，而 Pod 的网络命名空间由 pause 容器持有。',
        },
      },
    },
    {
      title: { en: 'Why a pause container', zh: '为什么需要 pause 容器' },
      focus: { on: [{ host: 'laptop' }, { pods: 'frontend' }], flow: true },
      body: {
        en: "All containers of a pod share one IP, so they must share one network stack. Kubernetes starts one infrastructure container, pause, that holds the pod's network namespace, and joins every app container to it. The app really listens on port 80, on the pause container's stack.\n\nWatch a packet from the laptop to k8smaster01:80: Docker's DNAT rule at the node rewrites the destination to the pod.",
        zh: 'Pod 内所有容器共享一个 IP，因此必须共享一个网络栈。Kubernetes 启动一个基础容器 pause 来持有 Pod 的网络命名空间，并让每个应用容器加入它。应用确实监听在 80 端口上，只不过是在 pause 容器的网络栈上。\n\n观察一个从 laptop 到 k8smaster01:80 的数据包：节点上 Docker 的 DNAT 规则把目的地址改写为 Pod。',
      },
      text: labController,
      commands: [{ node: '{node:frontend}', line: 'docker port {pause:frontend}' }],
      flow: 'hostport',
    },
    {
      title: { en: 'Publish a Service', zh: '发布 Service' },
      focus: { on: [{ service: 'frontend' }, { pods: 'frontend' }], flow: true },
      body: {
        en: "The Service gets a cluster IP from the portal network, the range given to the API server with --service-cluster-ip-range. No interface holds it and nothing routes it: a pod's packet to it leaves by the default gateway, docker0, and the node's rules catch it there and rewrite it to a pod.",
        zh: 'Service 从 portal 网络获得一个集群 IP，这个网段由 API Server 的 --service-cluster-ip-range 参数指定。没有任何接口持有它，也没有任何路由：Pod 发往它的数据包从默认网关 docker0 离开，在那里被节点的规则捕获并改写为某个 Pod。',
      },
      text: `${labController}---${labService}`,
      commands: [
        { line: 'kubectl get svc' },
        { node: 'k8smaster01', line: 'cat /etc/systemd/system/kube-apiserver.service | grep service-cluster-ip-range' },
      ],
      flow: 'service',
      question: {
        prompt: { en: 'Where is the service range 10.254.0.0/16 routed?', zh: '服务网段 10.254.0.0/16 被路由到哪里？' },
        choices: [
          { en: 'To the master node', zh: '路由到主节点' },
          { en: 'Nowhere: the rules on every node catch it', zh: '哪里也不路由：每个节点上的规则会捕获它' },
          { en: 'To docker0 on every node', zh: '路由到每个节点的 docker0' },
        ],
        answer: 1,
        why: {
          en: "The portal network is virtual: kube-proxy's iptables rules on each node rewrite its addresses before any routing decision.",
          zh: 'portal 网络是虚拟的：每个节点上 kube-proxy 的 iptables 规则在路由决策之前就改写了这些地址。',
        },
      },
    },
    {
      title: { en: 'Verify: scale to three', zh: '验证：扩容到三个' },
      focus: { on: [{ service: 'frontend' }, { pods: 'frontend' }] },
      body: {
        en: 'With three replicas, one on each node, the Service spreads new connections over all of them. Send 100 requests and compare the counts with the probabilities in the KUBE-SVC chain.',
        zh: '有三个副本（每个节点一个）时，Service 会把新连接分散到所有副本上。发送 100 个请求，把计数与 KUBE-SVC 链中的概率进行比较。',
      },
      text: labThree,
      commands: [{ line: 'kubectl get pods -o wide' }],
      flow: 'service',
      burst: true,
    },
    {
      title: { en: "The book's kube-proxy: userspace mode", zh: '书中的 kube-proxy：userspace 模式' },
      focus: { on: [{ service: 'frontend' }, { node: 'k8smaster01' }], flow: true },
      body: {
        en: "In the book, kube-proxy ran in userspace mode: its rules only REDIRECT a cluster IP:port to a port where kube-proxy itself listens, and kube-proxy opens a second connection, from the node, to a backend picked round robin. The backend sees the node's address, not the client pod's.",
        zh: '在书中，kube-proxy 运行在 userspace 模式：它的规则只是把集群 IP:端口 REDIRECT 到 kube-proxy 自己监听的端口，再由 kube-proxy 从节点向轮询选出的后端发起第二个连接。后端看到的是节点的地址，而不是客户端 Pod 的地址。',
      },
      text: setKubeProxyMode(labThree, 'userspace'),
      commands: [{ node: 'k8smaster01', line: 'iptables-save -t nat | grep PORTALS' }],
      flow: 'service',
    },
  ],
};

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
        title: { en: 'Four replicas, three nodes, one port 80 each', zh: '四个副本、三个节点、每个节点只有一个 80 端口' },
        focus: { on: [{ pending: true }, { pods: 'frontend' }] },
        body: {
          en: "A hostPort is a port of the node itself, published by the pod's pause container. Each node can give port 80 to one pod: the fourth replica finds no node and stays Pending, with the scheduler's message.",
          zh: 'hostPort 是节点自身的端口，由 Pod 的 pause 容器发布。每个节点只能把 80 端口给一个 Pod：第四个副本找不到节点，保持 Pending，并带有调度器的消息。',
        },
        commands: [{ line: 'kubectl get pods -o wide' }],
      },
    ],
  ),
  lesson('no-endpoints', { en: 'A service without endpoints', zh: '没有后端的 Service' }, noEndpoints, [
    {
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
  lesson('pod-to-pod', { en: 'Pod to pod across nodes', zh: '跨节点的 Pod 间通信' }, podToPod, [
    {
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
        title: { en: 'Leaving the cluster', zh: '离开集群' },
        focus: { on: [{ pods: 'client' }, { host: 'laptop' }], flow: true },
        body: {
          en: "Traffic from a pod to a machine outside the pod network is masqueraded by its node: the laptop sees the node's address.",
          zh: '从 Pod 发往 Pod 网络之外机器的流量会被节点伪装：laptop 看到的是节点的地址。',
        },
        flow: 'egress',
      },
      {
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
      title: { en: 'Endpoints, no cluster IP, no rules', zh: '有后端，无集群 IP，无规则' },
      focus: { on: [{ service: 'db' }, { pods: 'db' }] },
      body: {
        en: 'clusterIP: None: the service has endpoints but no virtual address, so kube-proxy writes nothing for it. Clients look the pods up by name and connect to them directly.',
        zh: 'clusterIP: None：Service 有后端但没有虚拟地址，所以 kube-proxy 不为它写任何规则。客户端通过名字查到 Pod 并直接连接它们。',
      },
      commands: [{ line: 'kubectl get svc' }, { line: 'kubectl get endpoints' }],
    },
  ]),
  lesson('named-port', { en: 'A named targetPort', zh: '命名的 targetPort' }, namedPort, [
    {
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
        title: { en: 'userspace', zh: 'userspace' },
        focus: { on: [{ service: 'web' }, { node: 'k8smaster01' }], flow: true },
        body: {
          en: 'kube-proxy itself is on the path: REDIRECT to its port, a second connection from the node.',
          zh: 'kube-proxy 本身在路径上：REDIRECT 到它的端口，再从节点发起第二个连接。',
        },
        flow: 'service',
      },
      {
        title: { en: 'iptables', zh: 'iptables' },
        focus: { on: [{ service: 'web' }, { pods: 'web' }], flow: true },
        body: {
          en: "Only rules: DNAT to a random endpoint in the node's kernel; the backend sees the client pod.",
          zh: '只有规则：在节点内核中 DNAT 到随机后端；后端看到的是客户端 Pod。',
        },
        flow: 'service',
      },
      {
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

/** A lesson's step, if that lesson and step exist (an old link or save may name others). */
export function lessonStep(id: string, step: number): Step | undefined {
  return SCENARIOS.find((s) => s.id === id)?.steps[step];
}
