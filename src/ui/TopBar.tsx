/** The top bar: scenario, cluster profile, kube-proxy mode, language, and the classroom actions (share, files, export, presenter). */
import type { ChangeEvent } from 'react';
import { setKubeProxyMode, switchProfile } from '../core/edit.ts';
import type { ClusterProfile, KubeProxyMode } from '../core/model.ts';
import { PROFILE_DEFAULTS } from '../core/profiles.ts';
import { download, exportPng, exportSvg } from '../graph/export.ts';
import { LANGUAGES, words, type Language } from '../i18n/words.ts';
import { inLanguage, scenarioWithText, SCENARIOS } from '../scenarios/index.ts';
import { currentOf } from '../store/text.ts';
import { useApp, type AppStore } from '../store/store.ts';

export function TopBar({ store }: { store: AppStore }) {
  const language = useApp(store, (s) => s.language);
  const mode = useApp(store, (s) => currentOf(s).sim.state.cluster.kubeProxyMode);
  const profile = useApp(store, (s) => currentOf(s).sim.state.cluster.profile);
  const scenarioId = useApp(store, (s) => s.lesson?.id ?? scenarioWithText(s.text)?.id);
  const presenter = useApp(store, (s) => s.presenter);
  // A view-only page offers no edit (no kube-proxy mode, no Open or Save) and "Edit a copy".
  const readOnly = useApp(store, (s) => s.view !== 'edit');
  const a = store.getState();
  const t = words(language).ui;
  const openFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) void file.text().then((text) => store.getState().open(text));
    e.target.value = '';
  };
  return (
    <header className={readOnly ? 'top-bar view-only' : 'top-bar'}>
      <h1>{t.title}</h1>
      <span className="tagline">{t.tagline}</span>
      {readOnly && (
        <>
          <span className="badge view-only" title={t.viewOnlyHint}>
            {t.viewOnly}
          </span>
          <button type="button" onClick={a.editCopy}>
            {t.editCopy}
          </button>
        </>
      )}
      <label>
        <select
          aria-label={t.scenario}
          value={scenarioId ?? ''}
          disabled={readOnly}
          title={readOnly ? t.viewOnlyHint : undefined}
          onChange={(e) => a.openStep(e.target.value, 0)}
        >
          {scenarioId === undefined && <option value="">—</option>}
          {SCENARIOS.map((s) => (
            <option key={s.id} value={s.id}>
              {inLanguage(s.title, language).text}
            </option>
          ))}
        </select>
      </label>
      <label title={t.profileHint}>
        {t.profile}
        <select
          aria-label={t.profile}
          value={profile}
          disabled={readOnly}
          onChange={(e) => {
            // One edit of the Cluster document (added if missing), undone as one; the manifests stay.
            const s = store.getState();
            a.setText(switchProfile(s.text, e.target.value as ClusterProfile, currentOf(s).sim.state.cluster.serviceClusterIPRange));
            a.commit();
          }}
        >
          {(Object.keys(PROFILE_DEFAULTS) as ClusterProfile[]).map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.mode}
        <select
          aria-label={t.mode}
          value={mode}
          disabled={readOnly}
          onChange={(e) => {
            // An edit of the visitor's own text, like typing: nothing to confirm.
            a.setText(setKubeProxyMode(store.getState().text, e.target.value as KubeProxyMode));
            a.commit();
          }}
        >
          {PROFILE_DEFAULTS[profile].kubeProxyModes.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label>
        <select aria-label={t.language} value={language} onChange={(e) => a.setLanguage(e.target.value as Language)}>
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
            <button type="button" onClick={() => download('scenario.yaml', store.getState().text, 'text/yaml')}>
              {t.save}
            </button>
          </>
        )}
        <button
          type="button"
          onClick={() => {
            // With the packet's route so far, as the SVG.
            const g = store.getState().graph;
            if (g) void exportPng(g.view, g.player).then((png) => download('kube-netplay.png', png));
          }}
        >
          {t.exportPng}
        </button>
        <button
          type="button"
          onClick={() => {
            // With the packet's route so far, as the screen shows it.
            const g = store.getState().graph;
            if (g) void exportSvg(g.view, g.player).then((svg) => download('kube-netplay.svg', svg, 'image/svg+xml'));
          }}
        >
          {t.exportSvg}
        </button>
        <button
          type="button"
          title={t.exportKindHint}
          onClick={() => {
            // The network shown, as a script that rebuilds it on kind and sends its flows.
            // The dataplane builder is not part of the page's first JavaScript: it is loaded on click.
            const s = store.getState();
            const shown = currentOf(s);
            void Promise.all([import('../core/dataplane/index.ts'), import('../core/export/kind.ts')]).then(([dp, kind]) => {
              const { script } = kind.kindExport(shown.text, shown.sim.state, dp.buildDataplane(shown.sim.state), words(s.language).say);
              download('kube-netplay-kind.sh', script, 'text/x-shellscript');
            });
          }}
        >
          {t.exportKind}
        </button>
        <button type="button" aria-pressed={presenter} onClick={() => a.setPresenter(!store.getState().presenter)}>
          {t.presenter}
        </button>
        <button type="button" className="primary" onClick={() => a.setDialog('share')}>
          {t.share}
        </button>
      </div>
    </header>
  );
}
