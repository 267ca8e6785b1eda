/**
 * kubectl create, apply, delete and scale: writes edit the scenario text (one document per
 * object) and hand it to the page, which re-simulates. A written object is checked as the API
 * server would: the simulation's diagnostics for its document become the server's refusal, and
 * the text is left unchanged.
 */
import {
  addDocument,
  documentsOf,
  findDocument,
  removeDocument,
  replaceDocument,
  setReplicas,
  withoutStatus,
  type DocumentInfo,
} from '../../../core/edit-objects.ts';
import { replicasProblem, simulate } from '../../../core/index.ts';
import { listItems, resourceType } from '../../../core/print/kubectl.ts';
import { resourceName } from '../../../core/schema/kinds.ts';
import { resolvePath, visibleFiles } from '../../files.ts';
import type { CommandResult, Env } from '../../types.ts';
import { notFound, targets, type Flags } from './args.ts';

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
  if (['unknown-kind', 'wrong-api-version', 'missing-kind', 'missing-api-version'].includes(first.code))
    return `error: ${first.message}\nensure CRDs are installed first`;
  if (first.code === 'unknown-field' || first.code === 'wrong-type')
    return `Error from server (BadRequest): error when ${verb} "${file}": ${doc.kind} in version "${doc.apiVersion ?? 'v1'}" cannot be handled as a ${doc.kind}: ${first.message}`;
  return `The ${doc.kind} "${doc.name ?? ''}" is invalid: ${errors.map((e) => e.message).join(', ')}`;
}

function prefixOf(kind: string): string {
  return resourceType(kind)?.prefix ?? kind.toLowerCase();
}

/** create, apply and delete -f: one answer per document of the files, one new text for all. */
export function writeFiles(env: Env, verb: 'create' | 'apply' | 'delete', flags: Flags): CommandResult {
  if (flags.files.length === 0)
    return { err: `error: must specify one of -f and -k\n\nerror: required flag(s) "filename" not set`, code: 1 };
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

export function deleteNamed(env: Env, flags: Flags, positional: string[]): CommandResult {
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
      else if (type.resource === 'nodes' || type.resource === 'namespaces')
        err += `${env.session.words().clusterObject(type.resource, name)}\n`;
      // A pod of a controller, an endpoints object, a deployment's replica set: gone, and made again by its controller.
      else out += shown;
    }
  });
  if (text !== env.data.text) commit(env, text);
  return { out, err, code: err ? 1 : 0 };
}

export function scale(env: Env, flags: Flags, positional: string[]): CommandResult {
  if (flags.replicas === undefined) return { err: 'error: required flag(s) "replicas" not set', code: 1 };
  if (!/^-?\d+$/.test(flags.replicas))
    return {
      err: `error: invalid argument "${flags.replicas}" for "--replicas" flag: strconv.ParseInt: parsing "${flags.replicas}": invalid syntax\nSee 'kubectl scale --help' for usage.`,
      code: 1,
    };
  const replicas = Number(flags.replicas);
  if (replicas < 0) return { err: 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0', code: 1 };
  const t = targets(positional);
  if ('error' in t || t.names.length === 0)
    return { err: ('error' in t && t.error) || 'error: resource(s) were provided, but no name was specified', code: 1 };
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
      // The API server refuses a count past the playground's limit, as the text's validation does.
      const invalid = replicasProblem(replicas);
      if (invalid) {
        err += `The ${type.kind} "${name}" is invalid: ${invalid}\n`;
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

/** Adds `namespace:` under the manifest's `metadata:` (the first one, at the top level). */
function inNamespace(body: string, namespace: string | undefined): string {
  if (!namespace) return body;
  return body.replace(/^metadata:[ \t]*\n/m, (line) => `${line}  namespace: ${namespace}\n`);
}
