/**
 * The UI benchmark's own build: three pages (topology.html, canvas.html, transfer.html) that import
 * the real Topology view, store and worker. Nothing here reaches the app's build: the pages are not
 * among its inputs, and the stress lesson is registered by swapping the lesson registry and loader
 * for ./registry.ts in this build only (page and worker alike), not by adding a folder under lessons/.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BENCH_OUT_DIR = path.join(
  process.env.BENCH_UI_OUT ?? path.resolve(here, '../../node_modules/.cache/bench-ui'),
  'bench',
);

// Every import of lessons/registry.ts or lessons/loader.ts in src/ is a relative path ending so.
const registry = {
  find: /^(\.\.\/)+lessons\/(registry|loader)\.ts$/,
  replacement: path.join(here, 'registry.ts'),
};

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  plugins: [react()],
  resolve: { alias: [registry] },
  worker: { format: 'es' },
  build: {
    outDir: BENCH_OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: {
      input: {
        topology: path.join(here, 'topology.html'),
        canvas: path.join(here, 'canvas.html'),
        transfer: path.join(here, 'transfer.html'),
      },
    },
  },
  logLevel: 'warn',
});
