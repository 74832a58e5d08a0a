import { builtinModules } from 'node:module'
import { build, type Plugin } from 'esbuild'
import { describe, expect, it } from 'vitest'

const root = new URL('../..', import.meta.url).pathname
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]))

/** Bundles `source` for the browser as an application would, recording every Node built-in it asks for. */
async function bundleForBrowser(source: string) {
  const nodeImports: string[] = []
  const watch: Plugin = {
    name: 'record-node-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, ({ path, importer }) => {
        if (NODE_BUILTINS.has(path) || path.startsWith('node:'))
          nodeImports.push(`${path} (from ${importer.replace(root, '')})`)
        return undefined
      })
    },
  }
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    minify: true,
    logLevel: 'silent',
    plugins: [watch],
    metafile: true,
    // Node built-ins are left to fail at run time, so that every one of them is recorded here.
    external: [...NODE_BUILTINS],
    // Not the repository's `paths`, which map the package's name to its sources.
    tsconfigRaw: '{}',
  })
  return { nodeImports, inputs: Object.keys(result.metafile.inputs) }
}

// The built package, resolved by its name through the exports' `browser` condition, as a user's bundler sees it.
describe('the browser build', () => {
  it('bundles dem-sim and dem-sim/testing for the browser without any Node built-in', async () => {
    const { nodeImports, inputs } = await bundleForBrowser(
      "import * as lib from 'dem-sim'; import * as testing from 'dem-sim/testing'; console.log(lib, testing)",
    )
    expect(nodeImports).toEqual([])
    expect(inputs).toContain('dist/browser/index.js')
    expect(inputs.filter((path) => /node_modules\/(solc|debug)\//.test(path))).toEqual([])
  })

  it('is refused by the same check when it reaches the Node build', async () => {
    const { nodeImports } = await bundleForBrowser("import * as lib from './dist/index.js'; console.log(lib)")
    expect(nodeImports).toContain('node:module (from dist/index.js)')
  })
})
