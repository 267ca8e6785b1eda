/**
 * Translating the English the core writes: a list of sentence shapes, each with its words in
 * another language around the parts (names, addresses) it keeps. The first shape that matches
 * says it; text no shape matches stays as it is.
 */
export type Shape = readonly [RegExp, (...parts: string[]) => string];

export function sayByShapes(shapes: readonly Shape[], text: string): string {
  for (const [shape, say] of shapes) {
    const m = shape.exec(text);
    if (m) return say(...m.slice(1));
  }
  return text;
}
