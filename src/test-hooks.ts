/**
 * What the page lends to browser tests and the benchmark: the store, the graph, the packet player
 * and the terminal, so a test can drive the page as typing would and read what is drawn. They are
 * set only when the page was opened for testing: `window.__testHooks = true` before the app's
 * scripts run (the e2e harness and the benchmark add it with an init script). A visitor's page
 * has none of them.
 */
import type { Terminal } from '@xterm/xterm';
import type { GraphView } from './graph/graph-view.ts';
import type { PacketPlayer } from './graph/packet-player.ts';
import type { AppStore } from './store/store.ts';

export interface TestHooks {
  __store: AppStore;
  __graph: GraphView;
  __packets: PacketPlayer;
  __terminal: Terminal;
}

declare global {
  interface Window extends Partial<TestHooks> {
    /** The flag that asks for the hooks. */
    __testHooks?: boolean;
  }
}

/** Lends `hooks` to a page opened for testing; does nothing on any other page. */
export function exposeForTests(hooks: Partial<TestHooks>): void {
  if (window.__testHooks === true) Object.assign(window, hooks);
}
