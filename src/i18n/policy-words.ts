/**
 * The words of NetworkPolicy's views in each language: the reachability matrix's messages
 * (src/core/policy/reachability.ts). en.ts and zh.ts spread them in.
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
