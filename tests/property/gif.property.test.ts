// The GIF writer, read back by a decoder written here from the GIF89a specification: every
// frame's pixels come back as the palette colours nearest to what was drawn.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGif, lzw, paletteFor } from '../../src/graph/gif.ts';

/** GIF's LZW decoding (the specification's algorithm), for 8-bit symbols. */
function unlzw(data: Uint8Array): number[] {
  const out: number[] = [];
  let dict: number[][] = [];
  let width = 9;
  let acc = 0;
  let bits = 0;
  let at = 0;
  let prev: number[] | undefined;
  const reset = () => {
    dict = Array.from({ length: 258 }, (_, i) => (i < 256 ? [i] : []));
    width = 9;
    prev = undefined;
  };
  reset();
  for (;;) {
    while (bits < width && at < data.length) {
      acc |= data[at++]! << bits;
      bits += 8;
    }
    if (bits < width) throw new Error('data ended before the end code');
    const code = acc & ((1 << width) - 1);
    acc >>>= width;
    bits -= width;
    if (code === 256) {
      reset();
      continue;
    }
    if (code === 257) return out;
    let entry: number[];
    if (code < dict.length) entry = dict[code]!;
    else if (code === dict.length && prev) entry = [...prev, prev[0]!];
    else throw new Error(`code ${code} not in the table of ${dict.length}`);
    out.push(...entry);
    if (prev && dict.length < 4096) dict.push([...prev, entry[0]!]);
    if (dict.length === 1 << width && width < 12) width += 1;
    prev = entry;
  }
}

/** Every frame of a GIF written by createGif, composed as a viewer shows it (frames left in place). */
function frames(b: Uint8Array): { width: number; height: number; pictures: Uint8Array[] } {
  const word = (i: number) => b[i]! | (b[i + 1]! << 8);
  const width = word(6);
  const height = word(8);
  const palette = b.subarray(13, 13 + 768);
  let at = 13 + 768;
  const screen = new Uint8Array(width * height * 3);
  const pictures: Uint8Array[] = [];
  const blocks = () => {
    const parts: number[] = [];
    while (b[at] !== 0) {
      parts.push(...b.subarray(at + 1, at + 1 + b[at]!));
      at += b[at]! + 1;
    }
    at += 1;
    return Uint8Array.from(parts);
  };
  for (;;) {
    const kind = b[at]!;
    if (kind === 0x3b) return { width, height, pictures };
    if (kind === 0x21) {
      at += 2;
      blocks();
      continue;
    }
    expect(kind).toBe(0x2c);
    const [x, y, w, h] = [word(at + 1), word(at + 3), word(at + 5), word(at + 7)];
    expect(b[at + 9]).toBe(0);
    expect(b[at + 10]).toBe(8);
    at += 11;
    const indices = unlzw(blocks());
    expect(indices).toHaveLength(w * h);
    indices.forEach((p, i) => {
      const to = ((y + Math.floor(i / w)) * width + x + (i % w)) * 3;
      screen.set(palette.subarray(p * 3, p * 3 + 3), to);
    });
    pictures.push(screen.slice());
  }
}

describe('GIF writer', () => {
  it('LZW: what it writes decodes to the same symbols, across table resets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 256 }), (raw, alphabet) => {
        const symbols = raw.map((s) => s % alphabet);
        expect(unlzw(lzw(symbols))).toEqual([...symbols]);
      }),
    );
    // Long runs and noise: the code table fills up and is cleared many times.
    const long = Uint8Array.from({ length: 200_000 }, (_, i) => (i % 7 === 0 ? (i * 31) % 256 : i % 3));
    expect(unlzw(lzw(long))).toEqual([...long]);
  });

  it('frames come back as drawn, each stored as the rectangle that changed', () => {
    const arbitraryFrames = fc.integer({ min: 1, max: 24 }).chain((width) =>
      fc.integer({ min: 1, max: 16 }).chain((height) =>
        fc.record({
          width: fc.constant(width),
          height: fc.constant(height),
          // Few colours, so the palette holds them all exactly (multiples of 8 plus 4: bucket centres).
          frames: fc.array(fc.array(fc.constantFrom(4, 68, 132, 252), { minLength: width * height * 3, maxLength: width * height * 3 }), {
            minLength: 1,
            maxLength: 5,
          }),
        }),
      ),
    );
    fc.assert(
      fc.property(arbitraryFrames, ({ width, height, frames: drawn }) => {
        const rgba = drawn.map((rgb) => {
          const out = new Uint8ClampedArray(width * height * 4);
          for (let i = 0; i < width * height; i++) out.set([rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!, 255], i * 4);
          return out;
        });
        const gif = createGif(width, height, paletteFor(rgba));
        for (const f of rgba) gif.add({ rgba: f, delayMs: 100 });
        const { bytes, frames: count } = gif.finish();
        const read = frames(bytes);
        expect([read.width, read.height]).toEqual([width, height]);
        expect(read.pictures).toHaveLength(count);
        // The last picture shown is the last frame drawn.
        expect([...read.pictures.at(-1)!]).toEqual(drawn.at(-1));
        // Frames that changed nothing were merged into the one before.
        const distinct = drawn.filter((f, i) => i === 0 || f.join() !== drawn[i - 1]!.join()).length;
        expect(count).toBe(distinct);
      }),
    );
  });
});
