import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The browser bundle: src/client → dist/client, served by the web server (dist/server).
export default defineConfig({
  root: 'src/client',
  plugins: [react()],
  build: { outDir: '../../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    // `npx vite` during development: the same routes as the web server on port 3000.
    proxy: { '/api': 'http://127.0.0.1:3000', '/auth': 'http://127.0.0.1:3000' },
  },
});
