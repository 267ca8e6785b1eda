/**
 * The built site's weight: every JS and CSS file of dist/assets raw and gzipped, the JavaScript
 * index.html loads before anything else (its module script, modulepreloads and their static
 * imports), and, from the source maps, which packages weigh most in each JS chunk.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ChunkSize {
  readonly file: string;
  readonly kind: 'js' | 'css';
  readonly raw: number;
  readonly gzip: number;
  readonly initial: boolean;
}

export interface Contributor {
  readonly chunk: string;
  readonly source: string;
  readonly raw: number;
  /** Its generated code gzipped alone: an estimate of its share of the chunk's gzip size. */
  readonly gzip: number;
}

export interface BundleResult {
  readonly chunks: ChunkSize[];
  readonly initialJs: { readonly files: string[]; readonly raw: number; readonly gzip: number };
  readonly totalJs: { readonly raw: number; readonly gzip: number };
  readonly css: { readonly raw: number; readonly gzip: number };
  readonly contributors: Contributor[];
}

const gz = (b: Buffer | string) => gzipSync(b, { level: 9 }).length;

/** The JS and CSS files index.html loads at once, following static imports between chunks. */
function initialFiles(dist: string): Set<string> {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const start = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) start.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]*rel="(?:modulepreload|stylesheet)"[^>]*href="([^"]+)"/g)) start.add(m[1]!);
  const files = new Set<string>();
  const queue = [...start].map((u) => u.replace(/^\.?\//, '').replace(/^.*?assets\//, 'assets/'));
  while (queue.length > 0) {
    const rel = queue.pop()!;
    if (files.has(rel) || !existsSync(join(dist, rel))) continue;
    files.add(rel);
    if (!rel.endsWith('.js')) continue;
    const code = readFileSync(join(dist, rel), 'utf8');
    // Static imports only (`import{a}from"./x.js"`, `import"./x.js"`), not `import("./x.js")`.
    for (const m of code.matchAll(/\bimport\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']\.\/([^"']+\.js)["']/g)) queue.push(`assets/${m[1]}`);
  }
  return files;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** Decodes one line's segments of a source map: [generated column, source index] pairs. */
function* segments(mappings: string): Generator<{ line: number; column: number; source: number | undefined }> {
  let source = 0;
  let line = 0;
  for (const lineText of mappings.split(';')) {
    let column = 0;
    if (lineText.length > 0)
      for (const seg of lineText.split(',')) {
        const values: number[] = [];
        let value = 0;
        let shift = 0;
        for (const ch of seg) {
          const digit = B64_INDEX.get(ch)!;
          value += (digit & 31) << shift;
          if (digit & 32) shift += 5;
          else {
            values.push(value & 1 ? -(value >>> 1) : value >>> 1);
            value = 0;
            shift = 0;
          }
        }
        column += values[0] ?? 0;
        if (values.length >= 4) source += values[1]!;
        yield { line, column, source: values.length >= 4 ? source : undefined };
      }
    line += 1;
  }
}

/** `node_modules/@scope/pkg/...` → `@scope/pkg`; `src/core/schema/x.json` → `src/core/schema/x.json`; `src/ui/App.tsx` → `src/ui`. */
function groupOf(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = source.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const src = source.indexOf('src/');
  if (src >= 0) {
    const rel = source.slice(src);
    if (rel.endsWith('.json') || rel.endsWith('.yaml') || rel.endsWith('.yaml?raw')) return rel;
    const parts = rel.split('/');
    return parts.length > 3 ? parts.slice(0, 3).join('/') : parts.slice(0, 2).join('/');
  }
  return source.replace(/^(\.\.\/)+/, '');
}

function attribute(dist: string, file: string): Contributor[] {
  const mapFile = join(dist, `${file}.map`);
  if (!existsSync(mapFile)) return [];
  const code = readFileSync(join(dist, file), 'utf8');
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string };
  const lines = code.split('\n');
  const pieces = new Map<string, string[]>();
  let prev: { line: number; column: number; group: string } | undefined;
  const flush = (endLine: number, endColumn: number) => {
    if (!prev) return;
    let text: string;
    if (endLine === prev.line) text = lines[prev.line]!.slice(prev.column, endColumn);
    else
      text = [lines[prev.line]!.slice(prev.column), ...lines.slice(prev.line + 1, endLine), lines[endLine]?.slice(0, endColumn) ?? ''].join(
        '\n',
      );
    let list = pieces.get(prev.group);
    if (!list) pieces.set(prev.group, (list = []));
    list.push(text);
  };
  for (const s of segments(map.mappings)) {
    flush(s.line, s.column);
    prev = { line: s.line, column: s.column, group: s.source === undefined ? '(no source)' : groupOf(map.sources[s.source] ?? '?') };
  }
  flush(lines.length - 1, lines.at(-1)!.length);
  return [...pieces].map(([source, list]) => {
    const text = list.join('');
    return { chunk: file, source, raw: Buffer.byteLength(text), gzip: gz(text) };
  });
}

export function measureBundle(dist: string): BundleResult {
  const assets = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  const initial = initialFiles(dist);
  const chunks: ChunkSize[] = assets
    .map((f) => {
      const buf = readFileSync(join(dist, 'assets', f));
      const rel = `assets/${f}`;
      return {
        file: rel,
        kind: f.endsWith('.css') ? ('css' as const) : ('js' as const),
        raw: buf.length,
        gzip: gz(buf),
        initial: initial.has(rel),
      };
    })
    .sort((a, b) => b.gzip - a.gzip);
  const sum = (list: ChunkSize[], k: 'raw' | 'gzip') => list.reduce((a, c) => a + c[k], 0);
  const js = chunks.filter((c) => c.kind === 'js');
  const css = chunks.filter((c) => c.kind === 'css');
  const init = js.filter((c) => c.initial);
  const contributors = js.flatMap((c) => attribute(dist, c.file)).sort((a, b) => b.gzip - a.gzip);
  return {
    chunks,
    initialJs: { files: init.map((c) => c.file), raw: sum(init, 'raw'), gzip: sum(init, 'gzip') },
    totalJs: { raw: sum(js, 'raw'), gzip: sum(js, 'gzip') },
    css: { raw: sum(css, 'raw'), gzip: sum(css, 'gzip') },
    contributors,
  };
}
