import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiUrl = process.env.TRIALDESK_API_URL ?? 'http://127.0.0.1:3000';

// The API runs in its own process during development; production serves web/dist from it.
export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    port: 5173,
    // /ical serves the calendar feeds that calendar apps subscribe to; the app shows and tests their links.
    proxy: {
      '/api': { target: apiUrl, changeOrigin: false },
      '/ical': { target: apiUrl, changeOrigin: false },
    },
  },
});
