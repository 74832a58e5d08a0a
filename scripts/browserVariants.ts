import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The browser build of dem-sim is the same sources with each Node-only module (`x.ts`) swapped
 * for its sibling `x.browser.ts`, and the `debug` package (the VM's logger, which needs Node
 * built-ins) swapped for a no-op. One rule, used by the library's bundler (esbuild, via tsup)
 * and by the playground's (Vite); both also drop the BIP-39 wordlists the library does not read.
 */
const SOURCES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src')
export const DEBUG_SHIM = join(SOURCES, 'shims', 'debug.ts')

/** `x.browser.ts` for a relative import of `x.js` from the library's sources, where one exists. */
export function browserVariantOf(specifier: string, importer: string): string | undefined {
  if (!specifier.startsWith('.') || !importer.startsWith(SOURCES)) return undefined
  const variant = resolve(dirname(importer), specifier).replace(/\.(js|ts)$/, '.browser.ts')
  return variant !== importer && existsSync(variant) ? variant : undefined
}

type EsbuildResolveArgs = { path: string; importer: string; kind: string; resolveDir: string; pluginData?: unknown }
type EsbuildPlugin = {
  name: string
  setup(build: {
    onResolve(
      options: { filter: RegExp },
      callback: (
        args: EsbuildResolveArgs,
      ) =>
        | { path: string; sideEffects?: boolean }
        | undefined
        | Promise<{ path: string; sideEffects?: boolean; external?: boolean } | undefined>,
    ): void
    resolve(
      path: string,
      options: { kind: string; resolveDir: string; importer: string; pluginData: unknown },
    ): Promise<{ path: string; external: boolean; sideEffects: boolean; errors: unknown[] }>
  }): void
}

/**
 * viem's accounts import all ten BIP-39 wordlists, of which the library reads only the English one
 * (mnemonic accounts). Each wordlist module is `export const wordlist = \`…\`.split('\\n')`: a bundler
 * keeps it unless told it has no side effects, and the `sideEffects: false` of `@scure/bip39` does not
 * reach it (its `esm/package.json` is the nearer one). Marked here, the nine unused ones — about
 * 240 KB minified — drop out of the browser build.
 */
export const BIP39_WORDLISTS = /^@scure\/bip39\/wordlists\//

/** The wordlists marked free of side effects, as an esbuild plugin (`@scure/bip39` must be bundled, not external). */
export function esbuildUnusedWordlists(): EsbuildPlugin {
  const again = Symbol('resolving a wordlist')
  return {
    name: 'dem-sim-unused-wordlists',
    setup(build) {
      build.onResolve({ filter: BIP39_WORDLISTS }, async ({ path, importer, kind, resolveDir, pluginData }) => {
        if (pluginData === again) return undefined
        const resolved = await build.resolve(path, { kind, resolveDir, importer, pluginData: again })
        if (resolved.errors.length > 0) return undefined
        return { path: resolved.path, external: resolved.external, sideEffects: false }
      })
    },
  }
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

type ResolvedId = {
  id: string
  external?: boolean | 'absolute' | 'relative'
  moduleSideEffects?: boolean | 'no-treeshake' | null
}

/** The swap, and the unused wordlists, as a Vite (Rollup-style) plugin. */
export function viteBrowserVariants(): {
  name: string
  enforce: 'pre'
  resolveId(
    this: {
      resolve(source: string, importer: string | undefined, options: { skipSelf: boolean }): Promise<ResolvedId | null>
    },
    source: string,
    importer: string | undefined,
  ): Promise<string | ResolvedId | undefined>
} {
  return {
    name: 'dem-sim-browser-variants',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (source === 'debug') return DEBUG_SHIM
      if (BIP39_WORDLISTS.test(source)) {
        const resolved = await this.resolve(source, importer, { skipSelf: true })
        return resolved === null ? undefined : { ...resolved, moduleSideEffects: false }
      }
      return importer === undefined ? undefined : browserVariantOf(source, importer.replace(/\?.*$/, ''))
    },
  }
}
