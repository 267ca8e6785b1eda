/**
 * The session slice: how the page was opened (edit, view-only, embed) and every way a text
 * arrives over the visitor's own (a link, a lesson step, a file, "Edit a copy"). Nothing of the
 * visitor's is replaced without asking, and what a replace took away can be brought back.
 */
import type { StateCreator } from 'zustand';
import type { StepFlow } from '../core/flows.ts';
import type { TraceRequest } from '../core/trace/index.ts';
import { isLanguage, type Language } from '../i18n/words.ts';
import { lessonStep, isTextOf, SCENARIOS, stepIndex } from '../scenarios/index.ts';
import { isLinkError, type LinkError, type Shared, type View } from '../share/link.ts';
import type { AppState, LessonAt } from './store.ts';

/** What comes with a text once it is shown: where to stand in it. */
export interface Opening {
  readonly lesson?: LessonAt;
  readonly flow?: TraceRequest;
  /** A lesson step's flow (a quick flow's id, or named ends): chosen once the text is derived. */
  readonly stepFlow?: StepFlow;
  readonly hop?: number;
  readonly burst?: boolean;
  readonly language?: Language;
}

/** A text that would replace the visitor's own, waiting for their answer. */
export interface Asking {
  /** 'replace': a link, a step or a file; 'copy': "Edit a copy" over the visitor's saved work. */
  readonly kind: 'replace' | 'copy';
  readonly text: string;
  readonly opening?: Opening;
}

/** The visitor's own text a replace took away, until they undo it or move on. */
export interface Undo {
  readonly text: string;
  readonly lesson?: LessonAt;
}

export interface SessionSlice {
  /** edit: everything; view: read-only, no editor (slides, handouts); embed: only the graph and packets. */
  readonly view: View;
  readonly asking?: Asking;
  readonly undo?: Undo;
  /** A link that could not be opened, in words. */
  readonly linkError?: LinkError;
  /** The last text of the visitor's own that was saved (read before a copy replaces it). */
  readonly savedText: () => string | undefined;
  /** Shows `text` and `opening`; asks first when the visitor's own work would be replaced. */
  open(text: string, opening?: Opening): void;
  /** The visitor's answer to `asking`. */
  answer(replace: boolean): void;
  /** Brings back what the last replace took away. */
  undoReplace(): void;
  dismissUndo(): void;
  /** Opens a shared link (or says why it cannot be opened). One action: view, text, flow, step, hop. */
  openLink(link: Shared | LinkError): void;
  /** Opens a lesson step: its text, then its flow and burst. */
  openStep(id: string, step: number): void;
  /** A view-only page becomes the visitor's own work (asking before their saved work is replaced). */
  editCopy(): void;
  dismissLinkError(): void;
}

/** True for text that is one of ours (a scenario, a lesson step): replacing it loses nothing. */
export function isBuiltIn(text: string): boolean {
  return SCENARIOS.some((s) => isTextOf(s, text));
}

/** True when replacing `text` would lose work of the visitor's own. */
function isOwnWork(text: string | undefined, incoming: string): text is string {
  return text !== undefined && text !== incoming && text.trim() !== '' && !isBuiltIn(text);
}

export const sessionSlice =
  (view: View, savedText: () => string | undefined): StateCreator<AppState, [], [], SessionSlice> =>
  (set, get) => {
    /** Puts the text in and stands where `opening` says; keeps what it replaced for undo. */
    const show = (text: string, opening: Opening = {}, undo?: Undo) => {
      const s = get();
      s.setText(text);
      s.commit();
      set({
        asking: undefined,
        undo,
        lesson: opening.lesson,
        flow: opening.flow,
        wantFlow: opening.stepFlow,
        wantHop: opening.hop,
        wantBurst: !!opening.burst,
        ...(opening.language ? { language: opening.language } : {}),
        ...(opening.lesson ? { tab: 'lesson' } : {}),
      });
    };
    return {
      view,
      savedText,
      open(text, opening) {
        const s = get();
        // Nothing of the visitor's is on a view-only page or an embed: nothing to ask.
        if (s.view !== 'edit' || !isOwnWork(s.text, text)) show(text, opening);
        else set({ asking: { kind: 'replace', text, ...(opening ? { opening } : {}) } });
      },
      answer(replace) {
        const { asking, text, lesson } = get();
        if (!asking || !replace) return set({ asking: undefined });
        // The copy is what is shown already (with its step and flow); the saved work it replaces is kept for undo.
        if (asking.kind === 'copy') return set({ view: 'edit', asking: undefined, undo: { text: get().savedText() ?? '' } });
        show(asking.text, asking.opening, { text, ...(lesson ? { lesson } : {}) });
      },
      undoReplace() {
        const { undo } = get();
        if (undo) show(undo.text, undo.lesson ? { lesson: undo.lesson } : {});
      },
      dismissUndo() {
        set({ undo: undefined });
      },
      openLink(link) {
        if (isLinkError(link)) return set({ linkError: link });
        // A link never turns a view-only page or an embed (by its address) into an editing one.
        if (get().view === 'edit' && link.view && link.view !== 'edit') set({ view: link.view, asking: undefined });
        // A link to a lesson or step that does not exist (an old link) opens no lesson.
        const step = link.lesson && stepIndex(link.lesson.id, link.lesson.step);
        const lesson = link.lesson && step !== undefined ? { id: link.lesson.id, step } : undefined;
        get().open(link.text, {
          ...(lesson ? { lesson } : {}),
          ...(link.flow ? { flow: link.flow } : {}),
          ...(link.hop !== undefined ? { hop: link.hop } : {}),
          ...(isLanguage(link.language) ? { language: link.language } : {}),
        });
      },
      openStep(id, step) {
        const s = lessonStep(id, step);
        if (!s) return;
        // A view-only page or an embed is read-only: it steps through the lesson it shows, and
        // opens no other scenario over it ("Edit a copy" first).
        const { view, lesson } = get();
        if (view !== 'edit' && id !== lesson?.id) return;
        // The step's flow is found in its text's state: known once the worker has derived the text.
        get().open(s.text, { lesson: { id, step }, ...(s.flow ? { stepFlow: s.flow } : {}), burst: !!s.burst });
      },
      editCopy() {
        const { view, text } = get();
        if (view === 'edit') return;
        const saved = get().savedText();
        if (isOwnWork(saved, text)) return set({ asking: { kind: 'copy', text } });
        set({ view: 'edit', asking: undefined });
      },
      dismissLinkError() {
        set({ linkError: undefined });
      },
    };
  };
