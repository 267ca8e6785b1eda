import fc from 'fast-check';
import { ChangeSet, Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { highlightable, MAX_HIGHLIGHTED_LINE, MAX_HIGHLIGHTED_TEXT, stillHighlightable } from '../../src/editor/highlight-budget.ts';

const doc = (s: string) => Text.of(s.split('\n'));

describe('the highlighting budget', () => {
  it('highlights manifests, not a line past the budget nor a text longer than a lesson ever needs', () => {
    expect(highlightable(doc('kind: Pod\nmetadata:\n  name: a\n'))).toBe(true);
    expect(highlightable(doc(`a: ${'x'.repeat(MAX_HIGHLIGHTED_LINE - 3)}\nb: 1`))).toBe(true);
    expect(highlightable(doc(`kind: Pod\n${'- '.repeat(10_000)}x\n`))).toBe(false);
    expect(highlightable(doc(`${'a: 1\n'.repeat(MAX_HIGHLIGHTED_TEXT / 5)}b`))).toBe(false);
    expect(highlightable(doc(`${'a: 1\n'.repeat(MAX_HIGHLIGHTED_TEXT / 5 - 1)}b`))).toBe(true);
  });

  it('after an edit, judges as a full read would (fast-check)', () => {
    const line = fc.oneof(fc.constant('kind: Pod'), fc.constant('x'.repeat(MAX_HIGHLIGHTED_LINE)), fc.constant(''));
    const text = fc.array(line, { maxLength: 6 }).map((ls) => ls.join('\n'));
    fc.assert(
      fc.property(
        text,
        fc.nat(),
        fc.nat(),
        fc.oneof(fc.constant(''), fc.constant('y'), fc.constant('\n'), fc.constant('z\nw')),
        (before, a, b, insert) => {
          const start = doc(before);
          fc.pre(highlightable(start));
          const from = Math.min(a, b) % (start.length + 1);
          const to = Math.min(start.length, from + (Math.max(a, b) % 3));
          const changes = ChangeSet.of({ from, to, insert }, start.length);
          const after = changes.apply(start);
          expect(stillHighlightable(after, changes)).toBe(highlightable(after));
        },
      ),
      { seed: 17 },
    );
  });
});
