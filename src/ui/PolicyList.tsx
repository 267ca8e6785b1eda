/** A list of NetworkPolicies under a heading, each a button that shows it on the graph (pressed: the one shown). */
import { words, type Language } from '../i18n/words.ts';

interface Props {
  readonly title: string;
  /** `namespace/name` each. */
  readonly policies: readonly string[];
  /** What an empty list says. */
  readonly none: string;
  readonly language: Language;
  /** The policy shown on the graph. */
  readonly shown: string | undefined;
  onShow(policy: string): void;
}

export function PolicyList({ title, policies, none, language, shown, onShow }: Props) {
  const t = words(language).ui;
  return (
    <div className="policy-list">
      <h4>{title}</h4>
      {policies.length === 0 ? (
        <p className="muted">{none}</p>
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
