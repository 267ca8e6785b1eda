/**
 * A small animated GIF writer (GIF89a, one global palette of 256 colours, LZW, looping): enough
 * for a flow's animation, whose frames differ from each other only where the packet moved.
 * Each frame is stored as the rectangle that changed since the one before, left in place under
 * the next. Pure: RGBA pixels in, bytes out; it runs in the page, a worker or Node.
 */

export interface GifFrame {
  /** RGBA, width × height × 4 bytes, as ImageData holds it. */
  readonly rgba: Uint8ClampedArray;
  /** How long it shows, in milliseconds (GIF keeps hundredths of a second). */
  readonly delayMs: number;
}

/** 5 bits per channel: the key of a colour's bucket. */
const bucketOf = (r: number, g: number, b: number) => ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);

/**
 * A palette of at most 256 colours for these frames: the most used buckets of 32,768, each the
 * mean of its pixels, and for every bucket the palette entry nearest to it.
 */
export function paletteFor(samples: readonly Uint8ClampedArray[]): { colours: Uint8Array; index: Uint8Array } {
  const count = new Float64Array(32768);
  const sum = new Float64Array(32768 * 3);
  for (const rgba of samples) {
    for (let i = 0; i < rgba.length; i += 4) {
      const k = bucketOf(rgba[i]!, rgba[i + 1]!, rgba[i + 2]!);
      count[k]! += 1;
      sum[k * 3]! += rgba[i]!;
      sum[k * 3 + 1]! += rgba[i + 1]!;
      sum[k * 3 + 2]! += rgba[i + 2]!;
    }
  }
  const used = [...count.keys()].filter((k) => count[k]! > 0).sort((a, b) => count[b]! - count[a]!);
  const chosen = used.slice(0, 256);
  const colours = new Uint8Array(256 * 3);
  chosen.forEach((k, i) => {
    for (let c = 0; c < 3; c++) colours[i * 3 + c] = Math.round(sum[k * 3 + c]! / count[k]!);
  });
  // Every bucket (also those no sample had) maps to its nearest chosen colour.
  const index = new Uint8Array(32768);
  for (let k = 0; k < 32768; k++) {
    const r = ((k >> 10) << 3) + 4;
    const g = (((k >> 5) & 31) << 3) + 4;
    const b = ((k & 31) << 3) + 4;
    let best = 0;
    let bestD = Infinity;
    for (let i = 0; i < chosen.length; i++) {
      const d = (r - colours[i * 3]!) ** 2 + (g - colours[i * 3 + 1]!) ** 2 + (b - colours[i * 3 + 2]!) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    index[k] = best;
  }
  return { colours, index };
}

/** Palette indices of an RGBA image. */
export function indexed(rgba: Uint8ClampedArray, index: Uint8Array): Uint8Array {
  const out = new Uint8Array(rgba.length / 4);
  for (let p = 0, i = 0; i < rgba.length; i += 4, p++) out[p] = index[bucketOf(rgba[i]!, rgba[i + 1]!, rgba[i + 2]!)]!;
  return out;
}

/** GIF's LZW with 8-bit symbols: variable code width up to 12 bits, a clear code when the table is full. */
export function lzw(symbols: Uint8Array): Uint8Array {
  const CLEAR = 256;
  const END = 257;
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  let width = 9;
  let nextCode = 258;
  let table = new Map<number, number>();
  const put = (code: number) => {
    acc |= code << bits;
    bits += width;
    while (bits >= 8) {
      out.push(acc & 0xff);
      acc >>>= 8;
      bits -= 8;
    }
  };
  put(CLEAR);
  if (symbols.length === 0) {
    put(END);
    if (bits > 0) out.push(acc & 0xff);
    return Uint8Array.from(out);
  }
  let prefix = symbols[0]!;
  for (let i = 1; i < symbols.length; i++) {
    const k = symbols[i]!;
    const key = (prefix << 8) | k;
    const known = table.get(key);
    if (known !== undefined) {
      prefix = known;
      continue;
    }
    put(prefix);
    if (nextCode === 4096) {
      put(CLEAR);
      table = new Map();
      nextCode = 258;
      width = 9;
    } else {
      table.set(key, nextCode);
      // The decoder widens its codes one code later than the encoder adds it.
      if (nextCode === 1 << width && width < 12) width += 1;
      nextCode += 1;
    }
    prefix = k;
  }
  put(prefix);
  put(END);
  if (bits > 0) out.push(acc & 0xff);
  return Uint8Array.from(out);
}

/** The smallest rectangle where two index images differ; undefined if they are the same. */
function changed(a: Uint8Array | undefined, b: Uint8Array, width: number, height: number) {
  if (!a) return { x: 0, y: 0, w: width, h: height };
  let x1 = width;
  let y1 = height;
  let x2 = -1;
  let y2 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (a[row + x] === b[row + x]) continue;
      if (x < x1) x1 = x;
      if (x > x2) x2 = x;
      if (y < y1) y1 = y;
      y2 = y;
    }
  }
  return x2 < 0 ? undefined : { x: x1, y: y1, w: x2 - x1 + 1, h: y2 - y1 + 1 };
}

