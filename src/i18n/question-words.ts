/**
 * What the page says of a question the derive worker could not answer (src/store/derive-answer.ts,
 * simulation.ts, questions.ts), in each language: part of the English and Chinese tables (en.ts
 * and zh.ts spread them in).
 */
import type { Templates } from '../core/message.ts';

type QuestionTemplates = Pick<Templates, Extract<keyof Templates, `question.${string}` | `trace.${string}`>>;

export const questionEn: QuestionTemplates = {
  'question.failed': 'This could not be worked out (an internal error: {detail}).',
  'question.time': 'This took more than {seconds} s to work out and was stopped; the scenario may be too large for it.',
  'question.crashed':
    'This could not be worked out: the worker working it out failed before it answered (a new worker takes the next question).',
  'trace.failed': 'This flow cannot be traced ({detail}).',
  'trace.unresolved': '{name} does not resolve: there is no address to send to.',
  'trace.no-sender': 'Nothing sends this flow: {sender} is not running (it was removed, or has not started).',
};

export const questionZh: QuestionTemplates = {
  'question.failed': '无法算出结果（内部错误：{detail}）。',
  'question.time': '计算超过 {seconds} 秒，已被停止；场景可能太大。',
  'question.crashed': '无法算出结果：负责计算的后台线程在给出结果之前出错退出（下一个问题由新的后台线程处理）。',
  'trace.failed': '无法追踪这个流（{detail}）。',
  'trace.unresolved': '{name} 无法解析：没有可发送的地址。',
  'trace.no-sender': '这个流没有发送方：{sender} 没有在运行（已被删除，或尚未启动）。',
};
