/**
 * The few texts derived last, and the last one without errors (what the graph shows while the
 * text is broken, never forgotten): the page's derived texts and the worker's share this memory.
 */
export class RecentTexts<T extends { readonly text: string; readonly errors: number }> {
  private readonly kept = new Map<string, T>();
  private lastGood: T | undefined;

  constructor(private readonly size: number) {}

  /** A text's derivation, if it is one of the recent ones or the last good one. */
  get(text: string): T | undefined {
    return this.kept.get(text) ?? (this.lastGood?.text === text ? this.lastGood : undefined);
  }

  /** Keeps a derivation as the most recent, forgetting the oldest past the size. */
  remember(derived: T): T {
    this.kept.delete(derived.text);
    this.kept.set(derived.text, derived);
    if (this.kept.size > this.size) this.kept.delete(this.kept.keys().next().value!);
    if (derived.errors === 0) this.lastGood = derived;
    return derived;
  }
}
