import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { viteBrowserVariants } from '../scripts/browserVariants.js'

const source = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url))

// The playground imports dem-sim by its name; here that name is the library's sources, built for
// the browser by the same swap of Node-only modules as the package's `browser` export.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { alias: [{ find: /^dem-sim$/, replacement: source('index.ts') }] },
  plugins: [viteBrowserVariants()],
  worker: { format: 'es', plugins: () => [viteBrowserVariants()] },
  server: { host: '127.0.0.1', strictPort: false },
  preview: { host: '127.0.0.1' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: { checks: { pluginTimings: false } },
  },
})
