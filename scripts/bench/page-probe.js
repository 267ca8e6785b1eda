/* global window, document, requestAnimationFrame */
// The browser benchmark's probe, added to every page before the app's own scripts
// (context.addInitScript). Plain JavaScript that the browser runs as it is: scripts/bench/browser.ts
// calls these helpers by name with page.evaluate('__bench.x(...)'), because functions compiled by
// tsx would carry helpers the page does not have.
(() => {
  // The app lends its test hooks (window.__store, __graph, ...) only to a page that asks.
  window.__testHooks = true;
  const now = () => performance.now();
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const twoFrames = async () => {
    await frame();
    await frame();
  };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  const longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long task timing: the figures that use it are left out.
  }

  const bench = {
    /** performance.now() (ms since navigation start) when the graph first had nodes and two frames had passed. */
    firstGraph: undefined,
    /** The same moment, without the two frames. */
    firstGraphNodes: undefined,
    longTasks,

    /**
     * The pods the graph shows: drawn one by one, or, past the drawing budget, counted by the
     * overview's box on each node (the number in its label: the bench's page is in English).
     */
    podCount() {
      const g = window.__graph;
      if (!g) return -1;
      const counted = g.cy.nodes('.summary').filter((n) => n.data('ref')?.type === 'node');
      if (counted.length === 0) return g.cy.nodes('.pod').length;
      return counted.reduce((sum, n) => sum + Number(/\d+/.exec(String(n.data('label')))?.[0] ?? 0), 0);
    },

    /**
     * Replaces the editor's text, simulates it at once, and waits until the graph shows `pods`
     * pods and two more frames have passed (the graph is painted). Times from before setText.
     */
    async apply(text, pods, timeoutMs) {
      const store = window.__store.getState();
      const t0 = now();
      store.setText(text);
      window.__store.getState().commit();
      const committed = now();
      let matched;
      for (;;) {
        if (bench.podCount() === pods) {
          matched = now();
          break;
        }
        if (now() - t0 > timeoutMs)
          return { error: `the graph did not reach ${pods} pods in ${timeoutMs} ms (it shows ${bench.podCount()})` };
        await frame();
      }
      await twoFrames();
      const painted = now();
      await sleep(0);
      // Long tasks (over 50 ms) on the main thread while the edit was under way.
      const blocked = longTasks.filter((t) => t.start >= t0 - 1 && t.start < painted).map((t) => t.duration);
      return {
        total: painted - t0,
        commit: committed - t0,
        graph: matched - t0,
        blockedMs: blocked.reduce((a, b) => a + b, 0),
        longestTaskMs: Math.max(0, ...blocked),
      };
    },

    /**
     * Milliseconds between animation frames of a bare requestAnimationFrame loop, for `ms` or
     * until `stopSelector` matches an element.
     */
    async frameLoop(ms, stopSelector) {
      const deltas = [];
      let last = await frame();
      const end = last + ms;
      for (;;) {
        const t = await frame();
        deltas.push(t - last);
        last = t;
        if (t >= end || (stopSelector && document.querySelector(stopSelector))) break;
      }
      return deltas;
    },

    /**
     * Bare Cytoscape drawing the graph's elements: a new instance (the page's own Cytoscape,
     * reached through the view's constructor) in a container of the same size, with the same
     * style, zoom and pan, timed until two frames after it was created. Median of `runs`.
     */
    async bareCytoscape(runs) {
      const cy = window.__graph.cy;
      const elements = cy.elements().jsons();
      const style = cy.style().json();
      const box = cy.container().getBoundingClientRect();
      const Core = cy.constructor;
      const samples = [];
      let how = 'new instance';
      for (let i = 0; i < runs; i++) {
        const div = document.createElement('div');
        div.style.cssText = `position:fixed;left:${box.left}px;top:${box.top}px;width:${box.width}px;height:${box.height}px;z-index:9999;background:#fff`;
        document.body.appendChild(div);
        const t0 = now();
        let other;
        try {
          other = new Core({
            container: div,
            elements,
            style,
            layout: { name: 'preset' },
            zoom: cy.zoom(),
            pan: cy.pan(),
            autoungrabify: true,
            boxSelectionEnabled: false,
          });
        } catch {
          other = undefined;
        }
        if (!other || other.nodes().length !== cy.nodes().length) {
          // Fall back to redrawing the page's own instance from scratch.
          other?.destroy();
          div.remove();
          how = 'remove + add on the page instance';
          const t1 = now();
          cy.batch(() => {
            cy.elements().remove();
            cy.add(elements);
          });
          await twoFrames();
          samples.push(now() - t1);
          continue;
        }
        await twoFrames();
        samples.push(now() - t0);
        other.destroy();
        div.remove();
        await frame();
      }
      return { samples, how, elements: elements.length };
    },

    /** Empties the packet player's frame times (it keeps pushing into the same array). */
    resetFrames() {
      window.__packets.frameTimes.length = 0;
      bench.longTasks.length = 0;
    },

    /**
     * Over `ms` (or until `stopSelector` matches): the packet player's frame times, the page's own
     * frame deltas, and the long tasks (over 50 ms) seen.
     */
    async watchFrames(ms, stopSelector) {
      const started = now();
      const pageFrames = await bench.frameLoop(ms, stopSelector);
      return {
        frameTimes: [...window.__packets.frameTimes],
        pageFrames,
        longTasks: bench.longTasks.filter((t) => t.start >= started - 2000).map((t) => t.duration),
        stopped: stopSelector ? !!document.querySelector(stopSelector) : null,
        ms: now() - started,
      };
    },

    /** Waits until `selector` matches, up to `ms`; the time it took, or undefined. */
    async waitFor(selector, ms) {
      const t0 = now();
      while (!document.querySelector(selector)) {
        if (now() - t0 > ms) return undefined;
        await sleep(20);
      }
      return now() - t0;
    },
  };

  const watch = () => {
    const g = window.__graph;
    if (g && g.cy.nodes().length > 0) {
      bench.firstGraphNodes = now();
      twoFrames().then(() => {
        bench.firstGraph = now();
      });
    } else requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
  window.__bench = bench;
})();
