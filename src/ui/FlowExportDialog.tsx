/**
 * Export the flow shown for slides: a video (WebM), an animated GIF or a picture of the route so
 * far, at the graph pane's size or 1920×1080, with each hop's caption under the graph.
 */
import { useEffect, useRef, useState } from 'react';
import type { Trace } from '../core/trace/index.ts';
import { download } from '../graph/export.ts';
import type { GraphView } from '../graph/graph-view.ts';
import { ExportFailure, flowPng, recordGif, recordWebm, type FlowFilm } from '../graph/packet-export.ts';
import type { PacketPlayer } from '../graph/packet-player.ts';
import type { Ui } from '../i18n/en.ts';
import { words, type Language } from '../i18n/words.ts';
import { hopCaptions } from './hop-captions.ts';
import { Dialog } from './Dialog.tsx';

type Format = 'webm' | 'gif' | 'png';

interface Props {
  graph: { view: GraphView; player: PacketPlayer } | null;
  trace: Trace;
  language: Language;
  speed: number;
  onClose(): void;
}

const FAILURES = { 'no-webm': 'exportNoWebm', 'no-video': 'exportNoVideo', 'no-picture': 'exportNoPicture' } as const;

/** Why an export failed, in the page's language: the browser's own error only as a detail. */
export function exportFailedWords(error: unknown, t: Ui): string {
  if (error instanceof ExportFailure) return t[FAILURES[error.reason]];
  return t.exportFailed(error instanceof Error ? error.message : String(error));
}

const kilobytes = (n: number) => (n > 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1e3))} KB`);

export function FlowExportDialog({ graph, trace, language, speed, onClose }: Props) {
  const t = words(language).ui;
  const [format, setFormat] = useState<Format>(() => (typeof MediaRecorder === 'function' ? 'webm' : 'gif'));
  const [large, setLarge] = useState(false);
  const [progress, setProgress] = useState<number>();
  // Both said at each render: a language chosen meanwhile says them anew.
  const [done, setDone] = useState<{ name: string; size: string }>();
  const [failed, setFailed] = useState<{ error: unknown }>();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    first.current?.focus();
    return () => opener?.focus();
  }, []);
  const pane = graph?.view.cy.container()?.getBoundingClientRect();
  const current = { width: Math.round(pane?.width ?? 1280) & ~1, height: Math.round(pane?.height ?? 720) & ~1 };

  const start = async () => {
    if (!graph) return;
    const loaded = graph.player.loaded();
    const film: FlowFilm = {
      steps: loaded.steps,
      boxAt: loaded.boxAt,
      around: loaded.around,
      names: loaded.names,
      titles: loaded.titles,
      captions: hopCaptions(trace, language),
      speed,
      ...(large ? { width: 1920, height: 1080 } : current),
    };
    setDone(undefined);
    setFailed(undefined);
    setProgress(0);
    try {
      const blob =
        format === 'webm'
          ? await recordWebm(graph.view, film, setProgress)
          : format === 'gif'
            ? await recordGif(graph.view, film, setProgress)
            : await flowPng(
                graph.view,
                film,
                loaded.steps.findIndex((s) => s.hop >= graph.player.drawn().hop),
              );
      const name = `kube-netplay-flow.${format}`;
      download(name, blob);
      setDone({ name, size: kilobytes(blob.size) });
    } catch (e) {
      setFailed({ error: e });
    } finally {
      setProgress(undefined);
    }
  };

  const working = progress !== undefined;
  return (
    <Dialog title={t.exportTitle} className="flow-export" onClose={working ? undefined : onClose}>
      <fieldset disabled={working}>
        {(['webm', 'gif', 'png'] as const).map((f, i) => (
          <label key={f}>
            <input
              ref={i === 0 ? first : undefined}
              type="radio"
              name="format"
              value={f}
              checked={format === f}
              disabled={f === 'webm' && typeof MediaRecorder !== 'function'}
              onChange={() => setFormat(f)}
            />{' '}
            {{ webm: t.exportVideo, gif: t.exportGif, png: t.exportPicture }[f]}
          </label>
        ))}
      </fieldset>
      <fieldset disabled={working}>
        <legend>{t.exportSize}</legend>
        <label>
          <input type="radio" name="size" checked={!large} onChange={() => setLarge(false)} />{' '}
          {t.exportCurrent(current.width, current.height)}
        </label>
        <label>
          <input type="radio" name="size" checked={large} onChange={() => setLarge(true)} /> 1920×1080
        </label>
      </fieldset>
      <p role="status" className="muted">
        {working
          ? t.exportWorking(Math.round(progress * 100))
          : done
            ? t.exportDone(done.name, done.size)
            : failed
              ? exportFailedWords(failed.error, t)
              : ''}
      </p>
      <div className="dialog-actions">
        <button type="button" disabled={working || !graph} onClick={() => void start()}>
          {t.exportStart}
        </button>
        <button type="button" disabled={working} onClick={onClose}>
          {t.cancel}
        </button>
      </div>
    </Dialog>
  );
}
