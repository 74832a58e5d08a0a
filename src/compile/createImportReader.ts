import { existsSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'
import type { ImportResult } from './loadSolc.js'
import { resolveImport } from './resolveImport.js'

/** Reads one imported source unit, as solc's import callback. */
export type ImportReader = (path: string) => ImportResult

/**
 * The import callback for one compile: a path a remapping sent into a plain directory is read from
 * that directory, any other from the npm package installed under `basePath`. The compile cache
 * re-reads a hit's imports through the same reader, so both kinds are checked by content.
 *
 * @param remappings - solc remappings as given (`'prefix=target'`).
 * @param basePath - Directory remapped targets and npm packages are resolved from.
 * @returns The reader.
 * @example
 * import { createImportReader } from './createImportReader.js'
 * const read = createImportReader(['math/=vendor/math/'], process.cwd())
 * read('math/Twice.sol') // { contents: '// SPDX...' }
 */
export function createImportReader(remappings: readonly string[], basePath: string): ImportReader {
  const directories = remappedDirectories(remappings, basePath)
  return (path) => readRemappedFile(path, directories, basePath) ?? resolveImport(path, basePath)
}

/** The targets of remappings that name a directory (not an npm package), as typed in the remapping. */
function remappedDirectories(remappings: readonly string[], basePath: string): string[] {
  return remappings
    .map((remapping) => remapping.slice(remapping.indexOf('=') + 1))
    .filter((target) => {
      const dir = resolve(basePath, target)
      return target !== '' && existsSync(dir) && statSync(dir).isDirectory()
    })
}

/** Reads `path` when a remapping sent it into a plain directory; refuses paths that climb out of it. */
function readRemappedFile(path: string, directories: readonly string[], basePath: string): ImportResult | undefined {
  const directory = directories.find((target) => path.startsWith(target))
  if (directory === undefined) return undefined
  const root = resolve(basePath, directory)
  const file = resolve(basePath, path)
  const inside = relative(root, file)
  if (inside.startsWith('..') || isAbsolute(inside))
    return { error: `refusing a path outside the remapped directory ${directory}` }
  try {
    return { contents: readFileSync(file, 'utf8') }
  } catch {
    return { error: `no file ${inside} in the remapped directory ${root}` }
  }
}
