/** What each edit changed in the shown network, listed and marked on the graph until the next edit. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Change } from '../core/diff.ts';
import { podId, serviceId } from '../graph/elements.ts';
import { isTextOf, SCENARIOS } from '../scenarios/index.ts';
import { msg } from '../core/message.ts';
import type { ChangeList } from '../store/derive-protocol.ts';
import { changesInBackground, type Derived } from '../store/simulation.ts';

function changedIds(changes: readonly Change[]): string[] {
  return changes.flatMap((c) => {
    switch (c.kind) {
      case 'pod-added':
      case 'pod-moved':
      case 'host-port':
        return [podId(c)];
      case 'service-added':
      case 'endpoint-added':
      case 'endpoint-removed':
      case 'endpoints-none':
      case 'endpoints-again':
        return [serviceId(c)];
      default:
        // Rewritten rules are listed, not marked: a service's change rewrites every node's rules,
        // and lighting every node box says less than the list does (and restyles the whole graph).
        return [];
    }
  });
}

/** Whether two states share a pod or a service: when they share none, another scenario was opened. */
function related(a: Derived, b: Derived): boolean {
  const mine = (d: Derived) => [...d.sim.state.pods.map(podId), ...d.sim.state.services.filter((s) => !s.builtin).map(serviceId)];
  const before = new Set(mine(a));
  return mine(b).some((k) => before.has(k));
}

/**
 * `scenario`: the built-in scenario open now, if any. Opening another one is not an edit, even
 * when the two share pods by name (several lessons start from the lab's frontend): the new text
 * shown is that scenario's own. The text of an edit made after opening it is not.
 */
export function useChanges(shown: Derived, scenario: string | undefined) {
  const [list, setList] = useState<ChangeList>({ changes: [] });
  const previous = useRef({ shown, scenario });
  const asked = useRef(0);
  useEffect(() => {
    const before = previous.current.shown;
    if (before === shown) return;
    const open = SCENARIOS.find((s) => s.id === scenario);
    const switched = open !== undefined && previous.current.scenario !== scenario && isTextOf(open, shown.text);
    previous.current = { shown, scenario };
    // A large scenario's rules are compared in the worker, after the new graph is painted; an
    // answer that comes after a newer question's is dropped.
    const question = ++asked.current;
    const answer = (c: ChangeList) => {
      if (asked.current === question) setList(c);
    };
    // Another scenario is not an edit: nothing to list or mark.
    if (switched || !related(before, shown)) answer({ changes: [] });
    else
      changesInBackground(before, shown).then(answer, (e: unknown) =>
        answer({ changes: [], failed: msg('question.failed', { detail: e instanceof Error ? e.message : String(e) }) }),
      );
  }, [shown, scenario]);
  const changed = useMemo(() => changedIds(list.changes), [list]);
  return { list, changed };
}
