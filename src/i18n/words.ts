/**
 * The languages of the page: each is one file of templates (en.ts, zh.ts) and one entry in
 * LANGUAGES. `words(language)` says a message (src/core/message.ts) in that language.
 */
import { say, type Templates, type Text } from '../core/message.ts';
import { en, type Ui } from './en.ts';

export type { Ui };
import { zh } from './zh.ts';

interface Table {
  /** The language's own name, as its menu entry shows it. */
  readonly name: string;
  readonly messages: Templates;
  /** The interface's own words. */
  readonly ui: Ui;
}

/** Every language the page speaks, in the order the language menu lists them. */
export const LANGUAGES = { en, zh } as const satisfies Record<string, Table>;

export type Language = keyof typeof LANGUAGES;

export interface Words {
  readonly language: Language;
  readonly name: string;
  readonly ui: Ui;
  /** A message (or a literal) in this language. */
  say(text: Text): string;
}

const made = new Map<Language, Words>();

export function words(language: Language): Words {
  let w = made.get(language);
  if (!w) {
    const table: Table = LANGUAGES[language];
    w = { language, name: table.name, ui: table.ui, say: (text) => say(text, table.messages) };
    made.set(language, w);
  }
  return w;
}

/** English: the command line's language, and the tests'. */
export const english = (text: Text): string => words('en').say(text);
