/**
 * The worker's side: one shell over the text the page sends, derived here with the core, so a
 * command never runs on the page's thread. Pure of the Worker API (it gets a `post` function), so
 * it runs in Node's tests as it runs in the worker.
 */
import { shellData } from '../data.ts';
import { createShell } from '../shell.ts';
import type { Completion, Shell, ShellData, ShellResult } from '../types.ts';
import type { FromShell, ToShell } from './protocol.ts';

/** Answers the page's messages; `post` sends the answers back. */
export function shellHost(post: (message: FromShell) => void): (message: ToShell) => void {
  let text = '';
  let lastGood = '';
  let readOnly = false;
  let language = 'en';
  let data: { readonly lastGood: string; readonly data: ShellData } | undefined;
  let shell: Shell | undefined;
  const current = () => {
    if (data?.data.text !== text || data.lastGood !== lastGood) data = { lastGood, data: shellData(text, lastGood) };
    return data.data;
  };
  const place = () => ({ prompt: shell!.prompt(), node: shell!.node() });

  return (message) => {
    switch (message.kind) {
      case 'start': {
        text = message.text;
        lastGood = message.lastGood;
        readOnly = message.readOnly;
        language = message.language;
        shell = createShell(
          {
            current,
            setText: (next) => {
              text = next;
              post({ kind: 'text', text: next });
            },
            traceFlow: (request) => post({ kind: 'flow', request }),
            readOnly: () => readOnly,
            language: () => language,
          },
          { ...(message.carried.node ? { node: message.carried.node } : {}), history: message.carried.history ?? [] },
        );
        post({ kind: 'ready', ...place() });
        return;
      }
      case 'text':
        text = message.text;
        lastGood = message.lastGood;
        return;
      case 'read-only':
        readOnly = message.readOnly;
        return;
      case 'language':
        language = message.language;
        return;
      case 'run': {
        let result: ShellResult;
        try {
          result = shell!.execute(message.line);
        } catch (error) {
          // A bug must not leave the terminal waiting: it is answered as a crash.
          result = { output: `bash: ${(error as Error).message}\n`, exitCode: 139, effects: [] };
        }
        const clear = result.effects.some((e) => e.kind === 'clear');
        post({ kind: 'done', id: message.id, output: result.output, exitCode: result.exitCode, clear, ...place() });
        return;
      }
      case 'complete': {
        let completion: Completion = { word: '', candidates: [] };
        try {
          completion = shell!.complete(message.line);
        } catch {
          // No completion rather than none ever.
        }
        post({ kind: 'completion', id: message.id, completion });
        return;
      }
      case 'login':
        shell!.setNode(message.node);
        post({ kind: 'done', id: message.id, output: '', exitCode: 0, clear: false, ...place() });
        return;
    }
  };
}
