/** The divider between the editor and the graph: drag it, or focus it and use the arrow keys. */
import type { KeyboardEvent, PointerEvent } from 'react';

interface Props {
  value: number;
  label: string;
  onChange(value: number): void;
}

export function Splitter({ value, label, onChange }: Props) {
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const parent = el.parentElement!.getBoundingClientRect();
    const move = (ev: globalThis.PointerEvent) => onChange((ev.clientX - parent.left) / parent.width);
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowLeft') onChange(value - 0.05);
    if (e.key === 'ArrowRight') onChange(value + 0.05);
  };
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuemin={20}
      aria-valuemax={80}
      aria-valuenow={Math.round(value * 100)}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
