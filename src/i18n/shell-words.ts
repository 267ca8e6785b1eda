/**
 * What the simulated shell says in its own words (not the emulated tools' output, which stays as
 * the real tools print it), in each language. The shell runs in a Web Worker: it is told the
 * page's language (src/terminal/remote/protocol.ts) and reads its table here, so this file stays
 * small and imports nothing but types.
 */
import type { Language } from './words.ts';

export interface ShellWords {
  /** kubectl refuses a command that would change a view-only page's scenario. */
  readonly viewOnly: (command: string) => string;
  /** ip, iptables, nft… asked to change the network by hand. */
  readonly computedNetwork: string;
  /** `nft list ruleset` on a containerd node, whose iptables-nft tables are shown by iptables-save. */
  readonly nftIptablesTables: (tables: string) => string;
  readonly noWatch: string;
  /** kubectl delete of a node or a namespace. */
  readonly clusterObject: (resource: string, name: string) => string;
  readonly noNodes: string;
  /** grep's patterns it refuses, to keep matching in linear time. */
  readonly grepBackReference: string;
  readonly grepLookaround: string;
  /** The header of docker's and crictl's command list: only some of the real tool's commands. */
  readonly answeredCommands: string;
  readonly limitLine: (length: number, limit: number) => string;
  readonly limitPipe: (command: string, size: string) => string;
  readonly limitTime: (seconds: number) => string;
  readonly limitScreen: (size: string) => string;
  /** `help`: its first line, a description per command of the lab, its last lines. */
  readonly helpIntro: string;
  readonly help: HelpWords;
  readonly helpOutro: readonly string[];
}

/** The descriptions `help` gives the lab's commands (the commands themselves are not translated). */
export interface HelpWords {
  readonly get: string;
  readonly describe: string;
  readonly change: string;
  readonly scale: string;
  readonly exec: string;
  readonly docker: string;
  readonly crictl: string;
  readonly interfaces: string;
  readonly netfilter: string;
  readonly ipvs: string;
  readonly traffic: string;
  readonly nodes: string;
  readonly files: string;
}

export const shellEn: ShellWords = {
  viewOnly: (command) =>
    `error: this page is view only: "${command}" would change the scenario, so it was not run. Choose "Edit a copy" at the top to make your own copy and change it.`,
  computedNetwork: 'The playground computes the network from the manifests: edit them (or use kubectl) to change it.',
  nftIptablesTables: (tables) =>
    `# kube-netplay: this node's iptables rules live in nftables tables too (iptables-nft: ${tables}), which a real node lists here, each under nft's warning that iptables-nft manages it; the playground shows them with iptables-save.`,
  noWatch: 'error: --watch is not simulated: the playground shows a snapshot; run the command again after a change.',
  clusterObject: (resource, name) =>
    `error: ${resource} "${name}" belong to the cluster the playground simulates: edit the Cluster document to change them`,
  noNodes: 'The cluster has no nodes: give the Cluster document at least one.',
  grepBackReference: 'back-references are not supported: this grep matches in linear time',
  grepLookaround: 'lookaround is not supported: this grep matches in linear time',
  answeredCommands: 'those the playground answers',
  limitLine: (length, limit) => `bash: the line is ${length} characters long; this shell reads lines of at most ${limit}`,
  limitPipe: (command, size) => `bash: ${command}: output cut at ${size}, the most a pipe or a file holds here`,
  limitTime: (seconds) =>
    `bash: the command ran for more than ${seconds} s and was stopped; the shell started again on this node (its variables and written files are gone)`,
  limitScreen: (size) => `bash: output cut at ${size}, the most the terminal shows at once (filter it with grep, head or tail)`,
  helpIntro: 'A simulated shell on the nodes of the cluster. Commands answer from the simulation:',
  help: {
    get: 'list objects',
    describe: 'details and events',
    change: 'change the manifests (the editor follows)',
    scale: 'scale a controller',
    exec: 'run a command in a pod',
    docker: 'the containers of this node (Docker)',
    crictl: 'the pod sandboxes and containers of this node (containerd)',
    interfaces: 'interfaces, routes, bridges',
    netfilter: 'netfilter rules',
    ipvs: 'IPVS virtual servers, tracked connections',
    traffic: 'send traffic (shown on the graph)',
    nodes: 'move between nodes',
    files: 'files and text',
  },
  helpOutro: [
    "Files in ~ are the manifests, one per document. The API server's unit file is",
    '/etc/systemd/system/kube-apiserver.service. Tab completes; ↑/↓ walk the history.',
  ],
};

