// Builds the dashboard (`vite build web`) into web/dist, which the server serves as static files.
// `base: './'` keeps asset URLs relative, so the bundle works under any mount path.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
