/**
 * Every figure of the documentation, from the code. Charts go to docs/figures/; tables and numbers
 * go between `<!-- figure:NAME -->` and `<!-- /figure:NAME -->` in README.md, contracts/README.md
 * and docs/*.md, and nowhere else, so that nothing around them is touched.
 *
 *   npm run figures                  rewrite every deterministic figure (gas, energy, money: the same on any machine)
 *   npm run figures -- --check       exit 1 naming each committed figure that differs from the code's (npm test runs this)
 *   npm run figures -- --measure     also measure the timing figures again, naming this machine in each
 *   npm run figures -- --measure bench-scale test-suite   only those timing figures (and playground-screenshot, figures-check)
 *
 * `<!-- include:PATH -->` blocks hold that file verbatim (README's example is examples/quickstart.ts).
 * The built-in mechanisms come from the library (MECHANISMS): a new one gets its figures here unasked.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, extname, join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { sweepVariants } from '../src/scenarios/sweepVariants.js'
import type { ScenarioResult } from '../src/scenarios/types.js'
import { constantFigures } from './figures/constantFigures.js'
import { economicsFigures } from './figures/economicsFigures.js'
import { bundleLibrary } from './figures/bundleLibrary.js'
import type { Figure, FigureOutputs } from './figures/Figure.js'
import { gasSweepFigures } from './figures/gasSweepFigures.js'
import { householdFigures } from './figures/householdFigures.js'
import { type MarkdownBlock, markdownDocuments, readBlocks, replaceBlocks } from './figures/markdownBlocks.js'
import { MEASURED_FILES, MEASURED_HEADER, MEASUREMENTS, measure } from './figures/measuredFigures.js'
import { operationFigures } from './figures/operationFigures.js'
import { scaleFigures } from './figures/scaleFigures.js'
import { signedOrdersFigures } from './figures/signedOrdersFigures.js'

const FIGURES: readonly Figure[] = [
  constantFigures,
  operationFigures,
  gasSweepFigures,
  householdFigures,
  economicsFigures,
  scaleFigures,
  signedOrdersFigures,
]
const ROOT = new URL('..', import.meta.url).pathname
const FIGURE_DIR = 'docs/figures'

const { values, positionals } = parseArgs({
  options: { check: { type: 'boolean' }, measure: { type: 'boolean' } },
  allowPositionals: true,
})
const started = performance.now()
const problems: string[] = []

const documents = markdownDocuments(ROOT)
const blocks = documents.flatMap((file) => readBlocks(ROOT, file))
// Measuring some timings by name leaves the deterministic figures as they are (they take minutes).
const onlyMeasuring = values.measure === true && positionals.length > 0
const { contents, files } = onlyMeasuring
  ? { contents: new Map<string, string>(), files: new Map<string, string>() }
  : await produceFigures()
if (!onlyMeasuring) checkPlaces(blocks, contents)
for (const block of blocks.filter((b) => b.kind === 'include')) contents.set(key(block), included(block.name))
for (const block of blocks.filter((b) => b.kind === 'measured')) {
  const measurement = MEASUREMENTS.find((m) => m.name === block.name)
  if (measurement === undefined) problems.push(`${block.file}: no measurement is called ${block.name}`)
  else if (values.measure && (positionals.includes(block.name) || (positionals.length === 0 && measurement.byDefault)))
    contents.set(key(block), await measure(measurement, ROOT))
  else if (!MEASURED_HEADER.test(block.content))
    problems.push(`${block.file}: measured:${block.name} does not start by naming where and how it was measured`)
}

for (const measured of MEASURED_FILES) {
  if (values.measure && (positionals.length === 0 || positionals.includes(measured.name)))
    writeFileSync(join(ROOT, measured.path), await measured.take())
  else if (!existsSync(join(ROOT, measured.path)))
    problems.push(`${measured.path} is missing: npm run figures -- --measure ${measured.name}`)
}

if (values.check) {
  for (const block of blocks) {
    const expected = contents.get(key(block))
    if (expected !== undefined && relinked(expected, block.file) !== block.content)
      problems.push(
        `${block.file}: ${key(block)} differs from the code's: ${firstDifference(block.content, relinked(expected, block.file))}`,
      )
  }
  for (const [path, content] of files) {
    if (!existsSync(join(ROOT, path))) problems.push(`${path} is missing`)
    else if (readFileSync(join(ROOT, path), 'utf8') !== content) problems.push(`${path} differs from the code's`)
  }
  for (const path of staleFigures(files)) problems.push(`${path} is no figure of the code's any more`)
} else {
  for (const file of documents) {
    const text = readFileSync(join(ROOT, file), 'utf8')
    const local = new Map([...contents].map(([k, v]) => [k, relinked(v, file)]))
    const next = replaceBlocks(text, local)
    if (next !== text) writeFileSync(join(ROOT, file), next)
  }
  for (const [path, content] of files) writeFileSync(join(ROOT, path), content)
  if (!onlyMeasuring) for (const path of staleFigures(files)) rmSync(join(ROOT, path))
}

const seconds = ((performance.now() - started) / 1000).toFixed(0)
if (problems.length > 0) {
  for (const problem of problems) console.error(`figures: ${problem}`)
  console.error(
    values.check
      ? 'figures: run `npm run figures` and commit what it writes (or fix what it names)'
      : 'figures: fix what is named above',
  )
  process.exit(1)
}
console.error(
  `figures: ${values.check ? 'checked' : 'wrote'} ${contents.size} blocks and ${files.size} charts in ${seconds} s`,
)

/** Runs every figure's scenarios on worker threads (the largest first), the others alongside, and collects the outputs. */
async function produceFigures(): Promise<{ contents: Map<string, string>; files: Map<string, string> }> {
  const wanted = FIGURES.map((figure) => ({ figure, variants: figure.variants?.() ?? [] }))
  const runs = wanted.flatMap(({ figure, variants }) =>
    variants.map((variant) => ({ ...variant, label: `${figure.name}: ${variant.label}` })),
  )
  const size = (run: (typeof runs)[number]) => {
    const s = run.scenario as { intervals?: number; users?: { count?: number } }
    return (s.intervals ?? 1) * (s.users?.count ?? 1)
  }
  runs.sort((a, b) => size(b) - size(a))
  let reported = 0
  const bundle = await bundleLibrary(ROOT)
  const swept = sweepVariants(runs, {
    workers: Math.min(availableParallelism(), runs.length),
    workerEntry: bundle,
    onProgress: ({ runsDone, runs: total }) => {
      if (runsDone > reported && process.stderr.isTTY)
        process.stderr.write(`\rfigures: ${(reported = runsDone)}/${total} runs`)
    },
  })
  const byLabel = new Map<string, ScenarioResult>()
  const outputs: FigureOutputs[] = []
  // Figures without runs work on this thread while the workers run the others'.
  const alone = wanted.filter(({ variants }) => variants.length === 0)
  outputs.push(...(await Promise.all(alone.map(({ figure }) => figure.produce([])))))
  for (const { label, result } of (await swept).points) byLabel.set(label, result)
  rmSync(dirname(bundle), { recursive: true, force: true })
  if (process.stderr.isTTY) process.stderr.write('\n')
  for (const { figure, variants } of wanted.filter(({ variants }) => variants.length > 0))
    outputs.push(await figure.produce(variants.map((v) => byLabel.get(`${figure.name}: ${v.label}`) as ScenarioResult)))
  const contents = new Map<string, string>()
  const files = new Map<string, string>()
  for (const output of outputs) {
    for (const [name, content] of Object.entries(output.blocks ?? {})) {
      if (contents.has(`figure:${name}`)) problems.push(`two figures are called ${name}`)
      contents.set(`figure:${name}`, content.endsWith('\n') ? content : `${content}\n`)
    }
    for (const [path, content] of Object.entries(output.files ?? {})) files.set(path, content)
  }
  return { contents, files }
}

