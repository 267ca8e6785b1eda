/**
 * Tab completion: command names first, then what each command takes next (kubectl verbs,
 * resource types and object names, container IDs, interfaces, chains, nodes, addresses, files).
 */
import { criContainersOn, sandboxesOn } from '../core/print/crictl.ts';
import { containersOn, dockerName } from '../core/print/docker.ts';
import { hasControls } from '../core/print/escape.ts';
import { chainsOf, tableOf } from '../core/print/iptables-list.ts';
import { listItems, resourceType } from '../core/print/kubectl.ts';
import type { TableName } from '../core/netfilter/rule.ts';
import { commandNames } from './commands/index.ts';
import { isDirectory, listDirectory, resolvePath, visibleFiles } from './files.ts';
import { lastCommandWords } from './parse.ts';
import type { Completion, Env } from './types.ts';

const KUBECTL_VERBS = ['apply', 'cluster-info', 'create', 'delete', 'describe', 'exec', 'get', 'logs', 'scale', 'version'];
const RESOURCE_WORDS = [
  'all',
  'deploy',
  'deployments',
  'endpoints',
  'ep',
  'namespaces',
  'no',
  'nodes',
  'ns',
  'po',
  'pods',
  'rc',
  'replicasets',
  'replicationcontrollers',
  'rs',
  'services',
  'svc',
];

function paths(env: Env, partial: string, onlyDirs = false): string[] {
  const files = visibleFiles(env);
  const slash = partial.lastIndexOf('/');
  const dirPart = slash >= 0 ? partial.slice(0, slash + 1) : '';
  const dir = resolvePath(env.location.cwd, dirPart || '.');
  if (!isDirectory(files, dir)) return [];
  return listDirectory(files, dir)
    .map((name) => {
      const full = resolvePath(dir, name);
      const directory = !files.has(full);
      return directory ? `${dirPart}${name}/` : onlyDirs ? '' : `${dirPart}${name}`;
    })
    .filter(Boolean);
}

function addresses(env: Env): string[] {
  const { state } = env.data;
  return [
    ...state.cluster.nodes.flatMap((n) => [n.name, n.ip]),
    ...state.cluster.hosts.flatMap((h) => [h.name, h.ip]),
    ...state.services.filter((s) => s.clusterIP !== 'None').map((s) => s.clusterIP),
    ...state.pods.flatMap((p) => (p.ip ? [p.ip] : [])),
  ];
}

function kubectl(env: Env, words: readonly string[]): string[] {
  const prev = words[words.length - 1]!;
  if (words.length === 1) return KUBECTL_VERBS;
  if (prev === '-f' || prev === '--filename') return paths(env, '').filter((p) => p.endsWith('/') || /\.(ya?ml|json)$/.test(p));
  if (prev === '-n' || prev === '--namespace') return [...env.data.state.namespaces];
  if (prev === '-o' || prev === '--output') return ['json', 'name', 'wide', 'yaml'];
  const verb = words[1]!;
  const positional = words
    .slice(2)
    .filter((w, i, all) => !w.startsWith('-') && !['-n', '-o', '-l', '-f', '-c', '--namespace', '--output'].includes(all[i - 1] ?? ''));
  if (verb === 'create' || verb === 'apply') return ['-f'];
  if (verb === 'exec' || verb === 'logs') return positional.length === 0 ? env.data.state.pods.map((p) => p.name) : ['--', '-c', '-it'];
  if (!['get', 'describe', 'delete', 'scale'].includes(verb)) return [];
  if (positional.length === 0)
    return verb === 'delete'
      ? [...RESOURCE_WORDS.filter((r) => r !== 'all'), '-f']
      : verb === 'scale'
        ? ['deploy', 'rc', 'replicasets', 'replicationcontrollers', 'rs']
        : RESOURCE_WORDS;
  const type = resourceType(positional[0]!.split(',')[0]!);
  if (verb === 'scale' && positional.length >= 2) return ['--replicas='];
  if (!type) return [];
  const names = listItems({ state: env.data.state, objects: env.objects() }, type.resource).map((i) => i.name);
  return verb === 'get' ? [...names, '-o', '-l', '-n', '--all-namespaces', '--show-labels'] : names;
}

