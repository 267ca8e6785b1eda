/**
 * Property tests of src/core/parse.ts: the text is read stretch by stretch (cut before each `---`
 * line, each stretch read once and reused by later edits). What it finds must be what the YAML
 * parser finds in the whole text, and must not depend on what was parsed before.
 */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { MAX_ALIAS_COUNT, parseScenario, type ParseResult } from '../../src/core/parse.ts';
import { validateDocuments } from '../../src/core/validate/index.ts';
import { reconcile } from '../../src/core/reconcile/index.ts';
import { anyText, mutatedScenarioText, mutation, mutate, structurallyMutatedScenario, validScenario, yamlJunk } from './arbitraries.ts';
import { generateScenario } from '../../scripts/bench/scenario.ts';
import { LAB_TEXT, scenarioFile } from '../helpers.ts';

const SCALE = Number(process.env.PROPERTY_SCALE ?? 1) || 1;
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
vi.setConfig({ testTimeout: 30_000 * SCALE });

const texts = fc.oneof(anyText, yamlJunk, mutatedScenarioText, structurallyMutatedScenario);

/** What the parser reads in the whole text at once: each document's value and span, and where its errors are. */
function wholeRead(text: string) {
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: true });
  return (Array.isArray(docs) ? docs : []).map((d, index) => ({
    index,
    span: { from: d.range[0], to: d.range[2] },
    value: (() => {
      try {
        return d.errors.length > 0 ? undefined : d.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch {
        return undefined;
      }
    })(),
    errors: d.errors.map((e) => Math.max(0, Math.min(e.pos[0], text.length - 1))),
  }));
}

/** A parse result as plain data, to compare two of them. */
const plain = (r: ParseResult) => ({
  documents: r.documents.map((d) => ({ index: d.index, value: d.value, span: d.span, keys: [...d.keys], values: [...d.values] })),
  problems: r.problems,
});

/** Reading the text stretch by stretch finds what the YAML parser finds in the whole text. */
function sameAsWholeRead(text: string): void {
  const whole = wholeRead(text);
  const read = parseScenario(text);
  for (const d of read.documents) {
    expect(d.span, `document ${d.index} of ${JSON.stringify(text)}`).toEqual(whole[d.index]?.span);
    expect(d.value, `document ${d.index} of ${JSON.stringify(text)}`).toEqual(whole[d.index]?.value);
  }
  // Every document the whole text holds with a value is read.
  expect(read.documents.length).toBe(
    whole.filter(
      (d) =>
        d.value !== undefined &&
        d.value !== null &&
        !read.problems.some((p) => p.document === d.index && p.problem.code === 'yaml-duplicate-key'),
    ).length,
  );
  // Duplicate keys and aliases are checked by parse.ts itself; the parser's own errors are these two.
  const parserErrors = read.problems
    .filter((p) => p.problem.code === 'yaml-syntax' || p.problem.code === 'yaml-tab')
    .map((p) => [p.document, p.problem.from]);
  expect(parserErrors, JSON.stringify(text)).toEqual(whole.flatMap((d) => d.errors.map((from) => [d.index, from])));
}

describe('reading a scenario stretch by stretch', () => {
  it('finds the documents, spans and errors the YAML parser finds in the whole text', () => {
    fc.assert(fc.property(texts, sameAsWholeRead), { numRuns: runs(400) });
  });

  it('found: cuts only where YAML starts a line (after \\n, not a lone \\r, U+2028 or U+2029)', () => {
    for (const text of ['a: x\u2028--- \nb: 1', 'a: x\r---\nb: 1', 'a: x\u2029---\nb: 1', 'a: 1\r\n---\r\nb: 2\r\n']) sameAsWholeRead(text);
  });

  it('gives the same result whatever was parsed before (an edit reuses the stretches it did not touch)', () => {
    fc.assert(
      fc.property(validScenario, fc.array(mutation, { minLength: 1, maxLength: 3 }), texts, (s, muts, other) => {
        const edited = mutate(s.text, muts);
        parseScenario(other);
        const cold = plain(parseScenario(edited));
        parseScenario(s.text);
        const warm = plain(parseScenario(edited));
        expect(warm, JSON.stringify(edited)).toEqual(cold);
      }),
      { numRuns: runs(200) },
    );
  });

  it('hands out values the pipeline never changes, so they can be shared between edits', () => {
    const freeze = (v: unknown): void => {
      if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
      Object.freeze(v);
      for (const x of Object.values(v)) freeze(x);
    };
    for (const text of [
      LAB_TEXT,
      scenarioFile('scaling.yaml'),
      scenarioFile('nodeport.yaml'),
      scenarioFile('lab-lowercase.yaml'),
      generateScenario(3).text,
    ]) {
      const parsed = parseScenario(text);
      for (const d of parsed.documents) freeze(d.value);
      // Strict-mode code throws on a write to a frozen object.
      const validated = validateDocuments(parsed.documents);
      expect(() => reconcile(validated.cluster, validated.objects)).not.toThrow();
    }
  });
});
