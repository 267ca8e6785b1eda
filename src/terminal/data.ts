/** The derived data the shell reads, computed from a text (for tests and for a page without a store). */
import { buildDataplane } from '../core/dataplane/index.ts';
import { simulate, type KubeObject } from '../core/index.ts';
import { parseScenario } from '../core/parse.ts';
import { validateDocuments } from '../core/validate/index.ts';
import type { Trace, TraceRequest } from '../core/trace/index.ts';
import { createShell } from './shell.ts';
import type { Shell, ShellData } from './types.ts';

/**
 * `lastGood`: the page's last text without errors. While `text` has errors the graph shows that
 * text's network, and so does the shell (kubectl still edits `text`).
 */
export function shellData(text: string, lastGood = ''): ShellData {
  const sim = simulate(text);
  const broken = lastGood !== '' && lastGood !== text && sim.diagnostics.some((d) => d.severity === 'error');
  const state = broken ? simulate(lastGood).state : sim.state;
  return { text, state, dataplane: buildDataplane(state) };
}

const objectsCache = new Map<string, readonly KubeObject[]>();

/** The valid objects of a text, as validation reads them (memoised for the last few texts). */
export function objectsOf(text: string): readonly KubeObject[] {
  let hit = objectsCache.get(text);
  if (!hit) {
    hit = validateDocuments(parseScenario(text).documents).objects;
    objectsCache.set(text, hit);
    if (objectsCache.size > 4) objectsCache.delete(objectsCache.keys().next().value!);
  }
  return hit;
}

export interface TextShell {
  readonly shell: Shell;
  /** The text as the shell's kubectl left it. */
  text(): string;
  /** Runs a line and returns what the terminal shows. */
  run(line: string): string;
  /** Every connection curl made (and animated), in order. */
  readonly flows: { readonly request: TraceRequest; readonly trace: Trace }[];
}

/**
 * A shell over a plain text variable (no page, no store): for tests and scripts.
 * @example textShell(lab).run('kubectl get svc')
 */
export function textShell(initial: string, options: { node?: string } = {}): TextShell {
  let text = initial;
  const flows: TextShell['flows'] = [];
  const shell = createShell(
    {
      current: () => shellData(text),
      setText: (t) => {
        text = t;
      },
      traceFlow: (request, trace) => flows.push({ request, trace }),
    },
    options,
  );
  return { shell, text: () => text, run: (line) => shell.execute(line).output, flows };
}
