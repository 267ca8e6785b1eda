/**
 * A third language is one table in the registry: with a French table (made here from the English
 * one, as a translator would start) the page's words, its links and its lessons take it with no
 * other change. The lessons are not written in French, so they show their English, marked.
 */
import { describe, expect, it, vi } from 'vitest';
import { msg, type Templates } from '../../src/core/message.ts';
import { en } from '../../src/i18n/en.ts';
import type { Table } from '../../src/i18n/languages.ts';
import { inLanguage, SCENARIOS } from '../../src/scenarios/index.ts';
import { encodeLink, decodeLink, isLinkError } from '../../src/share/link.ts';
import { LAB_TEXT } from '../helpers.ts';

/** A translator's first step: the English table with its name and one template in French. */
const fr = {
  name: 'Français',
  messages: { ...en.messages, 'hop.route': 'Décision de routage : {route}.' } satisfies Templates,
  ui: { ...en.ui, language: 'Langue' },
} satisfies Table;

vi.mock('../../src/i18n/languages.ts', async (original) => {
  const real = await original<typeof import('../../src/i18n/languages.ts')>();
  return { ...real, LANGUAGES: { ...real.LANGUAGES, fr } };
});

describe('a third language', () => {
  it('is spoken once it is in the registry', async () => {
    const { isLanguage, LANGUAGES, words } = await import('../../src/i18n/words.ts');
    expect(Object.keys(LANGUAGES)).toEqual(['en', 'zh', 'fr']);
    expect(isLanguage('fr')).toBe(true);
    expect(isLanguage('de')).toBe(false);
    const said = words('fr' as never);
    expect(said.name).toBe('Français');
    expect(said.ui.language).toBe('Langue');
    expect(said.say(msg('hop.route', { route: msg('route.local') }))).toBe(
      "Décision de routage : the destination is one of this namespace's own addresses (local delivery).",
    );
  });

  it('opens from a link, and a language the page does not speak is left out', async () => {
    const { createAppStore } = await import('../../src/store/store.ts');
    for (const [language, opened] of [
      ['fr', 'fr'],
      ['de', 'en'],
    ] as const) {
      const link = await decodeLink(await encodeLink({ text: LAB_TEXT, language }));
      expect(isLinkError(link)).toBe(false);
      const store = createAppStore(LAB_TEXT, { savedText: () => undefined });
      if (link && !isLinkError(link)) store.getState().openLink(link);
      expect(store.getState().language, language).toBe(opened);
    }
  });

  it("shows a lesson's English, marked, where it is not written in the language", () => {
    const step = SCENARIOS[0]!.steps[0]!;
    expect(inLanguage(step.title, 'fr')).toEqual({ text: step.title.en, fallback: true });
    expect(inLanguage(step.title, 'zh')).toEqual({ text: step.title.zh, fallback: false });
    expect(inLanguage(step.title, 'en')).toEqual({ text: step.title.en, fallback: false });
  });
});
