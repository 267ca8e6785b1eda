/**
 * The messages between the page and its derivation worker (src/store/derive-worker.ts). Each
 * request has an id its reply repeats, so a reply to work the page gave up on is recognised.
 * Every reply survives structured cloning: plain data, no classes, no functions, no Error.
 */
import type { Change } from '../core/diff.ts';
import type { Message } from '../core/message.ts';
import type { Interface, Listener } from '../core/dataplane/model.ts';
import type { NamespaceId } from '../core/namespace-id.ts';
import type { MatrixPort, Reachability } from '../core/policy/reachability.ts';
import type { Trace, TraceRequest } from '../core/trace/index.ts';
import type { Share } from '../core/trace/shares.ts';
import type { ElementRef } from '../graph/elements.ts';
import type { Check, Result } from '../scenarios/exercises.ts';
import type { BurstResult } from './burst.ts';
import type { Simulated } from './simulation.ts';

/** What the page asks of a derived text (the worker keeps the texts it derived, and their dataplanes). */
export type Question =
  /** One connection of a flow, as the tracer walks it (seed: which endpoint a random choice picks). */
  | { readonly kind: 'trace'; readonly text: string; readonly flow: TraceRequest; readonly seed: number }
  /** 100 new connections of a flow and the share the rules give each endpoint. */
  | { readonly kind: 'burst'; readonly text: string; readonly flow: TraceRequest }
  /** The dataplane's views of a graph element, for the inspector. */
  | { readonly kind: 'inspect'; readonly text: string; readonly ref: ElementRef }
  /** A lesson step's commands, each in a fresh shell on its node. */
  | { readonly kind: 'commands'; readonly text: string; readonly commands: readonly StepCommand[] }
  /** An exercise's check on the learner's text. */
  | { readonly kind: 'exercise'; readonly text: string; readonly check: Check }
  /** Every running pod to every running pod on a port, traced (the reachability matrix). */
  | { readonly kind: 'reachability'; readonly text: string; readonly port: MatrixPort };

export interface StepCommand {
  readonly line: string;
  readonly node?: string;
}

/** A trace that could not be made (the source is gone, the name does not resolve): why, in words. */
export interface TraceFailure {
  readonly failed: Message;
}

/** A burst's answer: its traces (for the dots) in the colour of where each went, and its result. */
export interface Burst {
  readonly traces: readonly Trace[];
  readonly colours: readonly string[];
  readonly shares: readonly Share[];
  readonly result: BurstResult;
}

/** One network namespace as the inspector shows it, printed in the worker. */
export interface NamespaceView {
  readonly id: NamespaceId;
  readonly interfaces: readonly Interface[];
  readonly listeners: readonly Listener[];
  readonly ipAddr: string;
  readonly ipRoute: string;
  readonly iptablesSave: string;
}

/** The namespaces an element's inspector page reads. */
export interface Inspection {
  readonly namespaces: readonly NamespaceView[];
}

/** A command's prompt line and its output. */
export interface CommandOutput {
  readonly prompt: string;
  readonly text: string;
}

export type Answer =
  | { readonly kind: 'trace'; readonly trace: Trace | TraceFailure }
  | { readonly kind: 'burst'; readonly burst: Burst | TraceFailure }
  | { readonly kind: 'inspect'; readonly inspection: Inspection }
  | { readonly kind: 'commands'; readonly outputs: readonly CommandOutput[] }
  | { readonly kind: 'exercise'; readonly result: Result }
  | { readonly kind: 'reachability'; readonly matrix: Reachability }
  /** A question that threw, or ran past its time budget: why, in words. */
  | { readonly kind: 'failed'; readonly why: Message };

/** What changed between two shown texts; `failed` says why the list could not be made (it is then empty). */
export interface ChangeList {
  readonly changes: readonly Change[];
  readonly failed?: Message;
}

export type WorkerRequest =
  | { readonly id: number; readonly kind: 'simulate'; readonly text: string }
  /** What the page shows for a text whose simulation ran past its budget (`ms`) and was stopped. */
  | { readonly id: number; readonly kind: 'stopped'; readonly text: string; readonly ms: number }
  | { readonly id: number; readonly kind: 'changes'; readonly before: string; readonly after: string }
  | { readonly id: number; readonly kind: 'ask'; readonly question: Question };

export type WorkerReply =
  | ({ readonly id: number; readonly kind: 'simulated' } & Simulated)
  | ({ readonly id: number; readonly kind: 'changes' } & ChangeList)
  | { readonly id: number; readonly kind: 'answer'; readonly answer: Answer }
  /** Never sent by the worker: the page's own word for a question it dropped when it stopped the worker. */
  | { readonly id: number; readonly kind: 'dropped' };
