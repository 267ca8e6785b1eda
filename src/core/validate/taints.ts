/**
 * Taints (a Cluster document's spec.nodes[].taints) and tolerations (a pod's spec.tolerations),
 * checked as the API server checks them (validateNodeTaints, ValidateTolerations): keys are
 * qualified names, values label values, an effect one of three; a toleration with an empty key
 * must be Exists, a value goes only with Equal, tolerationSeconds only with NoExecute.
 */
import { msg } from '../message.ts';
import { pathText, type Path } from '../path.ts';
import type { Taint, TaintEffect, Toleration } from '../model.ts';
import type { Reporter } from './finding.ts';
import { list, num, quoted, rec, str } from './fields.ts';

const EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const OPERATORS = ['Equal', 'Exists'] as const;

// A qualified name: an optional DNS subdomain prefix and '/', then a name of up to 63 characters.
const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts.at(-1)!;
  const prefix = parts.length === 2 ? parts[0]! : undefined;
  if (prefix !== undefined && (!PREFIX.test(prefix) || prefix.length > 253)) return false;
  return NAME_PART.test(name) && name.length <= 63;
}

const isLabelValue = (v: string): boolean => LABEL_VALUE.test(v) && v.length <= 63;

function checkKey(r: Reporter, key: string, path: Path): void {
  if (!isQualifiedName(key))
    r.error(path, 'invalid-value', msg('field.invalid', { path: pathText(path), value: quoted(key), why: msg('why.qualified-name') }));
}

function checkValue(r: Reporter, value: string, path: Path, reportAt: Path): void {
  if (!isLabelValue(value))
    r.error(reportAt, 'invalid-value', msg('field.invalid', { path: pathText(path), value: quoted(value), why: msg('why.label-value') }));
}

function effectOf(r: Reporter, text: string, path: Path): TaintEffect | undefined {
  if ((EFFECTS as readonly string[]).includes(text)) return text as TaintEffect;
  r.error(
    path,
    'unsupported-value',
    msg('field.unsupported', { path: pathText(path), value: quoted(text), supported: EFFECTS.map(quoted).join(', ') }),
  );
  return undefined;
}

/** A node's taints; a taint with a bad effect is left out. */
export function nodeTaints(r: Reporter, value: unknown, path: Path): Taint[] {
  const out: Taint[] = [];
  const seen = new Set<string>();
  list(value).forEach((item, i) => {
    const t = rec(item);
    const at: Path = [...path, i];
    const key = str(t.key) ?? '';
    if (key === '') r.error([...at, 'key'], 'required', msg('field.required', { path: pathText([...at, 'key']) }), undefined, false);
    else checkKey(r, key, [...at, 'key']);
    const value = t.value === undefined || t.value === null ? '' : String(t.value);
    checkValue(r, value, [...at, 'value'], [...at, 'value']);
    const effectText = str(t.effect) ?? '';
    if (effectText === '') {
      r.error([...at, 'effect'], 'required', msg('field.required', { path: pathText([...at, 'effect']) }), undefined, false);
      return;
    }
    const effect = effectOf(r, effectText, [...at, 'effect']);
    if (!effect) return;
    const pair = `${key}\u0000${effect}`;
    if (seen.has(pair))
      r.error(
        at,
        'invalid-value',
        msg('field.duplicate-because', { path: pathText(at), value: quoted(`${key}:${effect}`), why: msg('why.taint-unique') }),
      );
    seen.add(pair);
    out.push(value ? { key, value, effect } : { key, effect });
  });
  return out;
}

/** A pod's tolerations; one the API server would refuse is left out. */
export function tolerations(r: Reporter, value: unknown, path: Path): Toleration[] {
  const out: Toleration[] = [];
  list(value).forEach((item, i) => {
    const t = rec(item);
    const at: Path = [...path, i];
    const key = str(t.key) ?? '';
    const opText = str(t.operator) ?? '';
    const value = t.value === undefined || t.value === null ? '' : String(t.value);
    const effectText = str(t.effect) ?? '';
    const seconds = num(t.tolerationSeconds);
    const errors = r.findings.length;
    if (key !== '') checkKey(r, key, [...at, 'key']);
    if (key === '' && opText !== 'Exists')
      r.error(
        [...at, 'operator'],
        'invalid-value',
        msg('field.invalid', { path: pathText([...at, 'operator']), value: quoted(opText), why: msg('why.toleration-empty-key') }),
      );
    if (seconds !== undefined && effectText !== 'NoExecute')
      r.error(
        [...at, 'effect'],
        'invalid-value',
        msg('field.invalid', { path: pathText([...at, 'effect']), value: quoted(effectText), why: msg('why.toleration-seconds') }),
      );
    if (opText === '' || opText === 'Equal') checkValue(r, value, [...at, 'operator'], [...at, 'value']);
    else if (opText === 'Exists') {
      if (value !== '')
        r.error(
          [...at, 'value'],
          'invalid-value',
          msg('field.invalid', { path: pathText([...at, 'operator']), value: quoted(opText), why: msg('why.toleration-exists-value') }),
        );
    } else
      r.error(
        [...at, 'operator'],
        'unsupported-value',
        msg('field.unsupported', {
          path: pathText([...at, 'operator']),
          value: quoted(opText),
          supported: OPERATORS.map(quoted).join(', '),
        }),
      );
    const effect = effectText === '' ? undefined : effectOf(r, effectText, [...at, 'effect']);
    if (r.findings.length > errors) return;
    out.push({
      ...(key ? { key } : {}),
      operator: opText === 'Exists' ? 'Exists' : 'Equal',
      ...(value ? { value } : {}),
      ...(effect ? { effect } : {}),
      ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}),
    });
  });
  return out;
}
