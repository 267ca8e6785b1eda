/**
 * The registry of languages: each is one file of templates and words (en.ts, zh.ts, …), listed
 * here once, in the order the language menu shows them. Links, the menu and the page's own
 * language all read this list.
 */
import type { Templates } from '../core/message.ts';
import { en, type Ui } from './en.ts';
import { zh } from './zh.ts';

/** What a language's file holds; a table that misses a code or an interface word does not compile. */
export interface Table {
  /** The language's own name, as its menu entry shows it. */
  readonly name: string;
  readonly messages: Templates;
  /** The interface's own words. */
  readonly ui: Ui;
}

export const LANGUAGES = { en, zh } as const satisfies Record<string, Table>;
