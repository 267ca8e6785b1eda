/**
 * The one store, made of slices: the text (and what was simulated), the session (how the page was
 * opened, what opens over the visitor's work), the lesson step, the packet's playback and bursts,
 * and the layout. Components read it through selectors and change it through its actions; it
 * runs the same without a browser (tests/unit/session.test.ts).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { stepFlowRequest } from '../core/flows.ts';
import type { View } from '../share/link.ts';
import { answersSlice, type AnswersSlice } from './answers.ts';
import { layoutSlice, type LayoutSlice } from './layout.ts';
import { playbackSlice, type PlaybackSlice } from './playback.ts';
import { sessionSlice, type SessionSlice } from './session.ts';
import { currentOf, textSlice, traceQuestion, type TextSlice } from './text.ts';

export { SIMULATION_DEBOUNCE_MS } from './text.ts';
export type { Selection } from './layout.ts';

/** A lesson and one of its steps (0-based). */
export interface LessonAt {
  readonly id: string;
  readonly step: number;
}

export interface LessonSlice {
  /** The lesson being followed and its step. */
  readonly lesson?: LessonAt;
  setLesson(lesson: LessonAt | undefined): void;
}

export type AppState = TextSlice & SessionSlice & LessonSlice & PlaybackSlice & LayoutSlice & AnswersSlice;

export interface StartOptions {
  readonly view?: View;
  /** The visitor's saved text, read when "Edit a copy" may replace it. */
  readonly savedText?: () => string | undefined;
  /** The lesson step the visitor was on. */
  readonly lesson?: LessonAt;
}

export function createAppStore(initialText: string, options: StartOptions = {}) {
  const store = createStore<AppState>()((set, get, api) => ({
    ...textSlice(initialText)(set, get, api),
    ...sessionSlice(options.view ?? 'edit', options.savedText ?? (() => undefined))(set, get, api),
    ...playbackSlice(set, get, api),
    ...layoutSlice(options.lesson ? 'lesson' : 'packets')(set, get, api),
    ...answersSlice(set, get, api),
    ...(options.lesson ? { lesson: options.lesson } : {}),
    setLesson(lesson) {
      set({ lesson });
    },
  }));
  // Nothing is drawn until the worker has derived the first text: the page never simulates.
  store.getState().commit();
  store.subscribe((s) => {
    // A step's flow is found in the derived state (no simulation here).
    if (s.wantFlow !== undefined && s.simulatedText === s.text) {
      const flow = stepFlowRequest(currentOf(s).sim.state, s.wantFlow);
      return store.setState({ flow, wantFlow: undefined });
    }
    // The chosen flow is traced in the worker on every text the graph shows.
    if (s.flow) void s.want(traceQuestion(s, s.flow));
  });
  return store;
}

export type AppStore = ReturnType<typeof createAppStore>;

export function useApp<T>(store: AppStore, selector: (s: AppState) => T): T {
  return useStore(store, selector);
}
