/** The inspector's list of the NetworkPolicies that select a pod, each shown on the graph on demand. */
import type { ClusterState, PodState } from '../core/model.ts';
import { policiesSelecting } from '../core/policy/selection.ts';
import { words, type Language } from '../i18n/words.ts';

interface Props {
  readonly pod: PodState;
  readonly state: ClusterState;
  readonly language: Language;
  /** The policy shown on the graph, `namespace/name`. */
  readonly shown: string | undefined;
  onShow(policy: string): void;
}

export function PodPolicies({ pod, state, language, shown, onShow }: Props) {
  const t = words(language).ui;
  const policies = policiesSelecting(state, pod);
  return (
    <div className="pod-policies">
      <h4>{t.policiesOfPod}</h4>
      {policies.length === 0 ? (
        <p className="muted">{t.policiesNone}</p>
      ) : (
        <ul>
          {policies.map((ref) => (
            <li key={ref}>
              <button type="button" aria-pressed={shown === ref} title={t.policyShow} onClick={() => onShow(ref)}>
                {ref}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
