/**
 * A page object for the playground: reads the graph through Cytoscape (exposed as
 * window.__graph for tests), clicks elements where they are drawn, types in the editor.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface GraphNodeInfo {
  id: string;
  label: string;
  parent?: string;
  classes: string[];
  position: { x: number; y: number };
}

export class Playground {
  constructor(readonly page: Page) {}

  async ready(): Promise<void> {
    await this.page.waitForFunction(() => {
      const g = window.__graph;
      return !!g && g.cy.nodes().length > 0;
    });
  }

  nodes(): Promise<GraphNodeInfo[]> {
    return this.page.evaluate(() => {
      const cy = window.__graph!.cy;
      return cy.nodes().map((n) => ({
        id: n.id(),
        // As a person reads it: without the zero-width spaces a Chinese line may break at.
        label: String(n.data('label')).replace(/\u200b/g, ''),
        ...(n.data('parent') ? { parent: String(n.data('parent')) } : {}),
        classes: n.classes(),
        position: { ...n.position() },
      }));
    });
  }

  edges(): Promise<{ id: string; source: string; target: string; classes: string[] }[]> {
    return this.page.evaluate(() => {
      const cy = window.__graph!.cy;
      return cy.edges().map((e) => ({ id: e.id(), source: e.source().id(), target: e.target().id(), classes: e.classes() }));
    });
  }

  /** Clicks an element of the graph where it is drawn on the screen, as a person would. */
  async click(id: string): Promise<void> {
    const point = await this.page.evaluate((elementId) => {
      const cy = window.__graph!.cy;
      const box = cy.container()!.getBoundingClientRect();
      const edge = cy.getElementById(elementId);
      if (edge.isEdge()) {
        const mid = edge.renderedMidpoint();
        return { x: box.left + mid.x, y: box.top + mid.y };
      }
      const node = cy.getElementById(elementId) as import('cytoscape').NodeSingular;
      const bb = node.renderedBoundingBox({ includeLabels: false });
      // A box's children cover its middle: click just inside its border instead.
      const inset = node.isParent() ? { x: bb.x1 + 5, y: bb.y1 + 5 } : { x: (bb.x1 + bb.x2) / 2, y: (bb.y1 + bb.y2) / 2 };
      return { x: box.left + inset.x, y: box.top + inset.y };
    }, id);
    await this.page.mouse.click(point.x, point.y);
  }

  inspectorText(): Promise<string> {
    return this.page.locator('.dock-panel').innerText();
  }

  /** Puts the cursor at the end of the first editor line containing `text`. */
  async cursorAfter(text: string): Promise<void> {
    const line = this.page.locator('.cm-line', { hasText: text }).first();
    // CodeMirror draws only the lines near its view: once the editor has drawn its first lines,
    // scroll it down until the line is drawn.
    await this.page.locator('.cm-scroller .cm-line').first().waitFor();
    for (let step = 0; step < 50 && (await line.count()) === 0; step++) {
      const end = await this.page.evaluate(() => {
        const scroller = document.querySelector('.cm-scroller')!;
        scroller.scrollTop += scroller.clientHeight / 2;
        return scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
      });
      await this.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      if (end && (await line.count()) === 0) break;
    }
    await line.click();
    await this.page.keyboard.press('End');
  }

  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text, { delay: 20 });
  }

  /** Waits until the graph shows `count` pods (running or pending). */
  async waitForPods(count: number): Promise<void> {
    await this.page.waitForFunction((n) => {
      const cy = window.__graph!.cy;
      return cy.nodes('.pod').length === n;
    }, count);
  }

  /**
   * Puts `text` in the editor through the store, simulates it at once (as a scenario opened) and
   * waits until the page has settled on it: the worker's simulation of this very text is shown,
   * and two frames have passed for the graph to draw it.
   */
  async load(text: string): Promise<void> {
    await this.page.evaluate((t) => {
      const s = window.__store!.getState();
      s.setText(t);
      s.commit();
    }, text);
    // A large text (hundreds of services) takes seconds to derive on a loaded machine.
    await this.page.waitForFunction((t) => window.__store!.getState().simulatedText === t, text, { timeout: 30_000 });
    await this.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  }

  /** Replaces the first match of `pattern` in the manifests through the store and simulates at once. */
  async edit(pattern: RegExp, replacement: string): Promise<void> {
    await this.page.evaluate(
      ([source, flags, to]) => {
        const s = window.__store!.getState();
        s.setText(s.text.replace(new RegExp(source, flags), to));
        s.commit();
      },
      [pattern.source, pattern.flags, replacement] as const,
    );
  }

  /** The graph's zoom, and whether all of it is in sight (to a pixel). */
  view(): Promise<{ zoom: number; whole: boolean }> {
    return this.page.evaluate(() => {
      const cy = window.__graph!.cy;
      const bb = cy.elements().boundingBox();
      const e = cy.extent();
      return { zoom: cy.zoom(), whole: e.x1 <= bb.x1 + 1 && e.y1 <= bb.y1 + 1 && e.x2 >= bb.x2 - 1 && e.y2 >= bb.y2 - 1 };
    });
  }
}

