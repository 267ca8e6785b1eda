/**
 * The lesson "Walls": NetworkPolicy as kube-router enforces it. A shop's three apps in their own
 * namespace on kind; each step adds policies to the text (default deny, allow from one app,
 * default deny egress and the DNS it blocks, allow DNS), then two exercises checked by tracing
 * every pair of pods, as the reachability matrix does.
 */
import walls from './files/walls.yaml?raw';
import type { Scenario } from './model.ts';

const DEFAULT_DENY_INGRESS = `---
# Selects every pod of shop (an empty podSelector) and lets nothing in: no ingress rule.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

const BACKEND_FROM_FRONTEND = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: backend-from-frontend
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: backend}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector:
        matchLabels: {app: frontend}
    ports:
    - {protocol: TCP, port: 8080}
`;

const DEFAULT_DENY_EGRESS = `---
# Every pod of shop: no new connection out, unless another policy's egress rule allows it.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-egress
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: frontend-to-backend
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: frontend}
  policyTypes: [Egress]
  egress:
  - to:
    - podSelector:
        matchLabels: {app: backend}
    ports:
    - {protocol: TCP, port: 8080}
`;

const ALLOW_DNS = `---
# One peer: the pods labelled k8s-app: kube-dns in the namespace kube-system (both selectors in one element).
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: kube-system}
      podSelector:
        matchLabels: {k8s-app: kube-dns}
    ports:
    - {protocol: UDP, port: 53}
    - {protocol: TCP, port: 53}
`;

const open = walls;
const denied = open + DEFAULT_DENY_INGRESS;
const allowed = denied + BACKEND_FROM_FRONTEND;
const egressDenied = allowed + DEFAULT_DENY_EGRESS;
/** The lesson's last text: the walls it built, with DNS let out (the kernel suite judges it). */
export const WALLS_BUILT = egressDenied + ALLOW_DNS;

const frontendToBackend = { from: 'frontend', to: 'backend' } as const;
const frontendLookup = { from: 'frontend', to: 'kube-system/kube-dns', port: 53, protocol: 'UDP' } as const;
const onBackendNode = '{node:backend}';

