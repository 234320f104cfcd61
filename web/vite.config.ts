import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const apiTarget = 'http://localhost:3000';

// Two entries: the staff app at / and the customer portal at /portal/. The portal is a separate,
// small bundle (no Mantine) because customers load it on slow connections.
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.resolve(webRoot, '../dist/web'),
    emptyOutDir: true,
    // The server's CSP forbids inline scripts; keep every asset a file.
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: {
        staff: path.resolve(webRoot, 'index.html'),
        portal: path.resolve(webRoot, 'portal/index.html'),
      },
      output: {
        // Libraries change less often than our code: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/ },
            { name: 'tanstack', test: /node_modules[\\/]@tanstack[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/healthz': apiTarget,
    },
  },
});
