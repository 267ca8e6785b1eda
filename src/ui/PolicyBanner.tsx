/**
 * The key to a NetworkPolicy shown on the graph: its name, and each mark's swatch drawn as the
 * graph draws it, with what it stands for in words and a count (the pods it selects, the peers
 * it lets in and out to), so the marks never rely on colour alone.
 */
import type { PolicyMarks } from '../core/policy/selection.ts';
import { POLICY_BORDERS, POLICY_COLOURS } from '../graph/style.ts';
import { words, type Language } from '../i18n/words.ts';

interface Props {
  readonly marks: PolicyMarks;
  readonly language: Language;
  onHide(): void;
}

function Swatch({ mark }: { mark: keyof typeof POLICY_COLOURS }) {
  return <span className="swatch" aria-hidden="true" style={{ borderColor: POLICY_COLOURS[mark], borderStyle: POLICY_BORDERS[mark] }} />;
}

export function PolicyBanner({ marks, language, onHide }: Props) {
  const t = words(language).ui;
  const ingress = marks.types.includes('Ingress');
  const egress = marks.types.includes('Egress');
  return (
    <div className="policy-banner" role="status" aria-label={`${t.policyShown} ${marks.policy}`}>
      <strong>
        {t.policyShown} {marks.policy}
      </strong>
      <span>
        <Swatch mark="selected" /> {t.policySelects(marks.selected.length)}
      </span>
      <span>
        {ingress && <Swatch mark="from" />} {ingress ? t.policyFrom(marks.from.length, marks.fromOutside) : t.policyNoIngress}
      </span>
      <span>
        {egress && <Swatch mark="to" />} {egress ? t.policyTo(marks.to.length, marks.toOutside) : t.policyNoEgress}
      </span>
      <button type="button" onClick={onHide}>
        {t.policyHide}
      </button>
    </div>
  );
}
