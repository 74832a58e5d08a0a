import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The layers of docs/design.md §1, read from its table (one source): each row is a layer, in
 * order, and names its folders. An import in `src/` may go to its own layer or one above it,
 * never below. Tests of a layer may use higher ones to set up, and the public barrels
 * (`src/index.ts`) import everything, so neither is checked.
 */
const root = join(import.meta.dirname, '..')

function layersOf(design: string): Map<string, { index: number; name: string }> {
  const section = design.slice(design.indexOf('## 1. Layers'), design.indexOf('## 2.'))
  const rows = section.split('\n').filter((line) => /^\| [^-|]/.test(line) && !line.startsWith('| layer |'))
  const layers = new Map<string, { index: number; name: string }>()
  rows.forEach((row, index) => {
    const [name = '', folders = ''] = row
      .split('|')
      .slice(1, 3)
      .map((cell) => cell.trim())
    for (const [, folder] of folders.matchAll(/`(src\/[^`]+?)\/?`/g)) layers.set(folder as string, { index, name })
  })
  return layers
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Every relative import and re-export of a file, resolved to a path from the repository's root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g),
  ]
  return specifiers.map(([, specifier]) => normalize(join(dirname(file), specifier as string)))
}

function layerOf(layers: ReturnType<typeof layersOf>, file: string) {
  const folder = [...layers.keys()].find((f) => file.startsWith(`${f}/`))
  return folder === undefined ? undefined : { folder, ...(layers.get(folder) as { index: number; name: string }) }
}

describe('layering (docs/design.md §1)', () => {
  const layers = layersOf(readFileSync(join(root, 'docs/design.md'), 'utf8'))

  it('reads every folder of src/ from the table, in layers from the artifacts to the CLI', () => {
    const folders = readdirSync(join(root, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== '__snapshots__')
      .map((entry) => `src/${entry.name}`)
    expect(folders.filter((folder) => !layers.has(folder))).toEqual([])
    const order = (folder: string) => layers.get(folder)?.index
    expect(order('src/artifacts')).toBeLessThan(order('src/chain') as number)
    expect(order('src/market')).toBeLessThan(order('src/scenarios') as number)
    expect(order('src/reports')).toBeLessThan(order('src/cli') as number)
  })

  it('has no import in src/ that runs up the layers', () => {
    const upward: string[] = []
    for (const file of sourceFiles('src')) {
      if (file.endsWith('.test.ts') || dirname(file) === 'src') continue
      const from = layerOf(layers, file)
      if (from === undefined) {
        upward.push(`${file}: in no layer of the table`)
        continue
      }
      for (const target of importsOf(file)) {
        const to = layerOf(layers, relative(root, join(root, target)))
        if (to !== undefined && to.index > from.index)
          upward.push(`${file} (${from.name}) imports ${target} (${to.name})`)
      }
    }
    expect(upward).toEqual([])
  })
})
