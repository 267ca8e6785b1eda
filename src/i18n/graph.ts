/** The graph's labels said in one language: each line a message or a literal (src/graph/elements.ts). */
import type { GraphElement, LabelledElement } from '../graph/elements.ts';
import { words, type Language } from './words.ts';

export function labelled(elements: readonly GraphElement[], language: Language): LabelledElement[] {
  const { say } = words(language);
  return elements.map((e) => ({ ...e, data: { ...e.data, label: e.data.label.map(say).join('\n') } }) as LabelledElement);
}
