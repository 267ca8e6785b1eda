// What the page says when a flow's export fails: in the page's language, with the
// browser's own error text only as a detail.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExportFailure, recordWebm } from '../../src/graph/packet-export.ts';
import { exportFailedWords } from '../../src/ui/FlowExportDialog.tsx';
import { words } from '../../src/i18n/words.ts';

afterEach(() => vi.unstubAllGlobals());

describe('an export that fails', () => {
  it('a browser that records no WebM fails with a reason, said in each language', async () => {
    vi.stubGlobal('MediaRecorder', { isTypeSupported: () => false });
    const failed = await recordWebm(undefined as never, undefined as never).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ExportFailure);
    expect((failed as ExportFailure).reason).toBe('no-webm');
    expect(exportFailedWords(failed, words('en').ui)).toBe('This browser cannot record WebM video; try the GIF.');
    expect(exportFailedWords(failed, words('zh').ui)).toBe('这个浏览器无法录制 WebM 视频；请改用 GIF。');
  });

  it('every reason has its own words; another error is an internal one, its text a detail', () => {
    for (const language of ['en', 'zh'] as const) {
      const t = words(language).ui;
      const said = (['no-webm', 'no-video', 'no-picture'] as const).map((r) => exportFailedWords(new ExportFailure(r), t));
      expect(new Set(said).size).toBe(3);
      expect(said.every((s) => !s.includes('no-'))).toBe(true);
    }
    expect(exportFailedWords(new DOMException('The operation is insecure.'), words('zh').ui)).toBe(
      '导出失败（内部错误：The operation is insecure.）。',
    );
    expect(exportFailedWords(new Error('gone'), words('en').ui)).toBe('The export failed (an internal error: gone).');
  });
});
