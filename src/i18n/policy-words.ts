/**
 * The words of NetworkPolicy's views in each language: the reachability matrix's messages
 * (src/core/policy/reachability.ts) and the interface's words for the matrix and for a policy
 * shown on the graph. en.ts and zh.ts spread them in.
 */
import type { Templates } from '../core/message.ts';

type PolicyTemplates = Pick<Templates, Extract<keyof Templates, `reachability.${string}`>>;

export const policyEn: PolicyTemplates = {
  'reachability.too-many':
    'The cluster runs {pods} pods: a matrix of more than {max} would trace too many pairs at once. Pick a flow in the packet panel instead.',
};

export const policyZh: PolicyTemplates = {
  'reachability.too-many': '集群里有 {pods} 个 Pod：超过 {max} 个时矩阵要追踪的组合太多。请改在数据包面板中选择一条流。',
};

const pods = (n: number) => `${n} ${n === 1 ? 'pod' : 'pods'}`;

export const policyUiEn = {
  reachability: 'Reachability',
  reachPort: 'Port',
  reachProtocol: 'Protocol',
  reachIntro: 'Each row’s pod connects to each column’s pod on this port; every cell is a traced connection. Click a cell to play it.',
  reachCorner: 'from ↓ to →',
  reachPending: 'Tracing every pair…',
  reachNoPods: 'No pod is running.',
  reachDelivered: 'delivered',
  reachRejected: 'rejected by a NetworkPolicy',
  reachFailed: 'failed another way (refused, unreachable…)',
  reachCount: (delivered: number, total: number) => `${delivered} of ${total} connections delivered`,
  /** A cell's accessible name and tooltip: the pair and its outcome. */
  reachCell: (from: string, to: string, outcome: string) => `${from} → ${to}: ${outcome}`,
  policyShown: 'NetworkPolicy',
  policySelects: (n: number) => `selects ${pods(n)}`,
  policyFrom: (n: number, outside: boolean) => `allows in from ${pods(n)}${outside ? ' and addresses outside' : ''}`,
  policyTo: (n: number, outside: boolean) => `allows out to ${pods(n)}${outside ? ' and addresses outside' : ''}`,
  policyNoIngress: 'ingress not isolated',
  policyNoEgress: 'egress not isolated',
  policyHide: 'Hide',
  policiesOfPod: 'NetworkPolicies selecting this pod',
  policiesNone: 'None: every connection to and from it is allowed.',
  policyShow: 'Show on the graph',
  policiesOfCluster: 'NetworkPolicies (show one on the graph)',
  policiesNoneInCluster: 'None: no pod is isolated, every connection is allowed.',
};

type PolicyUi = { [K in keyof typeof policyUiEn]: (typeof policyUiEn)[K] extends (...a: infer A) => string ? (...a: A) => string : string };

export const policyUiZh: PolicyUi = {
  reachability: '可达性',
  reachPort: '端口',
  reachProtocol: '协议',
  reachIntro: '每一行的 Pod 连接每一列的 Pod 的这个端口；每个格子都是一次追踪的连接。点击格子播放它。',
  reachCorner: '从 ↓ 到 →',
  reachPending: '正在追踪每一对…',
  reachNoPods: '没有运行中的 Pod。',
  reachDelivered: '送达',
  reachRejected: '被 NetworkPolicy 拒绝',
  reachFailed: '因其他原因失败（拒绝连接、不可达…）',
  reachCount: (delivered, total) => `${total} 个连接中 ${delivered} 个送达`,
  reachCell: (from, to, outcome) => `${from} → ${to}：${outcome}`,
  policyShown: 'NetworkPolicy',
  policySelects: (n) => `选中 ${n} 个 Pod`,
  policyFrom: (n, outside) => `允许来自 ${n} 个 Pod${outside ? '及集群外地址' : ''}的入站`,
  policyTo: (n, outside) => `允许出站到 ${n} 个 Pod${outside ? '及集群外地址' : ''}`,
  policyNoIngress: '入站不隔离',
  policyNoEgress: '出站不隔离',
  policyHide: '隐藏',
  policiesOfPod: '选中这个 Pod 的 NetworkPolicy',
  policiesNone: '没有：进出它的每个连接都被允许。',
  policyShow: '在图上显示',
  policiesOfCluster: 'NetworkPolicy（点击在图上显示）',
  policiesNoneInCluster: '没有：没有 Pod 被隔离，每个连接都被允许。',
};
