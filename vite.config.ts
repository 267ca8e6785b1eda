import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { serviceWorker } from './scripts/service-worker-plugin.ts';

// base './' makes every asset URL relative, so dist/ works from any static host and any sub-path.
export default defineConfig({
  base: './',
  plugins: [react(), serviceWorker()],
  build: { outDir: 'dist', sourcemap: true },
});
