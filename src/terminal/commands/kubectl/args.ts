/**
 * kubectl's command line: flags, label selectors, and the `TYPE NAME…` / `TYPE/NAME` targets a
 * command names, with kubectl's own messages for what it cannot read.
 */
import { RESOURCE_TYPES, resourceType, type ResourceType } from '../../../core/print/kubectl.ts';
import type { ShellWords } from '../../../i18n/shell-words.ts';
import type { CommandResult } from '../../types.ts';

export interface Flags {
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

export function parseArgs(sub: string, args: readonly string[], words: ShellWords): { flags: Flags; positional: string[] } | CommandResult {
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
      if (value === undefined)
        return {
          err: `error: flag needs an argument: ${name.startsWith('--') ? `--${name.slice(2)}` : `'${name.slice(1)}' in ${name}`}\nSee 'kubectl ${sub} --help' for usage.`,
          code: 1,
        };
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
        return { err: words.noWatch, code: 1 };
      default:
        return a.startsWith('--')
          ? { err: `error: unknown flag: ${name}\nSee 'kubectl ${sub} --help' for usage.`, code: 1 }
          : { err: `error: unknown shorthand flag: '${a[1]}' in ${a}\nSee 'kubectl ${sub} --help' for usage.`, code: 1 };
    }
  }
  return { flags, positional };
}

export type Selector = (labels: Readonly<Record<string, string>>) => boolean;

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
      tests.push(
        op === 'in' ? (l) => l[k!] !== undefined && values.includes(l[k!]!) : (l) => l[k!] === undefined || !values.includes(l[k!]!),
      );
    } else if ((m = /^(!?)([A-Za-z0-9._/-]+)$/.exec(p))) {
      const [, not, k] = m;
      tests.push(not ? (l) => !Object.hasOwn(l, k!) : (l) => Object.hasOwn(l, k!));
    } else
      return {
        error: `error: unable to parse requirement: found '${p.replace(/^[A-Za-z0-9._/-]+\s*/, '') || p}', expected: in, notin, =, ==, !=, gt, lt`,
      };
  }
  return (labels) => tests.every((t) => t(labels));
}

export const notFound = (type: ResourceType, name: string) => `Error from server (NotFound): ${type.resource} "${name}" not found`;
const unknownType = (word: string) => `error: the server doesn't have a resource type "${word}"`;

/** `TYPE NAME…`, `TYPE/NAME…`, `TYPE,TYPE`: the types and names a command names. */
export function targets(positional: readonly string[]): { types: ResourceType[]; names: string[]; all: boolean } | { error: string } {
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
  if (first === 'all')
    return {
      types: ['pods', 'replicationcontrollers', 'services', 'deployments', 'replicasets'].map((r) =>
        RESOURCE_TYPES.find((t) => t.resource === r)!,
      ),
      names,
      all: true,
    };
  const types: ResourceType[] = [];
  for (const w of first.split(',')) {
    const t = resourceType(w);
    if (!t) return { error: unknownType(w) };
    types.push(t);
  }
  return { types, names, all: false };
}
