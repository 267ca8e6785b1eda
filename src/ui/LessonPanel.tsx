/**
 * The lesson: one step at a time, its explanation, the output of its commands (computed from
 * the simulation), and a question that checks understanding. Without a lesson open, the list of
 * built-in scenarios to start one.
 */
import { useRef, useState } from 'react';
import { words, type Language } from '../i18n/words.ts';
import type { Check, Result } from '../scenarios/exercises.ts';
import type { Question, Scenario, Step } from '../scenarios/index.ts';
import { inLanguage } from '../scenarios/index.ts';
import { Said } from './Said.tsx';

interface Props {
  scenarios: readonly Scenario[];
  scenario: Scenario | undefined;
  step: number;
  language: Language;
  /** The output of a step's command, run on the simulation; undefined while it is on its way. */
  output(line: string, node: string | undefined): { prompt: string; text: string } | undefined;
  /** Checks an exercise on the learner's text (in the worker); undefined if it could not answer. */
  onCheck(check: Check): Promise<Result | Unchecked | undefined>;
  onOpen(id: string, step: number): void;
  onClose(): void;
  /** A view-only page: it opens no other lesson over the shared scenario. */
  readOnly?: boolean;
}

function QuestionBox({ question, language }: { question: Question; language: Language }) {
  const t = words(language).ui;
  const [picked, setPicked] = useState<number>();
  const [checked, setChecked] = useState(false);
  return (
    <fieldset className="question">
      <legend>
        <Said w={question.prompt} language={language} />
      </legend>
      {question.choices.map((c, i) => (
        <label key={i}>
          <input type="radio" name="answer" checked={picked === i} onChange={() => (setPicked(i), setChecked(false))} />{' '}
          <Said w={c} language={language} />
        </label>
      ))}
      <button type="button" disabled={picked === undefined} onClick={() => setChecked(true)}>
        {t.check}
      </button>
      {checked && picked !== undefined && (
        <p className={picked === question.answer ? 'right' : 'wrong'} role="status">
          {picked === question.answer ? t.right : t.wrong} <Said w={question.why} language={language} />
        </p>
      )}
    </fieldset>
  );
}

interface ExerciseProps {
  exercise: NonNullable<Step['exercise']>;
  language: Language;
  onCheck(check: Check): Promise<Result | Unchecked | undefined>;
}

/** A check the worker could not work out: why, in words. */
export interface Unchecked {
  readonly failed: string;
}

function ExerciseBox({ exercise, language, onCheck }: ExerciseProps) {
  const t = words(language).ui;
  const [result, setResult] = useState<Result | Unchecked>();
  const [checking, setChecking] = useState(false);
  /** Counts the checks asked for: only the last one's answer is shown. */
  const asked = useRef(0);
  const [hints, setHints] = useState(0);
  return (
    <section className="exercise" aria-label={t.exercise}>
      <p>
        <b>{t.goal}:</b> <Said w={exercise.goal} language={language} />
      </p>
      <button
        type="button"
        aria-busy={checking}
        onClick={() => {
          const count = ++asked.current;
          setChecking(true);
          setResult(undefined);
          void onCheck(exercise.check).then((r) => {
            if (count !== asked.current) return;
            setChecking(false);
            setResult(r);
          });
        }}
      >
        {t.check}
      </button>{' '}
      <button type="button" disabled={hints >= exercise.hints.length} onClick={() => setHints((h) => h + 1)}>
        {t.hint}
      </button>
      {checking && (
        <p className="muted" role="status" aria-busy="true">
          …
        </p>
      )}
      {!checking && result && 'failed' in result && (
        <p className="wrong" role="status">
          {result.failed}
        </p>
      )}
      {!checking && result && 'passed' in result && (
        <p className={result.passed ? 'right' : 'wrong'} role="status">
          {result.passed ? '✓ ' : '✗ '}
          <Said w={result.message} language={language} />
        </p>
      )}
      {exercise.hints.slice(0, hints).map((h, i) => (
        <p key={i} className="muted">
          {t.hint} {i + 1}: <Said w={h} language={language} />
        </p>
      ))}
    </section>
  );
}

export function LessonPanel({ scenarios, scenario, step, language, output, onCheck, onOpen, onClose, readOnly = false }: Props) {
  const t = words(language).ui;
  const current = scenario?.steps[step];
  if (!scenario || !current)
    return (
      <div className="lesson-list">
        <p className="muted">{t.pickLesson}</p>
        <ul>
          {scenarios.map((s) => (
            <li key={s.id}>
              <button type="button" disabled={readOnly} onClick={() => onOpen(s.id, 0)}>
                <Said w={s.title} language={language} />
              </button>{' '}
              <span className="muted">{t.steps(s.steps.length)}</span>
            </li>
          ))}
        </ul>
      </div>
    );
  const body = inLanguage(current.body, language);
  return (
    <article className="lesson" aria-label={t.lesson}>
      <header>
        <h3>
          <Said w={scenario.title} language={language} /> · {t.step} {step + 1}/{scenario.steps.length}:{' '}
          <Said w={current.title} language={language} />
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
      {body.fallback && <p className="untranslated-note">{t.untranslated}</p>}
      {body.text.split('\n\n').map((p, i) => (
        <p key={i} {...(body.fallback ? { lang: 'en' } : {})}>
          {p}
        </p>
      ))}
      {(current.commands ?? []).map((c, i) => {
        const run = output(c.line, c.node);
        return (
          <pre key={i} className="command" aria-busy={run === undefined}>
            <span className="prompt">{run?.prompt ?? `$ ${c.line}\n`}</span>
            {run?.text ?? '…'}
          </pre>
        );
      })}
      {current.exercise && (
        <ExerciseBox key={`${scenario.id}/${step}/x`} exercise={current.exercise} language={language} onCheck={onCheck} />
      )}
      {current.question && <QuestionBox key={`${scenario.id}/${step}`} question={current.question} language={language} />}
    </article>
  );
}
