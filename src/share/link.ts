/**
 * Scenario ⇄ URL fragment. A link holds the whole scenario (text, flow, lesson step, language,
 * view) as `#v2:` + base64url(deflate-raw(JSON)), made with the browser's own CompressionStream
 * (no library). A link is untrusted input: it is size-checked before and while it is inflated,
 * and what it holds goes through the same parser and validator as typed text.
 */
import { msg, type Message } from '../core/message.ts';
import { isNamespaceId } from '../core/namespace-id.ts';
import type { TraceRequest } from '../core/trace/index.ts';
import { v1StepId } from './link-v1.ts';
import { LOOKUP_NAME } from '../core/flows.ts';

/**
 * The format links are made in. v2 names a lesson's step by its id; v1 (read forever) named it by
 * its place, read through the frozen table of link-v1.ts.
 */
export const LINK_VERSION = 2;
/** The longest fragment read; a QR code holds about 2.9 KB, a URL much more. */
export const MAX_LINK_CHARS = 200_000;
/** Inflating stops past this: a small link must not unpack to gigabytes. */
export const MAX_INFLATED_BYTES = 2_000_000;

export type View = 'edit' | 'view' | 'embed';

/** What a language's code looks like (en, zh, pt-BR); which ones the page speaks is LANGUAGES' business. */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

export interface Shared {
  readonly text: string;
  readonly flow?: TraceRequest;
  /** A lesson and its step, by their ids. */
  readonly lesson?: { readonly id: string; readonly step: string };
  /** One hop of the flow to open at. */
  readonly hop?: number;
  /** A language tag as the link holds it; the page opens in it only if it speaks it (LANGUAGES). */
  readonly language?: string;
  readonly view?: View;
}

export type LinkError = { readonly kind: 'corrupt' | 'too-large' | 'newer'; readonly message: Message };

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new RangeError('too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The fragment for a shared scenario, with its leading `#`. */
export async function encodeLink(shared: Shared): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(shared));
  const packed = await pipe(json, new CompressionStream('deflate-raw'));
  return `#v${LINK_VERSION}:${toBase64Url(packed)}`;
}

/** Reads a fragment; undefined when it is not a scenario link at all (an empty or other hash). */
export async function decodeLink(hash: string): Promise<Shared | LinkError | undefined> {
  const m = /^#v(\d+):(.*)$/s.exec(hash);
  if (!m) return undefined;
  const version = Number(m[1]);
  if (version > LINK_VERSION)
    return {
      kind: 'newer',
      message: msg('link.newer', { version, reads: LINK_VERSION }),
    };
  if (m[2]!.length > MAX_LINK_CHARS)
    return {
      kind: 'too-large',
      message: msg('link.too-long', { length: m[2]!.length.toLocaleString('en-US'), max: MAX_LINK_CHARS.toLocaleString('en-US') }),
    };
  let json: string;
  try {
    const inflated = await pipe(fromBase64Url(m[2]!), new DecompressionStream('deflate-raw'), MAX_INFLATED_BYTES);
    json = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch (e) {
    if (e instanceof RangeError)
      return {
        kind: 'too-large',
        message: msg('link.too-large', { megabytes: (MAX_INFLATED_BYTES / 1e6).toFixed(0) }),
      };
    return { kind: 'corrupt', message: msg('link.unreadable') };
  }
  return parseShared(json, version);
}

/** Repairs or refuses each field of a link's payload: nothing from a link is trusted. */
export function parseShared(json: string, version = LINK_VERSION): Shared | LinkError {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { kind: 'corrupt', message: msg('link.not-a-scenario') };
  }
  if (typeof raw !== 'object' || raw === null || typeof (raw as { text?: unknown }).text !== 'string')
    return { kind: 'corrupt', message: msg('link.no-text') };
  const r = raw as Record<string, unknown>;
  const out: { -readonly [K in keyof Shared]: Shared[K] } = { text: r.text as string };
  const flow = r.flow as Record<string, unknown> | undefined;
  const to = flow?.to as Record<string, unknown> | undefined;
  if (
    flow &&
    typeof flow.from === 'string' &&
    isNamespaceId(flow.from) &&
    to &&
    typeof to.ip === 'string' &&
    Number.isInteger(to.port) &&
    (flow.proto === 'tcp' || flow.proto === 'udp')
  )
    out.flow = {
      from: flow.from,
      to: { ip: to.ip, port: to.port as number },
      proto: flow.proto,
      // A flow to a name: only a name's characters, within DNS's length.
      ...(typeof flow.name === 'string' && LOOKUP_NAME.test(flow.name) ? { name: flow.name } : {}),
    };
  const lesson = r.lesson as Record<string, unknown> | undefined;
  if (lesson && typeof lesson.id === 'string') {
    // v1 named the step by its place in the lesson as it was then.
    const step = version === 1 && Number.isInteger(lesson.step) ? v1StepId(lesson.id, lesson.step as number) : lesson.step;
    if (typeof step === 'string') out.lesson = { id: lesson.id, step };
  }
  if (Number.isInteger(r.hop) && (r.hop as number) >= 0) out.hop = r.hop as number;
  if (typeof r.language === 'string' && LANGUAGE_TAG.test(r.language)) out.language = r.language;
  if (r.view === 'edit' || r.view === 'view' || r.view === 'embed') out.view = r.view;
  return out;
}

export function isLinkError(x: Shared | LinkError | undefined): x is LinkError {
  return !!x && 'kind' in x;
}
