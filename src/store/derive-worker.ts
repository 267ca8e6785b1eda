/** The Web Worker that simulates large scenarios off the main thread (see deriveInBackground). */
import { computeDerived } from './simulation.ts';

self.onmessage = (e: MessageEvent<string>) => {
  self.postMessage(computeDerived(e.data));
};
