/**
 * The Web Worker that derives every scenario text off the page's thread (its simulation and
 * drawing) and answers what the page asks of it: the change list, a flow's trace, a burst, the
 * inspector's views, a lesson step's commands, an exercise's check. The page stops it when a newer
 * text makes its work old news, or when the work runs past its time budget.
 */
import type { WorkerRequest } from './derive-protocol.ts';
import { safeAnswer } from './derive-answer.ts';

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  self.postMessage(safeAnswer(e.data));
};
