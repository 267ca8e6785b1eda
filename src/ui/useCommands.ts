/**
 * The output of the open lesson step's commands, run in the derive worker on the shown simulation
 * (each in a fresh shell on its node, see src/store/questions.ts). Undefined while it is on its
 * way: the step's text not yet simulated, or the worker still running them.
 */
import { useCallback, useEffect, useMemo } from 'react';
import { words } from '../i18n/words.ts';
import { lessonStep } from '../scenarios/index.ts';
import { answerOf } from '../store/answers.ts';
import type { CommandOutput, Question, StepCommand } from '../store/derive-protocol.ts';
import { useApp, type AppStore } from '../store/store.ts';
import { shownText } from '../store/text.ts';

const NONE: readonly StepCommand[] = [];

export function useCommands(store: AppStore): (line: string, node: string | undefined) => CommandOutput | undefined {
  const lesson = useApp(store, (s) => s.lesson);
  const language = useApp(store, (s) => s.language);
  const text = useApp(store, shownText);
  // A step's output is of its own text: while the editor's text is being simulated it would be old.
  const settled = useApp(store, (s) => s.simulatedText === s.text);
  const step = lesson ? lessonStep(lesson.id, lesson.step) : undefined;
  const commands = step?.commands ?? NONE;
  const question = useMemo<Question>(() => ({ kind: 'commands', text, commands }), [text, commands]);
  const answered = useApp(store, (s) => answerOf(s, question));
  useEffect(() => {
    if (settled && commands.length > 0) void store.getState().want(question);
  }, [store, question, commands, settled]);
  return useCallback(
    (line, node) => {
      if (!settled || !answered) return undefined;
      // A step whose commands could not be run says why under each of them.
      if (answered.kind === 'failed') return { prompt: `$ ${line}\n`, text: words(language).say(answered.why) };
      if (answered.kind !== 'commands') return undefined;
      const i = commands.findIndex((c) => c.line === line && c.node === node);
      return answered.outputs[i];
    },
    [settled, answered, commands, language],
  );
}
