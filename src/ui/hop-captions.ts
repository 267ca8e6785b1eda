/** Where a hop happens and what it does, in words: the hop list's and the exported film's. */
import type { Trace } from '../core/trace/index.ts';
import type { Caption } from '../graph/packet-export.ts';
import { words, type Language } from '../i18n/words.ts';
import { place } from './PacketPanel.tsx';

/** One caption per hop: its place and hook, then what it does. */
export function hopCaptions(trace: Trace, language: Language): Caption[] {
  return trace.hops.map((h) => ({
    title: [
      place(h, language),
      h.hook && [h.hook, h.table, h.chain && h.chain !== h.hook ? h.chain : undefined].filter(Boolean).join(' · '),
    ]
      .filter(Boolean)
      .join('   '),
    text: words(language).say(h.explain),
  }));
}
