/**
 * The files the shell sees. On a node: the lab's manifests in root's home, one file per document
 * of the scenario (`frontend-controller.yaml`, `frontend-service.yaml`, …), files the student
 * wrote with `>`, and the node's own files (systemd units, /etc/hosts, sysctls). In a container:
 * the files kubelet gives a pod. A manifest file outlives its document (delete it with kubectl,
 * create it again from the file), as a file on disk would.
 */
import { documentsOf, type DocumentInfo } from '../core/edit-objects.ts';
import { nodeFiles, podHosts } from '../core/print/node-files.ts';
import { podDnsConf } from '../core/dns/cluster-dns.ts';
import { formatResolvConf } from '../core/dns/resolv-conf.ts';
import { isSubdomain } from '../core/validate/fields.ts';
import type { Env } from './types.ts';

export const HOME = '/root';

const SUFFIX: Readonly<Record<string, string>> = {
  ReplicationController: 'controller',
  ReplicaSet: 'replicaset',
  Deployment: 'deployment',
  Service: 'service',
  Pod: 'pod',
  Endpoints: 'endpoints',
  Namespace: 'namespace',
};

/**
 * A sensible file name for each document: `<name>-<kind>.yaml`, `cluster.yaml` for the Cluster.
 * Only a valid object name, kind and namespace become part of one (never a slash, a space or
 * a control character): others give `document-N`.
 */
export function documentFileNames(docs: readonly DocumentInfo[]): string[] {
  const taken = new Set<string>();
  const safe = (word: string | undefined) => (word !== undefined && isSubdomain(word.toLowerCase()) ? word.toLowerCase() : undefined);
  return docs.map((d) => {
    const name = safe(d.name) ?? `document-${d.index + 1}`;
    const base = d.kind === 'Cluster' ? 'cluster' : `${name}-${SUFFIX[d.kind ?? ''] ?? safe(d.kind) ?? 'object'}`;
    let file = `${base}.yaml`;
    if (taken.has(file)) file = `${base}-${safe(d.namespace) ?? d.index + 1}.yaml`;
    for (let i = 2; taken.has(file); i++) file = `${base}-${i}.yaml`;
    taken.add(file);
    return file;
  });
}

/** Keeps a session's home in step with the text: a document that changed rewrites its file. */
export class ManifestFiles {
  readonly files = new Map<string, string>();
  private readonly synced = new Map<string, string>();
  private lastText: string | undefined;

  sync(text: string): void {
    if (text === this.lastText) return;
    this.lastText = text;
    const docs = documentsOf(text);
    documentFileNames(docs).forEach((name, i) => {
      const path = `${HOME}/${name}`;
      const body = docs[i]!.body;
      if (this.synced.get(path) === body) return;
      this.synced.set(path, body);
      this.files.set(path, body);
    });
  }
}

/** Every file visible from where the shell is, by absolute path. */
export function visibleFiles(env: Env): Map<string, string> {
  const { here } = env;
  if (here.pod && here.container) {
    return new Map([
      ['/etc/hosts', podHosts(here.pod)],
      ['/etc/hostname', `${here.hostname}\n`],
      ['/etc/resolv.conf', formatResolvConf(podDnsConf(env.data.state.cluster, here.pod))],
    ]);
  }
  const files = nodeFiles(env.data.state.cluster, here.node, here.nodeNs);
  for (const [path, content] of env.session.files) files.set(path, content);
  return files;
}

/** An absolute, normalised path. */
export function resolvePath(cwd: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

/** The directories that exist: those of the files, and the usual ones. */
export function isDirectory(files: ReadonlyMap<string, string>, path: string): boolean {
  if (['/', HOME, '/tmp', '/etc'].includes(path)) return true;
  const prefix = path.endsWith('/') ? path : `${path}/`;
  for (const f of files.keys()) if (f.startsWith(prefix)) return true;
  return false;
}

/** The names in a directory, sorted as ls sorts them (C locale: by byte). */
export function listDirectory(files: ReadonlyMap<string, string>, dir: string): string[] {
  const prefix = dir === '/' ? '/' : `${dir}/`;
  const names = new Set<string>();
  if (dir === '/') for (const d of ['etc', 'root', 'tmp', 'proc']) names.add(d);
  for (const f of files.keys()) if (f.startsWith(prefix)) names.add(f.slice(prefix.length).split('/')[0]!);
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The directory `\W` shows in the prompt: `~` for home. */
export function promptDir(cwd: string): string {
  if (cwd === HOME) return '~';
  if (cwd === '/') return '/';
  return cwd.slice(cwd.lastIndexOf('/') + 1);
}
