/** Every diagnostic of the manifests, with its line and column, the problem and its advice, in the page's language. */
import type { Diagnostic } from '../core/index.ts';
import { words, type Language } from '../i18n/words.ts';

export function ProblemsPanel({ diagnostics, language }: { diagnostics: readonly Diagnostic[]; language: Language }) {
  const { ui: t, say } = words(language);
  if (diagnostics.length === 0) return <p className="muted">{t.noProblems}</p>;
  return (
    <section className="problems" aria-label={t.problems}>
      <ul>
        {diagnostics.map((d, i) => (
          <li key={i} className={d.severity}>
            <span className="where">
              {d.line}:{d.column}
            </span>{' '}
            {say(d.says)}
            {d.advice && <span className="hint"> — {say(d.advice)}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
