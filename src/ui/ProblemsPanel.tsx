/** Every diagnostic of the manifests, with its line and column, the message and the fix. */
import type { Diagnostic } from '../core/index.ts';
import { words, type Language } from '../i18n/words.ts';

export function ProblemsPanel({ diagnostics, language }: { diagnostics: readonly Diagnostic[]; language: Language }) {
  const t = words(language).ui;
  if (diagnostics.length === 0) return <p className="muted">{t.noProblems}</p>;
  return (
    <section className="problems" aria-label={t.problems}>
      <ul>
        {diagnostics.map((d, i) => (
          <li key={i} className={d.severity}>
            <span className="where">
              {d.line}:{d.column}
            </span>{' '}
            {d.message}
            {d.hint && <span className="hint"> — {d.hint}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
