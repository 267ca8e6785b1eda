/**
 * kubectl against the simulated cluster: get, describe, create, apply, delete, scale, exec,
 * version, cluster-info. Reads come from the cluster state; writes edit the scenario text
 * (one document per object) and hand it to the page, which re-simulates. A written object is
 * checked as the API server would: the simulation's diagnostics for its document become the
 * server's refusal, and the text is left unchanged.
 */
import { stringify } from 'yaml';
import { addDocument, documentsOf, findDocument, removeDocument, replaceDocument, setReplicas, withoutStatus, type DocumentInfo } from '../../core/edit-objects.ts';
import { simulate } from '../../core/index.ts';
import { containersOn } from '../../core/print/docker.ts';
import {
  describeController,
  describeEndpoints,
  describeGeneric,
  describePod,
  describeService,
  KUBERNETES_VERSION,
  listItems,
  printTable,
  RESOURCE_TYPES,
  resourceType,
  type Item,
  type ResourceType,
} from '../../core/print/kubectl.ts';
import { resourceName } from '../../core/schema/kinds.ts';
import { resolvePath, visibleFiles } from '../files.ts';
import type { Command, CommandResult, Env } from '../types.ts';
import { execIn } from './docker.ts';

type Lookup = Parameters<typeof execIn>[4];

interface Flags {
  namespace?: string;
  allNamespaces: boolean;
  output?: string;
  selector?: string;
  files: string[];
  replicas?: string;
  container?: string;
  interactive: boolean;
  showLabels: boolean;
  noHeaders: boolean;
  all: boolean;
  /** Words after `--`. */
  command?: string[];
}

const FLAGS_WITH_VALUE: Readonly<Record<string, keyof Flags>> = {
  '-n': 'namespace',
  '--namespace': 'namespace',
  '-o': 'output',
  '--output': 'output',
  '-l': 'selector',
  '--selector': 'selector',
  '-f': 'files',
  '--filename': 'files',
  '--replicas': 'replicas',
  '-c': 'container',
  '--container': 'container',
};

function parseArgs(sub: string, args: readonly string[]): { flags: Flags; positional: string[] } | CommandResult {
  const flags: Flags = { allNamespaces: false, files: [], interactive: false, showLabels: false, noHeaders: false, all: false };
  const positional: string[] = [];
  const set = (key: keyof Flags, value: string) => {
    if (key === 'files') flags.files.push(value);
    else (flags as unknown as Record<string, string>)[key] = value;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      flags.command = args.slice(i + 1);
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const key = FLAGS_WITH_VALUE[name];
    if (key) {
      const value = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined) return { err: `error: flag needs an argument: ${name.startsWith('--') ? `--${name.slice(2)}` : `'${name.slice(1)}' in ${name}`}\nSee 'kubectl ${sub} --help' for usage.`, code: 1 };
      set(key, value);
      continue;
    }
    if (!a.startsWith('--') && a.length > 2 && FLAGS_WITH_VALUE[a.slice(0, 2)]) {
      set(FLAGS_WITH_VALUE[a.slice(0, 2)]!, a.slice(2).replace(/^=/, ''));
      continue;
    }
    switch (a) {
      case '-A':
      case '--all-namespaces':
        flags.allNamespaces = true;
        break;
      case '--show-labels':
        flags.showLabels = true;
        break;
      case '--no-headers':
        flags.noHeaders = true;
        break;
      case '--all':
        flags.all = true;
        break;
      case '-i':
      case '-t':
      case '-it':
      case '-ti':
      case '--stdin':
      case '--tty':
        if (a !== '-t' && a !== '--tty') flags.interactive = true;
        break;
      case '-w':
      case '--watch':
        return { err: 'error: --watch is not simulated: the playground shows a snapshot; run the command again after a change.', code: 1 };
      default:
        return a.startsWith('--') ? { err: `error: unknown flag: ${name}\nSee 'kubectl ${sub} --help' for usage.`, code: 1 } : { err: `error: unknown shorthand flag: '${a[1]}' in ${a}\nSee 'kubectl ${sub} --help' for usage.`, code: 1 };
    }
  }
  return { flags, positional };
}

