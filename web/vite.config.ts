// Vite build and dev-server configuration for the Shenfen SPA (root = web/, output = dist/web).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // antd is large; one vendor chunk keeps the warning quiet without hiding real growth.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // The Host header is kept (no changeOrigin) so the server's same-origin CSRF check sees the dev origin.
    proxy: { '/api': { target: 'http://localhost:3000' } },
  },
});
