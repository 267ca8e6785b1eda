/**
 * A Vite plugin that writes dist/sw.js: a service worker that keeps every file of the build
 * (their names are known only after bundling), so the page works offline after one visit, from
 * any static host and sub-path (all its URLs are relative to its own location). It keeps the
 * app's own files only, and only whole successful answers: never a 404, an error or another
 * address taken for the page.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import type { Plugin } from 'vite';

export function serviceWorker(): Plugin {
  let publicDir = '';
  return {
    name: 'kube-netplay-service-worker',
    apply: 'build',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      // The public folder's files (the icon) are copied as they are, outside the bundle.
      const copied = publicDir
        ? (readdirSync(publicDir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
            .filter((d) => d.isFile())
            .map((d) => `${d.parentPath.slice(publicDir.length)}/${d.name}`.replace(/^\/+/, ''))
        : [];
      const files = ['./', ...[...Object.keys(bundle), ...copied].filter((f) => !f.endsWith('.map')).map((f) => `./${f}`)];
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const source = `// Generated at build time: keeps the app's own files for offline use, and nothing else.
const CACHE = 'kube-netplay-${version}';
const FILES = ${JSON.stringify(files)};
// Addresses are relative to this worker's folder, so the site works from any host and sub-path.
const OWN = new Set(FILES.map((f) => new URL(f, self.location).href));
const SHELL = new URL('./', self.location).href;
const SHELL_ADDRESSES = new Set([SHELL, new URL('./index.html', self.location).href]);
/** A response worth keeping: whole, successful, from this site itself. */
const keepable = (r) => r.status === 200 && r.type === 'basic';
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith('kube-netplay-') && k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});
self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin) return;
  const address = url.origin + url.pathname;
  if (request.mode === 'navigate') {
    // The network first (a new version shows at once). Only the page itself, answered whole as
    // HTML, renews the kept shell: a 404, sw.js or any other address is passed on, never kept.
    // Offline, the site's address gets the kept shell; any other address is sent there (the
    // shell's relative file names would not resolve from a deeper folder).
    event.respondWith(
      fetch(request)
        .then((r) => {
          if (SHELL_ADDRESSES.has(address) && keepable(r) && (r.headers.get('content-type') || '').includes('text/html')) {
            const copy = r.clone();
            event.waitUntil(caches.open(CACHE).then((c) => c.put(SHELL, copy)));
          }
          return r;
        })
        .catch(() =>
          SHELL_ADDRESSES.has(address)
            ? caches.match(SHELL, { cacheName: CACHE }).then((hit) => hit || Response.error())
            : Response.redirect(SHELL + url.search, 302),
        ),
    );
    return;
  }
  // Anything that is not one of the app's files goes to the network as if there were no worker.
  if (!OWN.has(address)) return;
  // The app's files are hashed and never change: the kept copy first.
  event.respondWith(
    caches.match(request, { cacheName: CACHE, ignoreSearch: true }).then(
      (hit) =>
        hit ||
        fetch(request).then((r) => {
          if (keepable(r)) {
            const copy = r.clone();
            event.waitUntil(caches.open(CACHE).then((c) => c.put(request, copy)));
          }
          return r;
        }),
    ),
  );
});
`;
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
