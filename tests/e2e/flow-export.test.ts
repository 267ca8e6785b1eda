// Exporting a flow for slides: the files the page saves are read back and checked as a player
// would read them (the WebM's EBML header and blocks, the GIF's frames, the PNG's size), and
// decoded by the browser itself.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect, test } from './harness.ts';
import { Packets, Playground } from './playground.ts';

// The WebCodecs image decoder: Chromium has it, TypeScript's DOM library does not describe it yet.
declare global {
  interface Window {
    ImageDecoder?: new (init: { data: Uint8Array; type: string }) => {
      tracks: { ready: Promise<void>; selectedTrack: { frameCount: number } | null };
    };
  }
}

/** Exports the flow shown in `format` at `size`, and returns the saved file. */
async function exportFlow(page: Page, format: RegExp, size: RegExp): Promise<{ name: string; bytes: Buffer }> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export this flow for slides' });
  await dialog.getByRole('radio', { name: format }).check();
  await dialog.getByRole('radio', { name: size }).check();
  const saved = page.waitForEvent('download', { timeout: 90_000 });
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const download = await saved;
  const bytes = await readFile((await download.path())!);
  await expect.poll(() => dialog.getByRole('status').innerText()).toMatch(/^Saved /);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  return { name: download.suggestedFilename(), bytes };
}

/** EBML: a variable-length integer (its length marker kept for ids, dropped for sizes). */
function vint(b: Buffer, at: number, keepMarker: boolean): { value: number; length: number } {
  const first = b[at]!;
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + b[at + i]!;
  return { value, length };
}

/** The ids of the elements in a WebM, walking into the containers a player walks into. */
function webmElements(b: Buffer): { ids: number[]; docType?: string; codec?: string } {
  const CONTAINERS = new Set([0x1a45dfa3, 0x18538067, 0x1654ae6b, 0xae, 0x1f43b675, 0xa0]);
  const ids: number[] = [];
  let docType: string | undefined;
  let codec: string | undefined;
  const walk = (from: number, to: number) => {
    let at = from;
    while (at < to) {
      const id = vint(b, at, true);
      const size = vint(b, at + id.length, false);
      const body = at + id.length + size.length;
      // MediaRecorder streams: the segment and clusters have an unknown size (all ones).
      const unknown = size.value === 2 ** (7 * size.length) - 1;
      const end = unknown ? to : Math.min(to, body + size.value);
      ids.push(id.value);
      if (id.value === 0x4282) docType = b.subarray(body, end).toString('latin1');
      if (id.value === 0x86) codec = b.subarray(body, end).toString('latin1');
      if (CONTAINERS.has(id.value)) walk(body, end);
      at = unknown && !CONTAINERS.has(id.value) ? to : end;
    }
  };
  walk(0, b.length);
  return { ids, ...(docType ? { docType } : {}), ...(codec ? { codec } : {}) };
}

/** The number of images in a GIF, walking its blocks. */
function gifFrames(b: Buffer): { width: number; height: number; frames: number } {
  expect(b.subarray(0, 6).toString('latin1')).toBe('GIF89a');
  const width = b.readUInt16LE(6);
  const height = b.readUInt16LE(8);
  let at = 13 + (b[10]! & 0x80 ? 3 * 2 ** ((b[10]! & 7) + 1) : 0);
  const skipBlocks = () => {
    while (b[at]! !== 0) at += b[at]! + 1;
    at += 1;
  };
  let frames = 0;
  for (;;) {
    const kind = b[at]!;
    if (kind === 0x3b) break;
    if (kind === 0x21) {
      at += 2;
      skipBlocks();
    } else if (kind === 0x2c) {
      const packed = b[at + 9]!;
      at += 10 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0) + 1;
      skipBlocks();
      frames += 1;
    } else throw new Error(`unexpected GIF block 0x${kind.toString(16)} at ${at}`);
  }
  return { width, height, frames };
}

