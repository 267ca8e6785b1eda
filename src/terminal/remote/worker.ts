/** The Web Worker that holds the terminal's shell (see host.ts). */
import { shellHost } from './host.ts';
import type { FromShell, ToShell } from './protocol.ts';

const handle = shellHost((message: FromShell) => self.postMessage(message));
self.onmessage = (e: MessageEvent<ToShell>) => handle(e.data);
