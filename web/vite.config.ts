/** Vite build of the web UI: `vite build web` writes `web/dist`, which the server serves at `/`. */
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': process.env.NFWLENS_API ?? 'http://127.0.0.1:8080' },
  },
});
