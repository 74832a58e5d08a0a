// Prints the browser figures of issue 12: the library's browser bundle gzipped (what loads first, and each
// precomputed deployment's chunk, fetched when a simulator of its mechanism is created), the playground's
// time to interactive, and gas for 50 users in the page against `dem-sim gas --users 50` in Node.
// Run after `npm run build`: `npm run bench:browser`.
import { execFile } from 'node:child_process'
import { basename, join, relative } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { build as esbuild } from 'esbuild'
import { PRECOMPUTED_DEPLOYMENTS } from '../src/artifacts/deployments/index.js'
import { openPlayground } from '../test/browser/openPlayground.js'

const root = new URL('..', import.meta.url).pathname
const RUNS = 3
/** The gzipped size each part of the browser bundle is held to. */
const TARGET_KB = 300

const gzippedKb = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length / 1024

/**
 * Bundles `source` as an application's bundler would (esbuild, splitting, `dem-sim` resolved
 * through the package's `browser` export) and measures each file minified and gzipped as it is
 * served: the initial files (the entry and what it imports statically, fetched before anything
 * runs) and each chunk fetched by `import()` later, with the files only it needs.
 */
async function splitBundle(source: string): Promise<{ initialKb: number; lazy: { name: string; kb: number }[] }> {
  const result = await esbuild({
    stdin: { contents: source, resolveDir: root },
    bundle: true,
    write: false,
    minify: true,
    splitting: true,
    absWorkingDir: root,
    outdir: join(root, '.bundle'),
    metafile: true,
    platform: 'browser',
    format: 'esm',
    tsconfigRaw: '{}',
    // The package declares `sideEffects: false`: the chunks' bare imports of one another are dropped, as they say.
    logLevel: 'error',
  })
  const outputs = result.metafile.outputs
  const kbOf = new Map(result.outputFiles.map((file) => [relative(root, file.path), gzippedKb(file.contents)] as const))
  const closure = (start: string, known: ReadonlySet<string>) => {
    const found = new Set<string>()
    const visit = (path: string) => {
      if (found.has(path) || known.has(path)) return
      found.add(path)
      for (const i of outputs[path]?.imports ?? []) if (i.kind === 'import-statement') visit(i.path)
    }
    visit(start)
    return found
  }
  const sum = (paths: Iterable<string>) => [...paths].reduce((kb, path) => kb + (kbOf.get(path) ?? 0), 0)
  const entry = Object.keys(outputs).find((path) => outputs[path]?.entryPoint === '<stdin>')!
  const initial = closure(entry, new Set())
  const lazyRoots = new Set(
    [...initial].flatMap((path) =>
      (outputs[path]?.imports ?? []).filter((i) => i.kind === 'dynamic-import').map((i) => i.path),
    ),
  )
  const lazy = [...lazyRoots].map((path) => ({
    // esbuild names a dynamic import's chunk after its module, then a hash (the library's, then ours).
    name: basename(outputs[path]?.entryPoint ?? path).replace(/(-[A-Z0-9]{8})*\.js$/, ''),
    kb: sum(closure(path, initial)),
  }))
  return { initialKb: sum(initial), lazy: lazy.sort((a, b) => (a.name < b.name ? -1 : 1)) }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const kb = (value: number) => `${value.toFixed(1).padStart(6)} KB`
const againstTarget = (value: number) =>
  value <= TARGET_KB
    ? `within the ${TARGET_KB} KB target`
    : `over the ${TARGET_KB} KB target by ${(value - TARGET_KB).toFixed(1)} KB`

const mechanisms = Object.keys(PRECOMPUTED_DEPLOYMENTS)
const simulator = await splitBundle("export { DemSimulator } from 'dem-sim'")
const everything = await splitBundle("export * from 'dem-sim'")
console.log('browser bundle, minified + gzip -9 per file, as a bundler that splits serves it:')
console.log(`  initial (loaded before DemSimulator.create), import { DemSimulator } from 'dem-sim'`)
console.log(`    ${kb(simulator.initialKb)}  ${againstTarget(simulator.initialKb)}`)
console.log(`  initial, import * from 'dem-sim'`)
console.log(`    ${kb(everything.initialKb)}  ${againstTarget(everything.initialKb)}`)
console.log('  fetched when a simulator of a built-in mechanism is created with the default deployment:')
for (const name of mechanisms) {
  const chunk = simulator.lazy.find((c) => c.name === name)
  if (chunk === undefined) throw new Error(`no chunk of its own for ${name}'s precomputed deployment`)
  console.log(
    `    ${name.padEnd(14)}${kb(chunk.kb)}  ${againstTarget(chunk.kb)}; with the initial files ${kb(simulator.initialKb + chunk.kb).trim()}`,
  )
}
const others = simulator.lazy.filter((c) => !mechanisms.includes(c.name))
if (others.length > 0)
  console.log(`  fetched only if used: ${others.map((c) => `${c.name} ${kb(c.kb).trim()}`).join(', ')}`)

const playground = await openPlayground({ width: 1280, height: 900 })
const ready: number[] = []
const pageWallS: number[] = []
try {
  for (let i = 0; i < RUNS; i++) {
    const page = await playground.context.newPage()
    await page.goto(playground.url)
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 })
    ready.push(Number(await page.getAttribute('body', 'data-ready')))
    await page.click('#tab-button-gas')
    for (const users of ['2', '10']) await page.uncheck(`input[name=users][value="${users}"]`)
    await page.click('#gas-run')
    await page.waitForSelector('[data-testid=report-timing] tbody tr', { timeout: 120_000 })
    const row = await page.$$eval('[data-testid=report-timing] tbody tr td', (tds) =>
      tds.map((td) => td.textContent ?? ''),
    )
    const headers = await page.$$eval('[data-testid=report-timing] th', (ths) => ths.map((th) => th.textContent ?? ''))
    pageWallS.push(Number(row[headers.indexOf('wall s')]))
    await page.close()
  }
} finally {
  await playground.close()
}

const nodeWallS: number[] = []
const nodeProcessS: number[] = []
for (let i = 0; i < RUNS; i++) {
  const started = performance.now()
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(root, 'dist', 'cli.js'), 'gas', '--users', '50', '--json', '--quiet'],
    { maxBuffer: 64 << 20 },
  )
  nodeProcessS.push((performance.now() - started) / 1000)
  const sweep = JSON.parse(stdout) as { points: { result: { timing: { totalMs: number } } }[] }
  nodeWallS.push(sweep.points[0]!.result.timing.totalMs / 1000)
}

console.log(
  `playground time to interactive (navigation → library loaded in its worker), ${RUNS} loads: ${ready.join(', ')} ms`,
)
console.log(
  `gas for 50 users, run wall time: page ${pageWallS.join(', ')} s · node (dem-sim gas --users 50) ${nodeWallS.map((s) => s.toFixed(2)).join(', ')} s`,
)
console.log(`  node process incl. start-up: ${nodeProcessS.map((s) => s.toFixed(2)).join(', ')} s`)
console.log(`  ratio page / node (medians of the run): ${(median(pageWallS) / median(nodeWallS)).toFixed(2)}×`)
