/**
 * The lab, "Pod and Service network practice": the default scenario and the longest lesson, one
 * step per stage of the write-up. Each step has an id that never changes, so a link or a saved
 * session names the step, not its place: a step inserted later never retargets them.
 */
import { setKubeProxyMode } from '../core/edit.ts';
import labLowercase from './files/lab-lowercase.yaml?raw';
import lab from './files/lab.yaml?raw';
import type { Scenario } from './model.ts';

const [labController = '', labService = ''] = lab.split(/^---$/m);
const EMPTY = '# Nothing created yet: only the cluster, three nodes with their docker0 subnets.\n';
const labThree = lab.replace('replicas: 1', 'replicas: 3');

export const LAB: Scenario = {
  id: 'lab',
  title: { en: 'Pod and Service network practice (the lab)', zh: 'Pod 和 Service 网络实战（实验）' },
  text: lab,
  steps: [
    {
      id: 'routable-docker0',
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
      id: 'environment',
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
      id: 'written-manifest',
      title: { en: "The write-up's manifest, as it was printed", zh: '原文中的资源清单' },
      focus: { on: [{ node: 'k8smaster01' }] },
      body: {
        en: "The write-up's copy of the controller is all lower case: apiversion, replicationcontroller, containerport, hostport. A real API server refuses it. The editor shows each error at its line, with the fix; hover a red mark and press the fix button, or fix the case by hand, until the manifest is valid.",
        zh: '原文中的控制器清单全是小写：apiversion、replicationcontroller、containerport、hostport。真实的 API Server 会拒绝它。编辑器会在对应行标出每个错误并给出修正；将鼠标悬停在红色标记上并点击修正按钮，或手动改正大小写，直到清单有效。',
      },
      text: labLowercase.split(/^---$/m)[0]!,
      inEditor: true,
    },
    {
      id: 'create-rc',
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
      id: 'two-containers',
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
      id: 'pause-container',
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
      id: 'publish-service',
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
        prompt: { en: 'Where is the portal network 10.254.0.0/16 routed?', zh: 'portal 网络 10.254.0.0/16 被路由到哪里？' },
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
      id: 'scale-to-three',
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
      id: 'userspace-mode',
      title: { en: "The book's kube-proxy: userspace mode", zh: '书中的 kube-proxy：userspace 模式' },
      focus: { on: [{ service: 'frontend' }, { node: 'k8smaster01' }], flow: true },
      body: {
        en: "In the book, kube-proxy ran in userspace mode: its rules only REDIRECT a cluster IP:port to a port where kube-proxy itself listens, and kube-proxy opens a second connection, from the node, to an endpoint picked round robin. The endpoint sees the node's address, not the client pod's.",
        zh: '在书中，kube-proxy 运行在 userspace 模式：它的规则只是把集群 IP:端口 REDIRECT 到 kube-proxy 自己监听的端口，再由 kube-proxy 从节点向轮询选出的后端发起第二个连接。后端看到的是节点的地址，而不是客户端 Pod 的地址。',
      },
      text: setKubeProxyMode(labThree, 'userspace'),
      commands: [{ node: 'k8smaster01', line: 'iptables-save -t nat | grep PORTALS' }],
      flow: 'service',
    },
  ],
};
