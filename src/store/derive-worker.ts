/**
 * The Web Worker that simulates large scenarios off the main thread and compares two of them for
 * the change list (see deriveInBackground and changesInBackground).
 */
import { answer, type WorkerRequest } from './simulation.ts';

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  self.postMessage(answer(e.data));
};
