// Global setup of the `e2e` vitest project.
//
// Serves the BUILT site (dist/, made by `npm run build`) over plain http on 127.0.0.1, on a free
// port, under the sub-path /kube-netplay/ (as a project page on a static host would be), and hands
// the URL to the tests: `inject('baseUrl')`. It never builds: a missing dist/ is an error.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute URL of the served dist/, ending in '/', e.g. http://127.0.0.1:41234/kube-netplay/ */
    baseUrl: string;
  }
}

export const SUB_PATH = '/kube-netplay/';
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** True on CI (CI=true, as .ci/run is run there); CI=0 or CI=false count as not set. */
export const IN_CI = !!process.env.CI && !/^(0|false)$/i.test(process.env.CI);

// E2E_DIST_DIR lets you point the browser tests at another build (e.g. a throwaway page).
const DIST = resolve(process.env.E2E_DIST_DIR ?? fileURLToPath(new URL('../../dist/', import.meta.url)));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
};

/** A minimal static file server for `root`, mounted at `subPath` (which must end in '/'). */
export function createStaticServer(root: string, subPath: string): Server {
  return createServer((req, res) => {
    const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');

    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return send(400, 'bad request');
    }
    if (pathname === subPath.slice(0, -1)) return send(301, '', { location: subPath });
    if (!pathname.startsWith(subPath)) return send(404, `not found (the site is under ${subPath})`);

    const rel = normalize(pathname.slice(subPath.length));
    let file = join(root, rel);
    if (file !== root && !file.startsWith(root + sep)) return send(403, 'forbidden');
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) return send(404, 'not found');

    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(statSync(file).size),
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(
      `e2e: ${join(DIST, 'index.html')} does not exist. The browser tests run against the built site: ` +
        'run `npm run build` first (`npm test` does it for you).',
    );
  }
  if (!existsSync(CHROMIUM_PATH)) {
    const what = IN_CI ? 'CI is set, so every browser test will FAIL' : 'CI is not set, so the browser tests will be SKIPPED';
    process.stderr.write(
      `\n[e2e] ${CHROMIUM_PATH} not found: ${what}. Install Debian's chromium: apt-get install -y chromium (.ci/run does it).\n\n`,
    );
  }

  const server = createStaticServer(DIST, SUB_PATH);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}${SUB_PATH}`;
  process.stderr.write(`[e2e] serving ${DIST} at ${baseUrl}\n`);
  project.provide('baseUrl', baseUrl);

  return async () => {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  };
}
