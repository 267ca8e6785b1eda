/** The top bar: the scenario, the kube-proxy mode, the language. */
import type { KubeProxyMode } from '../core/model.ts';
import type { Language } from '../i18n/strings.ts';
import { STRINGS } from '../i18n/strings.ts';
import { SCENARIOS } from '../scenarios/index.ts';

interface Props {
  language: Language;
  mode: KubeProxyMode;
  scenarioId: string | undefined;
  onScenario(id: string): void;
  onMode(mode: KubeProxyMode): void;
  onLanguage(language: Language): void;
}

export function TopBar({ language, mode, scenarioId, onScenario, onMode, onLanguage }: Props) {
  const t = STRINGS[language];
  return (
    <header className="top-bar">
      <h1>{t.title}</h1>
      <span className="tagline">{t.tagline}</span>
      <label>
        {t.scenario}
        <select value={scenarioId ?? ''} onChange={(e) => onScenario(e.target.value)}>
          {scenarioId === undefined && <option value="">—</option>}
          {SCENARIOS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.mode}
        <select value={mode} onChange={(e) => onMode(e.target.value as KubeProxyMode)}>
          <option value="userspace">userspace</option>
          <option value="iptables">iptables</option>
          <option value="ipvs">ipvs</option>
        </select>
      </label>
      <label>
        {t.language}
        <select value={language} onChange={(e) => onLanguage(e.target.value as Language)}>
          <option value="en">English</option>
          <option value="zh">中文</option>
        </select>
      </label>
    </header>
  );
}
