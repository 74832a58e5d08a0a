import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, isAbsolute } from 'node:path'
import type { ImportResult } from './loadSolc.js'

/**
 * Reads an imported Solidity file from an installed npm package, as solc's import callback.
 *
 * `@openzeppelin/contracts/token/ERC721/ERC721.sol` is read from the directory of
 * `@openzeppelin/contracts/package.json` as Node resolves it from `basePath`, so hoisted and
 * nested `node_modules` layouts both work. Paths that escape the package are refused.
 *
 * @param path - The source unit name solc asks for (after remappings).
 * @param basePath - Directory to resolve packages from.
 * @returns The file's text, or an error solc reports as "Source ... not found: <error>".
 *
 * @example
 * import { resolveImport } from './resolveImport.js'
 * resolveImport('@openzeppelin/contracts/access/Ownable.sol', process.cwd()) // { contents: '// SPDX...' }
 */
export function resolveImport(path: string, basePath: string): ImportResult {
  const segments = path.split('/')
  const nameLength = path.startsWith('@') ? 2 : 1
  const packageName = segments.slice(0, nameLength).join('/')
  const fileInPackage = segments.slice(nameLength).join('/')
  if (fileInPackage === '' || path.startsWith('.') || isAbsolute(path)) {
    return { error: 'not among the given sources and not a path inside an npm package' }
  }

  let packageDir: string
  try {
    // The file name only anchors resolution; it need not exist.
    const require = createRequire(join(basePath, 'noop.js'))
    packageDir = dirname(require.resolve(`${packageName}/package.json`))
  } catch {
    return { error: `not among the given sources, and no npm package "${packageName}" is installed for ${basePath}` }
  }

  const file = join(packageDir, fileInPackage)
  const inside = relative(packageDir, file)
  if (inside.startsWith('..') || isAbsolute(inside)) {
    return { error: `refusing a path outside package "${packageName}"` }
  }
  try {
    return { contents: readFileSync(file, 'utf8') }
  } catch {
    return { error: `no file ${fileInPackage} in package "${packageName}" (${packageDir})` }
  }
}
