/**
 * docker on the node the shell is on: ps, images, inspect, port, exec. Container IDs may be
 * abbreviated to any unique prefix, and names work too, as the daemon allows.
 */
import {
  containersOn,
  dockerInspect,
  dockerName,
  dockerPort,
  dockerPs,
  findContainer,
  inspectObject,
  type DockerContainer,
} from '../../core/print/docker.ts';
import { indexOf } from '../../core/dataplane/lookup.ts';
import { sha256Hex } from '../../core/hash.ts';
import { nsId } from '../../core/namespace-id.ts';
import { DOCKER_TABLE, tabwrite } from '../../core/print/tabwriter.ts';
import type { Command, CommandResult, Env, Here } from '../types.ts';

function usage(cmd: string, min: number, use: string, what: string): CommandResult {
  return {
    err: `"docker ${cmd}" requires ${min === 1 ? 'at least 1 argument' : `at least ${min} arguments`}.\nSee 'docker ${cmd} --help'.\n\nUsage:  docker ${cmd} ${use}\n\n${what}`,
    code: 1,
  };
}

const unknownFlag = (cmd: string, flag: string): CommandResult => ({
  err: `unknown flag: ${flag}\nSee 'docker ${cmd} --help'.`,
  code: 125,
});

/** Where a command runs inside a container: its pod's network namespace. */
export function containerHere(env: Env, c: DockerContainer): Here {
  const index = indexOf(env.data.dataplane);
  const source = nsId.pod(c.pod.namespace, c.pod.name);
  const nodeNs = index.namespace(nsId.node(c.node.name))!;
  const ns = c.pod.hostNetwork ? nodeNs : (index.namespace(source) ?? nodeNs);
  return { node: c.node, nodeNs, ns, pod: c.pod, container: c.container, source, hostname: c.pod.hostNetwork ? c.node.name : c.pod.name };
}

type Lookup = (name: string, inContainer: boolean) => Command | undefined;

const SHELLS = new Set(['bash', 'sh', '/bin/bash', '/bin/sh']);

/**
 * Runs a command in a container (docker exec, kubectl exec): an interactive shell moves the
 * session into it; the pause container has no binaries at all.
 */
export function execIn(env: Env, c: DockerContainer, argv: readonly string[], interactive: boolean, lookup: Lookup): CommandResult {
  const [name, ...args] = argv;
  const notFound = {
    err: `OCI runtime exec failed: exec failed: container_linux.go:349: starting container process caused "exec: \\"${name}\\": executable file not found in $PATH": unknown`,
    code: 126,
  };
  if (c.container.role === 'pause') return notFound;
  if (SHELLS.has(name!)) {
    if (!interactive) return {};
    env.session.push({ node: c.node.name, container: { id: c.container.id } }, '/');
    return {};
  }
  const command = lookup(name!, true);
  if (!command) return notFound;
  const here = containerHere(env, c);
  return command(args, { ...env, here, location: { node: c.node.name, container: { id: c.container.id }, cwd: '/' } });
}

function resolve(env: Env, ref: string, what: 'object' | 'container'): { found?: DockerContainer; err?: string } {
  const list = containersOn(env.data.state, env.here.node.name);
  const r = findContainer(list, ref);
  if (r.ambiguous) return { err: `Error response from daemon: Multiple IDs found with provided prefix: ${ref}` };
  if (!r.found) return { err: `Error: No such ${what}: ${ref}` };
  return { found: r.found };
}

