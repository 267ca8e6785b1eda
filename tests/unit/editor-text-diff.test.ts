import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffReplacement, mapPosition } from '../../src/editor/text-diff.ts';

function apply(text: string, r: { from: number; to: number; insert: string } | null): string {
  return r ? text.slice(0, r.from) + r.insert + text.slice(r.to) : text;
}

describe('diffReplacement', () => {
  it('keeps the common prefix and suffix', () => {
    expect(diffReplacement('kind: pod', 'kind: Pod')).toEqual({ from: 6, to: 7, insert: 'P' });
    expect(diffReplacement('aa', 'aaa')).toEqual({ from: 2, to: 2, insert: 'a' });
    expect(diffReplacement('abc', '')).toEqual({ from: 0, to: 3, insert: '' });
    expect(diffReplacement('same', 'same')).toBeNull();
  });

  it('turns any text into any other (fast-check, seed kept)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', '\n', ' ') }),
        fc.string({ unit: fc.constantFrom('a', 'b', '\n', ' ') }),
        (a, b) => {
          const r = diffReplacement(a, b);
          expect(apply(a, r)).toBe(b);
          if (r) expect(r.from).toBeLessThanOrEqual(r.to);
        },
      ),
      { seed: 20240611, numRuns: 500 },
    );
  });
});

describe('mapPosition', () => {
  const insertAtTop = { from: 0, to: 0, insert: '# c\n' };
  it('moves positions after an edit by its length, leaves those before', () => {
    expect(mapPosition(5, insertAtTop, 1)).toBe(9);
    expect(mapPosition(5, { from: 7, to: 9, insert: '' }, 1)).toBe(5);
    expect(mapPosition(12, { from: 7, to: 9, insert: '' }, -1)).toBe(10);
    expect(mapPosition(3, null, 1)).toBe(3);
  });

  it('puts a range start after, and a range end before, text inserted right there', () => {
    expect(mapPosition(0, insertAtTop, 1)).toBe(4);
    expect(mapPosition(0, insertAtTop, -1)).toBe(0);
  });

  it('snaps positions inside a replaced stretch to its edges', () => {
    const r = { from: 4, to: 8, insert: 'xy' };
    expect(mapPosition(4, r, 1)).toBe(4);
    expect(mapPosition(6, r, 1)).toBe(4);
    expect(mapPosition(8, r, 1)).toBe(6);
    expect(mapPosition(4, r, -1)).toBe(4);
    expect(mapPosition(6, r, -1)).toBe(6);
    expect(mapPosition(8, r, -1)).toBe(6);
  });
});
