/**
 * The messages between the page and its derivation worker (src/store/derive-worker.ts). Each
 * request has an id its reply repeats, so a reply to work the page gave up on is recognised.
 */
import type { Change } from '../core/diff.ts';
import type { Simulated } from './simulation.ts';

export type WorkerRequest =
  | { readonly id: number; readonly kind: 'simulate'; readonly text: string }
  | { readonly id: number; readonly kind: 'changes'; readonly before: string; readonly after: string };

export type WorkerReply =
  | ({ readonly id: number; readonly kind: 'simulated' } & Simulated)
  | { readonly id: number; readonly kind: 'changes'; readonly changes: Change[] };
