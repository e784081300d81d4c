import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { embedPage } from './src/embed/build/vite-plugin.ts';
import { serviceWorker } from './src/offline/build/vite-plugin.ts';

// `base: './'` keeps every asset URL relative, so one build works at a host's root or under a sub-path.
export default defineConfig({
  base: './',
  // embedPage() builds embed.html as a self-contained page for sandboxed iframes (see its header);
  // serviceWorker() emits sw.js, which precaches the whole build for offline use (see its header).
  plugins: [react(), embedPage(), serviceWorker()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      // The readout kit only re-exports: without this, every readout would import an empty chunk of
      // it (one more request, and one more file whose failed download stops a readout loading).
      treeshake: { moduleSideEffects: (id) => !id.endsWith('/src/views/readout-kit.ts') },
    },
  },
  server: { host: '127.0.0.1' },
});
