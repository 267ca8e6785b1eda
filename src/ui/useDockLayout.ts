/**
 * The bottom panel's height and whether it is folded, kept across visits. Presenter mode keeps
 * its own fold (folded at first, so the graph has the room) and shares the height.
 */
import { useCallback, useState } from 'react';

const KEY = 'kube-netplay:dock';
/** Below this the panel is only its tabs; above it the graph would be a strip. */
export const DOCK_MIN_PX = 96;
export const DOCK_MAX_SHARE = 0.75;

interface Saved {
  /** Pixels; absent until the visitor resizes (the style sheet's height then applies). */
  readonly height?: number;
  readonly folded: boolean;
  readonly foldedInPresenter: boolean;
}

const DEFAULTS: Saved = { folded: false, foldedInPresenter: true };

function load(): Saved {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return DEFAULTS;
    const r = raw as Record<string, unknown>;
    const height = typeof r.height === 'number' && Number.isFinite(r.height) ? r.height : undefined;
    return {
      ...(height === undefined ? {} : { height }),
      folded: r.folded === true,
      foldedInPresenter: r.foldedInPresenter !== false,
    };
  } catch {
    return DEFAULTS;
  }
}

function save(value: Saved): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(value));
  } catch {
    // A full or refused storage only forgets the panel's size; the text's own save reports itself.
  }
}

/** The panel's height within what the window allows. */
export function clampDockHeight(px: number, windowHeight: number): number {
  return Math.round(Math.min(Math.max(px, DOCK_MIN_PX), windowHeight * DOCK_MAX_SHARE));
}

export function useDockLayout(presenter: boolean) {
  const [saved, setSaved] = useState(load);
  const update = useCallback((change: Partial<Saved>) => {
    setSaved((s) => {
      const next = { ...s, ...change };
      save(next);
      return next;
    });
  }, []);
  const folded = presenter ? saved.foldedInPresenter : saved.folded;
  return {
    height: saved.height,
    folded,
    setHeight: (px: number) =>
      update({ height: clampDockHeight(px, window.innerHeight), ...(presenter ? { foldedInPresenter: false } : { folded: false }) }),
    setFolded: (value: boolean) => update(presenter ? { foldedInPresenter: value } : { folded: value }),
  };
}
