import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'

/**
 * The library's sources bundled into one CommonJS file for the figure script's worker threads:
 * always the code as it is (no `npm run build` needed, none stale), and loaded in a fraction of
 * the time its ~200 modules take one by one. Written to a temporary folder.
 *
 * @param root the repository
 * @returns the bundle's path
 */
export async function bundleLibrary(root: string): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'dem-sim-figures-')), 'library.cjs')
  await build({
    entryPoints: [join(root, 'src', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The optional peers stay outside, as in the package; runs need none of them.
    external: ['solc', '@openzeppelin/contracts', 'vega', 'vega-lite'],
    logLevel: 'warning',
  })
  return outfile
}
