/** The shell's public types, and what a command sees when it runs. */
import type { Dataplane, NetNamespace } from '../core/dataplane/model.ts';
import type { ClusterState, ContainerState, KubeObject, NodeSpec, PodState } from '../core/model.ts';
import type { NamespaceId } from '../core/namespace-id.ts';
import type { Trace, TraceRequest } from '../core/trace/index.ts';
import type { ShellWords } from '../i18n/shell-words.ts';

/** The derived data of the current scenario text. */
export interface ShellData {
  readonly text: string;
  readonly state: ClusterState;
  readonly dataplane: Dataplane;
}

export interface ShellContext {
  /**
   * The current data. Called before every command, so it must already reflect a text the shell
   * has just set with `setText` (derive from the editor's text, not a debounced copy).
   */
  current(): ShellData;
  /** Puts a new scenario text in the editor (kubectl create|apply|delete|scale). */
  setText(text: string): void;
  /** True on a view-only page: commands that would change the scenario refuse. */
  readOnly?(): boolean;
  /** The page's language, which the shell's own words follow (the tools' output stays theirs); English if not given. */
  language?(): string;
  /** A connection curl made, with the trace the shell printed from: animate it. */
  traceFlow?(request: TraceRequest, trace: Trace): void;
}

export type Effect =
  | { readonly kind: 'clear' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'trace'; readonly request: TraceRequest; readonly trace: Trace }
  | { readonly kind: 'location'; readonly node: string; readonly container?: string };

export interface ShellResult {
  /** What the terminal shows: the output, stdout then stderr, lines ending in `\n`. */
  readonly output: string;
  readonly exitCode: number;
  readonly effects: readonly Effect[];
}

export interface Completion {
  /** The partial word being completed. */
  readonly word: string;
  /** Whole words that complete it, sorted. */
  readonly candidates: readonly string[];
}

export interface Shell {
  /** The prompt for the next line, e.g. `[root@k8smaster01 ~]# `. */
  prompt(): string;
  /** Runs one command line. */
  execute(line: string): ShellResult;
  complete(line: string): Completion;
  /** The lines run so far, oldest first. */
  history(): readonly string[];
  /** The node the shell is logged in to. */
  node(): string;
  /** Logs in to another node (the node switcher): a fresh login there. */
  setNode(node: string): void;
}

/** Where the shell runs: a node, or a container on it (`docker exec -it ID bash`). */
export interface Location {
  readonly node: string;
  readonly container?: { readonly id: string };
  cwd: string;
}

/** A location resolved against the current data. */
export interface Here {
  readonly node: NodeSpec;
  readonly nodeNs: NetNamespace;
  /** The network namespace commands run in: the node's, or the pod's. */
  readonly ns: NetNamespace;
  readonly pod?: PodState;
  readonly container?: ContainerState;
  /** The trace source of this place: a node's or a pod's namespace. */
  readonly source: NamespaceId;
  readonly hostname: string;
}

export interface CommandResult {
  readonly out?: string;
  readonly err?: string;
  readonly code?: number;
}

export interface Env {
  readonly data: ShellData;
  /** The desired objects of the text (controllers' templates), parsed on first use. */
  objects(): readonly KubeObject[];
  readonly here: Here;
  readonly location: Location;
  readonly stdin: string;
  readonly session: SessionApi;
}

/** What commands may do to the session. */
export interface SessionApi {
  readonly context: ShellContext;
  /** The shell's own words, in the page's language. */
  words(): ShellWords;
  effect(e: Effect): void;
  /** Files of the user's home and /tmp that the shell keeps (yaml files, redirections). */
  readonly files: Map<string, string>;
  readonly history: readonly string[];
  vars(name: string): string | undefined;
  push(location: Omit<Location, 'cwd'>, cwd: string): void;
  /** Leaves the innermost login or container shell; false at the outermost. */
  pop(): boolean;
  depth(): number;
  network(): import('../core/trace/index.ts').Network;
  /** Connections curl made, by conntrack tuple of the original direction: answered or not. */
  readonly replied: Map<string, boolean>;
}

export type Command = (args: readonly string[], env: Env) => CommandResult;