export const shellZh: ShellWords = {
  viewOnly: (command) => `error: 本页面只读：“${command}”会改变场景，所以没有执行。点顶部的“编辑副本”，得到你自己的副本再修改。`,
  computedNetwork: '网络是由清单计算出来的：要改变它，请编辑清单（或使用 kubectl）。',
  nftIptablesTables: (tables) =>
    `# kube-netplay：这个节点的 iptables 规则也存放在 nftables 表中（iptables-nft：${tables}），真实节点会在这里列出它们，每张表前有 nft 的警告，说明它由 iptables-nft 管理；本实验用 iptables-save 显示它们。`,
  noWatch: 'error: 不模拟 --watch：这里显示的是某一时刻的快照；改动之后请再运行一次命令。',
  clusterObject: (resource, name) => `error: ${resource} "${name}" 属于模拟的集群本身：要改变它们，请编辑 Cluster 文档`,
  noNodes: '集群没有节点：请在 Cluster 文档中至少给出一个节点。',
  grepBackReference: '不支持反向引用：这个 grep 以线性时间匹配',
  grepLookaround: '不支持环视（lookaround）：这个 grep 以线性时间匹配',
  answeredCommands: '本实验能回答的',
  limitLine: (length, limit) => `bash: 这一行有 ${length} 个字符；这个 shell 读取的行最多 ${limit} 个字符`,
  limitPipe: (command, size) => `bash: ${command}: 输出在 ${size} 处截断，这是这里的管道或文件最多能容纳的大小`,
  limitTime: (seconds) => `bash: 命令运行超过 ${seconds} 秒，已被停止；shell 在这个节点上重新启动（它的变量和写入的文件都已丢失）`,
  limitScreen: (size) => `bash: 输出在 ${size} 处截断，这是终端一次最多显示的大小（可用 grep、head 或 tail 过滤）`,
  helpIntro: '集群节点上的模拟 shell。命令的回答来自模拟：',
  help: {
    get: '列出对象',
    describe: '详情和事件',
    change: '修改清单（编辑器随之更新）',
    scale: '伸缩控制器',
    exec: '在 Pod 中运行命令',
    docker: '这个节点上的容器（Docker）',
    crictl: '这个节点上的 Pod 沙箱和容器（containerd）',
    interfaces: '网络接口、路由、网桥',
    netfilter: 'netfilter 规则',
    ipvs: 'IPVS 虚拟服务器、跟踪的连接',
    traffic: '发送流量（显示在图上）',
    nodes: '在节点之间切换',
    files: '文件和文本',
  },
  helpOutro: [
    '~ 中的文件就是清单，每个文档一个文件。API 服务器的 unit 文件是',
    '/etc/systemd/system/kube-apiserver.service。Tab 补全；↑/↓ 翻阅历史。',
  ],
};

const SHELL_WORDS: Readonly<Record<Language, ShellWords>> = { en: shellEn, zh: shellZh };

/** The shell's words in `language`; a language without a table of its own speaks English. */
export function shellWords(language: string | undefined): ShellWords {
  return (language !== undefined && Object.hasOwn(SHELL_WORDS, language) ? SHELL_WORDS[language as Language] : undefined) ?? shellEn;
}
