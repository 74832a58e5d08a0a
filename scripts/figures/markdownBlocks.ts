import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

/**
 * What a block between two markers holds: a deterministic `figure` (rewritten from the code), a
 * `measured` one (timings, rewritten only when measured again), or an `include` of a file
 * (`<!-- include:examples/quickstart.ts -->`: that file, verbatim, in a code block).
 */
export type BlockKind = 'figure' | 'measured' | 'include'

/** One generated block of a Markdown document: `<!-- kind:name -->` … `<!-- /kind:name -->`. */
export type MarkdownBlock = { file: string; kind: BlockKind; name: string; content: string }

// Markers stand on lines of their own; one written in prose (in backticks) is not a marker.
const BLOCK = /^<!-- (figure|measured|include):(\S+) -->\n([\s\S]*?)^<!-- \/\1:\2 -->$/gm
const OPENING = /^<!-- (figure|measured|include):(\S+) -->$/gm

/** The Markdown documents whose blocks are generated: the READMEs and every page under docs/. */
export function markdownDocuments(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md') && !file.startsWith('api/'))
    .map((file) => join('docs', file))
  return ['README.md', 'contracts/README.md', ...docs.sort()]
}

/**
 * The blocks of a document, in order. A marker that opens a block never closed is an error
 * naming the file and the block.
 */
export function readBlocks(root: string, file: string): MarkdownBlock[] {
  const text = readFileSync(join(root, file), 'utf8')
  const blocks = [...text.matchAll(BLOCK)].map((m) => ({
    file,
    kind: m[1] as BlockKind,
    name: m[2] as string,
    content: m[3] as string,
  }))
  const opened = [...text.matchAll(OPENING)].length
  if (opened !== blocks.length) {
    const closed = new Set(blocks.map((b) => `${b.kind}:${b.name}`))
    const open = [...text.matchAll(OPENING)].map((m) => `${m[1]}:${m[2]}`).find((key) => !closed.has(key))
    throw new Error(`${relative(root, join(root, file))}: <!-- ${open} --> is never closed by <!-- /${open} -->`)
  }
  return blocks
}

/** The document with some blocks' contents replaced (keyed `kind:name`); the markers stay. */
export function replaceBlocks(text: string, contents: ReadonlyMap<string, string>): string {
  return text.replace(BLOCK, (whole, kind: string, name: string) => {
    const content = contents.get(`${kind}:${name}`)
    return content === undefined ? whole : `<!-- ${kind}:${name} -->\n${content}<!-- /${kind}:${name} -->`
  })
}
