/**
 * The page's thread only draws: what src/main.tsx reaches through static imports (the page's own
 * JavaScript, not the chunks and workers it loads later) never includes the simulation, the
 * dataplane builder or the tracer. Those run in the derive worker (src/store/derive-answer.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** The relative modules a file imports for their values (type-only imports and import() left out). */
function valueImports(file: string): string[] {
  const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
  const found: string[] = [];
  for (const m of code.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)'/gm))
    if (!m[2] && m[3]!.startsWith('.') && /\.tsx?$/.test(m[3]!)) found.push(resolve(dirname(file), m[3]!));
  return found;
}

/** Every module the page's entry reaches through static value imports, relative to src/. */
function pageModules(): Set<string> {
  const seen = new Set<string>();
  const todo = [resolve(SRC, 'main.tsx')];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    todo.push(...valueImports(file));
  }
  return new Set([...seen].map((f) => relative(SRC, f)));
}

describe("the page's own JavaScript", () => {
  const modules = pageModules();

  it('is found: the entry reaches the store, the graph and the panels', () => {
    for (const m of ['store/store.ts', 'store/simulation.ts', 'ui/App.tsx', 'ui/PacketPanel.tsx', 'ui/Inspector.tsx', 'graph/elements.ts'])
      expect(modules, m).toContain(m);
  });

  it('carries no simulation, dataplane builder, tracer, shell or exercise check: the worker runs them', () => {
    const banned = [
      'core/pipeline.ts',
      'core/dataplane/index.ts',
      'core/trace/index.ts',
      'core/trace/walk.ts',
      'core/trace/network.ts',
      'core/trace/shares.ts',
      'terminal/shell.ts',
      'store/derive-answer.ts',
      'store/questions.ts',
    ];
    for (const m of banned) expect(modules, m).not.toContain(m);
  });
});
