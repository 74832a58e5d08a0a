import { defineConfig } from 'tsup'
import { esbuildBrowserVariants, esbuildUnusedWordlists } from './scripts/browserVariants.js'

// The `browser` condition of the package's exports: the same entries, with each Node-only module
// swapped for its `.browser.ts` sibling (see scripts/browserVariants.ts). Types are the Node build's.
// Split, so that each precomputed deployment (src/artifacts/deployments/, loaded by `import()` when a
// simulator of its mechanism is created) is a chunk of its own, fetched only then, and the entries share
// the rest instead of each carrying a copy.
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
  splitting: true,
  noExternal: [/^@ethereumjs\//, /^@noble\//, /^@scure\/bip39/, /^viem/, /^debug$/],
  esbuildPlugins: [esbuildBrowserVariants(), esbuildUnusedWordlists()],
})
