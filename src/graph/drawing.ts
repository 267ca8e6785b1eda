// The graph's element changes, a task at a time (graph-view.ts draws through it).

/** Elements changed in one task: a few hundred keep each task of a large drawing short. */
const STEPS_PER_TASK = 250;

/**
 * A drawing done in tasks of STEPS_PER_TASK changes, so the page answers between them, starting
 * in a task of its own (not the one that asked for it); a newer drawing replaces the rest of an
 * older one (it compares with what is drawn by then).
 */
export class Drawing {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** What waits for the drawing to be done (a newer drawing takes them over). */
  private waiting: (() => void)[] = [];

  constructor(
    private readonly batch: (run: () => void) => void,
    private readonly onDrawn: () => void,
  ) {}

  /** Runs `run` once the drawing under way (if any) is done. */
  whenDrawn(run: () => void): void {
    if (this.busy) this.waiting.push(run);
    else run();
  }

  private drawn(): void {
    this.onDrawn();
    for (const run of this.waiting.splice(0)) run();
  }

  /**
   * Runs `steps`, then `flush`, a task at a time; then `done`, which may hand back more work:
   * a function called once a task until it answers true.
   */
  start(steps: readonly (() => void)[], flush: () => void, done: () => (() => boolean) | undefined): void {
    this.stop();
    let at = 0;
    const finish = (more: () => boolean) => {
      this.timer = undefined;
      if (!more()) this.timer = setTimeout(() => finish(more), 0);
      else this.drawn();
    };
    const step = () => {
      this.timer = undefined;
      const end = Math.min(steps.length, at + STEPS_PER_TASK);
      this.batch(() => {
        for (; at < end; at++) steps[at]!();
        flush();
      });
      if (at < steps.length) this.timer = setTimeout(step, 0);
      else {
        const more = done();
        if (more) this.timer = setTimeout(() => finish(more), 0);
        else this.drawn();
      }
    };
    this.timer = setTimeout(step, 0);
  }

  /** Whether a drawing (or the fit after it) is still under way. */
  get busy(): boolean {
    return this.timer !== undefined;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
