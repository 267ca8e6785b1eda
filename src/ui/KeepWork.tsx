/**
 * Keeps the visitor's work in sight: says at once when a save failed (and offers the text as a
 * file, before any reload could lose it), asks which text to keep when another tab saved a
 * different one, and offers a text set aside at a safe start. The saved text's safe-start mark
 * is cleared once the first graph is painted.
 */
import { useEffect, useState } from 'react';
import { onSave, textSetAsideAtStart, type TextSaveOutcome } from '../share/autosave.ts';
import { finishedLoading, startLoading } from '../share/safe-start.ts';
import { UNDERIVED } from '../store/simulation.ts';
import { TabGuard, watchOtherTabs } from '../share/tabs.ts';
import { download } from '../graph/export.ts';
import { words, type Language } from '../i18n/words.ts';
import type { AppStore } from '../store/store.ts';

interface Props {
  readonly store: AppStore;
  /** The text last simulated: once one is drawn, the start-up load has finished. */
  readonly simulatedText: string;
  readonly language: Language;
  /** False on a view-only page or an embed: nothing of the visitor's is shown, so nothing is asked. */
  readonly editable: boolean;
}

type Question =
  { kind: 'failed'; outcome: Exclude<TextSaveOutcome, 'saved' | 'held'> } | { kind: 'other-tab' } | { kind: 'set-aside'; text: string };

export function KeepWork({ store, simulatedText, language, editable }: Props) {
  const t = words(language).ui;
  const [question, setQuestion] = useState<Question | undefined>(() => {
    const aside = textSetAsideAtStart();
    return aside === undefined ? undefined : { kind: 'set-aside', text: aside };
  });
  const [guard] = useState(() => new TabGuard());

  // The first graph is on screen: the saved text loaded. Two frames later, so that the frame
  // Cytoscape draws it in has ended (a freeze while drawing leaves the mark).
  useEffect(() => {
    if (simulatedText === UNDERIVED) return;
    let frame = requestAnimationFrame(() => (frame = requestAnimationFrame(() => finishedLoading())));
    return () => cancelAnimationFrame(frame);
  }, [simulatedText]);

  useEffect(() => {
    let unsaved = false;
    const stopSaves = onSave((outcome) => {
      unsaved = outcome !== 'saved';
      if (outcome === 'full' || outcome === 'off')
        setQuestion((q) => (q?.kind === 'failed' && q.outcome === outcome ? q : { kind: 'failed', outcome }));
      else if (outcome === 'saved') setQuestion((q) => (q?.kind === 'failed' ? undefined : q));
    });
    const stopTabs = watchOtherTabs((text) => {
      if (store.getState().view !== 'edit') return;
      if (guard.otherSaved(text, store.getState().text)) setQuestion({ kind: 'other-tab' });
      else setQuestion((q) => (q?.kind === 'other-tab' ? undefined : q));
    });
    // Edits not kept: the browser asks before the page goes (a reload, a closed tab).
    const onLeave = (e: BeforeUnloadEvent) => {
      if (unsaved) e.preventDefault();
    };
    window.addEventListener('beforeunload', onLeave);
    return () => {
      stopSaves();
      stopTabs();
      window.removeEventListener('beforeunload', onLeave);
    };
  }, [store, guard]);

  if (!question || !editable) return null;
  const close = () => setQuestion(undefined);
  const downloadButton = (text: () => string) => (
    <button type="button" onClick={() => download('kube-netplay.yaml', text(), 'text/yaml')}>
      {t.download}
    </button>
  );
  const replaceText = (text: string) => {
    store.getState().setText(text);
    store.getState().commit();
  };

  if (question.kind === 'failed')
    return (
      <div className="notice" role="alert">
        {question.outcome === 'full' ? t.saveFull : t.saveOff} {downloadButton(() => store.getState().text)}
        <button type="button" onClick={close}>
          {t.dismiss}
        </button>
      </div>
    );
  if (question.kind === 'other-tab')
    return (
      <div className="notice" role="alertdialog" aria-label={t.otherTab}>
        {t.otherTab}{' '}
        <button
          type="button"
          onClick={() => {
            guard.keepMine(store.getState().text);
            close();
          }}
        >
          {t.keepThis}
        </button>
        <button
          type="button"
          onClick={() => {
            const theirs = guard.takeTheirs();
            if (theirs !== undefined) replaceText(theirs);
            close();
          }}
        >
          {t.takeOther}
        </button>
      </div>
    );
  return (
    <div className="notice" role="alertdialog" aria-label={t.safeStart}>
      {t.safeStart}{' '}
      <button
        type="button"
        onClick={() => {
          startLoading();
          replaceText(question.text);
          close();
        }}
      >
        {t.openAnyway}
      </button>
      <button type="button" onClick={close}>
        {t.startLab}
      </button>
      {downloadButton(() => question.text)}
    </div>
  );
}