export const WALLS_LESSON: Scenario = {
  id: 'walls',
  title: { en: 'Walls: NetworkPolicy', zh: '墙：NetworkPolicy' },
  text: open,
  steps: [
    {
      id: 'no-walls',
      title: { en: 'No walls: every pod reaches every pod', zh: '没有墙：每个 Pod 都能到达每个 Pod' },
      focus: { on: [{ pods: 'frontend' }, { pods: 'backend' }], flow: true },
      body: {
        en: "A shop's three apps run in the namespace shop on kind: frontend, backend and db, each behind a Service, with CoreDNS answering their names. Until a NetworkPolicy selects a pod, Kubernetes lets every pod reach it, from any namespace: the pod network is flat. Play frontend's connection to the backend service: it is delivered.\n\nThe next steps build walls with NetworkPolicy, enforced here as kube-router v2.11.1 enforces it: iptables rules and ipsets on each node.",
        zh: '一家商店的三个应用运行在 kind 集群的命名空间 shop 中：frontend、backend 和 db，各自位于一个 Service 之后，由 CoreDNS 解析它们的名字。在有 NetworkPolicy 选中一个 Pod 之前，Kubernetes 允许任何命名空间的任何 Pod 到达它：Pod 网络是平的。播放 frontend 到 backend Service 的连接：它被送达。\n\n接下来的步骤用 NetworkPolicy 筑墙，这里按 kube-router v2.11.1 的方式执行：每个节点上的 iptables 规则和 ipset。',
      },
      text: open,
      flow: frontendToBackend,
      commands: [{ line: 'kubectl get pods -n shop -o wide' }, { line: 'kubectl get networkpolicy -n shop' }],
    },
    {
      id: 'default-deny',
      title: { en: 'Default deny: a wall around every pod of shop', zh: '默认拒绝：围住 shop 的每个 Pod' },
      focus: { on: [{ pods: 'backend' }, { pods: 'frontend' }], flow: true },
      body: {
        en: "default-deny-ingress has an empty podSelector, so it selects every pod of its namespace, and policyTypes: [Ingress] with no ingress rule, so it lets nothing in. Play the same connection: it is rejected on backend's node, and the last hop names the policy that left no rule for it.\n\nOn each node kube-router gives every selected pod a KUBE-POD-FW chain: KUBE-ROUTER-FORWARD sends the pod's packets there, the chain jumps to one KUBE-NWPLCY chain per policy, which marks what its rules allow (0x10000), and what is left unmarked is logged (NFLOG) and rejected with icmp-port-unreachable. The addresses each policy selects are kept in ipsets.",
        zh: 'default-deny-ingress 的 podSelector 为空，因此选中其命名空间中的每个 Pod；policyTypes: [Ingress] 却没有任何 ingress 规则，因此什么也不放进来。播放同一个连接：它在 backend 所在节点上被拒绝，最后一跳指出是哪个策略没有给它留规则。\n\nkube-router 在每个节点上为每个被选中的 Pod 建一条 KUBE-POD-FW 链：KUBE-ROUTER-FORWARD 把该 Pod 的数据包送到这里，这条链再跳到每个策略各一条的 KUBE-NWPLCY 链，由它给规则允许的数据包打上标记（0x10000）；没有标记的数据包被记录（NFLOG）并以 icmp-port-unreachable 拒绝。每个策略选中的地址保存在 ipset 中。',
      },
      text: denied,
      flow: frontendToBackend,
      commands: [
        { node: onBackendNode, line: 'iptables-save -t filter | grep -e "^-A KUBE-ROUTER-FORWARD" -e "^-A KUBE-POD-FW"' },
        { node: onBackendNode, line: 'ipset list' },
      ],
    },
    {
      id: 'allow-frontend',
      title: { en: 'Allow from one app: frontend into backend on 8080', zh: '只放行一个应用：frontend 经 8080 进入 backend' },
      focus: { on: [{ pods: 'frontend' }, { pods: 'backend' }, { pods: 'db' }], flow: true },
      body: {
        en: "Policies add up: a pod several policies select is let in by any rule of any of them. backend-from-frontend selects the backend pod and lets in pods labelled app: frontend, on TCP port 8080 only. frontend's connection is delivered again; db's is still rejected (its curl below: a rejected TCP connection looks refused).\n\nbackend's answers reach frontend although default-deny-ingress walls frontend in too: kube-router's KUBE-NWPLCY-COMMON chain accepts every packet of a connection conntrack already knows (ESTABLISHED). A policy decides who may open a connection, not who may answer.",
        zh: '策略是叠加的：被多个策略选中的 Pod，只要其中任一策略的任一规则允许就能进入。backend-from-frontend 选中 backend Pod，只允许标签为 app: frontend 的 Pod 经 TCP 8080 端口进入。frontend 的连接重新被送达；db 的连接仍被拒绝（见下面它的 curl：被拒绝的 TCP 连接看起来就是连接被拒）。\n\n虽然 default-deny-ingress 也把 frontend 围了起来，backend 的应答仍能到达 frontend：kube-router 的 KUBE-NWPLCY-COMMON 链接受 conntrack 已知连接（ESTABLISHED）的每个数据包。策略决定谁可以发起连接，而不是谁可以应答。',
      },
      text: allowed,
      flow: frontendToBackend,
      commands: [
        { line: 'kubectl exec -n shop db -- curl -m 2 backend:8080', fails: true },
        { node: onBackendNode, line: 'iptables-save -t filter | grep -e "^-A KUBE-NWPLCY-COMMON" -e "backend-from-frontend"' },
      ],
      question: {
        prompt: {
          en: "default-deny-ingress selects frontend too. What happens to backend's answer to frontend?",
          zh: 'default-deny-ingress 也选中了 frontend。backend 给 frontend 的应答会怎样？',
        },
        choices: [
          { en: 'It reaches frontend: conntrack knows the connection', zh: '到达 frontend：conntrack 认识这个连接' },
          { en: "It is rejected at frontend's chain: no rule lets backend in", zh: '在 frontend 的链上被拒绝：没有规则允许 backend 进入' },
          { en: 'It reaches frontend only if a policy allows backend → frontend', zh: '只有某个策略允许 backend → frontend 时才能到达' },
        ],
        answer: 0,
        why: {
          en: 'The answer belongs to a connection frontend opened, which a rule allowed: conntrack marks its packets ESTABLISHED, and KUBE-NWPLCY-COMMON accepts them before any policy is asked. Play the flow and look at the reply hops.',
          zh: '应答属于 frontend 发起的、已被规则允许的连接：conntrack 把它的数据包标为 ESTABLISHED，KUBE-NWPLCY-COMMON 在询问任何策略之前就接受了它们。播放这个流程，看看应答的各跳。',
        },
      },
    },
    {
      id: 'deny-egress',
      title: { en: 'Default deny egress, and names stop working', zh: '默认拒绝出站，名字随之失效' },
      focus: { on: [{ pods: 'frontend' }, { service: 'kube-dns' }], flow: true },
      body: {
        en: "Walls face outwards too. default-deny-egress (policyTypes: [Egress], no rule) stops every new connection out of shop's pods, and frontend-to-backend lets frontend open connections to backend on TCP 8080. Yet curl backend:8080 from frontend fails before it starts: the name is looked up first, a UDP question to CoreDNS on port 53, and no egress rule lets it out. Play the question: it is rejected at frontend's own chain, on its node.\n\nThis is the classic mistake, and the Problems panel warns about it: the policies isolate egress, and no rule lets a DNS query out.",
        zh: '墙也可以朝外。default-deny-egress（policyTypes: [Egress]，没有规则）阻止 shop 中 Pod 发起的所有新连接，frontend-to-backend 允许 frontend 经 TCP 8080 连接 backend。可是从 frontend 执行 curl backend:8080 还没开始就失败了：要先查询这个名字——一个发往 CoreDNS 53 端口的 UDP 查询——而没有任何 egress 规则放它出去。播放这个查询：它在 frontend 所在节点上、frontend 自己的链上被拒绝。\n\n这是经典错误，"问题"面板会对此发出警告：这些策略隔离了出站流量，却没有规则放行 DNS 查询。',
      },
      text: egressDenied,
      flow: frontendLookup,
      commands: [
        { line: 'kubectl exec -n shop frontend -- nslookup backend', fails: true },
        { line: 'kubectl exec -n shop frontend -- curl -m 2 backend:8080', fails: true },
      ],
    },
    {
      id: 'allow-dns',
      title: { en: 'Allow DNS egress', zh: '放行 DNS 出站' },
      focus: { on: [{ pods: 'frontend' }, { pods: 'coredns' }], flow: true },
      body: {
        en: "allow-dns selects every pod of shop and lets it send to the cluster DNS pods on UDP and TCP port 53 (TCP carries answers too long for UDP). Its one peer has a namespaceSelector and a podSelector in the same element: pods labelled k8s-app: kube-dns in the namespace kube-system (every namespace carries its own name as the label kubernetes.io/metadata.name). Two elements would mean either one. The question is delivered, the warning is gone, and curl backend:8080 works again.\n\nThe rule names the DNS pods, not the kube-dns Service: NetworkPolicy speaks of pods, and kube-router sees the packet after kube-proxy has DNATed the cluster IP to a DNS pod's address.",
        zh: 'allow-dns 选中 shop 的每个 Pod，允许它们经 UDP 和 TCP 53 端口发往集群 DNS Pod（TCP 用于 UDP 装不下的长应答）。它唯一的对端在同一个元素里同时写了 namespaceSelector 和 podSelector：命名空间 kube-system 中标签为 k8s-app: kube-dns 的 Pod（每个命名空间都带有以自己名字为值的标签 kubernetes.io/metadata.name）。写成两个元素则表示满足其一即可。查询被送达，警告消失，curl backend:8080 又能用了。\n\n规则指向的是 DNS Pod，而不是 kube-dns Service：NetworkPolicy 只认 Pod，而 kube-router 看到数据包时，kube-proxy 已经把集群 IP DNAT 成了某个 DNS Pod 的地址。',
      },
      text: WALLS_BUILT,
      flow: frontendLookup,
      commands: [
        { line: 'kubectl describe networkpolicy allow-dns -n shop' },
        { line: 'kubectl exec -n shop frontend -- nslookup backend' },
        { line: 'kubectl exec -n shop frontend -- curl -m 2 backend:8080' },
      ],
    },
    {
      id: 'exercise-db',
      title: { en: 'Exercise: only backend may reach db', zh: '练习：只有 backend 能访问 db' },
      focus: { on: [{ pods: 'backend' }, { pods: 'db' }] },
      body: {
        en: 'The walls of the last step stand: db is behind default-deny-ingress and backend behind default-deny-egress, so nobody reaches db. Add policies so that backend reaches db on TCP 5432 and no other pod does, from any namespace.\n\nPress Check: the playground traces every pair of pods on port 5432, as the reachability matrix does, and names the pairs that are not as asked.',
        zh: '上一步的墙都还在：db 位于 default-deny-ingress 之后，backend 位于 default-deny-egress 之后，所以谁也到不了 db。添加策略，使 backend 能经 TCP 5432 访问 db，而任何命名空间的其他 Pod 都不能。\n\n点击"检查"：演示环境像可达性矩阵那样，在 5432 端口上追踪每一对 Pod，并指出不符合要求的那些对。',
      },
      text: WALLS_BUILT,
      exercise: {
        goal: { en: 'on 5432/TCP, only backend → db is delivered', zh: '在 5432/TCP 上，只有 backend → db 被送达' },
        hints: [
          {
            en: "Two walls stand between them: backend's egress and db's ingress. Each needs a door.",
            zh: '它们之间有两道墙：backend 的出站和 db 的入站。每道墙都需要一扇门。',
          },
          {
            en: 'An ingress policy selecting app: db, from podSelector app: backend, port TCP 5432; and an egress policy selecting app: backend, to podSelector app: db, port TCP 5432.',
            zh: '一个选中 app: db 的入站策略，from 为 podSelector app: backend，端口 TCP 5432；再加一个选中 app: backend 的出站策略，to 为 podSelector app: db，端口 TCP 5432。',
          },
        ],
        check: { kind: 'reachability', goals: [{ port: 5432, protocol: 'TCP', to: 'shop', reach: [['backend', 'db']] }] },
      },
    },
    {
      id: 'exercise-backend',
      title: { en: 'Exercise: backend may reach nothing but db and DNS', zh: '练习：backend 只能访问 db 和 DNS' },
      focus: { on: [{ pods: 'backend' }, { pods: 'db' }, { pods: 'coredns' }] },
      body: {
        en: "Back to the shop without walls. Wall in backend alone: it may open connections to db on TCP 5432 and to the cluster DNS on port 53, and to nothing else; every other pod keeps reaching what it reaches now.\n\nCheck traces every pair of pods on frontend's, backend's and db's ports, on DNS (53/UDP) and on CoreDNS's metrics port (9153/TCP).",
        zh: '回到没有墙的商店。只把 backend 围起来：它可以经 TCP 5432 连接 db、经 53 端口连接集群 DNS，除此之外什么都不能连；其他 Pod 照旧能访问它们现在能访问的一切。\n\n"检查"会在 frontend、backend 和 db 的端口、DNS（53/UDP）以及 CoreDNS 的指标端口（9153/TCP）上追踪每一对 Pod。',
      },
      text: open,
      exercise: {
        goal: {
          en: 'backend → db:5432 and backend → DNS delivered; backend → anything else blocked; the other pods as before',
          zh: 'backend → db:5432 和 backend → DNS 被送达；backend → 其他一切被阻止；其他 Pod 不受影响',
        },
        hints: [
          {
            en: 'One egress policy selecting app: backend is enough; an ingress wall would stop the other pods.',
            zh: '一个选中 app: backend 的出站策略就够了；入站的墙会挡住其他 Pod。',
          },
          {
            en: 'Two egress rules: to podSelector app: db on TCP 5432, and to the pods k8s-app: kube-dns of the namespace kube-system on UDP and TCP 53.',
            zh: '两条出站规则：一条到 podSelector app: db，端口 TCP 5432；一条到命名空间 kube-system 中 k8s-app: kube-dns 的 Pod，端口 UDP 和 TCP 53。',
          },
        ],
        check: {
          kind: 'reachability',
          goals: [
            { port: 5432, protocol: 'TCP', to: 'shop', reach: [['*', 'db']] },
            { port: 8080, protocol: 'TCP', to: 'shop', reach: [['*', 'backend']] },
            {
              port: 80,
              protocol: 'TCP',
              to: 'shop',
              reach: [
                ['db', 'frontend'],
                ['coredns', 'frontend'],
              ],
            },
            { port: 53, protocol: 'UDP', from: 'shop', to: 'kube-system', reach: [['*', 'coredns']] },
            {
              port: 9153,
              protocol: 'TCP',
              from: 'shop',
              to: 'kube-system',
              reach: [
                ['frontend', 'coredns'],
                ['db', 'coredns'],
              ],
            },
          ],
        },
      },
    },
  ],
};
