/**
 * The session: where the shell is logged in (a node, a nested `ssh`, a container entered with
 * `docker exec -it ID bash`), its history, variables, files, and the running network whose
 * conntrack tables remember the connections curl made. `execute` parses a line, runs its
 * pipelines and returns what the terminal shows and the effects on the page.
 */
import { indexOf } from '../core/dataplane/lookup.ts';
import { nsId } from '../core/namespace-id.ts';
import { containersOn } from '../core/print/docker.ts';
import { escapeControls } from '../core/print/escape.ts';
import { Network } from '../core/trace/index.ts';
import { completeLine } from './complete.ts';
import { commandFor } from './commands/index.ts';
import { objectsOf } from './data.ts';
import { HOME, ManifestFiles, promptDir, resolvePath, isDirectory, visibleFiles } from './files.ts';
import { ARGS_LIMIT, cut, FILES_LIMIT, HISTORY_LIMIT, LIMIT_MESSAGES, LINE_LIMIT, PIPE_LIMIT, SCREEN_LIMIT } from './limits.ts';
import { expandWord, parseLine, type SimpleCommand } from './parse.ts';
import type { Command, CommandResult, Effect, Env, Here, Location, SessionApi, Shell, ShellContext, ShellData } from './types.ts';
import { containerEnv } from './commands/system.ts';
import { shellWords, type ShellWords } from '../i18n/shell-words.ts';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/root/bin';

