/**
 * A modal dialog with its title: a click on the backdrop or Escape (or another of `closeKeys`)
 * closes it; without `onClose` (work under way) nothing closes it.
 */
import { useLayoutEffect, useRef, type ReactNode } from 'react';

interface Props {
  readonly title: string;
  readonly className?: string;
  readonly onClose: (() => void) | undefined;
  readonly closeKeys?: readonly string[];
  readonly children: ReactNode;
}

export function Dialog({ title, className, onClose, closeKeys = ['Escape'], children }: Props) {
  const close = useRef(onClose);
  // Layout effects: the focus and the keys are the dialog's in the task that draws it, so a key
  // pressed at once (a busy machine's next task) reaches it.
  useLayoutEffect(() => {
    close.current = onClose;
  });
  const box = useRef<HTMLDivElement>(null);
  // A modal takes the focus when it opens, unless something in it took it already (its field).
  useLayoutEffect(() => {
    if (box.current && !box.current.contains(document.activeElement)) box.current.focus();
  }, []);
  // Escape from outside the dialog closes it too: a button disabled while it works (an export)
  // drops the focus to the page, and a key pressed as the dialog opened may come from the button
  // that opened it; the page behind a modal is about nothing else. Inside, fields keep their own.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as Node | null;
      const outside = !target || !box.current?.contains(target);
      if (e.key === 'Escape' && outside && !e.defaultPrevented && close.current) {
        e.preventDefault();
        close.current();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        tabIndex={-1}
        className={className ? `dialog ${className}` : 'dialog'}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => closeKeys.includes(e.key) && onClose?.()}
      >
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}
