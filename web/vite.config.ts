// Vite build of the operations console. MapLibre's worker is emitted as a file of its own (it is
// loaded by URL with setWorkerUrl), so the map needs no CDN and works on closed networks.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);

function maplibreWorker(): Plugin {
  return {
    name: 'dosi-maplibre-worker',
    generateBundle() {
      const file = require.resolve('maplibre-gl/dist/maplibre-gl-worker.mjs');
      this.emitFile({ type: 'asset', fileName: 'maplibre-gl-worker.mjs', source: readFileSync(file) });
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  plugins: [maplibreWorker()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200, sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/ngsi-ld': 'http://127.0.0.1:8080' } },
});
