/** kubectl get and describe: reads of the cluster state and the text's objects. */
import { stringify } from 'yaml';
import {
  describeController,
  describeEndpoints,
  describeGeneric,
  describeNetworkPolicy,
  describePod,
  describeService,
  listItems,
  printTable,
  type Item,
  type ResourceType,
} from '../../../core/print/kubectl.ts';
import type { CommandResult, Env } from '../../types.ts';
import { notFound, parseSelector, targets, type Flags } from './args.ts';

function yaml(value: unknown): string {
  return stringify(value, { version: '1.1', indentSeq: false, sortMapEntries: true, lineWidth: 0 });
}

const OUTPUTS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

export function get(env: Env, flags: Flags, positional: string[]): CommandResult {
  const t = targets(positional);
  if ('error' in t) {
    if (t.error) return { err: t.error, code: 1 };
    return {
      err: 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples',
      code: 1,
    };
  }
  const output = flags.output;
  if (output !== undefined && !['wide', 'yaml', 'json', 'name'].includes(output))
    return { err: `error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${OUTPUTS}`, code: 1 };
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
    const value = single
      ? all[0]!.object
      : { apiVersion: 'v1', items: all.map((i) => i.object), kind: 'List', metadata: { resourceVersion: '', selfLink: '' } };
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
  if (tables.length === 0 && !err)
    // kubectl says so on stderr and succeeds.
    return { err: flags.allNamespaces ? 'No resources found' : `No resources found in ${namespace} namespace.`, code: 0 };
  return { out: tables.join('\n\n'), err, code: err ? 1 : 0 };
}

export function describe(env: Env, flags: Flags, positional: string[]): CommandResult {
  const t = targets(positional);
  if ('error' in t)
    return {
      err:
        t.error ||
        'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.',
      code: 1,
    };
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
      return describePod(
        state,
        state.pods.find((p) => p.namespace === it.namespace && p.name === it.name)!,
      );
    case 'services':
      return describeService(
        state,
        state.services.find((s) => s.namespace === it.namespace && s.name === it.name)!,
      );
    case 'endpoints':
      return describeEndpoints(state.endpoints.find((e) => e.namespace === it.namespace && e.name === it.name)!);
    case 'replicationcontrollers':
    case 'replicasets':
      return (
        describeController(src, it.type.kind as 'ReplicationController' | 'ReplicaSet', it.namespace ?? 'default', it.name) ??
        describeGeneric(it)
      );
    case 'networkpolicies':
      return describeNetworkPolicy(
        state.networkPolicies.find((p) => p.metadata.namespace === it.namespace && p.metadata.name === it.name)!,
      );
    default:
      return describeGeneric(it);
  }
}
