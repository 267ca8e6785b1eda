/**
 * crictl on a containerd node: pods, ps, inspectp, inspect. IDs may be abbreviated to any unique
 * prefix, as containerd's ID index allows. Errors come as crictl logs them (logrus on a terminal).
 */
import {
  criContainersOn,
  crictlPods,
  crictlPs,
  findById,
  goJson,
  inspectContainer,
  inspectSandbox,
  sandboxesOn,
} from '../../core/print/crictl.ts';
import type { Command, CommandResult } from '../types.ts';

const fail = (message: string): CommandResult => ({ err: `ERRO[0000] ${message}`, code: 1 });

/** Go's flag package names an unknown flag with one dash, however many were typed. */
const badFlag = (flag: string): CommandResult => {
  const said = `flag provided but not defined: -${flag.replace(/^-+/, '')}`;
  return { err: `Incorrect Usage: ${said}\nERRO[0000] ${said}`, code: 1 };
};

const crictlUsage = (answered: string) => `NAME:
   crictl - client for CRI

USAGE:
   crictl [global options] command [command options]

COMMANDS (${answered}):
   inspect   Display the status of one or more containers
   inspectp  Display the status of one or more pods
   pods      List pods
   ps        List containers`;

interface Parsed {
  readonly bool: Set<string>;
  readonly values: Map<string, string>;
  readonly positional: string[];
  readonly bad?: string;
}

/** urfave/cli's flags: -q, --quiet, -o json, --name=x; short booleans may be grouped (-aq). */
function parseFlags(args: readonly string[], booleans: Record<string, string>, valued: Record<string, string>): Parsed {
  const bool = new Set<string>();
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const name = flag.replace(/^--?/, '');
    if (Object.hasOwn(booleans, name)) bool.add(booleans[name]!);
    else if (Object.hasOwn(valued, name)) {
      const value = inline ?? args[++i];
      if (value === undefined) return { bool, values, positional, bad: `flag needs an argument: ${flag}` };
      values.set(valued[name]!, value);
    } else if (/^-[a-z]{2,}$/.test(flag) && [...name].every((c) => Object.hasOwn(booleans, c)))
      for (const c of name) bool.add(booleans[c]!);
    else return { bool, values, positional, bad: flag };
  }
  return { bool, values, positional };
}

const LIST_BOOLEANS = { q: 'quiet', quiet: 'quiet', 'no-trunc': 'no-trunc', a: 'all', all: 'all' };
const STATUS_BOOLEANS = { q: 'quiet', quiet: 'quiet' };

/** A regular expression from a filter flag, or a match-all when the flag is absent. */
function matcher(pattern: string | undefined): RegExp | { error: string } {
  if (pattern === undefined) return /(?:)/;
  try {
    return new RegExp(pattern);
  } catch {
    return { error: `compile regex: error parsing regexp: ${pattern}` };
  }
}

export const crictl: Command = (args, env) => {
  const [sub, ...rest] = args;
  const node = env.here.node.name;
  const state = env.data.state;
  switch (sub) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return { out: crictlUsage(env.session.words().answeredCommands) };
    case 'pods':
    case 'ps': {
      const p = parseFlags(rest, LIST_BOOLEANS, { name: 'name', namespace: 'namespace', o: 'output', output: 'output' });
      if (p.bad) return p.bad.startsWith('flag needs') ? fail(p.bad) : badFlag(p.bad);
      const output = p.values.get('output') ?? 'table';
      if (output !== 'table') return fail(`unsupported output format "${output}"`);
      const name = matcher(p.values.get('name'));
      const namespace = matcher(p.values.get('namespace'));
      if ('error' in name) return fail(name.error);
      if ('error' in namespace) return fail(namespace.error);
      const options = { quiet: p.bool.has('quiet'), noTrunc: p.bool.has('no-trunc') };
      if (sub === 'pods') {
        const list = sandboxesOn(state, node).filter((s) => name.test(s.pod.name) && namespace.test(s.pod.namespace));
        return { out: crictlPods(list, options) };
      }
      const list = criContainersOn(state, node).filter((c) => name.test(c.container.name) && namespace.test(c.sandbox.pod.namespace));
      return { out: crictlPs(list, options) };
    }
    case 'inspectp':
    case 'inspect': {
      const p = parseFlags(rest, STATUS_BOOLEANS, { o: 'output', output: 'output' });
      if (p.bad) return p.bad.startsWith('flag needs') ? fail(p.bad) : badFlag(p.bad);
      const output = p.values.get('output') ?? 'json';
      if (output !== 'json') return fail(`unsupported format: "${output}"`);
      if (p.positional.length === 0) return fail('ID cannot be empty');
      const objects: Record<string, unknown>[] = [];
      for (const ref of p.positional) {
        if (sub === 'inspectp') {
          const r = findById(sandboxesOn(state, node), (s) => s.pause.id, ref);
          if (!r.found) return fail(notFound('pod sandbox', 'sandbox', ref, r.ambiguous));
          objects.push(inspectSandbox(env.data.dataplane, r.found));
        } else {
          const r = findById(criContainersOn(state, node), (c) => c.container.id, ref);
          if (!r.found) return fail(notFound('container', 'container', ref, r.ambiguous));
          objects.push(inspectContainer(r.found));
        }
      }
      // quiet asks the runtime for the status alone, without containerd's verbose info.
      const shown = p.bool.has('quiet') ? objects.map((o) => ({ status: o.status })) : objects;
      return { out: goJson(shown.length === 1 ? shown[0] : shown) };
    }
    default:
      return { err: `No help topic for '${sub}'`, code: 3 };
  }
};

function notFound(what: string, store: string, ref: string, ambiguous?: boolean): string {
  const cause = ambiguous ? `ambiguous ID "${ref}"` : 'not found';
  return `get ${what} status: rpc error: code = NotFound desc = an error occurred when try to find ${store} "${ref}": ${cause}`;
}
