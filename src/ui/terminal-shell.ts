/**
 * The page's one shell: it lives in a Web Worker (src/terminal/remote), is kept in step with the
 * store's text, and outlives the terminal tab, so its node, history and connections stay while
 * the student looks elsewhere. What it asks of the page is small: put a new text in the editor
 * (kubectl apply, scale…) and trace a flow (curl).
 */
import type { AppStore } from '../store/store.ts';
import { createRemoteShell, type RemoteShell, type ShellWorker } from '../terminal/remote/client.ts';
import type { FromShell } from '../terminal/remote/protocol.ts';

const shells = new WeakMap<AppStore, RemoteShell>();

function spawn(): ShellWorker {
  const worker = new Worker(new URL('../terminal/remote/worker.ts', import.meta.url), { type: 'module' });
  const shell: ShellWorker = {
    postMessage: (message) => worker.postMessage(message),
    terminate: () => worker.terminate(),
    onmessage: null,
    onerror: null,
  };
  worker.onmessage = (e: MessageEvent<FromShell>) => shell.onmessage?.(e);
  worker.onerror = (e) => shell.onerror?.(e);
  return shell;
}

export function shellOf(store: AppStore): RemoteShell {
  let shell = shells.get(store);
  if (!shell) {
    const created = createRemoteShell({
      spawn,
      text: store.getState().text,
      onText: (text) => {
        store.getState().setText(text);
        store.getState().commit();
      },
      onFlow: (request) => store.getState().setFlow(request),
    });
    store.subscribe((state) => created.setText(state.text));
    shells.set(store, (shell = created));
  }
  return shell;
}
