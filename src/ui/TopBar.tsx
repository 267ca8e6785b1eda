/** The top bar: scenario, kube-proxy mode, language, and the classroom actions (share, files, export, presenter). */
import type { ChangeEvent } from 'react';
import type { KubeProxyMode } from '../core/model.ts';
import { LANGUAGES, words, type Language } from '../i18n/words.ts';
import type { View } from '../share/link.ts';
import { SCENARIOS } from '../scenarios/index.ts';

interface Props {
  language: Language;
  mode: KubeProxyMode;
  scenarioId: string | undefined;
  presenter: boolean;
  /** A view-only page offers no edit (no kube-proxy mode, no Open or Save) and "Edit a copy". */
  view: View;
  onEditCopy(): void;
  onScenario(id: string): void;
  onMode(mode: KubeProxyMode): void;
  onLanguage(language: Language): void;
  onShare(): void;
  onPresenter(): void;
  onExportPng(): void;
  onExportSvg(): void;
  onOpenFile(text: string): void;
  onSaveFile(): void;
}

export function TopBar(p: Props) {
  const t = words(p.language).ui;
  const readOnly = p.view !== 'edit';
  const openFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) void file.text().then(p.onOpenFile);
    e.target.value = '';
  };
  return (
    <header className="top-bar">
      <h1>{t.title}</h1>
      <span className="tagline">{t.tagline}</span>
      {readOnly && (
        <>
          <span className="badge view-only" title={t.viewOnlyHint}>
            {t.viewOnly}
          </span>
          <button type="button" onClick={p.onEditCopy}>
            {t.editCopy}
          </button>
        </>
      )}
      <label>
        <select aria-label={t.scenario} value={p.scenarioId ?? ''} onChange={(e) => p.onScenario(e.target.value)}>
          {p.scenarioId === undefined && <option value="">—</option>}
          {SCENARIOS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title[p.language]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.mode}
        <select aria-label={t.mode} value={p.mode} disabled={readOnly} onChange={(e) => p.onMode(e.target.value as KubeProxyMode)}>
          <option value="userspace">userspace</option>
          <option value="iptables">iptables</option>
          <option value="ipvs">ipvs</option>
        </select>
      </label>
      <label>
        <select aria-label={t.language} value={p.language} onChange={(e) => p.onLanguage(e.target.value as Language)}>
          {(Object.keys(LANGUAGES) as Language[]).map((l) => (
            <option key={l} value={l}>
              {words(l).name}
            </option>
          ))}
        </select>
      </label>
      <div className="actions">
        {!readOnly && (
          <>
            <label className="file-button">
              {t.open}
              <input type="file" accept=".yaml,.yml,text/yaml,text/plain" onChange={openFile} />
            </label>
            <button type="button" onClick={p.onSaveFile}>
              {t.save}
            </button>
          </>
        )}
        <button type="button" onClick={p.onExportPng}>
          {t.exportPng}
        </button>
        <button type="button" onClick={p.onExportSvg}>
          {t.exportSvg}
        </button>
        <button type="button" aria-pressed={p.presenter} onClick={p.onPresenter}>
          {t.presenter}
        </button>
        <button type="button" className="primary" onClick={p.onShare}>
          {t.share}
        </button>
      </div>
    </header>
  );
}