class Bytes {
  private parts: Uint8Array[] = [];
  add(...bytes: number[]): void {
    this.parts.push(Uint8Array.from(bytes));
  }
  addArray(bytes: Uint8Array): void {
    this.parts.push(bytes);
  }
  word(n: number): void {
    this.add(n & 0xff, (n >> 8) & 0xff);
  }
  text(s: string): void {
    this.add(...[...s].map((c) => c.charCodeAt(0)));
  }
  result(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/**
 * An animated GIF writer: frames are added one by one (each indexed with the palette given at
 * the start), so a long animation never holds more than two frames' pixels.
 */
export function createGif(width: number, height: number, palette: { colours: Uint8Array; index: Uint8Array }) {
  const out = new Bytes();
  out.text('GIF89a');
  out.word(width);
  out.word(height);
  out.add(0xf7, 0, 0); // a global table of 256 colours, 8 bits each
  out.addArray(palette.colours);
  out.add(0x21, 0xff, 11);
  out.text('NETSCAPE2.0');
  out.add(3, 1, 0, 0, 0); // loop for ever
  let previous: Uint8Array | undefined;
  let pending: { rect: { x: number; y: number; w: number; h: number }; pixels: Uint8Array; delayMs: number } | undefined;
  let frames = 0;

  const flush = () => {
    if (!pending) return;
    const { rect, pixels, delayMs } = pending;
    out.add(0x21, 0xf9, 4, 0x04); // graphic control: leave this frame in place under the next
    out.word(Math.max(2, Math.round(delayMs / 10)));
    out.add(0, 0);
    out.add(0x2c);
    out.word(rect.x);
    out.word(rect.y);
    out.word(rect.w);
    out.word(rect.h);
    out.add(0, 8); // no local table; LZW minimum code size 8
    const data = lzw(pixels);
    for (let i = 0; i < data.length; i += 255) {
      const block = data.subarray(i, i + 255);
      out.add(block.length);
      out.addArray(block);
    }
    out.add(0);
    frames += 1;
    pending = undefined;
  };

  return {
    add(frame: GifFrame): void {
      const now = indexed(frame.rgba, palette.index);
      const rect = changed(previous, now, width, height);
      // Nothing moved: the frame before shows longer.
      if (!rect && pending) {
        pending.delayMs += frame.delayMs;
        return;
      }
      flush();
      const r = rect ?? { x: 0, y: 0, w: 1, h: 1 };
      const pixels = new Uint8Array(r.w * r.h);
      for (let y = 0; y < r.h; y++) pixels.set(now.subarray((r.y + y) * width + r.x, (r.y + y) * width + r.x + r.w), y * r.w);
      pending = { rect: r, pixels, delayMs: frame.delayMs };
      previous = now;
    },
    /** The file; the frames it holds (frames that changed nothing are merged into the one before). */
    finish(): { bytes: Uint8Array<ArrayBuffer>; frames: number } {
      flush();
      out.add(0x3b);
      return { bytes: out.result(), frames };
    },
  };
}
