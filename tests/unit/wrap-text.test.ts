/** Captions wrap onto lines that fit, in English and Chinese, rather than being squeezed. */
import { describe, expect, it } from 'vitest';
import { captionLayout } from '../../src/graph/packet-export.ts';
import { wrapText } from '../../src/graph/wrap-text.ts';

/** A monospace measure: ten units a character, a CJK character twice as wide. */
const measure = (t: string) => [...t].reduce((w, c) => w + (/[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]/.test(c) ? 20 : 10), 0);

describe('wrapText', () => {
  it('breaks English at spaces into lines that fit, keeping every word in order', () => {
    const text = "Docker rewrites the destination: 172.24.8.71:80 → 172.17.1.33:80, so the packet goes to the pod's own address.";
    const lines = wrapText(text, 300, measure);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(measure(l)).toBeLessThanOrEqual(300);
    expect(lines.join(' ')).toBe(text);
  });

  it('breaks Chinese between characters, and never starts a line with closing punctuation', () => {
    const text = '发往本节点自身地址的数据包进入 Docker 的端口映射链。kube-proxy 改写目的地址，然后路由决策把它送往 docker0 网桥。';
    const lines = wrapText(text, 200, measure);
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) {
      expect(measure(l)).toBeLessThanOrEqual(220); // a closing mark may hang one character over
      expect(l).not.toMatch(/^[，。、；：]/);
    }
    expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });

  it('cuts a word wider than the line, keeps short text on one line, and keeps given line breaks', () => {
    expect(wrapText('a'.repeat(25), 100, measure)).toEqual(['a'.repeat(10), 'a'.repeat(10), 'a'.repeat(5)]);
    expect(wrapText('short', 100, measure)).toEqual(['short']);
    expect(wrapText('one\ntwo', 100, measure)).toEqual(['one', 'two']);
    expect(wrapText('', 100, measure)).toEqual(['']);
  });
});

describe("the exported film's caption band", () => {
  /** A canvas that measures eight pixels a character, at any font. */
  const ctx = { font: '', measureText: (t: string) => ({ width: t.length * 8 }) as TextMetrics };
  const film = (texts: string[], width = 640, height = 360) =>
    ({ steps: texts.map(() => ({})), captions: texts.map((text) => ({ title: 'node k8smaster01 · eth0', text })), width, height }) as never;

  it('wraps a long caption onto lines that fit the film and grows the band to hold them', () => {
    const long = 'Delivered to container php-redis of pod default/frontend-bwg75, which sees the client as 172.24.8.10:48563.';
    const short = captionLayout(ctx, film(['Jump to KUBE-NODEPORTS.']), 1);
    const laid = captionLayout(ctx, film(['Jump to KUBE-NODEPORTS.', long]), 1);
    expect(laid.laid[1]!.text.length).toBeGreaterThan(1);
    for (const line of laid.laid[1]!.text) expect(line.length * 8).toBeLessThanOrEqual(640 - 2 * laid.pad);
    expect(laid.laid[1]!.text.join(' ')).toBe(long);
    expect(laid.height).toBeGreaterThan(short.height);
  });

  it('never takes more than 40% of the picture: a caption too long for it ends with "…"', () => {
    const laid = captionLayout(ctx, film(['word '.repeat(400)]), 1);
    expect(laid.height).toBeLessThanOrEqual(360 * 0.4);
    expect(laid.laid[0]!.text.at(-1)).toMatch(/…$/);
  });
});
