/**
 * The lesson: one step at a time, its explanation, the output of its commands (computed from
 * the simulation), and a question that checks understanding. Without a lesson open, the list of
 * built-in scenarios to start one.
 */
import { useState } from 'react';
import type { Language } from '../i18n/strings.ts';
import { STRINGS } from '../i18n/strings.ts';
import type { Question, Scenario } from '../scenarios/index.ts';

interface Props {
  scenarios: readonly Scenario[];
  scenario: Scenario | undefined;
  step: number;
  language: Language;
  /** The output of a step's command, run on the simulation. */
  output(line: string, node: string | undefined): { prompt: string; text: string };
  onOpen(id: string, step: number): void;
  onClose(): void;
}

function QuestionBox({ question, language }: { question: Question; language: Language }) {
  const t = STRINGS[language];
  const [picked, setPicked] = useState<number>();
  const [checked, setChecked] = useState(false);
  return (
    <fieldset className="question">
      <legend>{question.prompt[language]}</legend>
      {question.choices.map((c, i) => (
        <label key={i}>
          <input type="radio" name="answer" checked={picked === i} onChange={() => (setPicked(i), setChecked(false))} /> {c[language]}
        </label>
      ))}
      <button type="button" disabled={picked === undefined} onClick={() => setChecked(true)}>
        {t.check}
      </button>
      {checked && picked !== undefined && (
        <p className={picked === question.answer ? 'right' : 'wrong'} role="status">
          {picked === question.answer ? t.right : t.wrong} {question.why[language]}
        </p>
      )}
    </fieldset>
  );
}

export function LessonPanel({ scenarios, scenario, step, language, output, onOpen, onClose }: Props) {
  const t = STRINGS[language];
  if (!scenario)
    return (
      <div className="lesson-list">
        <p className="muted">{t.pickLesson}</p>
        <ul>
          {scenarios.map((s) => (
            <li key={s.id}>
              <button type="button" onClick={() => onOpen(s.id, 0)}>
                {s.title[language]}
              </button>{' '}
              <span className="muted">
                {s.steps.length} {t.steps}
              </span>
            </li>
          ))}
        </ul>
      </div>
    );
  const current = scenario.steps[step]!;
  return (
    <article className="lesson" aria-label={t.lesson}>
      <header>
        <h3>
          {scenario.title[language]} · {t.step} {step + 1}/{scenario.steps.length}: {current.title[language]}
        </h3>
        <nav className="lesson-nav" aria-label={t.lesson}>
          <button type="button" disabled={step === 0} onClick={() => onOpen(scenario.id, step - 1)}>
            ← {t.previous}
          </button>
          <button type="button" disabled={step === scenario.steps.length - 1} onClick={() => onOpen(scenario.id, step + 1)}>
            {t.next} →
          </button>
          <button type="button" onClick={onClose}>
            {t.closeLesson}
          </button>
        </nav>
      </header>
      {current.body[language].split('\n\n').map((p, i) => (
        <p key={i}>{p}</p>
      ))}
      {(current.commands ?? []).map((c, i) => {
        const run = output(c.line, c.node);
        return (
          <pre key={i} className="command">
            <span className="prompt">{run.prompt}</span>
            {run.text}
          </pre>
        );
      })}
      {current.question && <QuestionBox key={`${scenario.id}/${step}`} question={current.question} language={language} />}
    </article>
  );
}
