/**
 * The messages between the page and the Web Worker that holds the shell. The page sends the
 * scenario text and command lines; the worker derives the cluster and dataplane from the text
 * itself and answers with what the terminal shows, a new text for the editor (kubectl apply,
 * scale…) and flows for the packet view (curl).
 */
import type { TraceRequest } from '../../core/trace/index.ts';
import type { Completion } from '../types.ts';

/** What the shell keeps across a restart of its worker. */
export interface Carried {
  readonly node?: string;
  readonly history?: readonly string[];
}

export type ToShell =
  | {
      readonly kind: 'start';
      readonly text: string;
      readonly lastGood: string;
      readonly readOnly: boolean;
      /** The page's language: the shell's own words follow it. */
      readonly language: string;
      readonly carried: Carried;
    }
  /** The page became view-only, or editable ("Edit a copy"). */
  | { readonly kind: 'read-only'; readonly readOnly: boolean }
  /** The page's language changed. */
  | { readonly kind: 'language'; readonly language: string }
  /**
   * The scenario text changed in the page (the editor, a lesson step, a link); `lastGood` is the
   * page's last text without errors, whose network the graph shows while the text has errors.
   */
  | { readonly kind: 'text'; readonly text: string; readonly lastGood: string }
  | { readonly kind: 'run'; readonly id: number; readonly line: string }
  | { readonly kind: 'complete'; readonly id: number; readonly line: string }
  | { readonly kind: 'login'; readonly id: number; readonly node: string };

/** Where the shell is after a request: its prompt and node. */
export interface Place {
  readonly prompt: string;
  readonly node: string;
}

export type FromShell =
  | ({ readonly kind: 'ready' } & Place)
  | ({ readonly kind: 'done'; readonly id: number; readonly output: string; readonly exitCode: number; readonly clear: boolean } & Place)
  | { readonly kind: 'completion'; readonly id: number; readonly completion: Completion }
  /** The shell set a new scenario text. */
  | { readonly kind: 'text'; readonly text: string }
  /** A connection the shell made (curl): the page traces and animates it. */
  | { readonly kind: 'flow'; readonly request: TraceRequest };
