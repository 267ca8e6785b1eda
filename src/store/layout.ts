/** The layout slice: the language, the panes' sizes, the dock's open tab, presenter mode, the selection, the policy shown. */
import type { StateCreator } from 'zustand';
import type { MatrixPort } from '../core/policy/reachability.ts';
import type { ElementRef } from '../graph/elements.ts';
import type { Language } from '../i18n/words.ts';
import { initialLanguage, rememberLanguage } from './language.ts';
import type { AppState } from './store.ts';

export interface Selection {
  readonly id: string;
  readonly ref: ElementRef;
}

/** The NetworkPolicy shown on the graph (`namespace/name`), and where it was chosen. */
export interface ShownPolicy {
  readonly ref: string;
  /** The editor's cursor in its document, or a choice in the inspector (kept until dismissed). */
  readonly by: 'editor' | 'inspector';
}

export interface LayoutSlice {
  readonly language: Language;
  /** The editor's share of the width, 0.2 to 0.8. */
  readonly split: number;
  /** The dock's open tab. */
  readonly tab: string;
  readonly presenter: boolean;
  readonly selection?: Selection;
  readonly policy?: ShownPolicy;
  /** The port the reachability matrix traces (unset: the port most pods serve). */
  readonly matrixPort?: MatrixPort;
  setMatrixPort(port: MatrixPort): void;
  /** The dialog open over the page, if any. */
  readonly dialog?: 'share' | 'export' | 'shortcuts';
  setDialog(dialog: 'share' | 'export' | 'shortcuts' | undefined): void;
  setLanguage(language: Language): void;
  setSplit(split: number): void;
  setTab(tab: string): void;
  setPresenter(on: boolean): void;
  /** Selects an element of the graph (or nothing); the inspector opens on it. */
  select(selection: Selection | undefined): void;
  /** Shows a policy's pods and peers on the graph; the editor's cursor leaving its document hides one the editor showed. */
  showPolicy(ref: string | undefined, by: ShownPolicy['by']): void;
}

/**
 * The editor's share at first: 40%, but 31% in a window narrower than 1440 px (a projector's
 * 1280): there the graph pane needs the width to draw a cluster's labels at a classroom's 12 px
 * (the Names lesson's three nodes and a node of two pods side by side), and the editor still shows
 * its lines' first 42 characters. Dragging the divider sets another.
 */
export function defaultSplit(windowWidth: number | undefined): number {
  return windowWidth !== undefined && windowWidth < 1440 ? 0.31 : 0.4;
}

export const layoutSlice =
  (tab: string): StateCreator<AppState, [], [], LayoutSlice> =>
  (set, get) => ({
    language: initialLanguage(),
    split: defaultSplit(typeof window === 'undefined' ? undefined : window.innerWidth),
    tab,
    presenter: false,
    setDialog(dialog) {
      set({ dialog });
    },
    setLanguage(language) {
      rememberLanguage(language);
      set({ language });
    },
    setSplit(split) {
      set({ split: Math.min(0.8, Math.max(0.2, split)) });
    },
    setTab(tab) {
      set({ tab });
    },
    setPresenter(presenter) {
      set({ presenter });
    },
    select(selection) {
      // An embed has no inspector: the selection only marks the graph there.
      set({ selection, ...(selection && get().view !== 'embed' ? { tab: 'inspector' } : {}) });
    },
    setMatrixPort(matrixPort) {
      set({ matrixPort });
    },
    showPolicy(ref, by) {
      const now = get().policy;
      if (ref === undefined) {
        // Moving the cursor elsewhere does not hide what the inspector chose.
        if (now && (by === 'inspector' || now.by === 'editor')) set({ policy: undefined });
      } else if (now?.ref !== ref || now.by !== by) set({ policy: { ref, by } });
    },
  });
