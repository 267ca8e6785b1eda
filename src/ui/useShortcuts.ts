/**
 * Keyboard shortcuts for the projector: P presenter mode, Space play/pause, ? the shortcut sheet,
 * Alt+→/← lesson steps. A single key is a shortcut only where nothing else takes keys: on the page
 * itself or on the graph; never in a tab strip, a button, a field, the editor or the terminal.
 */
import { useEffect, useRef } from 'react';

interface Actions {
  togglePresenter(): void;
  step(delta: 1 | -1): void;
  playPause(): void;
  showShortcuts(): void;
}

/** Typing in the editor or a form field is never a shortcut. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || !!el.closest('.cm-editor, .xterm'));
}

/** Focus on the page (nothing focused) or on the graph: a single key is free to be a shortcut. */
export function singleKeyTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || el === document.body || el === document.documentElement) return true;
  return !!el.closest?.('.graph-canvas');
}

export function useShortcuts(actions: Actions): void {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // In the editor or the terminal every key is text (Alt+arrows move by words there).
      if (e.defaultPrevented || typing(e.target)) return;
      if (e.altKey && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
        e.preventDefault();
        latest.current.step(e.key === 'ArrowRight' ? 1 : -1);
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || !singleKeyTarget(e.target)) return;
      if (e.key === 'p' || e.key === 'P') latest.current.togglePresenter();
      else if (e.key === '?') latest.current.showShortcuts();
      else if (e.key === ' ') {
        e.preventDefault();
        latest.current.playPause();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