async function openFlow(page: Page): Promise<void> {
  const p = new Playground(page);
  await p.ready();
  const packets = new Packets(page);
  await packets.quick(/laptop → k8smaster01:80 \(hostPort\)/);
  // Four times as fast: the recording takes a quarter of the time.
  await page.locator('.playback select').selectOption('4');
}

test('a flow exported as a WebM video: a VP8/VP9 WebM with frames, that the browser plays', async ({ openPage }) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await openFlow(page);
  const { name, bytes } = await exportFlow(page, /Video \(WebM\)/, /1920×1080/);
  expect(name).toBe('kube-netplay-flow.webm');
  const webm = webmElements(bytes);
  expect(webm.docType).toBe('webm');
  expect(webm.codec).toMatch(/^V_VP[89]$/);
  // Frames are SimpleBlocks (or Blocks in BlockGroups) in Clusters: seconds at up to 30 a second.
  // They are recorded in real time, so a busy machine records fewer (a 2-core machine under a load
  // of 16 saw 3), but a moving picture, not one still.
  const blocks = webm.ids.filter((id) => id === 0xa3 || id === 0xa1).length;
  expect(blocks).toBeGreaterThan(1);
  // The browser decodes it, at the size asked.
  const size = await page.evaluate(
    async (data) => {
      const video = document.createElement('video');
      video.muted = true;
      video.src = URL.createObjectURL(new Blob([new Uint8Array(data)], { type: 'video/webm' }));
      await new Promise((resolve, reject) => {
        video.onloadeddata = resolve;
        video.onerror = () => reject(new Error(`the video does not load: ${video.error?.message}`));
      });
      return { width: video.videoWidth, height: video.videoHeight };
    },
    [...bytes],
  );
  expect(size).toEqual({ width: 1920, height: 1080 });
});

test('a flow exported as an animated GIF at the pane size and as a picture of the route so far', async ({ openPage }) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await openFlow(page);
  const pane = await page.locator('[data-testid="graph"]').boundingBox();
  const gif = await exportFlow(page, /Animated GIF/, /as on screen/);
  expect(gif.name).toBe('kube-netplay-flow.gif');
  const { width, height, frames } = gifFrames(gif.bytes);
  expect(width).toBe(Math.round(pane!.width) & ~1);
  expect(height).toBe(Math.round(pane!.height) & ~1);
  expect(frames).toBeGreaterThan(10);
  // The browser's own decoder reads as many frames.
  const decoded = await page.evaluate(
    async (data) => {
      const Decoder = window.ImageDecoder;
      if (!Decoder) return undefined;
      const d = new Decoder({ data: new Uint8Array(data), type: 'image/gif' });
      await d.tracks.ready;
      return d.tracks.selectedTrack?.frameCount;
    },
    [...gif.bytes],
  );
  if (decoded !== undefined) expect(decoded).toBe(frames);

  const png = await exportFlow(page, /Picture \(PNG\)/, /1920×1080/);
  expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)]).toEqual([1920, 1080]);
});

test("the export dialog's words, the saved file's line included, follow a change of language", async ({ openPage }) => {
  const page = await openPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await openFlow(page);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export this flow for slides' });
  await dialog.getByRole('radio', { name: /Picture \(PNG\)/ }).check();
  const saved = page.waitForEvent('download', { timeout: 90_000 });
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await saved;
  await expect.poll(() => dialog.getByRole('status').innerText()).toMatch(/^Saved kube-netplay-flow\.png \(\d+ (KB|MB)\)\.$/);
  await page.evaluate(() => window.__store!.getState().setLanguage('zh'));
  const zh = page.getByRole('dialog', { name: '导出此数据流（用于幻灯片）' });
  await expect.poll(() => zh.getByRole('status').innerText()).toMatch(/^已保存 kube-netplay-flow\.png（\d+ (KB|MB)）。$/);
  await page.screenshot({ path: 'test-results/flow-export-zh.png' });
});
