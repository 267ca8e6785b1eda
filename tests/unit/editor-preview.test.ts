import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { editorPreview } from '../../src/ui/editor-preview.ts';

describe('editorPreview', () => {
  it('shows a short text whole', () => {
    const text = 'apiVersion: v1\nkind: Pod\n';
    expect(editorPreview(text)).toBe(text);
  });

  it('shows a long text only as far as a screen holds: 200 lines', () => {
    const text = Array.from({ length: 65_535 }, (_, i) => `  - {name: p${i + 1}, port: ${i + 1}}\n`).join('');
    const shown = editorPreview(text);
    expect(shown.split('\n')).toHaveLength(201);
    expect(text.startsWith(shown)).toBe(true);
  });

  it('cuts one very long line too', () => {
    const shown = editorPreview(`kind: Pod\n#${'x'.repeat(10_000_000)}\n`);
    expect(shown.length).toBe(20_000);
  });

  it('is always the start of the text, and short', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', 'b') }), (text) => {
        const shown = editorPreview(text);
        expect(text.startsWith(shown)).toBe(true);
        expect(shown.split('\n').length).toBeLessThanOrEqual(201);
        expect(shown.length).toBeLessThanOrEqual(20_000);
        if (text.length <= 200) expect(shown).toBe(text);
      }),
    );
  });
});
