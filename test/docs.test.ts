// The README and the docs as a reader meets them: every JSON block is a scenario (or a city) the
// schema and the parser accept (or a protocol message whose scenario they accept), every relative link leads to a
// file, and every generated block is well formed. Whether the generated blocks are the code's
// figures is `npm run figures -- --check`, which `npm test` runs.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Ajv2020 from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { markdownDocuments, readBlocks } from '../scripts/figures/markdownBlocks.js'
import { parseCity } from '../src/scenarios/city/parseCity.js'
import { parseScenario } from '../src/scenarios/parseScenario.js'
import { SCENARIO_SCHEMA } from '../src/scenarios/scenarioSchema.js'

const ROOT = new URL('..', import.meta.url).pathname
const documents = markdownDocuments(ROOT)
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(SCENARIO_SCHEMA)
/** The requests of `dem-sim env --stdio` (docs/env-protocol.md); a reset may carry a scenario. */
const PROTOCOL_TYPES = new Set(['reset', 'step', 'result', 'close', 'closed', 'error'])

/** Fenced code blocks of a language, with the line each starts on. */
function fenced(text: string, language: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== `\`\`\`${language}`) continue
    const end = lines.findIndex((line, j) => j > i && line.trim() === '```')
    blocks.push({ line: i + 1, code: lines.slice(i + 1, end).join('\n') })
    i = end
  }
  return blocks
}

const jsonBlocks = documents.flatMap((file) =>
  fenced(readFileSync(join(ROOT, file), 'utf8'), 'json').map((block) => ({ where: `${file}:${block.line}`, ...block })),
)

describe('the docs', () => {
  it('have JSON blocks to check', () => {
    expect(jsonBlocks.length).toBeGreaterThan(5)
  })

  it.each(jsonBlocks)('$where: a scenario the schema and the parser accept', ({ code }) => {
    const value = JSON.parse(code) as Record<string, unknown>
    const isMessage = typeof value.type === 'string' && PROTOCOL_TYPES.has(value.type)
    const scenario = isMessage ? value.scenario : value
    if (isMessage && scenario === undefined) return
    expect(validate(scenario), JSON.stringify(validate.errors)).toBe(true)
    const parse = (scenario as { communities?: unknown }).communities === undefined ? parseScenario : parseCity
    expect(() => parse(scenario, { baseDir: join(ROOT, 'examples', 'scenarios') })).not.toThrow()
  })

  it.each(documents)('%s: every relative link leads to a file', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '')
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => (m[1] as string).replace(/#.*$/, ''))
      .filter((target) => target !== '' && !/^[a-z]+:/.test(target))
    for (const target of targets) expect(existsSync(join(ROOT, dirname(file), target)), target).toBe(true)
  })

  it.each(documents)('%s: its generated blocks are well formed, each include the file it names', (file) => {
    for (const block of readBlocks(ROOT, file)) {
      expect(block.content, `${block.kind}:${block.name}`).toMatch(/\n$/)
      if (block.kind === 'include') expect(block.content).toContain(readFileSync(join(ROOT, block.name), 'utf8'))
    }
  })

  it("README's two commands: CI's script runs exactly its test command", () => {
    const [quickStart] = fenced(readFileSync(join(ROOT, 'README.md'), 'utf8'), 'sh')
    const commands = (quickStart?.code ?? '').split('\n').map((line) => line.replace(/\s+#.*$/, '').trim())
    expect(commands).toEqual(['npm ci && npm run demo', 'npm test'])
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8').split('\n')
    expect(ci).toContain('npm test')
  })

  it('households.md writes out the grid and economics a scenario gets when it leaves them out', () => {
    const text = readFileSync(join(ROOT, 'docs', 'households.md'), 'utf8')
    const example = fenced(text, 'json')
      .map(({ code }) => JSON.parse(code) as { name?: string })
      .find((scenario) => scenario.name === 'economics')
    const { grid, economics, ...rest } = example as Record<string, unknown>
    const written = parseScenario(example)
    const defaults = parseScenario(rest)
    expect(grid).toBeDefined()
    expect(economics).toBeDefined()
    expect(written.grid).toEqual(defaults.grid)
    expect(written.economics).toEqual(defaults.economics)
  })
})
