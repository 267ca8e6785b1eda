/**
 * The one store: the scenario text and the visitor's choices. Everything else (simulation,
 * dataplane, graph) is derived from the text by `derive`. The text the simulation last ran on
 * trails the editor's text by a short debounce, so typing never waits for the simulation.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { TraceRequest } from '../core/trace/index.ts';
import type { ElementRef } from '../graph/elements.ts';
import type { Language } from '../i18n/words.ts';
import type { View } from '../share/link.ts';
import { sessionSlice, type SessionSlice } from './session.ts';
import { derive, deriveInBackground } from './simulation.ts';

export interface Selection {
  readonly id: string;
  readonly ref: ElementRef;
}

/** A lesson and one of its steps (0-based). */
export interface LessonAt {
  readonly id: string;
  readonly step: number;
}

export interface AppState extends SessionSlice {
  /** What the editor holds. */
  readonly text: string;
  /** The text the simulation last ran on. */
  readonly simulatedText: string;
  /** The last simulated text without errors: what the graph shows while the text is broken. */
  readonly lastGoodText: string;
  readonly selection?: Selection;
  readonly language: Language;
  /** The editor's share of the width, 0.2 to 0.8. */
  readonly split: number;
  /** The flow the packet panel traces and animates. */
  readonly flow?: TraceRequest;
  /** The lesson being followed and its step. */
  readonly lesson?: LessonAt;
  /** The hop to stand on, paused, once the flow's trace is loaded (a link, a step). */
  readonly wantHop?: number;
  /** Send a burst on the flow once its trace is loaded (a step). */
  readonly wantBurst: boolean;
  /** The dock's open tab. */
  readonly tab: string;
  readonly presenter: boolean;
  setText(text: string): void;
  /** Runs the simulation on the current text now (the debounce calls it). */
  commit(): void;
  select(selection: Selection | undefined): void;
  setLanguage(language: Language): void;
  setSplit(split: number): void;
  setFlow(flow: TraceRequest | undefined): void;
  setLesson(lesson: LessonAt | undefined): void;
  setTab(tab: string): void;
  /** The hop and burst asked for were carried out. */
  wantsDone(): void;
  setPresenter(on: boolean): void;
}

export const SIMULATION_DEBOUNCE_MS = 180;

export interface StartOptions {
  readonly view?: View;
  /** The visitor's saved text, read when "Edit a copy" may replace it. */
  readonly savedText?: () => string | undefined;
  readonly lesson?: LessonAt;
}

export function createAppStore(initialText: string, options: StartOptions = {}) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let commits = 0;
  let shown = 0;
  const initialOk = derive(initialText).errors === 0;
  return createStore<AppState>()((set, get, api) => ({
    ...sessionSlice(options.view ?? 'edit', options.savedText ?? (() => undefined))(set, get, api),
    text: initialText,
    simulatedText: initialText,
    lastGoodText: initialOk ? initialText : '',
    language: 'en',
    split: 0.4,
    presenter: false,
    wantBurst: false,
    tab: options.lesson ? 'lesson' : 'packets',
    ...(options.lesson ? { lesson: options.lesson } : {}),
    setText(text) {
      if (text === get().text) return;
      set({ text });
      clearTimeout(timer);
      timer = setTimeout(() => get().commit(), SIMULATION_DEBOUNCE_MS);
    },
    commit() {
      clearTimeout(timer);
      const { text } = get();
      const ticket = ++commits;
      const show = (errors: number) => {
        // A result that arrives after a newer commit's is old news.
        if (ticket < shown) return;
        shown = ticket;
        set({ simulatedText: text, ...(errors === 0 ? { lastGoodText: text } : {}) });
      };
      // A large text is simulated in a worker; a small one at once (no frame lost to the round trip).
      // A simulation that fails here too (a bug: the pipeline answers every text) leaves the last
      // state shown, and says so where a developer looks.
      deriveInBackground(text).then(
        (d) => show(d.errors),
        (error: unknown) => console.error('kube-netplay: the simulation failed on this text', error),
      );
    },
    select(selection) {
      set({ selection });
    },
    setLanguage(language) {
      set({ language });
    },
    setSplit(split) {
      set({ split: Math.min(0.8, Math.max(0.2, split)) });
    },
    setFlow(flow) {
      set({ flow });
    },
    setLesson(lesson) {
      set({ lesson });
    },
    setTab(tab) {
      set({ tab });
    },
    wantsDone() {
      set({ wantHop: undefined, wantBurst: false });
    },
    setPresenter(presenter) {
      set({ presenter });
    },
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

export function useApp<T>(store: AppStore, selector: (s: AppState) => T): T {
  return useStore(store, selector);
}
