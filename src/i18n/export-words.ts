/**
 * The flow export's words (src/ui/FlowExportDialog.tsx), and why an export failed, in each
 * language: part of the interface's words (en.ts and zh.ts spread them in).
 */
export const exportUiEn = {
  exportFlow: 'Export…',
  exportTitle: 'Export this flow for slides',
  exportVideo: 'Video (WebM)',
  exportGif: 'Animated GIF',
  exportPicture: 'Picture (PNG): the route so far',
  exportSize: 'Size',
  exportCurrent: (w: number, h: number) => `as on screen (${w}×${h})`,
  exportStart: 'Export',
  exportWorking: (percent: number) => `Working… ${percent}%`,
  exportDone: (name: string, size: string) => `Saved ${name} (${size}).`,
  exportNoWebm: 'This browser cannot record WebM video; try the GIF.',
  exportNoVideo: 'The browser recorded no video; try the GIF, or a smaller size.',
  exportNoPicture: 'The browser could not make the picture; try a smaller size.',
  exportFailed: (detail: string) => `The export failed (an internal error: ${detail}).`,
} as const;

type Said<T> = { readonly [K in keyof T]: T[K] extends (...a: infer A) => string ? (...a: A) => string : string };

export const exportUiZh: Said<typeof exportUiEn> = {
  exportFlow: '导出…',
  exportTitle: '导出此数据流（用于幻灯片）',
  exportVideo: '视频（WebM）',
  exportGif: '动画 GIF',
  exportPicture: '图片（PNG）：目前走过的路径',
  exportSize: '尺寸',
  exportCurrent: (w: number, h: number) => `与屏幕相同（${w}×${h}）`,
  exportStart: '导出',
  exportWorking: (percent: number) => `处理中… ${percent}%`,
  exportDone: (name: string, size: string) => `已保存 ${name}（${size}）。`,
  exportNoWebm: '这个浏览器无法录制 WebM 视频；请改用 GIF。',
  exportNoVideo: '浏览器没有录下任何视频；请改用 GIF，或选较小的尺寸。',
  exportNoPicture: '浏览器无法生成这张图片；请选较小的尺寸。',
  exportFailed: (detail: string) => `导出失败（内部错误：${detail}）。`,
};