type Selector = (labels: Readonly<Record<string, string>>) => boolean;

/** A label selector as kubectl reads `-l`: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`. */
export function parseSelector(text: string): Selector | { error: string } {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const tests: Selector[] = [];
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^([A-Za-z0-9._/-]+)\s*(==|=|!=)\s*([A-Za-z0-9._-]*)$/.exec(p))) {
      const [, k, op, v] = m;
      tests.push(op === '!=' ? (l) => l[k!] !== v : (l) => l[k!] === v);
    } else if ((m = /^([A-Za-z0-9._/-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
      const [, k, op, list] = m;
      const values = list!.split(',').map((v) => v.trim());
      tests.push(op === 'in' ? (l) => l[k!] !== undefined && values.includes(l[k!]!) : (l) => l[k!] === undefined || !values.includes(l[k!]!));
    } else if ((m = /^(!?)([A-Za-z0-9._/-]+)$/.exec(p))) {
      const [, not, k] = m;
      tests.push(not ? (l) => !Object.hasOwn(l, k!) : (l) => Object.hasOwn(l, k!));
    } else return { error: `error: unable to parse requirement: found '${p.replace(/^[A-Za-z0-9._/-]+\s*/, '') || p}', expected: in, notin, =, ==, !=, gt, lt` };
  }
  return (labels) => tests.every((t) => t(labels));
}

const notFound = (type: ResourceType, name: string) => `Error from server (NotFound): ${type.resource} "${name}" not found`;
const unknownType = (word: string) => `error: the server doesn't have a resource type "${word}"`;

/** `TYPE NAME…`, `TYPE/NAME…`, `TYPE,TYPE`: the types and names a command names. */
function targets(positional: readonly string[]): { types: ResourceType[]; names: string[]; all: boolean } | { error: string } {
  if (positional[0]?.includes('/')) {
    const types: ResourceType[] = [];
    const names: string[] = [];
    for (const p of positional) {
      const [t, n] = p.split('/');
      const type = resourceType(t ?? '');
      if (!type) return { error: unknownType(t ?? '') };
      if (!n) return { error: `error: arguments in resource/name form must have a single resource and name` };
      types.push(type);
      names.push(n);
    }
    return { types, names, all: false };
  }
  const [first, ...names] = positional;
  if (!first) return { error: '' };
  if (first === 'all') return { types: ['pods', 'replicationcontrollers', 'services', 'deployments', 'replicasets'].map((r) => RESOURCE_TYPES.find((t) => t.resource === r)!), names, all: true };
  const types: ResourceType[] = [];
  for (const w of first.split(',')) {
    const t = resourceType(w);
    if (!t) return { error: unknownType(w) };
    types.push(t);
  }
  return { types, names, all: false };
}

function yaml(value: unknown): string {
  return stringify(value, { version: '1.1', indentSeq: false, sortMapEntries: true, lineWidth: 0 });
}

const OUTPUTS = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

function get(env: Env, flags: Flags, positional: string[]): CommandResult {
  const t = targets(positional);
  if ('error' in t) {
    if (t.error) return { err: t.error, code: 1 };
    return { err: 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples', code: 1 };
  }
  const output = flags.output;
  if (output !== undefined && !['wide', 'yaml', 'json', 'name'].includes(output)) return { err: `error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${OUTPUTS}`, code: 1 };
  const selector = flags.selector ? parseSelector(flags.selector) : undefined;
  if (selector && 'error' in selector) return { err: selector.error, code: 1 };
  const namespace = flags.namespace ?? 'default';
  const src = { state: env.data.state, objects: env.objects() };
  const byType = new Map<ResourceType, Item[]>();
  let err = '';
  const pairs = positional[0]?.includes('/');
  t.types.forEach((type, i) => {
    let items = listItems(src, type.resource).filter((it) => !type.namespaced || flags.allNamespaces || it.namespace === namespace);
    if (selector) items = items.filter((it) => selector(it.labels));
    const wanted = pairs ? [t.names[i]!] : t.names;
    if (wanted.length > 0) {
      const picked: Item[] = [];
      for (const name of wanted) {
        const hit = items.find((it) => it.name === name);
        if (hit) picked.push(hit);
        else err += `${notFound(type, name)}\n`;
      }
      items = picked;
    }
    byType.set(type, [...(byType.get(type) ?? []), ...items]);
  });
  const all = [...byType.values()].flat();
  if (output === 'yaml' || output === 'json') {
    if (all.length === 0 && err) return { err, code: 1 };
    const single = all.length === 1 && t.names.length === 1;
    const value = single ? all[0]!.object : { apiVersion: 'v1', items: all.map((i) => i.object), kind: 'List', metadata: { resourceVersion: '', selfLink: '' } };
    return { out: output === 'yaml' ? yaml(value) : JSON.stringify(value, null, 4), err, code: err ? 1 : 0 };
  }
  if (output === 'name') return { out: all.map((i) => `${i.type.prefix}/${i.name}`).join('\n'), err, code: err ? 1 : 0 };
  const several = t.types.length > 1 || t.all;
  const tables = [...byType]
    .filter(([, items]) => items.length > 0)
    .map(([type, items]) =>
      printTable(type.resource, items, {
        wide: output === 'wide',
        namespaceColumn: flags.allNamespaces && type.namespaced,
        kindPrefix: several,
        noHeaders: flags.noHeaders,
        showLabels: flags.showLabels,
      }),
    );
  if (tables.length === 0 && !err) return { err: flags.allNamespaces ? 'No resources found' : `No resources found in ${namespace} namespace.` };
  return { out: tables.join('\n\n'), err, code: err ? 1 : 0 };
}

function describe(env: Env, flags: Flags, positional: string[]): CommandResult {
  const t = targets(positional);
  if ('error' in t) return { err: t.error || 'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.', code: 1 };
  const namespace = flags.namespace ?? 'default';
  const src = { state: env.data.state, objects: env.objects() };
  const out: string[] = [];
  let err = '';
  const pairs = positional[0]?.includes('/');
  t.types.forEach((type, i) => {
    const items = listItems(src, type.resource).filter((it) => !type.namespaced || flags.allNamespaces || it.namespace === namespace);
    const wanted = pairs ? [t.names[i]!] : t.names;
    let picked: Item[];
    if (wanted.length === 0) picked = items;
    else {
      picked = [];
      for (const name of wanted) {
        const exact = items.filter((it) => it.name === name);
        // kubectl describe falls back to every object whose name starts with the one given.
        const hits = exact.length > 0 ? exact : items.filter((it) => it.name.startsWith(name));
        if (hits.length === 0) err += `${notFound(type, name)}\n`;
        picked.push(...hits);
      }
    }
    for (const it of picked) out.push(describeItem(env, it));
  });
  if (out.length === 0 && !err) return { err: `No resources found in ${namespace} namespace.` };
  return { out: out.join('\n\n\n'), err, code: err ? 1 : 0 };
}

function describeItem(env: Env, it: Item): string {
  const { state } = env.data;
  const src = { state, objects: env.objects() };
  switch (it.type.resource) {
    case 'pods':
      return describePod(state, state.pods.find((p) => p.namespace === it.namespace && p.name === it.name)!);
    case 'services':
      return describeService(state, state.services.find((s) => s.namespace === it.namespace && s.name === it.name)!);
    case 'endpoints':
      return describeEndpoints(state.endpoints.find((e) => e.namespace === it.namespace && e.name === it.name)!);
    case 'replicationcontrollers':
    case 'replicasets':
      return describeController(src, it.type.kind as 'ReplicationController' | 'ReplicaSet', it.namespace ?? 'default', it.name) ?? describeGeneric(it);
    default:
      return describeGeneric(it);
  }
}

interface FileDoc {
  readonly file: string;
  readonly doc: DocumentInfo;
}

function readManifests(env: Env, files: readonly string[]): { docs: FileDoc[]; err: string } {
  const visible = visibleFiles(env);
  const docs: FileDoc[] = [];
  let err = '';
  for (const f of files) {
    const text = f === '-' ? env.stdin : visible.get(resolvePath(env.location.cwd, f));
    if (text === undefined) {
      err += `error: the path "${f}" does not exist\n`;
      continue;
    }
    for (const doc of documentsOf(text)) docs.push({ file: f, doc });
  }
  return { docs, err };
}

/** The API server's answer to an object whose document the simulation finds errors in, if any. */
function refusal(text: string, doc: DocumentInfo, at: number, file: string, verb: string): string | undefined {
  const errors = simulate(text).diagnostics.filter((d) => d.severity === 'error' && d.document === at);
  const first = errors[0];
  if (!first) return undefined;
  if (first.code.startsWith('yaml')) return `error: error parsing ${file}: ${first.message}`;
  if (['unknown-kind', 'wrong-api-version', 'missing-kind', 'missing-api-version'].includes(first.code)) return `error: ${first.message}\nensure CRDs are installed first`;
  if (first.code === 'unknown-field' || first.code === 'wrong-type') return `Error from server (BadRequest): error when ${verb} "${file}": ${doc.kind} in version "${doc.apiVersion ?? 'v1'}" cannot be handled as a ${doc.kind}: ${first.message}`;
  return `The ${doc.kind} "${doc.name ?? ''}" is invalid: ${errors.map((e) => e.message).join(', ')}`;
}

function prefixOf(kind: string): string {
  return resourceType(kind)?.prefix ?? kind.toLowerCase();
}

/** create, apply and delete -f: one answer per document of the files, one new text for all. */
function writeFiles(env: Env, verb: 'create' | 'apply' | 'delete', flags: Flags): CommandResult {
  if (flags.files.length === 0) return { err: `error: must specify one of -f and -k\n\nerror: required flag(s) "filename" not set`, code: 1 };
  const { docs, err: readErr } = readManifests(env, flags.files);
  let text = env.data.text;
  let out = '';
  let err = readErr;
  const gerund = { create: 'creating', apply: 'applying', delete: 'deleting' }[verb];
  for (const { file, doc } of docs) {
    if (!doc.kind) {
      err += `error: error validating "${file}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n`;
      continue;
    }
    if (doc.kind === 'Cluster') {
      err += `error: unable to recognize "${file}": no matches for kind "Cluster" in version "${doc.apiVersion ?? ''}"\n`;
      continue;
    }
    if (!doc.name) {
      err += `The ${doc.kind} "" is invalid: metadata.name: Required value: name or generateName is required\n`;
      continue;
    }
    // The namespace the manifest itself names (under its top-level metadata), if any.
    const own = /^metadata:[ \t]*\n(?:[ \t]+.*\n)*?[ \t]+namespace:[ \t]*["']?([\w.-]+)/m.exec(doc.body)?.[1];
    if (flags.namespace && own && own !== flags.namespace) {
      err += `error: the namespace from the provided object "${own}" does not match the namespace "${flags.namespace}". You must pass '--namespace=${own}' to perform this operation.\n`;
      continue;
    }
    const ref = { kind: doc.kind, name: doc.name, namespace: flags.namespace ?? doc.namespace };
    const id = `${prefixOf(doc.kind)}/${doc.name}`;
    const plural = resourceType(doc.kind)?.resource ?? resourceName(doc.kind);
    const existing = findDocument(text, ref);
    if (verb === 'delete') {
      const next = removeDocument(text, ref);
      if (next === undefined) err += `Error from server (NotFound): error when deleting "${file}": ${plural} "${doc.name}" not found\n`;
      else {
        text = next;
        out += `${prefixOf(doc.kind).replace(/\..*$/, '')} "${doc.name}" deleted\n`;
      }
      continue;
    }
    if (existing && verb === 'create') {
      err += `Error from server (AlreadyExists): error when ${gerund} "${file}": ${plural} "${doc.name}" already exists\n`;
      continue;
    }
    // -n puts an object that names no namespace into that one, as kubectl does.
    const body = inNamespace(withoutStatus(doc.body), flags.namespace && !own ? flags.namespace : undefined);
    if (existing && existing.body.trimEnd() === body.trimEnd()) {
      out += `${id} unchanged\n`;
      continue;
    }
    const next = existing ? replaceDocument(text, ref, body)! : addDocument(text, body);
    const at = existing ? existing.index : documentsOf(next).at(-1)!.index;
    const refused = refusal(next, doc, at, file, gerund);
    if (refused) {
      err += `${refused}\n`;
      continue;
    }
    text = next;
    out += `${id} ${existing ? 'configured' : 'created'}\n`;
  }
  if (text !== env.data.text) commit(env, text);
  return { out, err, code: err ? 1 : 0 };
}

function commit(env: Env, text: string): void {
  env.session.context.setText(text);
  env.session.effect({ kind: 'text', text });
}

function deleteNamed(env: Env, flags: Flags, positional: string[]): CommandResult {
  const t = targets(positional);
  if ('error' in t) return { err: t.error || 'error: You must provide one or more resources by argument or filename.', code: 1 };
  const pairs = positional[0]?.includes('/');
  const namespace = flags.namespace ?? 'default';
  let text = env.data.text;
  let out = '';
  let err = '';
  const src = { state: env.data.state, objects: env.objects() };
  t.types.forEach((type, i) => {
    const wanted = pairs ? [t.names[i]!] : t.names;
    if (wanted.length === 0) {
      err += 'error: resource(s) were provided, but no name was specified\n';
      return;
    }
    for (const name of wanted) {
      const ref = { kind: type.kind, name, namespace: type.namespaced ? namespace : 'default' };
      const next = removeDocument(text, ref);
      const shown = `${type.prefix.replace(/\..*$/, '')} "${name}" deleted\n`;
      if (next !== undefined) {
        text = next;
        out += shown;
        continue;
      }
      const exists = listItems(src, type.resource).some((it) => it.name === name && (!type.namespaced || it.namespace === namespace));
      if (!exists) err += `${notFound(type, name)}\n`;
      else if (type.resource === 'nodes' || type.resource === 'namespaces') err += `error: ${type.resource} "${name}" belong to the cluster the playground simulates: edit the Cluster document to change them\n`;
      // A pod of a controller, an endpoints object, a deployment's replica set: gone, and made again by its controller.
      else out += shown;
    }
  });
  if (text !== env.data.text) commit(env, text);
  return { out, err, code: err ? 1 : 0 };
}

function scale(env: Env, flags: Flags, positional: string[]): CommandResult {
  if (flags.replicas === undefined) return { err: 'error: required flag(s) "replicas" not set', code: 1 };
  if (!/^-?\d+$/.test(flags.replicas)) return { err: `error: invalid argument "${flags.replicas}" for "--replicas" flag: strconv.ParseInt: parsing "${flags.replicas}": invalid syntax\nSee 'kubectl scale --help' for usage.`, code: 1 };
  const replicas = Number(flags.replicas);
  if (replicas < 0) return { err: 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0', code: 1 };
  const t = targets(positional);
  if ('error' in t || t.names.length === 0) return { err: ('error' in t && t.error) || 'error: resource(s) were provided, but no name was specified', code: 1 };
  const pairs = positional[0]?.includes('/');
  let text = env.data.text;
  let out = '';
  let err = '';
  t.types.forEach((type, i) => {
    const wanted = pairs ? [t.names[i]!] : t.names;
    for (const name of wanted) {
      if (!['replicationcontrollers', 'replicasets', 'deployments'].includes(type.resource)) {
        err += `error: no objects passed to scale\n`;
        continue;
      }
      const next = setReplicas(text, { kind: type.kind, name, namespace: flags.namespace ?? 'default' }, replicas);
      if (next === undefined) {
        err += `${notFound(type, name)}\n`;
        continue;
      }
      text = next;
      out += `${type.prefix}/${name} scaled\n`;
    }
  });
  if (text !== env.data.text) commit(env, text);
  return { out, err, code: err ? 1 : 0 };
}

function exec(env: Env, flags: Flags, positional: string[], lookup: Lookup): CommandResult {
  const [podName, ...old] = positional;
  let command = flags.command ?? [];
  let err = '';
  if (!flags.command && old.length > 0) {
    command = old;
    err = 'kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n';
  }
  if (!podName || command.length === 0) return { err: 'error: you must specify at least one command for the container', code: 1 };
  const namespace = flags.namespace ?? 'default';
  const pod = env.data.state.pods.find((p) => p.namespace === namespace && p.name === podName.replace(/^pods?\//, ''));
  if (!pod) return { err: `Error from server (NotFound): pods "${podName}" not found`, code: 1 };
  const name = flags.container ?? pod.spec.containers[0]?.name;
  if (!pod.spec.containers.some((c) => c.name === name)) return { err: `Error from server (BadRequest): container ${name} is not valid for pod ${pod.name}`, code: 1 };
  if (pod.phase !== 'Running' || !pod.node) return { err: `error: unable to upgrade connection: pod does not exist`, code: 1 };
  const target = containersOn(env.data.state, pod.node).find((c) => c.pod === pod && c.container.name === name);
  if (!target) return { err: `error: unable to upgrade connection: container not found ("${name}")`, code: 1 };
  const r = execIn(env, target, command, flags.interactive, lookup);
  return { ...r, err: err + (r.err ?? '') };
}

const KUBECTL_USAGE = `kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/overview/

Basic Commands (Beginner):
  create        Create a resource from a file or from stdin.

Basic Commands (Intermediate):
  get           Display one or many resources
  delete        Delete resources by filenames, stdin, resources and names, or by resources and label selector

Deploy Commands:
  scale         Set a new size for a Deployment, ReplicaSet or Replication Controller

Troubleshooting and Debugging Commands:
  describe      Show details of a specific resource or group of resources
  exec          Execute a command in a container

Advanced Commands:
  apply         Apply a configuration to a resource by filename or stdin

Other Commands:
  cluster-info  Display cluster info
  version       Print the client and server version information

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.`;

export function kubectlCommand(lookup: Lookup): Command {
  return (args, env) => {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') return { out: KUBECTL_USAGE };
    const parsed = parseArgs(sub, rest);
    if (!('flags' in parsed)) return parsed;
    const { flags, positional } = parsed;
    switch (sub) {
      case 'get':
        return get(env, flags, positional);
      case 'describe':
        return describe(env, flags, positional);
      case 'create':
      case 'apply':
        return writeFiles(env, sub, flags);
      case 'delete':
        return flags.files.length > 0 ? writeFiles(env, 'delete', flags) : deleteNamed(env, flags, positional);
      case 'scale':
        return scale(env, flags, positional);
      case 'exec':
        return exec(env, flags, positional, lookup);
      case 'version':
        return { out: `Client Version: ${KUBERNETES_VERSION}\nServer Version: ${KUBERNETES_VERSION}` };
      case 'cluster-info': {
        const master = env.data.state.cluster.nodes[0];
        return { out: `Kubernetes master is running at https://${master?.ip ?? '127.0.0.1'}:6443\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.` };
      }
      case 'logs': {
        const pod = env.data.state.pods.find((p) => p.namespace === (flags.namespace ?? 'default') && p.name === positional[0]);
        if (!pod) return { err: `Error from server (NotFound): pods "${positional[0] ?? ''}" not found`, code: 1 };
        return { out: '' };
      }
      default:
        return { err: `Error: unknown command "${sub}" for "kubectl"\nRun 'kubectl --help' for usage.`, code: 1 };
    }
  };
}

/** Adds `namespace:` under the manifest's `metadata:` (the first one, at the top level). */
function inNamespace(body: string, namespace: string | undefined): string {
  if (!namespace) return body;
  return body.replace(/^metadata:[ \t]*\n/m, (line) => `${line}  namespace: ${namespace}\n`);
}
