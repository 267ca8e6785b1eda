/**
 * The page's one shell: it lives in a Web Worker (src/terminal/remote), is kept in step with the
 * store's text, and outlives the terminal tab with its screen (src/terminal/screen.ts), so its
 * node, history, connections and transcript stay while the student looks elsewhere. What it asks of the page is small: put a new text in the editor
 * (kubectl apply, scale…) and trace a flow (curl).
 */
import type { AppStore } from '../store/store.ts';
import { createRemoteShell, type ShellWorker } from '../terminal/remote/client.ts';
import { shellHost } from '../terminal/remote/host.ts';
import type { FromShell } from '../terminal/remote/protocol.ts';
import { shellWords } from '../i18n/shell-words.ts';
import { words } from '../i18n/words.ts';
import { bold, createScreen, type Screen } from '../terminal/screen.ts';

const screens = new WeakMap<AppStore, Screen>();

/** Set when a worker failed before it answered (it could not load): the shell then runs here. */
let noWorkers = typeof Worker === 'undefined';

function spawn(): ShellWorker {
  if (noWorkers) return onThisThread();
  const worker = new Worker(new URL('../terminal/remote/worker.ts', import.meta.url), { type: 'module' });
  let answered = false;
  const shell: ShellWorker = {
    postMessage: (message) => worker.postMessage(message),
    terminate: () => worker.terminate(),
    onmessage: null,
    onerror: null,
  };
  worker.onmessage = (e: MessageEvent<FromShell>) => {
    answered = true;
    shell.onmessage?.(e);
  };
  worker.onerror = (e) => {
    noWorkers ||= !answered;
    shell.onerror?.(e);
  };
  return shell;
}

/** The fallback: the same host on the page's thread (no time limit can stop it there). */
function onThisThread(): ShellWorker {
  let ended = false;
  const shell: ShellWorker = {
    postMessage: (message) => setTimeout(() => !ended && handle(message), 0),
    terminate: () => (ended = true),
    onmessage: null,
    onerror: null,
  };
  const handle = shellHost((reply) => shell.onmessage?.({ data: reply }));
  return shell;
}

/** The page's terminal screen over its shell, made on first use. */
export function screenOf(store: AppStore): Screen {
  let screen = screens.get(store);
  if (!screen) {
    const shell = createRemoteShell({
      spawn,
      text: store.getState().text,
      lastGood: store.getState().lastGoodText,
      readOnly: store.getState().view !== 'edit',
      language: store.getState().language,
      onText: (text) => {
        // A view-only page's shell refuses to edit; an answer that crossed "Edit a copy" is dropped.
        if (store.getState().view !== 'edit') return;
        store.getState().setText(text);
        store.getState().commit();
      },
      onFlow: (request) => store.getState().setFlow(request),
    });
    store.subscribe((state) => {
      // The network the graph shows (the last text without errors while the text is broken).
      shell.setText(state.text, state.lastGoodText);
      shell.setReadOnly(state.view !== 'edit');
      shell.setLanguage(state.language);
    });
    const welcome = words(store.getState().language).ui.terminalWelcome(bold('help'));
    const said = () => shellWords(store.getState().language);
    screens.set(store, (screen = createScreen(shell, welcome, said)));
  }
  return screen;
}
