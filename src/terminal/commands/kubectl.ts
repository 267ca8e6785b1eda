/**
 * kubectl against the simulated cluster: get, describe, create, apply, delete, scale, exec,
 * logs, version, cluster-info. This file reads the command line and dispatches: reads are in
 * kubectl/read.ts, writes to the scenario text in kubectl/write.ts.
 */
import { containersOn } from '../../core/print/docker.ts';
import { KUBERNETES_VERSION } from '../../core/print/kubectl.ts';
import type { Command, CommandResult, Env } from '../types.ts';
import { execIn } from './docker.ts';
import { parseArgs, type Flags } from './kubectl/args.ts';
import { describe, get } from './kubectl/read.ts';
import { deleteNamed, scale, writeFiles } from './kubectl/write.ts';

type Lookup = Parameters<typeof execIn>[4];

function exec(env: Env, flags: Flags, positional: string[], lookup: Lookup): CommandResult {
  const [podName, ...old] = positional;
  let command = flags.command ?? [];
  let err = '';
  if (!flags.command && old.length > 0) {
    command = old;
    err =
      'kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n';
  }
  if (!podName || command.length === 0) return { err: 'error: you must specify at least one command for the container', code: 1 };
  const namespace = flags.namespace ?? 'default';
  const pod = env.data.state.pods.find((p) => p.namespace === namespace && p.name === podName.replace(/^pods?\//, ''));
  if (!pod) return { err: `Error from server (NotFound): pods "${podName}" not found`, code: 1 };
  const name = flags.container ?? pod.spec.containers[0]?.name;
  if (!pod.spec.containers.some((c) => c.name === name))
    return { err: `Error from server (BadRequest): container ${name} is not valid for pod ${pod.name}`, code: 1 };
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

/** The subcommands that would change the scenario. */
const WRITES = new Set(['create', 'apply', 'delete', 'scale', 'edit', 'patch', 'replace', 'label', 'annotate', 'expose', 'run', 'set']);

export function kubectlCommand(lookup: Lookup): Command {
  return (args, env) => {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') return { out: KUBECTL_USAGE };
    if (WRITES.has(sub) && env.session.context.readOnly?.()) return { err: env.session.words().viewOnly(`kubectl ${sub}`), code: 1 };
    const parsed = parseArgs(sub, rest, env.session.words());
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
        return {
          out: `Kubernetes master is running at https://${master?.ip ?? '127.0.0.1'}:6443\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.`,
        };
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
