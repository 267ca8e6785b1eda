/**
 * The shell's sizes, so that no line, pipe or variable can grow past what a page can hold and a
 * terminal can show. Each limit has its message, in the style of the shell's own errors.
 */
import type { ShellWords } from '../i18n/shell-words.ts';

/** Lines kept in the history (bash's HISTSIZE default). */
export const HISTORY_LIMIT = 500;
/** Characters in one command line (the line editor stops there too). */
export const LINE_LIMIT = 16 * 1024;
/** Characters in the words of one command after expansion, as Linux's ARG_MAX (2 MiB). */
export const ARGS_LIMIT = 2 * 1024 * 1024;
/** Characters one command may write to a pipe or a file. */
export const PIPE_LIMIT = 8 * 1024 * 1024;
/** Characters in all the files the session wrote (the manifests in ~ included). */
export const FILES_LIMIT = 32 * 1024 * 1024;
/** Characters one command line may show in the terminal. */
export const SCREEN_LIMIT = 1024 * 1024;

const size = (n: number) => (n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : `${n / 1024} KiB`);

/** bash's own words where it has them (args); the shell's words, in the page's language, for its own limits. */
export const LIMIT_MESSAGES = {
  line: (words: ShellWords, length: number) => `${words.limitLine(length, LINE_LIMIT)}\n`,
  args: (command: string) => `bash: ${command}: Argument list too long\n`,
  pipe: (words: ShellWords, command: string) => `${words.limitPipe(command, size(PIPE_LIMIT))}\n`,
  time: (words: ShellWords, seconds: number) => `${words.limitTime(seconds)}\n`,
  screen: (words: ShellWords) => `${words.limitScreen(size(SCREEN_LIMIT))}\n`,
} as const;

/** The text cut to `limit` characters, and whether it was. */
export function cut(text: string, limit: number): { text: string; cut: boolean } {
  return text.length > limit ? { text: text.slice(0, limit), cut: true } : { text, cut: false };
}
