import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { serviceWorker } from './scripts/service-worker-plugin.ts';

/** The dev server's hot reload runs inline scripts, which index.html's Content-Security-Policy refuses. */
const devWithoutCsp: Plugin = {
  name: 'kube-netplay-dev-without-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, ''),
};

// base './' makes every asset URL relative, so dist/ works from any static host and any sub-path.
export default defineConfig({
  base: './',
  plugins: [react(), serviceWorker(), devWithoutCsp],
  build: { outDir: 'dist', sourcemap: true },
});
