import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    cli: 'src/cli/index.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  // No source maps: they would be maps of the bundled dependencies, most of the package's weight.
  sourcemap: false,
  target: 'node20',
  // One module graph across entries (one DemError class, so `instanceof` works between
  // `dem-sim`, `dem-sim/testing` and `dem-sim/cli`); tsup splits CommonJS the same way as ESM.
  splitting: true,
  // Bundled and tree-shaken: importing the packages whole costs ~1 s at start-up (the VM's Merkle
  // and binary-tree state managers, viem's chains and actions), the used parts ~0.1 s. It also
  // gives the CommonJS build the ESM-only @noble packages.
  noExternal: [/^@ethereumjs\//, /^@noble\//, /^viem/],
  external: ['solc'],
  // Bundled CommonJS dependencies (debug) require Node built-ins; ESM has no `require` of its own.
  banner: ({ format }) =>
    format === 'esm'
      ? {
          js: "import { createRequire as __demCreateRequire } from 'node:module'; const require = __demCreateRequire(import.meta.url);",
        }
      : {},
})
