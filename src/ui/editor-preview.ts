/**
 * What stands in the editor's place while its code loads: the text's first screenful. A long text
 * shown whole in a <pre> costs the browser a second or more to lay out (2 MB: 1.1 s on one
 * task), the very freeze the editor's own viewport avoids.
 */
const PREVIEW_LINES = 200;
const PREVIEW_CHARS = 20_000;

export function editorPreview(text: string): string {
  let end = 0;
  for (let line = 0; line < PREVIEW_LINES && end < text.length; line++) {
    const next = text.indexOf('\n', end);
    end = next < 0 ? text.length : next + 1;
  }
  return text.slice(0, Math.min(end, PREVIEW_CHARS));
}
