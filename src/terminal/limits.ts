/**
 * The shell's sizes, so that no line, pipe or variable can grow past what a page can hold and a
 * terminal can show. Each limit has its message, in the style of the shell's own errors.
 */

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

export const LIMIT_MESSAGES = {
  line: (length: number) => `bash: the line is ${length} characters long; this shell reads lines of at most ${LINE_LIMIT}\n`,
  args: (command: string) => `bash: ${command}: Argument list too long\n`,
  pipe: (command: string) => `bash: ${command}: output cut at ${size(PIPE_LIMIT)}, the most a pipe or a file holds here\n`,
  time: (seconds: number) =>
    `bash: the command ran for more than ${seconds} s and was stopped; the shell started again on this node (its variables and written files are gone)\n`,
  screen: () => `bash: output cut at ${size(SCREEN_LIMIT)}, the most the terminal shows at once (filter it with grep, head or tail)\n`,
} as const;

/** The text cut to `limit` characters, and whether it was. */
export function cut(text: string, limit: number): { text: string; cut: boolean } {
  return text.length > limit ? { text: text.slice(0, limit), cut: true } : { text, cut: false };
}
