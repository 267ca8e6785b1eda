/**
 * Every built-in scenario and lesson step as a class meets it: its text simulates without an
 * error (unless the step is about the errors), the flow it animates exists, each command it shows runs and prints something, and each
 * question's choices are distinct in both languages.
 */
import { describe, expect, it } from 'vitest';
import { buildDataplane } from '../../src/core/dataplane/index.ts';
import { stepFlowRequest } from '../../src/core/flows.ts';
import { simulate } from '../../src/core/index.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { createShell } from '../../src/terminal/index.ts';
import { resolvePlaceholders } from '../../src/store/questions.ts';

describe.each(SCENARIOS.map((s) => [s.id, s] as const))('built-in scenario %s', (_, scenario) => {
  it('simulates without an error', () => {
    const sim = simulate(scenario.text);
    expect(sim.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each(scenario.steps.map((step, i) => [i + 1, step] as const))('step %i: its text, flow, commands and question work', (_, step) => {
    const sim = simulate(step.text);
    // A step about errors (the lab's write-up, printed in lower case) shows them and runs nothing.
    const errors = sim.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`);
    if (step.flow || step.commands?.length || step.question) expect(errors, step.title.en).toEqual([]);
    const { state } = sim;
    if (step.flow) expect(stepFlowRequest(state, step.flow), JSON.stringify(step.flow)).toBeDefined();
    const data = { text: step.text, state, dataplane: buildDataplane(state) };
    for (const command of step.commands ?? []) {
      const node = command.node ? resolvePlaceholders(command.node, state) : state.cluster.nodes[0]!.name;
      const shell = createShell({ current: () => data, setText: () => undefined }, { node });
      const result = shell.execute(resolvePlaceholders(command.line, state));
      expect(result.exitCode !== 0, `${command.line}: ${result.output}`).toBe(!!command.fails);
      expect(result.output.trim(), command.line).not.toBe('');
    }
    if (step.question) {
      const { choices, answer } = step.question;
      expect(answer).toBeLessThan(choices.length);
      for (const lang of ['en', 'zh'] as const) expect(new Set(choices.map((c) => c[lang])).size).toBe(choices.length);
    }
  });
});

/** Every piece of a lesson's words (titles, bodies, questions, goals, hints), wherever it sits. */
function wordsIn(value: unknown, at: string, found: { at: string; words: Record<string, unknown> }[] = []) {
  if (typeof value !== 'object' || value === null) return found;
  if (typeof (value as { en?: unknown }).en === 'string') found.push({ at, words: value as Record<string, unknown> });
  else for (const [key, v] of Object.entries(value)) wordsIn(v, `${at}.${key}`, found);
  return found;
}

describe('the built-in lessons', () => {
  it('are written whole in Chinese as in English: no title, step, question or hint falls back to English', () => {
    const all = SCENARIOS.flatMap((s) => wordsIn(s, s.id));
    expect(all.length).toBeGreaterThan(90);
    const missing = all.filter(({ words }) => typeof words.zh !== 'string' || words.zh.trim() === '').map(({ at }) => at);
    expect(missing).toEqual([]);
  });
});