function nl(text: string | undefined): string {
  if (!text) return '';
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** A cluster without nodes (a Cluster document with `nodes: []`): nowhere to log in. */
class NoNodes extends Error {}

class Session implements SessionApi {
  readonly manifests = new ManifestFiles();
  readonly files = this.manifests.files;
  readonly history: string[] = [];
  readonly replied = new Map<string, boolean>();
  readonly variables = new Map<string, string>();
  stack: Location[];
  status = 0;
  effects: Effect[] = [];
  data: ShellData;
  private net: Network | undefined;
  private connections = 0;

  constructor(
    readonly context: ShellContext,
    node?: string,
  ) {
    this.data = context.current();
    this.stack = [{ node: node ?? this.data.state.cluster.nodes[0]?.name ?? 'localhost', cwd: HOME }];
  }

  words(): ShellWords {
    return shellWords(this.context.language?.());
  }

  effect(e: Effect): void {
    this.effects.push(e);
  }

  get location(): Location {
    return this.stack[this.stack.length - 1]!;
  }

  push(location: Omit<Location, 'cwd'>, cwd: string): void {
    this.stack.push({ ...location, cwd });
    this.effect({ kind: 'location', node: location.node, ...(location.container ? { container: location.container.id } : {}) });
  }

  pop(): boolean {
    if (this.stack.length <= 1) return false;
    this.stack.pop();
    this.effect({
      kind: 'location',
      node: this.location.node,
      ...(this.location.container ? { container: this.location.container.id } : {}),
    });
    return true;
  }

  depth(): number {
    return this.stack.length;
  }

  /**
   * The running network of the current dataplane. After an edit a new one is built; the
   * conntrack tables are carried over (a rule change does not flush a real node's conntrack)
   * and the ephemeral ports move past the ones used, so old entries never collide with new ones.
   */
  network(): Network {
    const dp = this.data.dataplane;
    if (this.net?.dataplane === dp) {
      this.connections++;
      return this.net;
    }
    const fresh = new Network(dp, 1);
    if (this.net) {
      for (const [ns, table] of this.net.conntrack) if (fresh.index.namespace(ns)) fresh.conntrack.set(ns, table);
      for (let i = 0; i < this.connections * 2; i++) fresh.ephemeralPort();
    }
    this.net = fresh;
    this.connections++;
    return fresh;
  }

  refresh(): void {
    this.data = this.context.current();
    this.manifests.sync(this.data.text);
  }

  /** Resolves the location against the current data: a vanished container ends its shell, a vanished node the login. */
  here(): Here {
    const nodes = this.data.state.cluster.nodes;
    for (;;) {
      const loc = this.location;
      const node = nodes.find((n) => n.name === loc.node);
      if (!node) {
        if (!nodes[0]) throw new NoNodes();
        this.stack = [{ node: nodes[0].name, cwd: HOME }];
        continue;
      }
      const index = indexOf(this.data.dataplane);
      const nodeNs = index.namespace(nsId.node(node.name))!;
      if (!loc.container) return { node, nodeNs, ns: nodeNs, source: nodeNs.id, hostname: node.name };
      const found = containersOn(this.data.state, node.name).find((c) => c.container.id === loc.container!.id);
      if (!found) {
        this.stack.pop();
        continue;
      }
      const { pod, container } = found;
      const source = nsId.pod(pod.namespace, pod.name);
      const podNs = pod.hostNetwork ? nodeNs : (index.namespace(source) ?? nodeNs);
      return { node, nodeNs, ns: podNs, pod, container, source, hostname: pod.hostNetwork ? node.name : pod.name };
    }
  }

  vars(name: string): string | undefined {
    if (name === '?') return String(this.status);
    const here = this.here();
    const loc = this.location;
    const own = this.variables.get(name);
    if (own !== undefined) return own;
    if (here.container) {
      const env = containerEnv(this.data.state, here);
      return env.get(name) ?? (name === 'PWD' ? loc.cwd : undefined);
    }
    const builtins: Record<string, string> = {
      HOME,
      USER: 'root',
      LOGNAME: 'root',
      HOSTNAME: here.hostname,
      PWD: loc.cwd,
      PATH,
      SHELL: '/bin/bash',
      TERM: 'xterm-256color',
      $: '4242',
      '#': '0',
    };
    return builtins[name];
  }
}

function env(session: Session, stdin: string): Env {
  return {
    data: session.data,
    objects: () => objectsOf(session.data.text),
    here: session.here(),
    location: session.location,
    stdin,
    session,
  };
}

/** Whether a redirection's file can be written: /dev/null, or a file in an existing folder of the node. */
function canWrite(session: Session, target: string): boolean {
  if (target === '/dev/null') return true;
  const e = env(session, '');
  const path = resolvePath(session.location.cwd, target);
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  return !e.here.container && isDirectory(visibleFiles(e), dir);
}

/** Runs one simple command of a pipeline, redirections applied. */
function runCommand(session: Session, cmd: SimpleCommand, stdin: string): { out: string; err: string; code: number } {
  session.refresh();
  const vars = (n: string) => session.vars(n);
  // Word by word, each checked before it is read whole: `$A$A…` of a long variable only joins
  // references so far (or throws a RangeError past the longest string JavaScript holds).
  const argv: string[] = [];
  let size = 0;
  for (const word of cmd.words) {
    let value: string | undefined;
    try {
      value = expandWord(word, vars);
    } catch {
      size = Infinity;
    }
    if (value !== undefined) argv.push(value);
    size += value?.length ?? 0;
    if (size > ARGS_LIMIT)
      return {
        out: '',
        err: LIMIT_MESSAGES.args(argv[0] === undefined ? 'bash' : argv[0].length > 40 ? `${argv[0].slice(0, 20)}…` : argv[0]),
        code: 126,
      };
  }
  // bash opens the redirections first: when one cannot be opened, the command does not run.
  for (const r of cmd.redirects) {
    if (r.target === '&1') continue;
    const target = expandWord(r.target, vars) ?? '';
    if (!canWrite(session, target))
      return {
        out: '',
        err: `bash: ${target}: ${session.here().container ? 'Read-only file system' : 'No such file or directory'}\n`,
        code: 1,
      };
  }
  let result: CommandResult;
  if (argv.length === 0) result = { code: 0 };
  else {
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(argv[0]!);
    if (assignment && argv.length === 1) {
      session.variables.set(assignment[1]!, assignment[2]!);
      result = { code: 0 };
    } else {
      const e = env(session, stdin);
      const command: Command | undefined = commandFor(
        argv[0]!,
        !!e.here.container,
        e.here.container?.role === 'pause',
        e.data.state.cluster.runtime,
      );
      try {
        result = command ? command(argv.slice(1), e) : { err: `bash: ${argv[0]}: command not found\n`, code: 127 };
      } catch (error) {
        // A command's bug must not break the page: report it as the shell would a crash.
        result = { err: `bash: ${argv[0]}: ${(error as Error).message}\n`, code: 139 };
      }
    }
  }
  const piped = cut(nl(result.out), PIPE_LIMIT);
  let out = piped.text;
  let err = nl(result.err) + (piped.cut ? LIMIT_MESSAGES.pipe(session.words(), argv[0]!) : '');
  for (const r of cmd.redirects) {
    if (r.target === '&1') {
      out += err;
      err = '';
      continue;
    }
    const target = expandWord(r.target, vars) ?? '';
    const content = r.fd === 1 ? out : r.fd === 2 ? err : out + err;
    if (r.fd === 1 || r.fd === 'both') out = '';
    if (r.fd === 2 || r.fd === 'both') err = '';
    if (target === '/dev/null') continue;
    // Every target was checked with canWrite before the command ran.
    const path = resolvePath(session.location.cwd, target);
    const old = session.files.get(path) ?? '';
    const next = r.append ? old + content : content;
    let stored = 0;
    for (const text of session.files.values()) stored += text.length;
    // A file holds what a pipe holds, and the files together a small disk, as the kernel says.
    if (next.length > PIPE_LIMIT) err += `bash: ${target}: File too large\n`;
    else if (stored - old.length + next.length > FILES_LIMIT) err += `bash: ${target}: No space left on device\n`;
    else session.files.set(path, next);
  }
  return { out, err, code: result.code ?? (result.err && !result.out ? 1 : 0) };
}

/**
 * A shell on the cluster's nodes.
 * @example const sh = createShell({ current: () => shellData(text), setText: (t) => (text = t) });
 *          sh.execute('docker ps').output
 */
export function createShell(context: ShellContext, options: { node?: string; history?: readonly string[] } = {}): Shell {
  const session = new Session(context, options.node);
  session.history.push(...(options.history ?? []));
  session.refresh();
  return {
    prompt() {
      session.refresh();
      const loc = session.location;
      try {
        const here = session.here();
        return escapeControls(here.container ? `root@${here.hostname}:${loc.cwd}# ` : `[root@${here.node.name} ${promptDir(loc.cwd)}]# `);
      } catch (e) {
        if (e instanceof NoNodes) return `[root@localhost ${promptDir(loc.cwd)}]# `;
        throw e;
      }
    },
    execute(line) {
      session.effects = [];
      if (line.trim() !== '') session.history.push(line);
      if (session.history.length > HISTORY_LIMIT) session.history.shift();
      if (line.length > LINE_LIMIT) {
        session.status = 2;
        return { output: LIMIT_MESSAGES.line(session.words(), line.length), exitCode: 2, effects: [] };
      }
      session.refresh();
      if (session.data.state.cluster.nodes.length === 0) {
        session.status = 1;
        return { output: line.trim() === '' ? '' : `${session.words().noNodes}\n`, exitCode: 1, effects: [] };
      }
      const parsed = parseLine(line);
      if ('error' in parsed) {
        session.status = 2;
        return { output: nl(parsed.error), exitCode: 2, effects: [] };
      }
      let output = '';
      for (const pipeline of parsed.pipelines) {
        if (pipeline.op === '&&' && session.status !== 0) continue;
        if (pipeline.op === '||' && session.status === 0) continue;
        let stdin = '';
        let errors = '';
        let code = 0;
        pipeline.commands.forEach((cmd, i) => {
          const r = runCommand(session, cmd, stdin);
          errors += r.err;
          stdin = i < pipeline.commands.length - 1 ? r.out : '';
          if (i === pipeline.commands.length - 1) output += r.out;
          code = r.code;
        });
        output += errors;
        session.status = code;
      }
      const shown = cut(output, SCREEN_LIMIT);
      // The one place the shell's output leaves it: what a manifest holds is shown, never obeyed.
      return {
        output: escapeControls(shown.text) + (shown.cut ? `\n${LIMIT_MESSAGES.screen(session.words())}` : ''),
        exitCode: session.status,
        effects: session.effects,
      };
    },
    complete(line) {
      session.refresh();
      if (session.data.state.cluster.nodes.length === 0) return { word: '', candidates: [] };
      return completeLine(line, env(session, ''));
    },
    history: () => session.history,
    node: () => session.location.node,
    setNode(node) {
      session.refresh();
      if (!session.data.state.cluster.nodes.some((n) => n.name === node)) return;
      session.stack = [{ node, cwd: HOME }];
      session.effect({ kind: 'location', node });
    },
  };
}

export type { Session };
