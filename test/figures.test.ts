// The figure script's Markdown blocks: what `npm run figures` rewrites, and what it leaves alone.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { markdownDocuments, readBlocks, replaceBlocks } from '../scripts/figures/markdownBlocks.js'

const root = mkdtempSync(join(tmpdir(), 'dem-sim-figures-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function page(file: string, text: string): string {
  mkdirSync(join(root, file, '..'), { recursive: true })
  writeFileSync(join(root, file), text)
  return file
}

const TEXT = [
  '# Gas',
  'Prose mentions `<!-- figure:NAME -->` markers without being one.',
  '<!-- figure:operations -->',
  '| old | table |',
  '<!-- /figure:operations -->',
  'Typed text stays.',
  '<!-- measured:bench -->',
  'Measured on a machine, with `npm run bench`:',
  '<!-- /measured:bench -->',
  '',
].join('\n')

describe('Markdown blocks', () => {
  it('finds the READMEs and every page under docs/', () => {
    page('README.md', '')
    page('contracts/README.md', '')
    page('docs/gas.md', '')
    page('docs/sub/deep.md', '')
    page('docs/api/generated.md', '')
    expect(markdownDocuments(root)).toEqual(['README.md', 'contracts/README.md', 'docs/gas.md', 'docs/sub/deep.md'])
  })

  it('reads the blocks between markers on lines of their own', () => {
    const file = page('docs/gas.md', TEXT)
    expect(readBlocks(root, file)).toEqual([
      { file, kind: 'figure', name: 'operations', content: '| old | table |\n' },
      { file, kind: 'measured', name: 'bench', content: 'Measured on a machine, with `npm run bench`:\n' },
    ])
  })

  it('rewrites only the blocks it is given, keeping the markers and everything around them', () => {
    const next = replaceBlocks(TEXT, new Map([['figure:operations', '| new | table |\n| 1 | 2 |\n']]))
    expect(next).toBe(TEXT.replace('| old | table |\n', '| new | table |\n| 1 | 2 |\n'))
    expect(replaceBlocks(next, new Map())).toBe(next)
  })

  it('names the file and the block of a marker that is never closed', () => {
    const file = page('docs/broken.md', '<!-- figure:operations -->\n| table |\n')
    expect(() => readBlocks(root, file)).toThrow(
      'docs/broken.md: <!-- figure:operations --> is never closed by <!-- /figure:operations -->',
    )
  })
})
