/**
 * The regular expressions the shell takes (grep's patterns), compiled by re2js: an RE2 engine
 * that matches in time linear in the input, so no pattern can stall the shell, unlike a
 * backtracking engine on `(a+)+$`. GNU grep's basic and extended syntaxes are read into RE2's;
 * what RE2 cannot match in linear time (back-references, lookaround) is refused with a message
 * in grep's own style.
 */
import { RE2JS, RE2JSSyntaxException } from 're2js';
import type { ShellWords } from '../../i18n/shell-words.ts';

export type Syntax = 'basic' | 'extended' | 'fixed';

/**
 * A GNU basic regular expression in RE2's syntax: in BRE `+ ? | ( ) { }` are literal and
 * their backslashed forms are the operators.
 */
export function breToRe2(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i]!;
      out += '+?|(){}'.includes(next) ? next : next === '<' || next === '>' ? '\\b' : `\\${next}`;
    } else if ('+?|(){}'.includes(ch)) out += `\\${ch}`;
    else if (ch === '*' && (i === 0 || pattern[i - 1] === '^')) out += '\\*';
    else out += ch;
  }
  return out;
}

/** GNU ERE in RE2's syntax: a `*` with nothing before it is literal, as GNU grep reads it. */
function ereToRe2(pattern: string): string {
  return pattern.replace(/^(\^?)\*/, '$1\\*').replace(/([(|])\*/g, '$1\\*');
}

/** GNU grep's words for what RE2 finds wrong in a pattern; the shell's own where GNU grep would have matched. */
const MESSAGES: readonly (readonly [RegExp, string | ((words: ShellWords) => string)])[] = [
  [/^missing closing \)/, 'Unmatched ( or \\('],
  [/^unexpected \)/, 'Unmatched ) or \\)'],
  [/^missing closing \]/, 'Unmatched [, [^, [:, [., or [='],
  [/^trailing backslash/, 'Trailing backslash'],
  [/^invalid escape sequence: `?\\[1-9]/, (w) => w.grepBackReference],
  [/^invalid or unsupported Perl syntax|^invalid named capture/, (w) => w.grepLookaround],
  [/^invalid repeat count/, 'Invalid content of \\{\\}'],
  [/repetition operator/, 'Invalid preceding regular expression'],
  [/^invalid character class range/, 'Invalid range end'],
  [/^invalid character class/, 'Unmatched [, [^, [:, [., or [='],
  [/^expression too large|^expression nests too deeply/, 'regular expression too big'],
];

function messageOf(error: unknown, words: ShellWords): string {
  const text =
    error instanceof RE2JSSyntaxException ? `${error.error}: ${error.input ?? ''}` : error instanceof Error ? error.message : String(error);
  const said = MESSAGES.find(([re]) => re.test(text))?.[1] ?? text;
  return typeof said === 'string' ? said : said(words);
}

export interface PatternOptions {
  readonly syntax: Syntax;
  readonly ignoreCase: boolean;
  /** Whole words only (grep -w). */
  readonly words: boolean;
  /** The shell's words, for the patterns it refuses. */
  readonly says: ShellWords;
}

/** One matcher for grep's patterns (any of them matches), or grep's message for a bad one. */
export function compilePatterns(patterns: readonly string[], options: PatternOptions): RE2JS | { readonly error: string } {
  const sources = patterns.map((p) =>
    options.syntax === 'fixed' ? RE2JS.quote(p) : options.syntax === 'basic' ? breToRe2(p) : ereToRe2(p),
  );
  const body = sources.map((s) => (options.words ? `\\b(?:${s})\\b` : `(?:${s})`)).join('|');
  try {
    return RE2JS.compile(body, options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    return { error: messageOf(error, options.says) };
  }
}