/** Every figure block has a figure that makes it, and every figure is shown in exactly one place. */
function checkPlaces(found: readonly MarkdownBlock[], made: ReadonlyMap<string, string>): void {
  const figureBlocks = found.filter((b) => b.kind === 'figure')
  for (const block of figureBlocks)
    if (!made.has(key(block))) problems.push(`${block.file}: no figure makes ${key(block)}`)
  for (const name of made.keys()) {
    const places = figureBlocks.filter((b) => key(b) === name).map((b) => b.file)
    if (places.length !== 1)
      problems.push(
        `${name} is shown ${places.length === 0 ? 'nowhere' : `${places.length} times (${places.join(', ')})`}: give it one home`,
      )
  }
}

/** A file shown verbatim in a fenced code block. */
function included(path: string): string {
  const language = { '.ts': 'ts', '.json': 'json', '.sh': 'sh', '.py': 'python' }[extname(path)] ?? 'text'
  const text = readFileSync(join(ROOT, path), 'utf8')
  return `\`\`\`${language}\n${text.endsWith('\n') ? text : `${text}\n`}\`\`\`\n`
}

/** Links written from the repository's root (`](/docs/figures/x.svg)`), made relative to the page that shows them. */
function relinked(content: string, file: string): string {
  return content.replace(
    /\]\(\/([^)\s]+)\)/g,
    (_, path: string) => `](${relative(dirname(join(ROOT, file)), join(ROOT, path))})`,
  )
}

/** Charts in docs/figures/ that no figure makes any more. */
function staleFigures(made: ReadonlyMap<string, string>): string[] {
  if (!existsSync(join(ROOT, FIGURE_DIR))) return []
  return readdirSync(join(ROOT, FIGURE_DIR))
    .map((file) => `${FIGURE_DIR}/${file}`)
    .filter((path) => path.endsWith('.svg') && !made.has(path))
}

function key(block: Pick<MarkdownBlock, 'kind' | 'name'>): string {
  return `${block.kind}:${block.name}`
}

function firstDifference(committed: string, now: string): string {
  const a = committed.split('\n')
  const b = now.split('\n')
  const line = a.findIndex((text, i) => text !== b[i])
  const at = line === -1 ? a.length : line
  return `line ${at + 1} is now ${JSON.stringify(b[at]?.slice(0, 160) ?? '(nothing)')}, was ${JSON.stringify(a[at]?.slice(0, 160) ?? '(nothing)')}`
}
