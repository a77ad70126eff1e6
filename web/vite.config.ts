import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Every page in one build, so they share one copy of React and of the shared modules under /assets. */
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
    rollupOptions: {
      input: {
        dashboard: here('dashboard/index.html'),
        kitchen: here('kitchen/index.html'),
        webhooks: here('webhooks/index.html'),
        track: here('track/index.html'),
      },
    },
  },
});
