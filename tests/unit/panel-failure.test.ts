// What the page says when a panel fails: in the page's language, the error's text only as a detail.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ErrorBoundary } from '../../src/ui/ErrorBoundary.tsx';

/** What the boundary shows once its panel threw `error`. */
function fallback(language: 'en' | 'zh', name: string, error: Error): string {
  const boundary = new ErrorBoundary({ name, language, children: null });
  boundary.state = ErrorBoundary.getDerivedStateFromError(error);
  return renderToStaticMarkup(boundary.render() as never);
}

describe('a panel that fails', () => {
  it('says so in the page’s language, the error only as a detail', () => {
    const boom = new Error('x is undefined');
    expect(fallback('en', 'Packets', boom)).toBe(
      '<p class="warning" role="alert">The Packets tab could not be shown (an internal error: x is undefined). Your manifests are safe; edit them or pick another tab.</p>',
    );
    const zh = fallback('zh', '数据包', boom);
    expect(zh).toContain('“数据包”标签页无法显示（内部错误：x is undefined）');
    expect(zh.replace(/<[^>]+>/g, '').replace('x is undefined', '')).not.toMatch(/[A-Za-z]{3,}/);
  });
});
