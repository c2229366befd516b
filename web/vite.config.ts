// Vite build and dev-server configuration for the Shenfen SPA (root = web/, output = dist/web).
import { createReadStream, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
        if (!/\.(js|css|html|svg|json|wasm)$/.test(file)) continue;
        const body = readFileSync(file);
        if (body.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

/**
 * The face capture pages (web/src/pages/face/) run Human in the browser for guidance: its models and
 * tfjs's WebAssembly backend come from our own origin, under /face/ (no CDN). Only what the guidance
 * needs: the face detector, the mesh (pose, mouth) and iris (eyes); the server runs the rest (src/face/).
 * They are written into the build as they are (not hashed: the static server revalidates them by ETag),
 * and served from node_modules by the dev server.
 */
export const FACE_ASSETS: Record<string, string> = {
  'face/models/blazeface.json': '@vladmandic/human/models/blazeface.json',
  'face/models/blazeface.bin': '@vladmandic/human/models/blazeface.bin',
  'face/models/facemesh.json': '@vladmandic/human/models/facemesh.json',
  'face/models/facemesh.bin': '@vladmandic/human/models/facemesh.bin',
  // The eyes' landmarks for 眨眼 (blink), as the server measures them.
  'face/models/iris.json': '@vladmandic/human/models/iris.json',
  'face/models/iris.bin': '@vladmandic/human/models/iris.bin',
  // Single-threaded only: multi-threading needs cross-origin isolation, which the SPA does not have.
  'face/wasm/tfjs-backend-wasm.wasm': '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
  'face/wasm/tfjs-backend-wasm-simd.wasm': '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
};

function faceAssets(): Plugin {
  const source = (from: string) => fileURLToPath(new URL(`../node_modules/${from}`, import.meta.url));
  return {
    name: 'shenfen-face-assets',
    generateBundle() {
      for (const [fileName, from] of Object.entries(FACE_ASSETS)) this.emitFile({ type: 'asset', fileName, source: readFileSync(source(from)) });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const from = FACE_ASSETS[(req.url ?? '').split('?')[0]!.slice(1)];
        if (!from || !existsSync(source(from))) return next();
        res.setHeader('content-type', from.endsWith('.json') ? 'application/json' : from.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream');
        createReadStream(source(from)).pipe(res);
      });
    },
  };
}

export default defineConfig({
  root,
  plugins: [react(), faceAssets(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    // Human (≈ 2 MB: tfjs and its backends) is the largest chunk, loaded only on the face capture pages
    // once the person has agreed (web/src/pages/face/human.ts); of the rest, antd's shared core
    // (≈ 780 kB before compression) is the largest; pages are split by route (src/App.tsx).
    chunkSizeWarningLimit: 2200,
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
