// Prints the browser figures of issue 12: the library's browser bundle gzipped, the playground's
// time to interactive, and gas for 50 users in the page against `dem-sim gas --users 50` in Node.
// Run after `npm run build`: `npm run bench:browser`.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { build as esbuild } from 'esbuild'
import { openPlayground } from '../test/browser/openPlayground.js'

const root = new URL('..', import.meta.url).pathname
const RUNS = 3

async function gzippedKb(source: string): Promise<number> {
  const result = await esbuild({
    stdin: { contents: source, resolveDir: root },
    bundle: true,
    write: false,
    minify: true,
    platform: 'browser',
    format: 'esm',
    tsconfigRaw: '{}',
  })
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length / 1024
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

console.log('browser bundle, minified + gzip -9:')
console.log(`  import * from 'dem-sim'            ${(await gzippedKb("export * from 'dem-sim'")).toFixed(1)} KB`)
console.log(
  `  import { DemSimulator } 'dem-sim'  ${(await gzippedKb("export { DemSimulator } from 'dem-sim'")).toFixed(1)} KB`,
)

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
