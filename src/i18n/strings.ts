/** The interface's words in English and Chinese. */

export type Language = 'en' | 'zh';

const en = {
  title: 'kube-netplay',
  tagline: 'Kubernetes pod and service networking, live',
  scenario: 'Scenario',
  mode: 'kube-proxy mode',
  language: 'Language',
  manifests: 'Manifests',
  graph: 'Network graph',
  inspector: 'Inspector',
  packets: 'Packets',
  legend: 'Legend',
  changes: 'What changed',
  noChanges: 'Edit the manifests: what changes in the network is listed here.',
  stale: (n: number) => `${n} error${n === 1 ? '' : 's'} in the manifests: showing the last valid network`,
  fit: 'Fit',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  nothingSelected: 'Click anything in the graph to see what it is.',
  resize: 'Resize the editor and the graph',
  problems: 'Problems',
  noProblems: 'No problems: the manifests are valid.',
} as const;

type Strings = { [K in keyof typeof en]: (typeof en)[K] extends (...a: infer A) => string ? (...a: A) => string : string };

const zh: Strings = {
  title: 'kube-netplay',
  tagline: 'Kubernetes Pod 与 Service 网络实时演示',
  scenario: '场景',
  mode: 'kube-proxy 模式',
  language: '语言',
  manifests: '资源清单',
  graph: '网络拓扑图',
  inspector: '详情',
  packets: '数据包',
  legend: '图例',
  changes: '变化',
  noChanges: '编辑资源清单：网络中发生的变化会列在这里。',
  stale: (n: number) => `资源清单中有 ${n} 个错误：显示的是上一次有效的网络`,
  fit: '适应窗口',
  zoomIn: '放大',
  zoomOut: '缩小',
  nothingSelected: '点击图中的任意元素查看详情。',
  resize: '调整编辑器与拓扑图的宽度',
  problems: '问题',
  noProblems: '没有问题：资源清单有效。',
};

export const STRINGS: Readonly<Record<Language, Strings>> = { en, zh };
