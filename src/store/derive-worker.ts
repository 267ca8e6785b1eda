/** The Web Worker that simulates large scenarios off the main thread (see deriveInBackground). */
import { answer, type WorkerRequest } from './simulation.ts';

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  self.postMessage(answer(e.data));
};
