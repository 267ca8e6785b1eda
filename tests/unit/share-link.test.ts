// Share links: round trips, pinned encodings, and links that are corrupt, cut, from the future or bombs.
import { describe, expect, it } from 'vitest';
import { nsId } from '../../src/core/namespace-id.ts';
import { decodeLink, encodeLink, isLinkError, MAX_INFLATED_BYTES, parseShared } from '../../src/share/link.ts';
import { LAB_TEXT } from '../helpers.ts';

async function deflate(bytes: Uint8Array): Promise<string> {
  const out = new Uint8Array(
    await new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer(),
  );
  let bin = '';
  for (const b of out) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('share links', () => {
  const shared = {
    text: LAB_TEXT,
    flow: { from: nsId.host('laptop'), to: { ip: '172.24.8.71', port: 80 }, proto: 'tcp' as const },
    lesson: { id: 'lab', step: 'pause-container' },
    hop: 7,
    language: 'zh' as const,
    view: 'view' as const,
  };

  it('round-trips everything a link holds', async () => {
    const hash = await encodeLink(shared);
    expect(hash).toMatch(/^#v2:[A-Za-z0-9_-]+$/);
    expect(await decodeLink(hash)).toEqual(shared);
  });

  it("fits the lab's link in a QR code comfortably", async () => {
    expect((await encodeLink({ text: LAB_TEXT })).length).toBeLessThan(1000);
  });

  it('is not a link when the fragment is something else', async () => {
    expect(await decodeLink('')).toBeUndefined();
    expect(await decodeLink('#section-2')).toBeUndefined();
  });

  it('says a cut or damaged link is damaged', async () => {
    const hash = await encodeLink(shared);
    for (const bad of [
      hash.slice(0, hash.length / 2),
      '#v1:!!!!',
      '#v1:',
      `#v1:${await deflate(new TextEncoder().encode('{"no":"text"}'))}`,
    ]) {
      const r = await decodeLink(bad);
      expect(isLinkError(r) && r.kind, bad).toBe('corrupt');
    }
  });

  it('names a newer format instead of guessing', async () => {
    const r = await decodeLink('#v3:abc');
    expect(isLinkError(r) && r.kind).toBe('newer');
  });

  it('reads a v1 link, whose lesson step was its place, as the step that was there then', async () => {
    const v1 = `#v1:${await deflate(new TextEncoder().encode(JSON.stringify({ text: 'x', lesson: { id: 'lab', step: 5 } })))}`;
    expect(await decodeLink(v1)).toEqual({ text: 'x', lesson: { id: 'lab', step: 'pause-container' } });
    expect(parseShared(JSON.stringify({ text: 'x', lesson: { id: 'lab', step: 99 } }), 1)).toEqual({ text: 'x' });
    expect(parseShared(JSON.stringify({ text: 'x', lesson: { id: 'lab', step: 5 } }), 2)).toEqual({ text: 'x' });
  });

  it('stops inflating a bomb past the limit', async () => {
    const bomb = await deflate(new Uint8Array(MAX_INFLATED_BYTES * 8));
    expect(bomb.length).toBeLessThan(40_000);
    const r = await decodeLink(`#v1:${bomb}`);
    expect(isLinkError(r) && r.kind).toBe('too-large');
  });

  it('refuses a link too long to be one', async () => {
    const r = await decodeLink(`#v1:${'A'.repeat(300_000)}`);
    expect(isLinkError(r) && r.kind).toBe('too-large');
  });

  it('repairs or drops each field: nothing from a link is trusted', () => {
    const r = parseShared(
      JSON.stringify({
        text: 'x',
        flow: { from: 1, to: 'y' },
        lesson: { id: 'lab', step: -3 },
        hop: 'two',
        language: 'zh"><b>',
        view: '<b>',
        extra: { a: 1 },
      }),
    );
    expect(r).toEqual({ text: 'x' });
    // A language code is kept as a code: whether the page speaks it is the page's to say.
    expect(parseShared(JSON.stringify({ text: 'x', language: 'fr' }))).toEqual({ text: 'x', language: 'fr' });
  });
});
