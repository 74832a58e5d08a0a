import { defineConfig } from 'tsup'
import { esbuildBrowserVariants, esbuildUnusedWordlists } from './scripts/browserVariants.js'

// The `browser` condition of the package's exports: the same entries, with each Node-only module
// swapped for its `.browser.ts` sibling (see scripts/browserVariants.ts). Types are the Node build's.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
  },
  outDir: 'dist/browser',
  format: ['esm'],
  platform: 'browser',
  target: 'es2022',
  dts: false,
  clean: true,
  sourcemap: false,
  splitting: false,
  noExternal: [/^@ethereumjs\//, /^@noble\//, /^@scure\/bip39/, /^viem/, /^debug$/],
  esbuildPlugins: [esbuildBrowserVariants(), esbuildUnusedWordlists()],
})
