// Vite build and dev-server configuration for the Shenfen SPA (root = web/, output = dist/web).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/web', import.meta.url));

/**
 * Writes `.br` and `.gz` beside every text file of the build, compressed once at the highest
 * level, so that the server (@fastify/static `preCompressed`) sends them without compressing per
 * request. Brotli takes the login page's scripts from ≈ 880 kB to ≈ 240 kB on the wire.
 */
function precompress(): Plugin {
  return {
    name: 'shenfen-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        const body = readFileSync(file);
        if (body.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root,
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    // antd's shared core (≈ 780 kB before compression) is the largest chunk; pages are split by route (src/App.tsx).
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        // React and the router change less often than our code: their own chunk stays cached across releases.
        codeSplitting: { groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/, priority: 10 }] },
      },
    },
  },
  server: {
    // The Host header is kept (no changeOrigin) so the server's same-origin CSRF check sees the dev origin.
    proxy: { '/api': { target: 'http://localhost:3000' } },
  },
});
