/**
 * The Web Worker that derives every scenario text off the page's thread (its simulation and
 * drawing) and compares two of them for the change list. The page stops it when a newer text
 * makes its work old news, or when the work runs past its time budget.
 */
import type { WorkerRequest } from './derive-protocol.ts';
import { answer } from './simulation.ts';

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  self.postMessage(answer(e.data));
};