function docker(env: Env, words: readonly string[]): string[] {
  if (words.length === 1) return ['exec', 'images', 'inspect', 'port', 'ps'];
  const sub = words[1]!;
  const list = containersOn(env.data.state, env.here.node.name);
  const ids = [...list.map((c) => c.container.id.slice(0, 12)), ...list.map((c) => dockerName(c))];
  if (sub === 'inspect' || sub === 'port') return ids;
  if (sub === 'exec') {
    const positional = words.slice(2).filter((w) => !w.startsWith('-'));
    if (positional.length === 0) return [...ids, '-it'];
    if (positional.length === 1) return ['bash', ...commandNames(true)];
    return [];
  }
  if (sub === 'ps') return ['-a', '-q', '--no-trunc'];
  return [];
}

function crictlWords(env: Env, words: readonly string[]): string[] {
  if (words.length === 1) return ['inspect', 'inspectp', 'pods', 'ps'];
  const sub = words[1]!;
  const { state } = env.data;
  if (sub === 'inspectp') return sandboxesOn(state, env.here.node.name).map((s) => s.pause.id.slice(0, 13));
  if (sub === 'inspect') return criContainersOn(state, env.here.node.name).map((c) => c.container.id.slice(0, 13));
  if (sub === 'pods' || sub === 'ps') return ['-a', '-q', '--name', '--namespace', '--no-trunc'];
  return [];
}

function ip(env: Env, words: readonly string[]): string[] {
  if (words.length === 1) return ['addr', 'link', 'neigh', 'route'];
  const object = words[1]!;
  if (words.length === 2) return object.startsWith('r') ? ['get', 'show'] : ['show'];
  const ifaces = env.here.ns.interfaces.map((i) => i.name);
  if (words[words.length - 1] === 'dev' || (words.length === 3 && !object.startsWith('r'))) return ['dev', ...ifaces];
  if (object.startsWith('r') && words[2] === 'show') return ['table'];
  if (words[words.length - 1] === 'table') return ['local', 'main'];
  if (words[2] === 'get') return addresses(env);
  return [];
}

function iptables(env: Env, words: readonly string[]): string[] {
  const prev = words[words.length - 1]!;
  if (prev === '-t') return ['filter', 'mangle', 'nat', 'raw'];
  if (/^-[a-zA-Z]*[LS]$/.test(prev)) {
    const t = words.indexOf('-t');
    const table = (t >= 0 ? words[t + 1] : 'filter') as TableName;
    return ['filter', 'mangle', 'nat', 'raw'].includes(table) ? chainsOf(tableOf(env.here.ns.iptables, table)) : [];
  }
  return ['-t', '-L', '-S', '-n', '-v', '-x', '--line-numbers'];
}

function candidatesFor(env: Env, words: readonly string[], partial: string): string[] {
  const inContainer = !!env.here.container;
  if (words.length === 0) return partial.includes('/') ? paths(env, partial) : commandNames(inContainer, env.data.state.cluster.runtime);
  switch (words[0]) {
    case 'kubectl':
      return kubectl(env, words);
    case 'docker':
      return docker(env, words);
    case 'crictl':
      return crictlWords(env, words);
    case 'ip':
      return ip(env, words);
    case 'ifconfig':
      return env.here.ns.interfaces.map((i) => i.name);
    case 'iptables':
      return iptables(env, words);
    case 'iptables-save':
      return words[words.length - 1] === '-t' ? ['filter', 'mangle', 'nat', 'raw'] : ['-t'];
    case 'ipvsadm':
      return ['-Ln'];
    case 'conntrack':
      return ['-C', '-F', '-L'];
    case 'brctl':
      return words.length === 1 ? ['show'] : env.here.ns.interfaces.filter((i) => i.kind === 'bridge').map((i) => i.name);
    case 'ssh':
      return env.data.state.cluster.nodes.map((n) => n.name);
    case 'ping':
    case 'curl':
      return addresses(env);
    case 'cd':
      return paths(env, partial, true);
    default:
      return paths(env, partial);
  }
}

export function completeLine(line: string, env: Env): Completion {
  const { words, partial } = lastCommandWords(line);
  const all = candidatesFor(env, words, partial);
  // A name with control characters is never typed into the line, where it would be drawn raw.
  const candidates = [...new Set(all)].filter((c) => c.startsWith(partial) && !hasControls(c)).sort();
  return { word: partial, candidates };
}
