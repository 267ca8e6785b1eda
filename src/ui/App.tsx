/**
 * The page, for now: the default scenario's cluster state as text. The editor and the live
 * graph replace this view later; the pipeline underneath stays the same.
 */
import { useMemo } from 'react';
import { simulate } from '../core/index.ts';
import { printState } from '../core/print/state.ts';
import { DEFAULT_SCENARIO } from '../scenarios/index.ts';

export function App() {
  const sim = useMemo(() => simulate(DEFAULT_SCENARIO.text), []);
  return (
    <main className="app">
      <header>
        <h1>kube-netplay</h1>
        <p>{DEFAULT_SCENARIO.title}</p>
      </header>
      {sim.diagnostics.length > 0 && (
        <ul className="diagnostics" aria-label="Problems">
          {sim.diagnostics.map((d, i) => (
            <li key={i} className={d.severity}>
              {d.line}:{d.column} {d.message}
              {d.hint ? ` — ${d.hint}` : ''}
            </li>
          ))}
        </ul>
      )}
      <section className="panes">
        <pre className="scenario" aria-label="Scenario">
          {DEFAULT_SCENARIO.text}
        </pre>
        <pre className="state" data-testid="cluster-state" aria-label="Cluster state">
          {printState(sim.state)}
        </pre>
      </section>
    </main>
  );
}
