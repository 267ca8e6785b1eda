/**
 * Where the visitor's work comes from and goes: a shared link in the URL fragment, else the text
 * kept in local storage, else the default scenario; every edit is kept again. Opening a link or a
 * scenario over edits of the visitor's own asks first: their text is never silently replaced.
 */
import { useCallback, useEffect, useState } from 'react';
import { loadSaved, loadSavedLesson, save, saveLesson, type SavedLesson } from '../share/autosave.ts';
import { decodeLink, isLinkError, type Shared } from '../share/link.ts';
import { isTextOf, lessonStep, SCENARIOS } from '../scenarios/index.ts';
import type { AppStore } from '../store/store.ts';

export interface Pending {
  readonly text: string;
  /** What happens after the text is replaced (set the flow, the step, …). */
  readonly then?: () => void;
}

/** True for text that is one of ours (a scenario, a lesson step): replacing it loses nothing. */
export function isBuiltIn(text: string): boolean {
  return SCENARIOS.some((s) => isTextOf(s, text));
}

export function initialText(): string | undefined {
  return loadSaved();
}

/** The lesson step the visitor was on, if that lesson and step still exist. */
export function initialLesson(): SavedLesson | undefined {
  const saved = loadSavedLesson();
  return saved && lessonStep(saved.id, saved.step) ? saved : undefined;
}

export function useSession(store: AppStore, apply: (shared: Shared) => void) {
  const [notice, setNotice] = useState<string>();
  const [pending, setPending] = useState<Pending>();

  /** Replaces the text, asking first when the visitor has work of their own in it. */
  const offer = useCallback(
    (text: string, then?: () => void) => {
      const current = store.getState().text;
      if (current === text || isBuiltIn(current) || current.trim() === '') {
        // A question asked about an earlier offer is answered by this one.
        setPending(undefined);
        store.getState().setText(text);
        store.getState().commit();
        then?.();
      } else setPending({ text, ...(then ? { then } : {}) });
    },
    [store],
  );

  const resolve = (replace: boolean) => {
    if (pending && replace) {
      store.getState().setText(pending.text);
      store.getState().commit();
      pending.then?.();
    }
    setPending(undefined);
  };

  useEffect(() => {
    const read = async () => {
      const shared = await decodeLink(location.hash);
      if (!shared) return;
      if (isLinkError(shared)) {
        setNotice(`${shared.message} Your own manifests are kept.`);
        return;
      }
      // A view-only page or an embed shows the link's scenario and keeps nothing: the visitor's
      // own saved work is neither asked about nor replaced.
      if ((shared.view ?? store.getState().view) !== 'edit') {
        store.getState().setText(shared.text);
        store.getState().commit();
        apply(shared);
        return;
      }
      offer(shared.text, () => apply(shared));
    };
    void read();
    const onHash = () => void read();
    window.addEventListener('hashchange', onHash);
    // Keep every edit and the lesson step: a reload or a closed tab loses nothing.
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.view !== 'edit') return;
      if (s.text !== prev.text) save(s.text);
      if (s.lesson !== prev.lesson) saveLesson(s.lesson);
    });
    return () => {
      window.removeEventListener('hashchange', onHash);
      unsubscribe();
    };
  }, [store, offer, apply]);

  return { notice, dismissNotice: () => setNotice(undefined), pending, resolve, offer };
}
