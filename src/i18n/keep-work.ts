/** The words of the questions that keep the visitor's work: a failed save, another tab, a safe start. */
import type { Language } from './strings.ts';

const en = {
  saveFull: "Your latest edits are not saved: the browser's storage for this page is full. A reload would bring back an older text.",
  saveOff: 'This browser does not let the page keep your text (storage is off): a reload would lose it.',
  download: 'Download the text',
  dismiss: 'OK',
  otherTab: 'This scenario was changed in another tab. Which text do you want to keep?',
  keepThis: "Keep this tab's text",
  takeOther: "Take the other tab's text",
  safeStart: 'The last visit did not finish loading your saved text (it may be too large for this page), so it was not opened. It is kept.',
  openAnyway: 'Open it anyway',
  startLab: 'Start from the lab',
};

const zh: typeof en = {
  saveFull: '你最近的修改没有保存：浏览器为本页提供的存储空间已满。重新加载会回到较早的文本。',
  saveOff: '此浏览器不允许本页保存你的文本（存储已关闭）：重新加载会丢失它。',
  download: '下载文本',
  dismiss: '好',
  otherTab: '此场景已在另一个标签页中被修改。你要保留哪一份文本？',
  keepThis: '保留此标签页的文本',
  takeOther: '使用另一个标签页的文本',
  safeStart: '上次访问没有完成加载你保存的文本（它可能对本页来说太大），所以这次没有打开它。它仍然保存着。',
  openAnyway: '仍然打开',
  startLab: '从实验开始',
};

export const KEEP_WORK: Record<Language, typeof en> = { en, zh };
