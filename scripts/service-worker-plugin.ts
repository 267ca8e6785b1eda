/**
 * A Vite plugin that writes dist/sw.js: a service worker that keeps every file of the build
 * (their names are known only after bundling), so the page works offline after one visit, from
 * any static host and sub-path (all its URLs are relative to its own location).
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
      const copied = publicDir ? (readdirSync(publicDir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]).filter((d) => d.isFile()).map((d) => `${d.parentPath.slice(publicDir.length)}/${d.name}`.replace(/^\/+/, '')) : [];
      const files = ['./', ...[...Object.keys(bundle), ...copied].filter((f) => !f.endsWith('.map')).map((f) => `./${f}`)];
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const source = `// Generated at build time: keeps the site's files for offline use.
const CACHE = 'kube-netplay-${version}';
const FILES = ${JSON.stringify(files)};
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
  if (request.method !== 'GET' || new URL(request.url).origin !== location.origin) return;
  // The network first for the page itself (a new version shows at once), the cache when offline;
  // the cache first for the hashed assets, which never change.
  const isPage = request.mode === 'navigate';
  event.respondWith(
    isPage
      ? fetch(request).then((r) => { const copy = r.clone(); caches.open(CACHE).then((c) => c.put('./', copy)); return r; }).catch(() => caches.match('./'))
      : caches.match(request).then((hit) => hit || fetch(request)),
  );
});
`;
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
