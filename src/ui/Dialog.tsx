/**
 * A modal dialog with its title: a click on the backdrop or Escape (or another of `closeKeys`)
 * closes it; without `onClose` (work under way) nothing closes it.
 */
import type { ReactNode } from 'react';

interface Props {
  readonly title: string;
  readonly className?: string;
  readonly onClose: (() => void) | undefined;
  readonly closeKeys?: readonly string[];
  readonly children: ReactNode;
}

export function Dialog({ title, className, onClose, closeKeys = ['Escape'], children }: Props) {
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-label={title}
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
