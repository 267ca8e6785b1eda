import { yaml } from '@codemirror/lang-yaml';
import { IndentContext, getIndentation, indentService, indentUnit } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { indentAfter, yamlIndentService } from '../../src/editor/indent.ts';

describe('indentAfter', () => {
  it.each([
    ['spec:', 2],
    ['  ports:', 4],
    ['  - name: a', 4],
    ['    image: nginx', 4],
    ['- ', 2],
    ['  - 80', 2],
    ['  script: |', 4],
    ['  name: a # note', 2],
  ])('after %j a new line starts at %i', (above, col) => {
    expect(indentAfter(above)).toBe(col);
  });

  it('leaves comments and plain text to the language', () => {
    expect(indentAfter('# note')).toBeUndefined();
    expect(indentAfter('   ')).toBeUndefined();
    expect(indentAfter('plain words')).toBeUndefined();
  });
});

describe('yamlIndentService in a CodeMirror state (Enter at the end of the text)', () => {
  function indentOfNewLine(doc: string): number | null {
    const state = EditorState.create({ doc, extensions: [yaml(), indentUnit.of('  '), indentService.of(yamlIndentService)] });
    return getIndentation(new IndentContext(state, { simulateBreak: doc.length }), doc.length);
  }

  it('indents under a key without a value, skipping blank and comment lines', () => {
    expect(indentOfNewLine('kind: Service\nspec:')).toBe(2);
    expect(indentOfNewLine('spec:\n  containers:\n  - name: a')).toBe(4);
    expect(indentOfNewLine('spec:\n  ports:\n\n  # the web port')).toBe(4);
  });

  it('leaves lines with text to the language', () => {
    const state = EditorState.create({ doc: 'spec:\n  x: 1' });
    expect(yamlIndentService(new IndentContext(state), 8)).toBeUndefined();
  });
});
