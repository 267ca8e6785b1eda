/** Keyboard shortcuts for the projector: P presenter mode, Alt+→/← lesson steps, Space play/pause. */
import { useEffect, useRef } from 'react';

interface Actions {
  togglePresenter(): void;
  step(delta: 1 | -1): void;
  playPause(): void;
}

/** Typing in the editor or a form field is never a shortcut. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || !!el.closest('.cm-editor, .xterm'));
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
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'p' || e.key === 'P') latest.current.togglePresenter();
      else if (e.key === ' ' && (e.target as HTMLElement | null)?.tagName !== 'BUTTON') {
        e.preventDefault();
        latest.current.playPause();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
