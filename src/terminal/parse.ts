/**
 * The command line as bash reads it, the small part the lab needs: words with single and double
 * quotes and backslashes, `$VAR`, `${VAR}` and `$?` (expanded when the command runs, so
 * `false; echo $?` works), `~`, comments, pipes, `;`, `&&`, `||`, and the redirections
 * `>`, `>>`, `2>`, `2>>`, `2>&1`, `&>`.
 */

/** A piece of a word: literal text, or a variable to expand (`quoted`: inside double quotes). */
export type Segment = { readonly text: string } | { readonly variable: string; readonly quoted: boolean };

export type Word = readonly Segment[];

export interface Redirect {
  readonly fd: 1 | 2 | 'both';
  readonly append: boolean;
  /** A file, or `&1` for 2>&1. */
  readonly target: Word | '&1';
}

export interface SimpleCommand {
  readonly words: readonly Word[];
  readonly redirects: readonly Redirect[];
}

export interface Pipeline {
  readonly commands: readonly SimpleCommand[];
  /** How it joins the pipeline before it. */
  readonly op: ';' | '&&' | '||';
}

export type ParseResult = { readonly pipelines: readonly Pipeline[] } | { readonly error: string };

type Token = { readonly word: Word } | { readonly op: string };

const OPERATORS = ['2>&1', '2>>', '&>', '>>', '&&', '||', '2>', '>', '|', ';'];

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n';
}

function tokenize(line: string): Token[] | { error: string } {
  const tokens: Token[] = [];
  let segments: Segment[] = [];
  let literal = '';
  let inWord = false;
  const flushLiteral = () => {
    if (literal) segments.push({ text: literal });
    literal = '';
  };
  const endWord = () => {
    flushLiteral();
    if (inWord) tokens.push({ word: segments });
    segments = [];
    inWord = false;
  };
  const variable = (i: number, quoted: boolean): number => {
    // `line[i]` is the `$`; returns the index of the variable's last character.
    const rest = line.slice(i + 1);
    const braced = /^\{([A-Za-z_][A-Za-z0-9_]*|\?)\}/.exec(rest);
    const plain = /^([A-Za-z_][A-Za-z0-9_]*|\?|\$|#)/.exec(rest);
    const m = braced ?? plain;
    if (!m) {
      literal += '$';
      return i;
    }
    flushLiteral();
    segments.push({ variable: m[1]!, quoted });
    return i + m[0].length;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (isSpace(ch)) {
      endWord();
      continue;
    }
    if (ch === '#' && !inWord) break;
    const op = OPERATORS.find((o) => line.startsWith(o, i) && !(o.startsWith('2') && inWord));
    if (op) {
      endWord();
      tokens.push({ op });
      i += op.length - 1;
      continue;
    }
    inWord = true;
    if (ch === '\\') {
      if (i + 1 < line.length) literal += line[++i];
      continue;
    }
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { error: "bash: unexpected EOF while looking for matching `''\nbash: syntax error: unexpected end of file" };
      literal += line.slice(i + 1, end);
      i = end;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        const c = line[j]!;
        if (c === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) literal += line[++j];
        else if (c === '$') j = variable(j, true);
        else literal += c;
      }
      if (j >= line.length)
        return { error: 'bash: unexpected EOF while looking for matching `"\'\nbash: syntax error: unexpected end of file' };
      // An empty pair of quotes is still a word.
      if (literal === '' && segments.length === 0) segments.push({ text: '' });
      i = j;
      continue;
    }
    if (ch === '$') {
      i = variable(i, false);
      continue;
    }
    if (ch === '~' && literal === '' && segments.length === 0 && (i + 1 >= line.length || line[i + 1] === '/' || isSpace(line[i + 1]!))) {
      flushLiteral();
      segments.push({ variable: 'HOME', quoted: true });
      continue;
    }
    literal += ch;
  }
  endWord();
  return tokens;
}

const syntaxError = (token: string) => ({ error: `bash: syntax error near unexpected token \`${token}'` });

/** Parses a command line into pipelines joined by `;`, `&&` and `||`. */
export function parseLine(line: string): ParseResult {
  const tokens = tokenize(line);
  if ('error' in tokens) return tokens;
  const pipelines: Pipeline[] = [];
  let commands: SimpleCommand[] = [];
  let words: Word[] = [];
  let redirects: Redirect[] = [];
  let op: Pipeline['op'] = ';';
  const endCommand = (token: string): ParseResult | undefined => {
    if (words.length === 0) return redirects.length > 0 ? syntaxError(token) : syntaxError(token);
    commands.push({ words, redirects });
    words = [];
    redirects = [];
    return undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if ('word' in t) {
      words.push(t.word);
      continue;
    }
    if (t.op === '2>&1') {
      redirects.push({ fd: 2, append: false, target: '&1' });
      continue;
    }
    if (['>', '>>', '2>', '2>>', '&>'].includes(t.op)) {
      const next = tokens[i + 1];
      if (!next || !('word' in next)) return syntaxError(next && 'op' in next ? next.op : 'newline');
      redirects.push({ fd: t.op.startsWith('2') ? 2 : t.op === '&>' ? 'both' : 1, append: t.op.endsWith('>>'), target: next.word });
      i++;
      continue;
    }
    if (t.op === '|') {
      const e = endCommand('|');
      if (e) return e;
      continue;
    }
    // ; && ||
    if (words.length === 0 && commands.length === 0) {
      if (t.op === ';' && pipelines.length === 0 && i === 0) return syntaxError(';');
      return syntaxError(t.op);
    }
    const e = endCommand(t.op);
    if (e) return e;
    pipelines.push({ commands, op });
    commands = [];
    op = t.op as Pipeline['op'];
  }
  if (words.length > 0 || redirects.length > 0) {
    const e = endCommand('newline');
    if (e) return e;
  } else if (commands.length > 0) return syntaxError('newline');
  if (commands.length > 0) pipelines.push({ commands, op });
  else if (op !== ';') return syntaxError('newline');
  return { pipelines };
}

/** Expands a word with the given variables ($? included). Unquoted empty expansions vanish. */
export function expandWord(word: Word, vars: (name: string) => string | undefined): string | undefined {
  let out = '';
  let kept = false;
  for (const s of word) {
    if ('text' in s) {
      out += s.text;
      kept = true;
    } else {
      const v = vars(s.variable) ?? '';
      out += v;
      if (s.quoted || v !== '') kept = true;
    }
  }
  return kept ? out : undefined;
}

/** The words of the last command of a partial line, and whether the cursor starts a new word: for completion. */
export function lastCommandWords(line: string): { words: string[]; partial: string } {
  let cut = 0;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '|' || ch === ';' || ch === '&') cut = i + 1;
  }
  const segment = line.slice(cut).replace(/^\s+/, '');
  const parts = segment.split(/\s+/);
  const partial = parts.pop() ?? '';
  return { words: parts.filter((p) => p !== '').map((p) => p.replace(/^["']|["']$/g, '')), partial: partial.replace(/^["']/, '') };
}