/** A small part of Go templates: `{{.A.B}}` and `{{json .A}}`. */
function template(format: string, object: Record<string, unknown>): string | { error: string } {
  let failed: string | undefined;
  const text = format.replace(/\{\{\s*(json\s+)?\.([A-Za-z0-9_.]*)\s*\}\}/g, (_m, json: string | undefined, path: string) => {
    let value: unknown = object;
    for (const key of path.split('.').filter(Boolean)) {
      if (value === null || typeof value !== 'object') {
        failed = `Template parsing error: template: :1:${format.indexOf('{{') + 3}: executing "" at <.${path}>: map has no entry for key "${key}"`;
        return '';
      }
      value = (value as Record<string, unknown>)[key];
    }
    if (json) return JSON.stringify(value);
    if (value === null || value === undefined) return '<no value>';
    if (typeof value === 'object')
      return Array.isArray(value)
        ? `[${value.join(' ')}]`
        : `map[${Object.entries(value)
            .map(([k, v]) => `${k}:${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
            .join(' ')}]`;
    return String(value);
  });
  if (failed) return { error: failed };
  if (/\{\{/.test(text))
    return { error: `Template parsing error: template: :1: function "${/\{\{\s*(\S+)/.exec(text)?.[1] ?? ''}" not defined` };
  return text;
}

const dockerUsage = (answered: string) => `
Usage:	docker [OPTIONS] COMMAND

A self-sufficient runtime for containers

Commands (${answered}):
  exec        Run a command in a running container
  images      List images
  inspect     Return low-level information on Docker objects
  port        List port mappings or a specific mapping for the container
  ps          List containers

Run 'docker COMMAND --help' for more information on a command.`;

export function dockerCommand(lookup: Lookup): Command {
  return (args, env) => {
    const [sub, ...rest] = args;
    switch (sub) {
      case undefined:
        return { out: dockerUsage(env.session.words().answeredCommands).slice(1) };
      case 'ps': {
        let quiet = false;
        let noTrunc = false;
        for (const a of rest) {
          if (a === '--no-trunc') noTrunc = true;
          else if (a === '--quiet') quiet = true;
          else if (a === '--all') continue;
          else if (/^-[aq]+$/.test(a)) quiet ||= a.includes('q');
          else return unknownFlag('ps', a.startsWith('--') ? a : a.slice(0, 2));
        }
        return { out: dockerPs(containersOn(env.data.state, env.here.node.name), { quiet, noTrunc }) };
      }
      case 'images': {
        const seen = new Map<string, string>();
        for (const c of containersOn(env.data.state, env.here.node.name))
          seen.set(c.container.image, sha256Hex(`image/${c.container.image}`).slice(0, 12));
        const rows = [...seen]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([image, id]) => {
            const [repo, tag] = /:[^/]*$/.test(image)
              ? [image.slice(0, image.lastIndexOf(':')), image.slice(image.lastIndexOf(':') + 1)]
              : [image, 'latest'];
            return [repo, tag, id, '3 years ago', repo.includes('pause') ? '240kB' : '510MB'];
          });
        return {
          out: tabwrite([['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'], ...rows].map((r) => r.join('\t')).join('\n'), DOCKER_TABLE),
        };
      }
      case 'inspect': {
        let format: string | undefined;
        const refs: string[] = [];
        for (let i = 0; i < rest.length; i++) {
          const a = rest[i]!;
          if (a === '-f' || a === '--format') format = rest[++i];
          else if (a.startsWith('--format=')) format = a.slice(9);
          else if (a === '--type') i++;
          else if (a.startsWith('-')) return unknownFlag('inspect', a);
          else refs.push(a);
        }
        if (refs.length === 0)
          return usage('inspect', 1, '[OPTIONS] NAME|ID [NAME|ID...]', 'Return low-level information on Docker objects');
        const found: DockerContainer[] = [];
        let err = '';
        for (const ref of refs) {
          const r = resolve(env, ref, 'object');
          if (r.found) found.push(r.found);
          else err += `${r.err}\n`;
        }
        if (format !== undefined) {
          let out = '';
          for (const c of found) {
            const t = template(format, inspectObject(c));
            if (typeof t !== 'string') return { err: t.error, code: 1 };
            out += `${t}\n`;
          }
          return { out, err, code: err ? 1 : 0 };
        }
        return { out: dockerInspect(found), err, code: err ? 1 : 0 };
      }
      case 'port': {
        if (rest.length === 0)
          return usage('port', 1, 'CONTAINER [PRIVATE_PORT[/PROTO]]', 'List port mappings or a specific mapping for the container');
        const r = resolve(env, rest[0]!, 'container');
        if (!r.found) return { err: r.err, code: 1 };
        const p = dockerPort(r.found, rest[1]);
        return { out: p.out, ...(p.error ? { err: p.error, code: 1 } : {}) };
      }
      case 'exec': {
        let interactive = false;
        let i = 0;
        for (; i < rest.length && rest[i]!.startsWith('-'); i++) {
          const a = rest[i]!;
          if (/^-[it]+$/.test(a)) interactive ||= a.includes('i');
          else if (a === '--interactive') interactive = true;
          else if (a === '--tty') continue;
          else if (a === '-u' || a === '--user' || a === '-e' || a === '--env' || a === '-w' || a === '--workdir') i++;
          else return unknownFlag('exec', a);
        }
        const ref = rest[i];
        const argv = rest.slice(i + 1);
        if (ref === undefined || argv.length === 0)
          return usage('exec', 2, '[OPTIONS] CONTAINER COMMAND [ARG...]', 'Run a command in a running container');
        const r = resolve(env, ref, 'container');
        if (!r.found) return { err: r.err, code: 1 };
        return execIn(env, r.found, argv, interactive, lookup);
      }
      case 'version':
        return {
          out: 'Client:\n Version:         1.13.1\n API version:     1.26\n OS/Arch:         linux/amd64\n\nServer:\n Version:         1.13.1\n API version:     1.26 (minimum version 1.12)\n OS/Arch:         linux/amd64',
        };
      default:
        return { err: `docker: '${sub}' is not a docker command.\nSee 'docker --help'`, code: 1 };
    }
  };
}

export { dockerName };
