import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The browser build of dem-sim is the same sources with each Node-only module (`x.ts`) swapped
 * for its sibling `x.browser.ts`, and the `debug` package (the VM's logger, which needs Node
 * built-ins) swapped for a no-op. One rule, used by the library's bundler (esbuild, via tsup)
 * and by the playground's (Vite).
 */
const SOURCES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src')
export const DEBUG_SHIM = join(SOURCES, 'shims', 'debug.ts')

/** `x.browser.ts` for a relative import of `x.js` from the library's sources, where one exists. */
export function browserVariantOf(specifier: string, importer: string): string | undefined {
  if (!specifier.startsWith('.') || !importer.startsWith(SOURCES)) return undefined
  const variant = resolve(dirname(importer), specifier).replace(/\.(js|ts)$/, '.browser.ts')
  return variant !== importer && existsSync(variant) ? variant : undefined
}

type EsbuildPlugin = {
  name: string
  setup(build: {
    onResolve(
      options: { filter: RegExp },
      callback: (args: { path: string; importer: string }) => { path: string } | undefined,
    ): void
  }): void
}

/** The swap as an esbuild plugin (tsup's `esbuildPlugins`, or esbuild itself). */
export function esbuildBrowserVariants(): EsbuildPlugin {
  return {
    name: 'dem-sim-browser-variants',
    setup(build) {
      build.onResolve({ filter: /^debug$/ }, () => ({ path: DEBUG_SHIM }))
      build.onResolve({ filter: /^\./ }, ({ path, importer }) => {
        const variant = browserVariantOf(path, importer)
        return variant === undefined ? undefined : { path: variant }
      })
    },
  }
}

/** The swap as a Vite (Rollup-style) plugin. */
export function viteBrowserVariants(): {
  name: string
  enforce: 'pre'
  resolveId(source: string, importer: string | undefined): string | undefined
} {
  return {
    name: 'dem-sim-browser-variants',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'debug') return DEBUG_SHIM
      return importer === undefined ? undefined : browserVariantOf(source, importer.replace(/\?.*$/, ''))
    },
  }
}