/** The packet panel: the lab's flows, playback, hops and bursts (found by class: any language). */
export class Packets {
  constructor(readonly page: Page) {}

  async quick(label: RegExp): Promise<void> {
    await this.page.getByRole('tab', { name: /Packets/ }).click();
    await this.page.getByRole('button', { name: label }).click();
    await this.page.locator('ol.hops li').first().waitFor();
  }

  hops(): Promise<string[]> {
    return this.page.locator('ol.hops li.hop').allInnerTexts();
  }

  verdict(): Promise<string> {
    return this.page.locator('.playback .verdict').innerText();
  }

  /** Waits until the animation has played to its last hop. */
  async waitForEnd(): Promise<void> {
    const last = this.page.locator('ol.hops li.hop').last();
    await this.page.waitForFunction((el) => el?.getAttribute('aria-current') === 'step', await last.elementHandle(), { timeout: 60_000 });
  }

  async setMode(mode: 'userspace' | 'iptables' | 'ipvs'): Promise<void> {
    await this.page.getByLabel('kube-proxy mode', { exact: true }).selectOption(mode);
    await this.page.waitForFunction((m) => document.querySelector('.cm-content')?.textContent?.includes(`kubeProxyMode: ${m}`), mode);
  }
}

/** A prompt at the end of the screen: a node's `[root@NODE ~]#`, or a container's `root@HOST:/#`. */
const PROMPT = /(?:\[root@[^\]\n]*\]|root@[^\s:]+:\S*)# ?$/;
/** A prompt on any line: the shell has started (a command may be running since). */
const STARTED = /(?:\[root@[^\]\n]*\]|root@[^\s:]+:\S*)#/;

/** The terminal tab: types command lines as a person would and reads the screen. */
export class TerminalTab {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Terminal' }).click();
    await this.page.locator('.xterm-rows').waitFor();
    await this.page.locator('.xterm-helper-textarea').focus();
    // The shell starts in a worker: its first prompt comes a moment later on a busy machine.
    await expect.poll(() => this.screen(), { timeout: 15_000 }).toMatch(STARTED);
  }

  /** Every line of the terminal's buffer, scrollback included. */
  screen(): Promise<string> {
    return this.page.evaluate(() => {
      const term = window.__terminal!;
      const b = term.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < b.length; i++) lines.push(b.getLine(i)?.translateToString(true) ?? '');
      return lines.join('\n').trimEnd();
    });
  }

  /** Runs a line and returns what it printed (between the line and the next prompt). */
  async run(line: string): Promise<string> {
    const before = await this.screen();
    await this.page.keyboard.type(line, { delay: 5 });
    await this.page.keyboard.press('Enter');
    let out = '';
    await expect
      .poll(
        async () => {
          out = await this.screen();
          return out.length > before.length && PROMPT.test(out);
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    const fresh = out.slice(before.length);
    const start = fresh.indexOf(line) + line.length;
    // The new prompt is the last line.
    return fresh.slice(start, fresh.lastIndexOf('\n')).trim();
  }
}
